import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import {
  DETAIL_TYPES,
  type ArticleFailedDetail,
  type ArticleProcessedDetail,
  type StatementProcessedDetail,
} from '../../events/schemas.js';
import type { BusEvent } from '../../infra/local/eventbridge-endpoint.js';
import { EmbeddedStack, StateDirInUseError, type StackInfo } from '../../infra/local/embedded-stack.js';
import { runLocal } from '../../infra/local/run-local.js';
import { stackPorts, type StackCliOptions } from './stack-options.js';
import { outputClosed } from '../output/stdout.js';

/** The example article `npm start` processes first. */
export const SAMPLE_ARTICLE = fileURLToPath(
  new URL('../../examples/belarus-russia-partners.txt', import.meta.url),
);

export interface StartOptions extends StackCliOptions {
  /** commander's --no-sample sets this to false. */
  sample?: boolean;
  fsync?: boolean;
}

const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** A readable console line for a pipeline event (null for events it does not know). */
export function formatEvent(event: BusEvent): string | null {
  switch (event['detail-type']) {
    case DETAIL_TYPES.statementProcessed: {
      const d = event.detail as StatementProcessedDetail;
      const speakers = [
        ...new Set(d.quotes.map((q) => q.speaker.name ?? q.speaker.mention ?? 'unknown speaker')),
      ];
      const who = speakers.length ? ` ${speakers.join(', ')}:` : '';
      return `  statement ${d.index + 1}/${d.article.statementCount}${who} ${oneLine(d.text, 110)}`;
    }
    case DETAIL_TYPES.articleProcessed: {
      const d = event.detail as ArticleProcessedDetail;
      const title = d.title ? ` "${oneLine(d.title, 60)}"` : '';
      return (
        `✔ article ${d.articleId}${title} processed from s3://${d.source.bucket}/${d.source.key}: ` +
        `${d.counts.statements} statements, ${d.counts.quotes} quotes, ${d.counts.entities} entities`
      );
    }
    case DETAIL_TYPES.articleFailed: {
      const d = event.detail as ArticleFailedDetail;
      return `✘ s3://${d.source.bucket}/${d.source.key} failed: ${d.error.code}: ${d.error.message}`;
    }
    default:
      return null;
  }
}

function readyLine(info: StackInfo): string {
  const { endpoints: e, resources: r } = info;
  return (
    `READY s3=${e.s3} dynamodb=${e.dynamodb} sqs=${e.sqs} eventbridge=${e.eventbridge} events=${e.eventStream} ` +
    `api=${e.api} viewer=${e.viewer} ` +
    `bucket=${r.bucket} prefix=${r.incomingPrefix} table=${r.table} bus=${r.eventBusName} ` +
    `stack=${join(info.stateDir, 'stack.json')}`
  );
}

function usageHint(info: StackInfo): string {
  const { endpoints: e, resources: r } = info;
  const stateOption = info.stateDir === resolve('.local') ? '' : ` --state-dir ${info.stateDir}`;
  return [
    `Viewer: ${e.viewer} (articles, quotes, speakers and entities; drop files on it to upload them)`,
    `Drop articles into s3://${r.bucket}/${r.incomingPrefix}:`,
    `  npx article-pipeline upload article.txt${stateOption}`,
    `  AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER aws --endpoint-url ${e.s3} s3 cp article.txt s3://${r.bucket}/${r.incomingPrefix}`,
    `Query results:\n  npx article-pipeline query quotes-by "Lukashenko"${stateOption}`,
    `  curl ${e.api}/speakers/lukashenko/quotes`,
    'Ctrl-C stops the stack; state stays in the state directory.',
  ].join('\n');
}

/** `start`: runs the embedded stack until SIGINT/SIGTERM. Returns the exit code. */
export async function startCommand(opts: StartOptions): Promise<number> {
  const stateDir = opts.stateDir ?? '.local';

  // When the reader of stdout goes away (`npm start | head -1`), the stack stops as on Ctrl-C.
  const out = (line: string) => {
    if (outputClosed(process.stdout)) stopRequested('SIGPIPE');
    else process.stdout.write(line + '\n');
  };
  const stack = new EmbeddedStack({
    stateDir,
    ...stackPorts(opts),
    fsync: opts.fsync === true,
    log: (line) => process.stderr.write(`[local] ${line}\n`),
    onInvoke: (r) => {
      if (r.error)
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- whatever was thrown, as String() shows it
        process.stderr.write(`[local] handler invocation failed (will be retried): ${String(r.error)}\n`);
      else if (r.failedMessageIds.length)
        process.stderr.write(`[local] ${r.failedMessageIds.length} message(s) will be retried\n`);
    },
  });

  let stopping = false;
  let stopRequested!: (signal: NodeJS.Signals) => void;
  const stopSignal = new Promise<NodeJS.Signals>(
    (resolve) =>
      (stopRequested = (signal) => {
        stopping = true;
        resolve(signal);
      }),
  );
  process.once('SIGINT', stopRequested);
  process.once('SIGTERM', stopRequested);
  try {
    const started = Date.now();
    const info = await stack.start();
    stack.onEvent((event) => {
      const line = formatEvent(event);
      if (line) out(line);
    });
    out(readyLine(info));
    process.stderr.write(
      `Local stack up in ${Date.now() - started} ms, state in ${info.stateDir}\n${usageHint(info)}\n`,
    );

    if (opts.sample !== false) {
      out(`Processing the sample article ${SAMPLE_ARTICLE} …`);
      const sample = runLocal(stack, [SAMPLE_ARTICLE], { timeoutMs: 120_000 }).then(([result]) => {
        if (!result) return;
        if (result.status === 'PROCESSED' && result.events === 0) {
          out(
            `Sample article ${result.articleId} was already processed in this state directory (no new events).`,
          );
        } else {
          out(
            `Sample article: ${result.status} in ${result.ms} ms (${result.statements} statements, ${result.quotes} quotes, ${result.entities} entities)`,
          );
        }
      });
      // When a stop signal interrupts it, the wait fails because the stack is gone: nothing to report.
      const sampleDone = sample.then(
        () => null,
        (err: unknown) => {
          if (!stopping) process.stderr.write(`Sample article: ${String(err)}\n`);
        },
      );
      const outcome = await Promise.race([sampleDone.then(() => null), stopSignal]);
      if (outcome) return await shutdown(stack, outcome);
    }
    return await shutdown(stack, await stopSignal);
  } catch (err) {
    await stack.stop();
    if (err instanceof StateDirInUseError) {
      process.stderr.write(`start: ${err.message}\n`);
      return 1;
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(
        `start: ${(err as Error).message}: choose other ports (--base-port, --port-*) or 0 for free ones.\n`,
      );
      return 1;
    }
    throw err;
  } finally {
    process.off('SIGINT', stopRequested);
    process.off('SIGTERM', stopRequested);
  }
}

async function shutdown(stack: EmbeddedStack, signal: NodeJS.Signals): Promise<number> {
  process.stderr.write(`${signal}: stopping the local stack…\n`);
  await stack.stop();
  process.stderr.write('Local stack stopped.\n');
  return 0;
}
