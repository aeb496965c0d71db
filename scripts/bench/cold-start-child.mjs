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
// CPU time next to wall time: on a loaded machine wall time stretches, CPU time hardly does.
const cpuMs = (since) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const importStart = performance.now();
const importCpu = process.cpuUsage();
const { handler } = await import(pathToFileURL(bundle).href);
const importMs = performance.now() - importStart;
const importCpuMs = cpuMs(importCpu);

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
const articleCpu = process.cpuUsage();
const response = await handler(JSON.parse(eventJson), context);
const firstArticleMs = performance.now() - articleStart;
const firstArticleCpuMs = cpuMs(articleCpu);
process.stdout.write(
  JSON.stringify({
    nodeStartMs,
    importMs,
    importCpuMs,
    firstArticleMs,
    firstArticleCpuMs,
    totalMs: performance.now(),
    failures: response.batchItemFailures.length,
    rssMb: process.memoryUsage().rss / 2 ** 20,
  }) + '\n',
);
