// In-memory fakes of the application's ports (shared/app/ports.ts), for fast unit tests of the
// application service. Each keeps its adapter's contract (see the class comments). The repository's and
// the publisher's are checked against the real adapters on the emulators by the same assertions:
// tests/fakes/{repository,publisher}-contract.ts, run from tests/unit and tests/integration.
import { defaultModels } from '../../shared/adapters/models/index.js';
import type { ProcessArticleDeps } from '../../shared/app/process-article.js';
import type { NlpModels } from '../../shared/nlp/pipeline.js';
import { FakeClock } from './clock.js';
import { RecordingLog } from './log.js';
import { InMemoryObjectStore } from './object-store.js';
import { InMemoryEventPublisher } from './publisher.js';
import { InMemoryArticleRepository } from './repository.js';

export { FakeClock } from './clock.js';
export { Faults, transientError } from './faults.js';
export { RecordingLog, type LogEntry } from './log.js';
export { InMemoryObjectStore } from './object-store.js';
export { InMemoryEventPublisher, type RejectEntry } from './publisher.js';
export { InMemoryArticleRepository, type RepositoryOp } from './repository.js';

/** The pipeline version the fakes' deps announce (tests override it to simulate an upgrade). */
export const TEST_PIPELINE_VERSION = { id: 'pv-test-0001', code: '0.0.0+test', models: 'test' } as const;

export interface FakeWorld {
  objects: InMemoryObjectStore;
  repo: InMemoryArticleRepository;
  events: InMemoryEventPublisher;
  clock: FakeClock;
  logger: RecordingLog;
  /** processArticle's dependencies over the fakes above (override any field per call). */
  deps: ProcessArticleDeps;
}

/** One set of fakes wired together, as the handler wires the real adapters. */
export function fakeWorld(options: { start?: string; leaseMs?: number; models?: NlpModels } = {}): FakeWorld {
  const clock = new FakeClock(options.start);
  const objects = new InMemoryObjectStore(undefined, clock);
  const repo = new InMemoryArticleRepository();
  const events = new InMemoryEventPublisher();
  const logger = new RecordingLog();
  return {
    objects,
    repo,
    events,
    clock,
    logger,
    // The shipped models (loaded once per process): the fakes replace the ports, not the core.
    deps: {
      objects,
      repo,
      events,
      clock,
      logger,
      models: options.models ?? defaultModels(),
      pipelineVersion: TEST_PIPELINE_VERSION,
      leaseMs: options.leaseMs,
    },
  };
}
