// Single-table design shared by the CDK stack, the embedded local stack and the DynamoDB adapter,
// so the three cannot drift apart.
//
//   item                pk                      sk                         gsi1pk                         gsi1sk
//   article             ARTICLE#<articleId>     META                       -                              -
//   statement           ARTICLE#<articleId>     STATEMENT#<index:6>        -                              -
//   quote               ARTICLE#<articleId>     QUOTE#<index:6>            SPEAKER#<normalised name>      <publishedAt|processedAt>#<articleId>#<index:6>
//   entity              ARTICLE#<articleId>     ENTITY#<index:6>           ENTITY#<normalised name>       <publishedAt|processedAt>#<articleId>
//   entity alias        ARTICLE#<articleId>     ENTITY#<index:6>#ALIAS#<n:3> ENTITY#<normalised alias>    <publishedAt|processedAt>#<articleId>
//   source object       SOURCE#<bucket>/<key>   META                       -                              -
//
// "Quotes by speaker" and "statements by entity" are Query calls on gsi1. Every item has an `itemType`
// attribute (ITEM_TYPES). Entity and alias items carry the indexes of the statements that mention the
// entity, so "statements by entity" is one Query plus one BatchGet; alias items make "Lukashenko"
// find "Alexander Lukashenko".
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
} as const;

export const GSI1 = {
  indexName: 'gsi1',
  partitionKey: 'gsi1pk',
  sortKey: 'gsi1sk',
} as const;

/** Attribute holding an epoch-seconds expiry, where items are meant to expire (TTL). */
export const TTL_ATTRIBUTE = 'expiresAt';

export const pad = (n: number) => String(n).padStart(6, '0');
export const normaliseKeyName = (name: string) =>
  name.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');

export const ITEM_TYPES = {
  article: 'ARTICLE',
  statement: 'STATEMENT',
  quote: 'QUOTE',
  entity: 'ENTITY',
  entityAlias: 'ENTITY_ALIAS',
  source: 'SOURCE',
} as const;

export const keys = {
  articlePk: (articleId: string) => `ARTICLE#${articleId}`,
  articleMeta: (articleId: string) => ({ pk: `ARTICLE#${articleId}`, sk: 'META' }),
  statement: (articleId: string, index: number) => ({
    pk: `ARTICLE#${articleId}`,
    sk: `STATEMENT#${pad(index)}`,
  }),
  quote: (articleId: string, index: number) => ({ pk: `ARTICLE#${articleId}`, sk: `QUOTE#${pad(index)}` }),
  entity: (articleId: string, index: number) => ({ pk: `ARTICLE#${articleId}`, sk: `ENTITY#${pad(index)}` }),
  entityAlias: (articleId: string, index: number, n: number) => ({
    pk: `ARTICLE#${articleId}`,
    sk: `ENTITY#${pad(index)}#ALIAS#${String(n).padStart(3, '0')}`,
  }),
  source: (bucket: string, key: string) => ({ pk: `SOURCE#${bucket}/${key}`, sk: 'META' }),
  speakerGsi: (name: string) => `SPEAKER#${normaliseKeyName(name)}`,
  entityGsi: (name: string) => `ENTITY#${normaliseKeyName(name)}`,
} as const;
