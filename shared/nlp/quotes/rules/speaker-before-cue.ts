// Speaker before cue: "Lukashenko said", "He told reporters: “…”", "X, who chairs Y, says that …",
// "The city is demanding that …" — the subject of a reporting verb speaks.
import {
  PROGRESSIVE_AUXILIARIES,
  READ_FORMS,
  isCueVerb,
  isGerundCue,
  isStrongCue,
} from '../../lexicon/index.js';
import { leadingContent, withAntecedent, type CueSite } from '../cue-site.js';
import { makeDraft, reportedType, type Attribution, type Draft } from '../draft.js';
import {
  cueEnd,
  cueSpan,
  nameBeforeStrayComma,
  npBackward,
  npForward,
  subjectBeforeInterruption,
  type Range,
} from '../phrases.js';
import { contentAfter } from '../content.js';
import { isAbbrevDot, isCap, isWord, lowerAt, spanOf, textAt, type Tok } from '../tokens.js';
import type { TrailSite } from './quotation-marks.js';
import type { Rule } from './rule.js';

/** Where a cue verb ends in the tokens before a quotation ("He said: “…”"). */
export interface LeadSite {
  toks: Tok[];
  /** The cue verb. */
  c: number;
  gerund: boolean;
}

/** The speaker found before a cue (null: the cue continues the previous speaker). */
export interface LeadSpeaker {
  speaker: Range | null;
}

export const speakerCueBeforeQuotation: Rule<LeadSite, LeadSpeaker> = {
  id: 'speaker-cue-before-quotation',
  description:
    'A speaker and a reporting verb before a colon or comma introduce the quotation: He said: “…”.',
  examples: {
    match: [
      'He said: “We will rebuild the bridge this year.”',
      'Mr Crosby said in a statement: “We are pleased.”',
    ],
    noMatch: ['The bridge plan: “We will rebuild it this year.”'],
  },
  apply: ({ toks, c }) => {
    const np = npBackward(toks, c, 0);
    return np ? { speaker: np } : null;
  },
};

export const interruptedSubjectBeforeQuotation: Rule<LeadSite, LeadSpeaker> = {
  id: 'interrupted-subject-before-quotation',
  description:
    'A subject set off from its verb by a relative clause or apposition speaks: Ms Dunwoody, who chairs the committee, says: “…”.',
  examples: {
    match: ['Ms Dunwoody, who chairs the transport committee, says: “The plans are a mess.”'],
    noMatch: ['In the end, with all that, says: “The plans are a mess.”'],
  },
  apply: ({ toks, c }) => {
    const np = subjectBeforeInterruption(toks, c);
    return np ? { speaker: np } : null;
  },
};

export const strayCommaNameBeforeQuotation: Rule<LeadSite, LeadSpeaker> = {
  id: 'stray-comma-name-before-quotation',
  description: 'A name set off from its verb by a stray comma speaks: Gov. John Kasich (R-OH), said, “…”.',
  examples: {
    match: ['Gov. John Kasich (R-OH), said, “We need to come together now.”'],
    noMatch: ['In Ohio, said, “We need to come together now.”'],
  },
  apply: ({ toks, c, gerund }) => {
    const np = gerund ? null : nameBeforeStrayComma(toks, c);
    return np ? { speaker: np } : null;
  },
};

export const gerundBeforeQuotation: Rule<LeadSite, LeadSpeaker> = {
  id: 'gerund-before-quotation',
  description: 'A participle cue before a quotation continues the previous speaker: …, saying: “…”.',
  examples: {
    match: ['The minister spoke at length on Monday, adding: “We have no other choice.”'],
    noMatch: ['The minister said: “We have no other choice.”'],
  },
  apply: ({ gerund }) => (gerund ? { speaker: null } : null),
};

/** Whether the tokens [a, b) after a quotation hold a noun that is also a cue ("the World Bank report said"). */
function nounCueBeforeVerb(toks: readonly Tok[], k: number): boolean {
  return !isStrongCue(toks[k]!.lower) && toks[k + 1] !== undefined && isStrongCue(toks[k + 1]!.lower);
}

/** The speaker and cue at token k after a quotation ("…,” Lukashenko said), or null. */
function speakerCueAt(site: TrailSite, k: number): Attribution | null {
  const { doc, toks, i } = site;
  const t = toks[k]!;
  // "read" attributes only here, right after the quotation ("…,” the letter reads).
  const reads = READ_FORMS.has(t.lower);
  if (!isCueVerb(t.lower) && !reads && !(t.lower === 'went' && lowerAt(toks, k + 1) === 'on')) return null;
  const np = npBackward(toks, k, i);
  if (!np || np[0] !== i) return null;
  return { cue: cueSpan(doc.text, toks, k), speaker: spanOf(toks, np), next: cueEnd(toks, k) };
}

