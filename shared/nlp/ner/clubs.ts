import type { TypedSpan } from './consistency.js';

// A town right before a player is his club: "Sunderland forward Niall Quinn", and in a sports report
// "Birmingham 's Gary Breen". Applied after label consistency to that mention alone: the same town is a
// venue elsewhere in the report ("In Boston , ..."), so the club reading does not spread. In eng.train a
// town (gazetteer city, capital or region, no country) before a role and a person is 13 times ORG and
// never LOC; before "'s" and a person 9 times ORG and twice LOC.

/** Sports roles between a club and its player ("Norwich striker Keith O'Neill"). */
const PLAYER_ROLES = new Set(
  'striker forward midfielder defender goalkeeper keeper winger manager coach captain pitcher quarterback batsman bowler'.split(
    ' ',
  ),
);

/** Whether words[start, end) is a town (a city, capital or region, and no country). */
export type TownTest = (words: readonly string[], start: number, end: number) => boolean;

/**
 * Relabels, in place, towns right before a role word or (in a sports report) "'s", and a person, as
 * organisations; `labels` names the types in `typeScores` order. Returns how many changed.
 */
export function clubsBeforePlayers(
  sentences: readonly (readonly string[])[],
  spans: readonly (readonly TypedSpan[])[],
  labels: readonly string[],
  isTown: TownTest,
  sport: boolean,
): number {
  const org = labels.indexOf('ORG');
  let changed = 0;
  sentences.forEach((words, i) => {
    const list = spans[i] ?? [];
    for (const span of list) {
      if (span.label !== 'LOC') continue;
      const after = words[span.end]?.toLowerCase() ?? '';
      if (!(after === "'s" ? sport : PLAYER_ROLES.has(after))) continue;
      if (!list.some((s) => s.label === 'PER' && s.start === span.end + 1)) continue;
      if (!isTown(words, span.start, span.end)) continue;
      span.label = 'ORG';
      const s = span.typeScores;
      if (s.length > org)
        span.margin = Math.min(span.margin, s[org]! - Math.max(...s.filter((_, t) => t !== org)));
      changed++;
    }
  });
  return changed;
}
