// HTML → article text. Readability (Firefox Reader View's algorithm) finds the article body in a
// page with navigation, ads and comments; linkedom provides the DOM. Block elements become
// paragraphs separated by blank lines, which is the paragraph structure the NLP core segments.
import { loadLinkedom, loadReadability } from './lazy.js';
import { loadChrono } from '../nlp/ner/chrono.js';
import { cleanTitle, normaliseLanguage, normalisePublishedAt } from './metadata.js';

export interface HtmlArticle {
  text: string;
  title: string | null;
  language: string | null;
  publishedAt: string | null;
}

// Minimal DOM shapes used here (linkedom's types are loose).
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  querySelector(selector: string): DomElement | null;
  remove(): void;
}
interface DomDocument {
  documentElement: DomElement | null;
  body: DomElement | null;
  title: string;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  querySelector(selector: string): DomElement | null;
}

/** linkedom's parseHTML, typed with the shapes above (its typings name DOM types this lib setting lacks). */
type ParseHtml = (html: string) => { document: DomDocument };

/** linkedom needs a whole document: fragments ("<p>…</p>") get the <html>/<body> they lack. */
function parse(html: string): DomDocument {
  let source = html;
  if (!/<html[\s>]/i.test(html)) {
    source = /<body[\s>]/i.test(html)
      ? `<!doctype html><html>${html}</html>`
      : `<!doctype html><html><head></head><body>${html}</body></html>`;
  }
  const document = (loadLinkedom().parseHTML as unknown as ParseHtml)(source).document;
  flattenDeepMarkup(document);
  return document;
}

/**
 * How deep elements may nest before the markup under them is flattened. Real pages nest a few dozen
 * levels; Readability's scoring walks each node's ancestors and blockTexts recurses, so 50,000 nested
 * elements took 110 s and overflowed the stack (issue 13). Flattened, the cost is linear in the page.
 */
export const MAX_HTML_DEPTH = 64;

/**
 * Flattens, without recursion, every subtree that starts at depth MAX_HTML_DEPTH: its text and line
 * breaks are kept, in order, as a flat run of <p> elements, one per block the nested markup had (a block
 * element starts and ends one); elements whose content is not text (SKIP: scripts, styles, forms) are
 * dropped.
 */
export function flattenDeepMarkup(document: DomDocument): void {
  const root = document.documentElement as unknown as MutableNode | null;
  if (!root) return;
  const boundary: MutableNode[] = [];
  const stack: Array<[MutableNode, number]> = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType !== 1) continue;
      if (depth + 1 >= MAX_HTML_DEPTH) boundary.push(child);
      else stack.push([child, depth + 1]);
    }
  }
  for (const top of boundary) flattenInto(document, top);
}

interface MutableNode extends DomNode {
  childNodes: ArrayLike<MutableNode>;
  appendChild(node: MutableNode): MutableNode;
  replaceChildren(...nodes: MutableNode[]): void;
}

function flattenInto(document: DomDocument, top: MutableNode): void {
  const create = (name: string) =>
    (document as unknown as { createElement(name: string): MutableNode }).createElement(name);
  const blocks: MutableNode[] = [];
  let current: MutableNode | null = null;
  // Depth-first, in document order, with an explicit stack: a node, or the end of a block element.
  const stack: Array<MutableNode | 'end'> = Array.from(top.childNodes).reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (node === 'end') {
      current = null;
      continue;
    }
    if (node.nodeType === 3 || (node.nodeType === 1 && node.nodeName.toUpperCase() === 'BR')) {
      current ??= blocks[blocks.push(create('p')) - 1]!;
      current.appendChild(node);
      continue;
    }
    if (node.nodeType !== 1) continue;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) continue;
    if (BLOCK.has(name)) {
      current = null;
      stack.push('end');
    }
    const children = Array.from(node.childNodes);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  top.replaceChildren(...blocks);
}

