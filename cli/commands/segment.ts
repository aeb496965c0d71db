import { splitSentences } from '../../shared/nlp/segment.js';

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `segment`: stdin text to a JSON array of its sentences, trimmed, in order. */
export async function segmentCommand(): Promise<number> {
  const text = (await readStdin()).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  process.stdout.write(JSON.stringify(splitSentences(text).map((s) => s.text)) + '\n');
  return 0;
}
