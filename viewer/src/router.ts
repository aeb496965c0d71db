// Routes live in the URL's hash (#/article/<id>?s=3), so the static server needs no rewrites and every
// view has a link that can be shared and opened in a new tab.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'articles' }
  | { page: 'article'; articleId: string; statement: number | null }
  | { page: 'speaker'; name: string }
  | { page: 'entity'; name: string }
  | { page: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(search);
  const [page, arg] = parts;
  if (!page || page === 'articles') return { page: 'articles' };
  if (page === 'article' && arg) {
    const s = params.get('s');
    return { page: 'article', articleId: arg, statement: s === null ? null : Number(s) };
  }
  if (page === 'speaker' && arg) return { page: 'speaker', name: arg };
  if (page === 'entity' && arg) return { page: 'entity', name: arg };
  return { page: 'not-found', path };
}

export const href = {
  articles: () => '#/articles',
  article: (articleId: string, statement?: number) =>
    `#/article/${encodeURIComponent(articleId)}${statement === undefined ? '' : `?s=${statement}`}`,
  speaker: (name: string) => `#/speaker/${encodeURIComponent(name)}`,
  entity: (name: string) => `#/entity/${encodeURIComponent(name)}`,
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
