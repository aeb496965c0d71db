// One Powertools setup shared by every function. Service name, log level and metrics namespace come
// from the standard env variables (POWERTOOLS_SERVICE_NAME, LOG_LEVEL / POWERTOOLS_LOG_LEVEL,
// POWERTOOLS_METRICS_NAMESPACE; POWERTOOLS_METRICS_DISABLED=true turns EMF output off).
// The tracer is active only inside Lambda with POWERTOOLS_TRACE_ENABLED not `false` (the stack sets it
// from its `tracing` switch); elsewhere every tracing call is a no-op.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { FUNCTION_DIMENSION, METRICS_NAMESPACE } from './metric-names.js';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'article-pipeline';
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME;

export const logger = new Logger({ serviceName });

export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
  // Every deployed stage has its own function: its metrics (and the alarms on them) stay apart.
  ...(functionName ? { defaultDimensions: { [FUNCTION_DIMENSION]: functionName } } : {}),
});

export const tracer = new Tracer({ serviceName });

export { MetricUnit } from '@aws-lambda-powertools/metrics';
