// Single-table design shared by the CDK stack, the embedded local stack and the DynamoDB adapter,
// so the three cannot drift apart.
//
//   item                pk                      sk                         gsi1pk                         gsi1sk
//   article             ARTICLE#<articleId>     META                       -                              -
//   statement           ARTICLE#<articleId>     STATEMENT#<index:6>        -                              -
//   quote               ARTICLE#<articleId>     QUOTE#<index:6>            SPEAKER#<normalised name>      <publishedAt|processedAt>#<articleId>#<index:6>
//   entity              ARTICLE#<articleId>     ENTITY#<index:6>           ENTITY#<normalised name>       <publishedAt|processedAt>#<articleId>
//   source object       SOURCE#<bucket>/<key>   META                       -                              -
//
// "Quotes by speaker" and "statements by entity" are Query calls on gsi1.
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
export const normaliseKeyName = (name: string) => name.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
