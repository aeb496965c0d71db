// Markdown → article text with mdast (the CommonMark + GFM parser behind remark). Headings, paragraphs,
// list items, quotes and table rows become paragraphs; inline markup is dropped (links keep their
// text, images and raw HTML tags go). Front matter (YAML) supplies title, date and language.
import type { Nodes, Root, RootContent } from 'mdast';
import { loadMarkdownParsers } from './lazy.js';
import { cleanTitle, normaliseLanguage, normalisePublishedAt } from './metadata.js';

export interface MarkdownArticle {
  text: string;
  title: string | null;
  language: string | null;
  publishedAt: string | null;
}

/** Inline content as plain text; hard breaks become line breaks. */
function inlineText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value.replace(/\n/g, ' '); // soft line breaks are spaces
    case 'break':
      return '\n';
    case 'image':
    case 'imageReference':
    case 'footnoteReference':
      return '';
    case 'html':
      return node.value.replace(/<[^>]*>/g, '');
    default:
      return 'children' in node ? (node.children as Nodes[]).map(inlineText).join('') : '';
  }
}

const clean = (text: string) =>
  text
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');

function blocks(nodes: RootContent[], out: string[]): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'heading':
      case 'paragraph': {
        const text = clean(inlineText(node));
        if (text) out.push(text);
        break;
      }
      case 'code': {
        const text = node.value.trimEnd();
        if (text.trim()) out.push(text);
        break;
      }
      case 'html': {
        const text = clean(node.value.replace(/<[^>]*>/g, ' '));
        if (text) out.push(text);
        break;
      }
      case 'table':
        for (const row of node.children) {
          const text = clean(row.children.map((cell) => inlineText(cell)).join(' '));
          if (text) out.push(text);
        }
        break;
      case 'blockquote':
      case 'list':
      case 'listItem':
      case 'footnoteDefinition':
        blocks(node.children, out);
        break;
      default:
        // yaml (front matter), thematicBreak, definition: not article text
        break;
    }
  }
}

function frontMatter(tree: Root): Record<string, unknown> {
  const node = tree.children.find((n) => n.type === 'yaml');
  if (!node || node.type !== 'yaml') return {};
  try {
    const data: unknown = loadMarkdownParsers().parseYaml(node.value);
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {}; // malformed front matter: the body is still the article
  }
}

export function markdownToArticle(markdown: string): MarkdownArticle {
  const { fromMarkdown, frontmatter, gfm, frontmatterFromMarkdown, gfmFromMarkdown } = loadMarkdownParsers();
  const tree = fromMarkdown(markdown, {
    extensions: [frontmatter(['yaml']), gfm()],
    mdastExtensions: [frontmatterFromMarkdown(['yaml']), gfmFromMarkdown()],
  });
  const meta = frontMatter(tree);
  const children = [...tree.children];
  // The first level-1 heading is the title (unless front matter names one), not a statement.
  let title = cleanTitle(meta.title);
  const firstContent = children.findIndex((n) => n.type !== 'yaml');
  const first = children[firstContent];
  if (first?.type === 'heading' && first.depth === 1) {
    const heading = cleanTitle(inlineText(first));
    if (!title || title === heading) {
      title = heading;
      children.splice(firstContent, 1);
    }
  }
  const paragraphs: string[] = [];
  blocks(children, paragraphs);
  return {
    text: paragraphs.join('\n\n'),
    title,
    language: normaliseLanguage(meta.language ?? meta.lang ?? meta.locale),
    publishedAt: normalisePublishedAt(
      meta.publishedAt ?? meta.published_at ?? meta.published ?? meta.date ?? meta.datePublished,
    ),
  };
}
