// Per-article instrumentation of the application service, from the outside: the ports and the two pure
// steps (decode, analyse) are wrapped so that each call is timed into its stage, becomes an X-Ray
// subsegment when tracing is on, and records the sizes the cost model and the dashboard need. The
// application service itself knows nothing of tracing or metrics.
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';

type MetricUnitName = (typeof MetricUnit)[keyof typeof MetricUnit];
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { ProcessArticleDeps } from '../../shared/app/process-article.js';
import { articleIdFor, sha256Hex } from '../../shared/domain/ids.js';
import { decodeArticle } from '../../shared/ingest/index.js';
import { analyzeArticle } from '../../shared/nlp/pipeline.js';
import { BYTE_METRICS, STAGES, stageLatencyMetric, type Stage } from '../shared/metric-names.js';

/** The part of an X-Ray (sub)segment the instrumentation uses. */
interface Subsegment {
  addAnnotation(key: string, value: string | number | boolean): void;
  addError(err: Error | string): void;
  close(): void;
}

interface CallHooks {
  before?: (method: string, args: unknown[]) => void;
  after?: (method: string, result: unknown) => void;
}

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

export interface ArticleInstrumentationOptions {
  /** Subsegments only when it is enabled (inside Lambda, tracing on). */
  tracer?: Pick<Tracer, 'isTracingEnabled' | 'provider'>;
  /** The article's logger: it gets the article id as a key as soon as the text is decoded. */
  logger?: Pick<Logger, 'appendKeys'>;
  now?: () => number;
}

export class ArticleInstrumentation {
  /** Milliseconds per stage, exclusive of nested stages (a store call inside publish is store time). */
  readonly durations: Record<Stage, number> = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<
    Stage,
    number
  >;
  readonly bytes = { objectBytes: 0, textBytes: 0, eventBytes: 0 };
  articleId: string | undefined;
  private readonly active: Array<{ stage: Stage; since: number }> = [];
  private readonly now: () => number;

  constructor(private readonly options: ArticleInstrumentationOptions = {}) {
    this.now = options.now ?? (() => performance.now());
  }

  private get tracing(): boolean {
    return this.options.tracer?.isTracingEnabled() ?? false;
  }

  /** The dependencies with every port call and both pure steps run as their stage. */
  instrument(deps: ProcessArticleDeps): ProcessArticleDeps {
    const decode = deps.decode ?? decodeArticle;
    const analyze = deps.analyze ?? analyzeArticle;
    return {
      ...deps,
      objects: this.stageProxy(deps.objects, 'read', {
        after: (method, result) => {
          if (method === 'get') this.bytes.objectBytes += (result as { bytes: Uint8Array }).bytes.length;
        },
      }),
      decode: (bytes, options) =>
        this.run('decode', () => {
          const decoded = decode(bytes, options);
          this.bytes.textBytes = Buffer.byteLength(decoded.text);
          this.identify(articleIdFor(sha256Hex(decoded.text)));
          return decoded;
        }),
      analyze: (article, models) => this.run('analyse', () => analyze(article, models)),
      repo: this.stageProxy(deps.repo, 'store'),
      events: this.stageProxy(deps.events, 'publish', {
        before: (method, args) => {
          if (method !== 'publish') return;
          for (const event of args[0] as Array<{ detail: unknown }>) {
            this.bytes.eventBytes += Buffer.byteLength(JSON.stringify(event.detail));
          }
        },
      }),
    };
  }

  /** Runs the whole article in one subsegment (annotated with the object key and article id). */
  async traceArticle<T>(key: string, work: () => Promise<T>): Promise<T> {
    if (!this.tracing) return work();
    return this.options.tracer!.provider.captureAsyncFunc('article', (sub?: Subsegment) => {
      sub?.addAnnotation('objectKey', key);
      return this.settle(sub, work(), () => {
        if (this.articleId) sub?.addAnnotation('articleId', this.articleId);
      });
    }) as Promise<T>;
  }

  /** Adds the stage latencies and sizes of this article to the invocation's EMF metrics. */
  addMetrics(metrics: { addMetric(name: string, unit: MetricUnitName, value: number): unknown }): void {
    for (const stage of STAGES) {
      metrics.addMetric(stageLatencyMetric(stage), MetricUnit.Milliseconds, round(this.durations[stage]));
    }
    if (this.bytes.objectBytes)
      metrics.addMetric(BYTE_METRICS.objectBytes, MetricUnit.Bytes, this.bytes.objectBytes);
    if (this.bytes.textBytes)
      metrics.addMetric(BYTE_METRICS.textBytes, MetricUnit.Bytes, this.bytes.textBytes);
    if (this.bytes.eventBytes)
      metrics.addMetric(BYTE_METRICS.eventBytes, MetricUnit.Bytes, this.bytes.eventBytes);
  }

  private identify(articleId: string) {
    this.articleId = articleId;
    this.options.logger?.appendKeys({ articleId });
  }

  /** `work` timed as `stage` (and traced): sync work returns its value, async work its promise. */
  run<T>(stage: Stage, work: () => T): T {
    const timed = (): T => {
      this.enter(stage);
      let result: T;
      try {
        result = work();
      } catch (err) {
        this.exit();
        throw err;
      }
      if (isPromise(result)) return result.finally(() => this.exit()) as T;
      this.exit();
      return result;
    };
    if (!this.tracing) return timed();
    return this.options.tracer!.provider.captureAsyncFunc(stage, (sub?: Subsegment) => {
      let result: T;
      try {
        result = timed();
      } catch (err) {
        sub?.addError(err as Error);
        sub?.close();
        throw err;
      }
      return isPromise(result) ? this.settle(sub, result) : (sub?.close(), result);
    }) as T;
  }

  /** Closes `sub` when `promise` settles, recording a rejection on it. */
  private settle<T>(sub: Subsegment | undefined, promise: Promise<T>, before?: () => void): Promise<T> {
    return promise.then(
      (value) => {
        before?.();
        sub?.close();
        return value;
      },
      (err: unknown) => {
        before?.();
        sub?.addError(err as Error);
        sub?.close();
        throw err;
      },
    );
  }

  /** Every method of `target` run as `stage`; `hooks` see each call's arguments and resolved result. */
  private stageProxy<T extends object>(target: T, stage: Stage, hooks: CallHooks = {}): T {
    return new Proxy(target, {
      get: (obj, prop, receiver) => {
        const value = Reflect.get(obj, prop, receiver) as unknown;
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        const method = value as (...a: unknown[]) => unknown;
        return (...args: unknown[]) =>
          this.run(stage, () => {
            hooks.before?.(prop, args);
            const result = method.apply(obj, args);
            const after = hooks.after;
            if (!after) return result;
            return isPromise(result)
              ? result.then((resolved) => (after(prop, resolved), resolved))
              : (after(prop, result), result);
          });
      },
    });
  }

  private enter(stage: Stage) {
    const now = this.now();
    const outer = this.active.at(-1);
    if (outer) this.durations[outer.stage] += now - outer.since;
    this.active.push({ stage, since: now });
  }

  private exit() {
    const now = this.now();
    const done = this.active.pop();
    if (done) this.durations[done.stage] += now - done.since;
    const outer = this.active.at(-1);
    if (outer) outer.since = now;
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
