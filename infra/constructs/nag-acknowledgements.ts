// cdk-nag acknowledgements shared by the stack's functions, each with the reason it is safe.
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';

/** X-Ray's write actions take no resource ARN, so active tracing puts `Resource: *` in the role's policy. */
export function acknowledgeTracingWildcard(role: IRole): void {
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (policy) {
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions.',
    });
  }
}

/** Object keys are not known in advance: a grant on `<bucket>/<prefix>*` is as narrow as it gets. */
export function acknowledgePrefixWildcard(
  scope: IConstruct,
  role: IRole,
  bucket: IBucket,
  prefix: string,
  reason: string,
): void {
  const bucketArn = `<${Stack.of(scope).getLogicalId(bucket.node.defaultChild as CfnElement)}.Arn>`;
  Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${bucketArn}/${prefix}*]`, reason });
}

/** The project pins the runtime it tests against rather than "latest". */
export function acknowledgePinnedRuntime(fn: IFunction): void {
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason: 'nodejs22.x is the runtime the project targets and tests against (Node 20/22 compatible code).',
  });
}
