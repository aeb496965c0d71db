import { describe, expect, it } from 'vitest';
import { defaultModels } from '../../shared/adapters/models/index.js';
import { analyzeArticle as analyze } from '../../shared/nlp/pipeline.js';
import type { DecodedArticle } from '../../shared/domain/schema.js';
import { plainArticle } from './plain-article.js';

const analyzeArticle = (doc: DecodedArticle) => analyze(doc, defaultModels());

const doc = plainArticle;

const ARTICLE = `Harbour plans approved by council

The city council approved the new harbour plans on Tuesday, Mayor Anna Berg said.

“This is a good day for the port. We waited ten years,” Berg told reporters. The work starts in May.`;

describe('analyzeArticle', () => {
  it('takes the title of a plain-text article from a headline first line and keeps the text unchanged', () => {
    const result = analyzeArticle(doc(ARTICLE));
    expect(result.article.title).toBe('Harbour plans approved by council');
    expect(result.article.text).toBe(ARTICLE);
    expect(result.statements[0]).toMatchObject({
      kind: 'headline',
      text: 'Harbour plans approved by council',
    });
  });

  it('keeps a title given by the source', () => {
    expect(analyzeArticle(doc(ARTICLE, 'From the HTML')).article.title).toBe('From the HTML');
  });

  it('keeps a quotation that spans two sentences in one statement', () => {
    const { statements } = analyzeArticle(doc(ARTICLE));
    const quoted = statements.find((s) => s.text.startsWith('“This is a good day'));
    expect(quoted?.text).toBe('“This is a good day for the port. We waited ten years,” Berg told reporters.');
    expect(statements.at(-1)?.text).toBe('The work starts in May.');
  });

  it('gives the same ids for the same text and different ids for different text', () => {
    const a = analyzeArticle(doc(ARTICLE));
    const b = analyzeArticle(doc(ARTICLE));
    const c = analyzeArticle(doc(ARTICLE.replace('May', 'June')));
    expect(b.article.id).toBe(a.article.id);
    expect(b.statements.map((s) => s.id)).toEqual(a.statements.map((s) => s.id));
    expect(c.article.id).not.toBe(a.article.id);
    expect(a.statements.every((s) => s.id.startsWith(a.article.id))).toBe(true);
  });

  it('links the quote to the speaker entity, with offsets into the text', () => {
    const { quotes, entities, article } = analyzeArticle(doc(ARTICLE));
    const q = quotes.find((x) => x.type === 'direct');
    expect(q?.text).toBe('This is a good day for the port. We waited ten years');
    expect(q?.speaker).toMatchObject({ mention: 'Berg', name: 'Anna Berg', resolution: 'name' });
    const speaker = entities.find((e) => e.id === q?.speaker.entityId);
    expect(speaker?.type).toBe('PERSON');
    expect(article.text.slice(q!.start, q!.end)).toBe(q!.text);
  });

  it('gives a titled speaker the name alone as the mention, and keeps a company name whole', () => {
    const { quotes, article } = analyzeArticle(doc(ARTICLE));
    const q = quotes.find((x) => x.type === 'indirect');
    expect(q?.speaker).toMatchObject({ mention: 'Anna Berg', name: 'Anna Berg', resolution: 'name' });
    expect(article.text.slice(q!.speaker.start!, q!.speaker.end!)).toBe('Anna Berg');
    const company = analyzeArticle(doc('Profits will rise next year, Swiss Re said on Monday.')).quotes[0];
    expect(company?.speaker.mention).toBe('Swiss Re');
  });
});