const BLOCK = new Set(
  `ADDRESS ARTICLE ASIDE BLOCKQUOTE DD DETAILS DIALOG DIV DL DT FIELDSET FIGURE FOOTER FORM H1 H2 H3 H4 H5 H6
  HEADER HGROUP HR LI MAIN NAV OL P PRE SECTION SUMMARY TABLE TBODY THEAD TFOOT TR UL CAPTION`.split(/\s+/),
);
const SKIP = new Set(
  'SCRIPT STYLE NOSCRIPT TEMPLATE SVG MATH IFRAME OBJECT EMBED CANVAS BUTTON SELECT TEXTAREA INPUT FIGCAPTION HEAD'.split(
    ' ',
  ),
);

/**
 * A block that only marks where an advertisement sits ("Advertisement", "Story continues below
 * advertisement", "Scroll to continue with content"): page furniture, not a statement of the article.
 */
const AD_MARKER_RE =
  /^(?:advertisement|advert|ad|sponsored(?: content)?|(?:story|article) continues below(?: advertisement)?|continue reading below|scroll to continue(?: with content)?)[\s.:]*$/i;

/**
 * A link to another story set into the article ("Read more: Who is Helen Marsh?", "Related: …", "More on
 * this story: …"): a short block led by such a label, not ending as a sentence does, is navigation.
 */
const READ_MORE_RE =
  /^(?:read more|read next|also read|related(?: stories| articles?)?|see also|more on this(?: story)?|recommended|you may also like)\s*[:|›»-][^\n]{0,150}(?<!\.)$/i;

/** Paragraph texts of the block structure under `root`. */
export function blockTexts(root: DomNode): string[] {
  const paragraphs: string[] = [];
  let buffer = '';
  const flush = () => {
    const lines = buffer
      .split('\n')
      .map((l) => l.replace(/[ \t\f\v\u00a0\u200b]+/g, ' ').trim())
      .filter(Boolean);
    if (lines.length) paragraphs.push(lines.join('\n'));
    buffer = '';
  };
  const walk = (node: DomNode, pre: boolean) => {
    if (node.nodeType === 3) {
      buffer += pre ? (node.textContent ?? '') : (node.textContent ?? '').replace(/\s+/g, ' ');
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) return;
    if (name === 'BR') {
      buffer += '\n';
      return;
    }
    const block = BLOCK.has(name);
    if (block) flush();
    const children = Array.from(node.childNodes);
    for (const child of children) walk(child, pre || name === 'PRE');
    if (name === 'TD' || name === 'TH') buffer += ' ';
    if (block) flush();
  };
  walk(root, false);
  flush();
  return paragraphs;
}

function meta(doc: DomDocument, ...selectors: string[]): string | null {
  for (const selector of selectors) {
    for (const el of Array.from(doc.querySelectorAll(selector))) {
      const value = el.getAttribute('content') ?? el.getAttribute('datetime') ?? el.textContent;
      if (value?.trim()) return value.trim();
    }
  }
  return null;
}

/** datePublished / headline from JSON-LD blocks (NewsArticle etc., possibly inside @graph or arrays). */
function jsonLd(doc: DomDocument): { datePublished: string | null; headline: string | null } {
  const out = { datePublished: null as string | null, headline: null as string | null };
  const visit = (node: unknown, depth: number) => {
    if (depth > 6 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, depth + 1));
    const obj = node as Record<string, unknown>;
    if (!out.datePublished && typeof obj.datePublished === 'string') out.datePublished = obj.datePublished;
    if (!out.headline && typeof obj.headline === 'string') out.headline = obj.headline;
    for (const key of ['@graph', 'mainEntity', 'mainEntityOfPage']) visit(obj[key], depth + 1);
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(script.textContent ?? ''), 0);
    } catch {
      // Broken JSON-LD is common; the other sources of metadata still apply.
    }
  }
  return out;
}

const sameText = (a: string, b: string) =>
  a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

