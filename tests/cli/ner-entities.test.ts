import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ArticleResult } from '../../shared/domain/schema.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

// Expectations for the shipped example article, written for this test: every entity a reader must get,
// with its type and canonical name, and no person, organisation or place beyond those (and a few
// acceptable extras: "Earth", "Old World", "New World").
const REQUIRED: Array<[string, string]> = [
  ['PERSON', 'Alexander Lukashenko'],
  ['LOCATION', 'Minsk'],
  ['LOCATION', 'Moscow'],
  ['LOCATION', 'Russia'],
  ['LOCATION', 'Belarus'],
  ['LOCATION', 'Ukraine'],
  ['LOCATION', 'Europe'],
  ['ORGANIZATION', 'Collective Security Treaty Organization'],
  ['ORGANIZATION', 'Eurasian Economic Union'],
  ['ORGANIZATION', 'Union State'],
  ['DATE', 'November 22'],
];
const ACCEPTABLE = new Set([
  'LOCATION|Earth',
  'LOCATION|Old World',
  'LOCATION|New World',
  'LOCATION|New Worlds',
]);

describe('CLI entities for the example article', () => {
  it('match the expected entities, canonical names, aliases and roles', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['bin/article-pipeline.mjs', 'process', 'examples/belarus-russia-partners.txt'],
      { cwd: root, maxBuffer: 20 * 1024 * 1024 },
    );
    const result = JSON.parse(stdout) as ArticleResult;
    const { text } = result.article;
    const names = result.entities.map((e) => `${e.type}|${e.name}`);
    for (const [type, name] of REQUIRED) expect(names).toContain(`${type}|${name}`);
    const required = new Set(REQUIRED.map(([t, n]) => `${t}|${n}`));
    const extra = result.entities
      .filter((e) => ['PERSON', 'ORGANIZATION', 'LOCATION'].includes(e.type))
      .map((e) => `${e.type}|${e.name}`)
      .filter((k) => !required.has(k) && !ACCEPTABLE.has(k));
    expect(extra).toEqual([]);

    const lukashenko = result.entities.find((e) => e.name === 'Alexander Lukashenko')!;
    expect(lukashenko.aliases).toContain('Lukashenko');
    expect(lukashenko.role).toBe('President');
    expect(lukashenko.nationality).toBe('Belarusian');
    expect(lukashenko.mentions.length).toBeGreaterThanOrEqual(10);
    const csto = result.entities.find((e) => e.name === 'Collective Security Treaty Organization')!;
    expect(csto.aliases).toContain('CSTO');
    const belarusian = result.entities.find((e) => e.type === 'NATIONALITY' && e.name === 'Belarusian');
    expect(belarusian?.country).toBe('Belarus');
    for (const e of result.entities) {
      for (const m of e.mentions) {
        expect(text.slice(m.start, m.end)).toBe(m.text);
        expect(m.text).not.toMatch(/^\W|[\s.,;:!?"”’)]$/u);
      }
    }
  });
});
