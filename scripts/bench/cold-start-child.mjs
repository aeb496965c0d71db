// One Lambda cold start, as a fresh Node process: import the deployed bundle (with
// AWS_LAMBDA_INITIALIZATION_TYPE set, the handler module loads the models during import, as in
// Lambda's init phase), then hand it its first SQS event. Plain JavaScript: nothing but Node runs
// before the bundle. Prints one JSON line. Started by scripts/bench/cold-start.ts.
//   node cold-start-child.mjs <index.mjs> <SQS event JSON>
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

// performance.now() counts from the process's time origin: this is Node's own start-up.
const nodeStartMs = performance.now();
const [bundle, eventJson] = process.argv.slice(2);
const importStart = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const importMs = performance.now() - importStart;

const context = {
  functionName: 'process-article',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:process-article',
  memoryLimitInMB: '1024',
  awsRequestId: 'bench-cold-start',
  logGroupName: '/aws/lambda/process-article',
  logStreamName: 'bench',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 60_000,
};
const articleStart = performance.now();
const response = await handler(JSON.parse(eventJson), context);
const firstArticleMs = performance.now() - articleStart;
process.stdout.write(
  JSON.stringify({
    nodeStartMs,
    importMs,
    firstArticleMs,
    totalMs: performance.now(),
    failures: response.batchItemFailures.length,
    rssMb: process.memoryUsage().rss / 2 ** 20,
  }) + '\n',
);
