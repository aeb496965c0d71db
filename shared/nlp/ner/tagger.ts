import { FeatureSequence } from '../ml/features.js';
import { SequenceModel } from '../ml/model.js';
import { tagsToSpans, type LabelledSpan } from '../ml/spans.js';
import { buildDocContext, sentenceFeatures, type Lexicon } from './features.js';
import { Gazetteer, type GazetteerData } from './gazetteer.js';

/** What the NER model file carries besides weights. */
export interface NerMeta {
  kind: 'ner';
  version: number;
  scheme: 'BIO' | 'BILOU';
  gazetteer: GazetteerData | null;
  /** Base64 Uint32 pairs (lowercase hash, value). */
  capRatio: string | null;
  cluster: string | null;
  trainedOn: string;
  dev: Record<string, number> | null;
}

function decodePairs(b64: string | null): Map<number, number> {
  const out = new Map<number, number>();
  if (!b64) return out;
  const buf = Buffer.from(b64, 'base64');
  for (let i = 0; i + 8 <= buf.length; i += 8) out.set(buf.readUInt32LE(i), buf.readUInt32LE(i + 4));
  return out;
}

export function encodePairs(map: Map<number, number>): string {
  const buf = Buffer.alloc(map.size * 8);
  let o = 0;
  for (const [k, v] of [...map].sort((a, b) => a[0] - b[0])) {
    buf.writeUInt32LE(k >>> 0, o);
    buf.writeUInt32LE(v >>> 0, o + 4);
    o += 8;
  }
  return buf.toString('base64');
}

/** The trained recogniser over pre-tokenised sentences of one document. */
export class NerTagger {
  readonly model: SequenceModel;
  readonly gazetteer: Gazetteer | null;
  readonly lexicon: Lexicon | null;
  readonly meta: NerMeta;
  private readonly seq = new FeatureSequence(256, 64);

  constructor(model: SequenceModel) {
    this.model = model;
    this.meta = model.meta as unknown as NerMeta;
    this.gazetteer = this.meta.gazetteer ? new Gazetteer(this.meta.gazetteer) : null;
    this.lexicon =
      this.meta.capRatio || this.meta.cluster
        ? { capRatio: decodePairs(this.meta.capRatio), cluster: decodePairs(this.meta.cluster) }
        : null;
  }

  static fromBuffer(buf: Uint8Array): NerTagger {
    return new NerTagger(SequenceModel.fromBuffer(buf));
  }

  /** Spans (labels PER/ORG/LOC/MISC) per sentence, over token indices. */
  tagDocument(sentences: readonly (readonly string[])[]): LabelledSpan[][] {
    const doc = buildDocContext(sentences);
    return sentences.map((words) => {
      if (words.length === 0) return [];
      sentenceFeatures(words, this.seq, doc, this.gazetteer, this.lexicon);
      return tagsToSpans(this.model.predictTags(this.seq));
    });
  }
}
