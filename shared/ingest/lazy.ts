// Heavy parsers (linkedom, Readability, mdast/micromark, yaml) load on the first HTML or Markdown
// article, not at import: plain text, the common case, then never pays their ~0.5–1 s load.
// Each loader calls `require('<literal>')` so that esbuild bundles the package into the Lambda
// (an ESM bundle whose banner defines `require`; esbuild evaluates it lazily there too). Under tsx and
// vitest (ESM, no `require`) Node's own require loads it from node_modules (require(esm): Node ≥ 20.19).
/* eslint-disable @typescript-eslint/no-require-imports */
// Aliased: the Lambda bundle's banner already declares `createRequire` at top level.
import { createRequire as createNodeRequire } from 'node:module';

type Linkedom = typeof import('linkedom');
type ReadabilityModule = typeof import('@mozilla/readability');
interface MarkdownParsers {
  fromMarkdown: typeof import('mdast-util-from-markdown').fromMarkdown;
  frontmatterFromMarkdown: typeof import('mdast-util-frontmatter').frontmatterFromMarkdown;
  gfmFromMarkdown: typeof import('mdast-util-gfm').gfmFromMarkdown;
  frontmatter: typeof import('micromark-extension-frontmatter').frontmatter;
  gfm: typeof import('micromark-extension-gfm').gfm;
  parseYaml: typeof import('yaml').parse;
}

const hasRequire = typeof require === 'function';
let nodeRequire: NodeJS.Require | undefined;
const fallbackRequire = (id: string): unknown => (nodeRequire ??= createNodeRequire(import.meta.url))(id);

let linkedom: Linkedom | undefined;
let readability: ReadabilityModule | undefined;
let markdown: MarkdownParsers | undefined;

export function loadLinkedom(): Linkedom {
  return (linkedom ??= (hasRequire ? require('linkedom') : fallbackRequire('linkedom')) as Linkedom);
}

export function loadReadability(): ReadabilityModule {
  return (readability ??= (
    hasRequire ? require('@mozilla/readability') : fallbackRequire('@mozilla/readability')
  ) as ReadabilityModule);
}

export function loadMarkdownParsers(): MarkdownParsers {
  if (markdown) return markdown;
  /* prettier-ignore */
  const [fromMd, fmMd, gfmMd, fmExt, gfmExt, yaml] = (hasRequire
    ? [require('mdast-util-from-markdown'), require('mdast-util-frontmatter'), require('mdast-util-gfm'),
       require('micromark-extension-frontmatter'), require('micromark-extension-gfm'), require('yaml')]
    : ['mdast-util-from-markdown', 'mdast-util-frontmatter', 'mdast-util-gfm',
       'micromark-extension-frontmatter', 'micromark-extension-gfm', 'yaml'].map(fallbackRequire)) as [
    typeof import('mdast-util-from-markdown'),
    typeof import('mdast-util-frontmatter'),
    typeof import('mdast-util-gfm'),
    typeof import('micromark-extension-frontmatter'),
    typeof import('micromark-extension-gfm'),
    typeof import('yaml'),
  ];
  return (markdown = {
    fromMarkdown: fromMd.fromMarkdown,
    frontmatterFromMarkdown: fmMd.frontmatterFromMarkdown,
    gfmFromMarkdown: gfmMd.gfmFromMarkdown,
    frontmatter: fmExt.frontmatter,
    gfm: gfmExt.gfm,
    parseYaml: yaml.parse,
  });
}
