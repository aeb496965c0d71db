import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  BYTE_METRICS,
  COUNT_METRICS,
  FUNCTION_DIMENSION,
  METRICS_NAMESPACE,
  stageLatencyMetric,
  type Stage,
} from '../../functions/shared/metric-names.js';

/** The Powertools service name the function is deployed with (its `service` metric dimension). */
export const SERVICE_NAME = 'article-pipeline';

/**
 * The process-article function's custom (EMF) metrics, with the dimensions the handler writes them
 * under: Powertools' `service` and the function's name (functions/shared/powertools.ts).
 */
export class PipelineMetrics {
  constructor(private readonly fn: lambda.IFunction) {}

  private metric(metricName: string, statistic: string, period = Duration.minutes(5)) {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { service: SERVICE_NAME, [FUNCTION_DIMENSION]: this.fn.functionName },
      statistic,
      period,
    });
  }

  count(name: keyof typeof COUNT_METRICS, period?: Duration) {
    return this.metric(COUNT_METRICS[name], cloudwatch.Stats.SUM, period);
  }

  stageLatency(stage: Stage, statistic: string = cloudwatch.Stats.p(95)) {
    return this.metric(stageLatencyMetric(stage), statistic).with({ label: `${stage} ${statistic}` });
  }

  bytes(name: keyof typeof BYTE_METRICS, statistic: string = cloudwatch.Stats.AVERAGE) {
    return this.metric(BYTE_METRICS[name], statistic);
  }

  /** Failed articles in percent of the articles finished (processed, duplicate or failed) per period. */
  failedArticleRate(period = Duration.minutes(15), minimumArticles = 10) {
    const usingMetrics = {
      failed: this.count('articlesFailed', period),
      processed: this.count('articlesProcessed', period),
      duplicate: this.count('articlesDuplicate', period),
    };
    // FILL: a period with no failures has no ArticlesFailed datapoint at all.
    const total = 'FILL(failed, 0) + FILL(processed, 0) + FILL(duplicate, 0)';
    return new cloudwatch.MathExpression({
      expression: `IF(${total} >= ${minimumArticles}, 100 * FILL(failed, 0) / (${total}), 0)`,
      usingMetrics,
      period,
      label: 'Failed articles (%)',
    });
  }
}
