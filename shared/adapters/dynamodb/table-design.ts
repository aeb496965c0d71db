// Single-table design v3, shared by the CDK stack, the embedded local stack, the DynamoDB repository
// (write side) and the ResultsClient (read side), so that they cannot drift apart. Documented with
// every access pattern in README.md ("Table layout").
//
//   item            pk                       sk                              gsi1pk / gsi1sk (sparse)
//   article head    ARTICLE#<articleId>      HEAD                            STATUS#<PROCESSED|FAILED|DELETED> / <date>#<articleId>
//                                                                            leases: LEASE#<0..3> / <leaseUntil>  (PROCESSING only)
//   result          ARTICLE#<articleId>      RESULT#<version>                -
//   publish log     ARTICLE#<articleId>      PUBLISHED#<version>#<n:4>       -
//   source object   SOURCE#<bucket>/<key>    HEAD                            STATUS#FAILED / <failedAt>#source#<bucket>/<key>  (failed only)
//   mention         NAME#<key>               <date>#<articleId>              LINK#AMBIGUOUS / <date>#<articleId>#<key>  (ambiguous only)
//   identity        NAME#<key>               ~ID#<identityId>                -
//   alias           ALIAS#<normalised alias> <identityId>                    -
//
// Why this shape (issue 14: write units per article; issue 13: item size, replacement):
// - An article's statements, quotes and entities are ONE compressed result item per pipeline
//   version (text stored once; brotli), not one item per statement/quote/entity: ~2 write units for
//   a BBC article instead of ~40. Results too large for an item go to S3 (claim check) and the item
//   keeps the pointer.
// - Cross-article lookups are base-table items with their own partition key, one per (name key,
//   article): the mention item is an index entry, no text (the entities filed under the key, their
//   identity, link rule, mention and quote counts, the result version to read), a few hundred bytes,
//   so ONE write unit whatever the article says (v2 copied statement and quote texts into it: 1 item
//   in 15 took 2–4 units). "Quotes by speaker" and "statements about an entity" are one Query per name
//   partition plus one BatchGet of the results the page's entries point to (reads are 5× cheaper
//   than writes, and queries rarer than articles). No GSI copies whole items.
// - That item per (name key, article) is the floor of this design: a BBC article files its entities
//   under ~17 name keys, so ~17 write units go to mention items (BENCHMARKS.md, "Load and cost").
// - Persons are keyed by surname (one Query finds every Blair; the identity id tells Tony from
//   Cherie), nationalities by their country, anything else by its normalised name.
// - The listing GSI is sparse and projects only what listings return (INCLUDE): failed articles and
//   sources, processed articles (with their speakers, for "speakers"), deleted ones, and mentions
//   whose identity was ambiguous. A healthy article adds one small index entry.
// - The lease GSI is sparse too: an article head is in it only while a claim that reconcile's object
//   listing would not find is PROCESSING (a reprocess: its source record looks done), so reconcile
//   Queries it for expired leases instead of Scanning the table. A first upload has no terminal source
//   record until it is done, so the listing finds it if its attempt dies: its claim stays out of the
//   index, two write units saved.
// - Replacement without transactions: mention items have no version in their key, so a reprocess
//   overwrites them in place; the head's `version` is the pointer to the result item and flips
//   when the new version is complete; then the items the old version had and the new one has not
//   (its result lists them) and the old result are deleted. A head with `staleVersion` set still has
//   that cleanup to do (a redelivery finishes it).
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
} as const;

export const GSI1 = {
  indexName: 'gsi1',
  partitionKey: 'gsi1pk',
  sortKey: 'gsi1sk',
} as const;

/**
 * The lease index (sparse): article heads PROCESSING under a claim reconcile's object listing would not
 * find (ClaimRequest.inLeaseIndex: a reprocess), by when their lease runs out, so that reconcile finds
 * the ones past their lease with a Query instead of a Scan of the table. Such a claim sets `leaseShard`
 * (with `leaseUntil`) in the same write; the write that ends it (complete, fail, remove, or a claim
 * outside the index) removes it. A release keeps the entry and ends the lease (RELEASED_LEASE). Two
 * write units (entry added, entry deleted) per reprocessed article; none for a first upload.
 */
