import { splitSentences } from '../../shared/nlp/segment.js';
import { readStdinBytes } from '../inputs.js';
import { writeData } from '../output/stdout.js';

/** `segment`: stdin text to a JSON array of its sentences, trimmed, in order. */
export async function segmentCommand(out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const text = (await readStdinBytes())
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  writeData(JSON.stringify(splitSentences(text).map((s) => s.text)) + '\n', out);
  return 0;
}