export const speakerCueAfterQuotation: Rule<TrailSite, Attribution> = {
  id: 'speaker-cue-after-quotation',
  description: 'A speaker and a reporting verb right after a quotation: “…,” Lukashenko said.',
  examples: {
    match: [
      '“We are proud of this project,” Mayor Alice Brown said.',
      '“It is over,” the World Bank report said.',
      '“We see charter schools offering hope,” the letter reads.',
    ],
    noMatch: [
      '“We are proud of this project,” said Mayor Alice Brown.',
      'She held up “The Road,” and the class read it aloud.',
    ],
  },
  apply: (site) => {
    const { toks, i } = site;
    for (let k = i + 1; k < Math.min(toks.length, i + 16); k++) {
      const t = toks[k]!;
      if (t.text === '(') {
        const close = toks.findIndex((x, j) => j > k && j < k + 10 && x.text === ')');
        if (close > k) {
          k = close;
          continue;
        }
      }
      if (!isWord(t) && !isAbbrevDot(toks, k) && t.text !== ')') break;
      // A noun that is also a cue ("the World Bank report said"): the verb after it is the cue.
      if (nounCueBeforeVerb(toks, k)) continue;
      const found = speakerCueAt(site, k);
      if (found) return found;
    }
    return null;
  },
};

export const nameAppositionCueAfterQuotation: Rule<TrailSite, Attribution> = {
  id: 'name-apposition-cue-after-quotation',
  description:
    'A name, an apposition and a reporting verb after a quotation: “…,” Scott Pruitt, the attorney general of Oklahoma, said.',
  examples: {
    match: [
      '“It is a power grab,” Scott Pruitt, the Republican attorney general of Oklahoma, said at a hearing.',
    ],
    noMatch: ['“It is a power grab,” Scott Pruitt, the Republican attorney general of Oklahoma.'],
  },
  apply: ({ doc, toks, i }) => {
    const name = npForward(toks, i, Math.min(toks.length, i + 6));
    if (!name || !isCap(toks[name[0]]) || textAt(toks, name[1]) !== ',') return null;
    for (let k = name[1] + 1; k < Math.min(toks.length, name[1] + 40); k++) {
      const t = toks[k]!;
      if (/^[.;!?]$/.test(t.text) && !isAbbrevDot(toks, k)) break;
      if (toks[k - 1]!.text === ',' && isCueVerb(t.lower) && !isCap(t) && k > name[1] + 2)
        return { cue: cueSpan(doc.text, toks, k), speaker: spanOf(toks, name), next: cueEnd(toks, k) };
    }
    return null;
  },
};

/** The subject of a progressive or participle cue ("The city is demanding that …"). */
function progressiveSubject(toks: readonly Tok[], k: number): Range | null {
  let j = k - 1;
  while (j >= 0 && PROGRESSIVE_AUXILIARIES.has(toks[j]!.lower)) j--;
  if (j < k - 1) return npBackward(toks, j + 1, 0);
  return toks[k - 1]!.text !== ',' ? npForward(toks, 0, k) : null;
}

export const progressiveCueSubject: Rule<CueSite, Draft> = {
  id: 'progressive-cue-subject',
  description:
    'The subject of a progressive or participle cue speaks: "The city is demanding that …", "X issued a statement saying …".',
  examples: {
    match: ['The city council is demanding that the company pay for the repairs.'],
    noMatch: ['The council met on Monday, demanding nothing of anyone.'],
  },
  apply: ({ doc, toks, k, t, np, next }) => {
    if (np || k === 0 || !isGerundCue(t.lower)) return null;
    const subject = progressiveSubject(toks, k);
    if (!subject || subject[1] > k || !(next?.lower === 'that' || isStrongCue(t.lower))) return null;
    const content = contentAfter(doc, toks, k);
    if (!content) return null;
    return makeDraft(
      content.mixed ? 'mixed' : 'indirect',
      content,
      cueSpan(doc.text, toks, k),
      spanOf(toks, subject),
      false,
    );
  },
};

export const speakerCueThat: Rule<CueSite, Draft> = {
  id: 'speaker-cue-that',
  description:
    'A speaker opening its clause, a reporting verb and what was said: "He added that …", "X said the plan …".',
  examples: {
    match: [
      'Lukashenko noted that the two countries had always been partners.',
      'Smith has repeatedly warned that the bridge is unsafe.',
      'Frank Field told BBC Two’s Newsnight programme there was a danger people would feel pressured.',
    ],
    noMatch: [
      'The report that the bridge is unsafe was wrong.',
      'One employee told French television station BFMTV.',
    ],
  },
  apply: (site) => {
    const found = leadingContent(site);
    if (!found) return null;
    const { subject, content } = found;
    const { doc, toks, k } = site;
    const draft = makeDraft(
      reportedType(doc.quotations, content.start, content.end),
      content,
      cueSpan(doc.text, toks, k),
      spanOf(toks, subject.np),
      false,
    );
    return withAntecedent(site, subject, draft);
  },
};
