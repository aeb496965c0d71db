// Where the page finds the query API, the event stream and the upload endpoint. The embedded stack's
// viewer server answers /config.json; `?api=<url>` (kept for the session) points the same page at a
// deployed stack's query API instead.
export interface ViewerConfig {
  /** Base URL of the query API, or null when there is none. */
  api: string | null;
  /** Server-sent events of the bus, or null (a deployed API without a local bus). */
  events: string | null;
  /** The drop zone's upload endpoint, or null. */
  upload: string | null;
}

const API_OVERRIDE_KEY = 'article-pipeline.api';

export async function loadConfig(): Promise<ViewerConfig> {
  const served: Partial<ViewerConfig> = await fetch('config.json', { cache: 'no-store' })
    .then((r) => (r.ok ? (r.json() as Promise<Partial<ViewerConfig>>) : {}))
    .catch(() => ({}));
  const fromQuery = new URLSearchParams(location.search).get('api');
  if (fromQuery) sessionStorage.setItem(API_OVERRIDE_KEY, fromQuery);
  const override = fromQuery ?? sessionStorage.getItem(API_OVERRIDE_KEY);
  return {
    api: (override ?? served.api ?? null)?.replace(/\/$/, '') ?? null,
    events: served.events ?? null,
    upload: served.upload ?? null,
  };
}
