import type { Command } from 'commander';
import { examples, quietOption, runs } from '../command.js';
import { parseSeconds } from './stack-options.js';
import type { UploadOptions } from './upload.js';

export function register(program: Command): void {
  program
    .command('upload')
    .summary('upload files into the running local stack')
    .description(
      'Upload files into the incoming prefix of the running local stack (found through <state-dir>/stack.json), ' +
        'as any S3 client would. Prints one {source, bucket, key} line per uploaded file; the stack’s console shows what happens to them.',
    )
    .argument('<paths...>', 'files, or directories whose regular files are uploaded')
    .option('--state-dir <dir>', 'state directory of the running stack', '.local')
    .option(
      '--wait',
      'wait for each object: print its article id and final status (and whether the text was already processed)',
    )
    .option('--timeout <seconds>', 'with --wait: how long to wait in all (default 120)', parseSeconds)
    .addOption(quietOption())
    .addHelpText(
      'after',
      examples(
        ['article-pipeline upload my-article.md', 'into the stack that `npm start` runs'],
        ['article-pipeline upload --wait my-article.md', 'and wait for its article id and status'],
        [
          'article-pipeline upload --state-dir /tmp/ap corpus/',
          'a directory, into a stack started with that state dir',
        ],
      ),
    )
    .action(
      runs('upload', async (paths: string[], opts: UploadOptions) => {
        const { uploadCommand } = await import('./upload.js');
        return uploadCommand(paths, opts);
      }),
    );
}
