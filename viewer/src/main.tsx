import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { QueryApi } from './api.js';
import { loadConfig } from './config.js';
import { ServicesContext, type Services } from './services.js';
import { LiveEvents } from './live.js';
import { href, useRoute } from './router.js';
import { ArticlesPage } from './pages/articles.js';
import { ArticlePage } from './pages/article.js';
import { SpeakerPage } from './pages/speaker.js';
import { EntityPage } from './pages/entity.js';
import './styles.css';

function App({ services }: { services: Services }) {
  const route = useRoute();
  // Each page names itself: after a move to another page, focus goes to its heading, which tells
  // keyboard and screen-reader users the page changed (on the first page, focus stays at the start).
  const firstPage = useRef(true);
  useEffect(() => {
    if (firstPage.current) return void (firstPage.current = false);
    document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: route.page === 'article' });
  }, [route]);
  return (
    <ServicesContext.Provider value={services}>
      <a
        class="skip"
        href="#main"
        onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}
      >
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={href.articles()}>
          article-pipeline
        </a>
        <nav aria-label="Main">
          <a href={href.articles()} aria-current={route.page === 'articles' ? 'page' : undefined}>
            Articles
          </a>
        </nav>
        <span class="api" title="Query API">
          {services.api ? `API ${services.api.base}` : 'no query API'}
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        {route.page === 'articles' && <ArticlesPage />}
        {route.page === 'article' && <ArticlePage articleId={route.articleId} statement={route.statement} />}
        {route.page === 'speaker' && <SpeakerPage name={route.name} />}
        {route.page === 'entity' && <EntityPage name={route.name} />}
        {route.page === 'not-found' && (
          <section>
            <h1 tabIndex={-1}>Not found</h1>
            <p>
              Nothing at <code>{route.path}</code>. <a href={href.articles()}>Back to the articles.</a>
            </p>
          </section>
        )}
      </main>
    </ServicesContext.Provider>
  );
}

const config = await loadConfig();
const services: Services = {
  config,
  api: config.api ? new QueryApi(config.api) : null,
  live: new LiveEvents(config.events),
};
render(<App services={services} />, document.getElementById('app')!);
