import { Aspects, AspectPriority, CfnResource, RemovalPolicy, Stack, type IAspect } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';

export interface FunctionLogGroupsProps {
  readonly retention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Every Lambda function in the scope logs to a log group with a retention period, CDK's own helper
 * functions included (the S3 bucket-notification handler, the auto-delete-objects provider), which
 * otherwise write to a `/aws/lambda/…` group Lambda creates on first use and keeps forever. A function
 * without a log group of its own gets one (its LoggingConfig points at it); a log group without a
 * retention gets the default one.
 */
export class FunctionLogGroups implements IAspect {
  static applyTo(scope: IConstruct, props: FunctionLogGroupsProps): void {
    Aspects.of(scope).add(new FunctionLogGroups(props), { priority: AspectPriority.MUTATING });
  }

  private constructor(private readonly props: FunctionLogGroupsProps) {}

  visit(node: IConstruct): void {
    if (node instanceof logs.CfnLogGroup && node.retentionInDays === undefined) {
      node.retentionInDays = this.props.retention;
      return;
    }
    if (!(node instanceof CfnResource) || node.cfnResourceType !== 'AWS::Lambda::Function') return;
    if (node instanceof lambda.CfnFunction) {
      const config = node.loggingConfig as lambda.CfnFunction.LoggingConfigProperty | undefined;
      if (config?.logGroup) return;
      node.loggingConfig = { ...config, logGroup: this.logGroupFor(node).logGroupName };
      return;
    }
    // Functions CDK declares as a raw CfnResource (its custom resource providers) set no LoggingConfig:
    // the log group goes in as a property override.
    node.addPropertyOverride('LoggingConfig.LogGroup', this.logGroupFor(node).logGroupName);
  }

  private logGroupFor(fn: CfnResource): logs.LogGroup {
    // Beside the function, in its stack: CDK's singletons live at the stack root.
    const scope = fn.node.scope ?? Stack.of(fn);
    return new logs.LogGroup(scope, `${fn.node.id}LogGroup`, {
      retention: this.props.retention,
      removalPolicy: this.props.removalPolicy,
    });
  }
}
