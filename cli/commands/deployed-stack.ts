// A deployed stack (`--stack <name>`), found through its CloudFormation outputs, with the default AWS
// credentials and region (or --region).
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

/** The outputs of a deployed CloudFormation stack, by key. */
export async function stackOutputs(stackName: string, region?: string): Promise<Record<string, string>> {
  const cloudFormation = new CloudFormationClient(region ? { region } : {});
  try {
    const { Stacks = [] } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    return Object.fromEntries(
      (Stacks[0]?.Outputs ?? []).flatMap((o) =>
        o.OutputKey && o.OutputValue ? [[o.OutputKey, o.OutputValue]] : [],
      ),
    );
  } finally {
    cloudFormation.destroy();
  }
}

/** One output of a deployed stack; a clear error when the stack lacks it. */
export async function stackOutput(stackName: string, key: string, region?: string): Promise<string> {
  const value = (await stackOutputs(stackName, region))[key];
  if (!value) throw new Error(`Stack ${stackName} has no ${key} output.`);
  return value;
}
