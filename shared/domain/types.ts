// Result types of the processing core. These are the shapes of the CLI contract
// (../shared/contracts/cli.md, ArticleResult) and of what the pipeline stores and publishes.
// Offsets are UTF-16 code-unit indices into `ArticleInfo.text`, end exclusive.

export type EntityType = 'PERSON' | 'ORGANIZATION' | 'LOCATION' | 'NATIONALITY' | 'DATE' | 'MISC';
export type QuoteType = 'direct' | 'indirect' | 'mixed';
export type SpeakerResolution = 'name' | 'pronoun' | 'description' | 'unresolved';

export interface Span {
  start: number;
  end: number;
}

export interface TextSpan extends Span {
  text: string;
}

export interface ArticleInfo {
  id: string;
  title: string | null;
  text: string;
  contentHash: string;
  language: string | null;
  publishedAt: string | null;
}

export type StatementKind = 'prose' | 'headline' | 'tagline' | 'byline' | 'dateline';

export interface Statement extends TextSpan {
  id: string;
  index: number;
  /** Extension: what the statement is — prose, or a headline, tag line, byline or dateline. */
  kind?: StatementKind;
}

export interface Speaker {
  mention: string | null;
  start: number | null;
  end: number | null;
  name: string | null;
  entityId: string | null;
  resolution: SpeakerResolution;
}

export interface Quote extends TextSpan {
  id: string;
  type: QuoteType;
  statementIndex: number;
  cue: TextSpan | null;
  speaker: Speaker;
  /**
   * Extension: the pieces of the quoted words when the attribution interrupts them — a split quote
   * ("“A,” he said, “B.”") or reported speech ("A, he said, B"). `text`/`start`/`end` then span all of it.
   */
  parts?: Span[];
}

export interface EntityMention extends TextSpan {
  statementIndex: number;
}

export interface Entity {
  id: string;
  type: EntityType;
  name: string;
  aliases: string[];
  mentions: EntityMention[];
  /** Extensions beyond the contract (allowed: "extend, don't break"). */
  role?: string | null;
  nationality?: string | null;
  /** For NATIONALITY: the canonical name of the country it refers to. */
  country?: string | null;
  /** For DATE: ISO 8601 date when it could be normalised. */
  iso?: string | null;
}

export interface ArticleResult {
  source: string;
  article: ArticleInfo;
  statements: Statement[];
  quotes: Quote[];
  entities: Entity[];
}

/** What ingest produces from raw bytes: the text every offset indexes, plus metadata. */
export interface DecodedArticle {
  text: string;
  title: string | null;
  language: string | null;
  publishedAt: string | null;
  /** Detected input format. */
  format: 'text' | 'markdown' | 'html' | 'json';
}