export const LEASE_INDEX = {
  indexName: 'leases',
  partitionKey: 'leaseShard',
  sortKey: 'leaseUntil',
} as const;

/** Attributes the lease index projects besides the keys: what stuckArticles returns and filters on. */
export const LEASE_INDEX_PROJECTED_ATTRIBUTES = ['articleId', 'status', 'source', 'updatedAt'] as const;

/**
 * Lease index partitions: claims spread over this many partition key values (by article id), so a burst
 * of claims is not one hot index partition; stuckArticles queries each.
 */
export const LEASE_SHARDS = 4;

/** The `leaseUntil` of a released lease: expired, and sorted before every real one. */
export const RELEASED_LEASE = '1970-01-01T00:00:00.000Z';

/** Attributes the listing index projects besides the keys: what listings return, nothing more. */
export const GSI1_PROJECTED_ATTRIBUTES = [
  'itemType',
  'articleId',
  'status',
  'title',
  'date',
  'counts',
  'error',
  'source',
  'version',
  'speakers',
  'updatedAt',
  'processedAt',
  'bucket',
  'key',
  'ambiguous',
] as const;

/** Attribute holding an epoch-seconds expiry, where items are meant to expire (TTL). */
export const TTL_ATTRIBUTE = 'expiresAt';

export const ITEM_TYPES = {
  article: 'ARTICLE',
  result: 'RESULT',
  publishLog: 'PUBLISHED',
  source: 'SOURCE',
  mention: 'MENTION',
  identity: 'IDENTITY',
  alias: 'ALIAS',
} as const;

/** The statuses the listing index holds (PROCESSING is transient and not listed). */
export const LISTED_STATUSES = ['PROCESSED', 'FAILED', 'DELETED'] as const;
export type ListedStatus = (typeof LISTED_STATUSES)[number];

const pad4 = (n: number) => String(n).padStart(4, '0');
/** Sorts after every date in a sort key: the upper end of an open date range. */
export const DATE_MAX = '~';
export const IDENTITY_SK_PREFIX = '~ID#';

export const keys = {
  articlePk: (articleId: string) => `ARTICLE#${articleId}`,
  articleHead: (articleId: string) => ({ pk: `ARTICLE#${articleId}`, sk: 'HEAD' }),
  result: (articleId: string, version: string) => ({ pk: `ARTICLE#${articleId}`, sk: `RESULT#${version}` }),
  publishLogPrefix: (version: string) => `PUBLISHED#${version}#`,
  publishLog: (articleId: string, version: string, n: number) => ({
    pk: `ARTICLE#${articleId}`,
    sk: `PUBLISHED#${version}#${pad4(n)}`,
  }),
  source: (bucket: string, key: string) => ({ pk: `SOURCE#${bucket}/${key}`, sk: 'HEAD' }),
  namePk: (nameKey: string) => `NAME#${nameKey}`,
  mention: (nameKey: string, date: string, articleId: string) => ({
    pk: `NAME#${nameKey}`,
    sk: `${date}#${articleId}`,
  }),
  identity: (nameKey: string, identityId: string) => ({
    pk: `NAME#${nameKey}`,
    sk: `${IDENTITY_SK_PREFIX}${identityId}`,
  }),
  aliasPk: (alias: string) => `ALIAS#${alias}`,
  alias: (alias: string, identityId: string) => ({ pk: `ALIAS#${alias}`, sk: identityId }),
  /** Lease index partition of an article (LEASE_SHARDS of them). */
  leaseShard: (articleId: string) => {
    let h = 0;
    for (let i = 0; i < articleId.length; i++) h = (h * 31 + articleId.charCodeAt(i)) >>> 0;
    return `LEASE#${h % LEASE_SHARDS}`;
  },
  leaseShards: () => Array.from({ length: LEASE_SHARDS }, (_, i) => `LEASE#${i}`),
  /** Listing index partitions. */
  statusGsi: (status: ListedStatus) => `STATUS#${status}`,
  ambiguousGsi: () => 'LINK#AMBIGUOUS',
  listingSk: (date: string, articleId: string) => `${date}#${articleId}`,
  failedSourceSk: (failedAt: string, bucket: string, key: string) => `${failedAt}#source#${bucket}/${key}`,
} as const;
