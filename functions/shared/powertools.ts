// One Powertools setup shared by every function. Service name, log level and metrics namespace come
// from the standard env variables (POWERTOOLS_SERVICE_NAME, LOG_LEVEL / POWERTOOLS_LOG_LEVEL,
// POWERTOOLS_METRICS_NAMESPACE; POWERTOOLS_METRICS_DISABLED=true turns EMF output off).
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'article-pipeline';

export const logger = new Logger({ serviceName });

export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'ArticlePipeline',
});

export { MetricUnit } from '@aws-lambda-powertools/metrics';
