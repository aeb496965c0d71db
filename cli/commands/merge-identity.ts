// `merge-identity <from> <into>`: an operator's merge of two identities the link rules kept apart, on
// the local stack (<state-dir>/stack.json) or a deployed one (--stack); --undo takes it back.
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import type { EntityType } from '../../shared/domain/schema.js';
import { writeData } from '../output/stdout.js';
import { stackOutputs } from './deployed-stack.js';
import type { TargetOptions } from './operate.js';
import { readRunningStack } from './running-stack.js';
import { localDocumentClient } from './stack-clients.js';

export interface MergeIdentityOptions extends TargetOptions {
  type: EntityType;
  undo?: boolean;
}

export async function mergeIdentityCommand(
  from: string,
  into: string,
  opts: MergeIdentityOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  let table: string;
  let doc;
  if (opts.stack) {
    const outputs = await stackOutputs(opts.stack, opts.region);
    if (!outputs.TableName) throw new Error(`Stack ${opts.stack} has no TableName output.`);
    table = outputs.TableName;
    if (opts.region) process.env.AWS_REGION = opts.region;
    doc = createDocumentClient();
  } else {
    const info = await readRunningStack(opts.stateDir, 'merge-identity');
    if (!info) return 1;
    table = info.resources.table;
    doc = localDocumentClient(info);
  }
  try {
    const repo = new DynamoArticleRepository(doc, table);
    const result = await repo.mergeIdentity(
      { type: opts.type, name: from },
      { type: opts.type, name: into },
      opts.undo,
    );
    writeData(JSON.stringify(result) + '\n', out);
    return 0;
  } finally {
    doc.destroy();
  }
}
