import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StackInfo } from '../../infra/local/embedded-stack.js';

/** The stack that `start` runs, from <state-dir>/stack.json; null (after telling the user) when none runs. */
export async function readRunningStack(stateDir: string, command: string): Promise<StackInfo | null> {
  const stackFile = join(stateDir, 'stack.json');
  try {
    const info = JSON.parse(await readFile(stackFile, 'utf8')) as Partial<StackInfo>;
    if (!info.endpoints || !info.resources || !info.env) throw new Error('not a stack file');
    return info as StackInfo;
  } catch {
    process.stderr.write(
      `${command}: no running local stack found (${stackFile}); start one with \`npm start\`.\n`,
    );
    return null;
  }
}