export function htmlToArticle(html: string): HtmlArticle {
  const doc = parse(html);
  const ld = jsonLd(doc);
  const language = normaliseLanguage(
    doc.documentElement?.getAttribute('lang') ??
      doc.documentElement?.getAttribute('xml:lang') ??
      meta(doc, 'meta[http-equiv="content-language" i]', 'meta[property="og:locale"]'),
  );
  const metaDate =
    meta(
      doc,
      'meta[property="article:published_time"]',
      'meta[property="og:published_time"]',
      'meta[itemprop="datePublished"]',
      'meta[name="pubdate"]',
      'meta[name="publishdate"]',
      'meta[name="date"]',
      'meta[name="dc.date.issued" i]',
      'meta[name="dc.date" i]',
      'meta[name="dcterms.created" i]',
      'meta[name="parsely-pub-date"]',
      'meta[name="sailthru.date"]',
    ) ?? ld.datePublished;
  const timeDate = meta(
    doc,
    'time[pubdate][datetime]',
    '[itemprop="datePublished"][datetime]',
    'article time[datetime]',
    'time[datetime]',
  );
  const metaTitle =
    meta(doc, 'meta[property="og:title"]', 'meta[name="twitter:title"]') ?? ld.headline ?? null;

  // Readability rewrites the DOM it is given, so it works on its own parse.
  const { Readability } = loadReadability();
  const readable = new Readability(parse(html), {
    charThreshold: 200,
  }).parse();
  let paragraphs = readable?.content ? blockTexts(parse(readable.content).body!) : [];
  if (paragraphs.join('').length < 100) {
    // Readability found no article (short page, fragment): take the page minus its obvious chrome.
    const body = doc.body ?? doc.documentElement;
    for (const el of Array.from(body?.querySelectorAll('nav, header, footer, aside, form') ?? []))
      el.remove();
    const all = body ? blockTexts(body) : [];
    if (all.join('').length > paragraphs.join('').length) paragraphs = all;
  }
  paragraphs = paragraphs.filter((p) => !AD_MARKER_RE.test(p) && !READ_MORE_RE.test(p));
  // A page's only <h1> is its headline; <title> often carries the site name as well.
  const h1s = Array.from(doc.querySelectorAll('h1'));
  const h1 = h1s.length === 1 ? (h1s[0]!.textContent ?? null) : null;
  const title =
    cleanTitle(metaTitle) ?? cleanTitle(h1) ?? cleanTitle(readable?.title) ?? cleanTitle(doc.title);
  // The headline repeated as the first block is not a statement of the article.
  if (title && paragraphs[0] && (sameText(paragraphs[0], title) || (h1 && sameText(paragraphs[0], h1))))
    paragraphs.shift();
  const dateline = datelineOf(paragraphs);
  if (dateline) paragraphs.splice(dateline.index, 1);

  return {
    text: paragraphs.join('\n\n'),
    title,
    language: language ?? normaliseLanguage(readable?.lang),
    publishedAt:
      normalisePublishedAt(metaDate) ??
      normalisePublishedAt(readable?.publishedTime) ??
      normalisePublishedAt(timeDate) ??
      dateline?.date ??
      null,
  };
}

// "Posted: Tuesday, March 3, 2026 8:14 am", "Published 3 March 2026", "Updated: 2026-03-03 09:00".
const DATELINE_RE = /^(?:(?:posted|published|updated|last updated)(?: on)?\s*:?\s*)?([^\n]{6,60})$/i;

/**
 * A block near the top that is only a date, perhaps labelled "Posted:" (pages without date metadata
 * print it so): the article's date, and not one of its statements.
 */
function datelineOf(paragraphs: readonly string[]): { index: number; date: string } | null {
  for (let index = 0; index < Math.min(3, paragraphs.length); index++) {
    const m = DATELINE_RE.exec(paragraphs[index]!);
    const date = m && /\d/.test(m[1]!) ? normalisePublishedAt(m[1]) : null;
    if (date && wholeLineIsDate(m![1]!)) return { index, date };
  }
  return null;
}

/** Whether chrono reads the whole text as one date (so "Talks resume on 3 March 2026" is not a dateline). */
function wholeLineIsDate(text: string): boolean {
  const [parsed] = loadChrono().parse(text, undefined, { forwardDate: false });
  if (!parsed) return false;
  const rest = text.slice(0, parsed.index) + text.slice(parsed.index + parsed.text.length);
  return /^[\s,.:|–-]*$/.test(rest);
}
