// The Lambda bundle carries world-countries pruned to the fields the runtime reads
// (infra/constructs/bundled-data.ts). The runtime must answer exactly as with the whole package.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import countries from 'world-countries';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  countryFieldsRead,
  CSS_PARSER_STUB,
  DEVELOPER_CREDENTIAL_PROVIDERS,
  prunedWorldCountriesModule,
  WORLD_COUNTRIES_READERS,
} from '../../infra/constructs/bundled-data.js';
import { REPO_ROOT } from '../../infra/constructs/function-defaults.js';

type Places = typeof import('../../shared/nlp/lexicon/places.js');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs|js)$/.test(name) ? [path] : [];
  });
}

/** Every string a country could be called, in any language the package knows, and its demonyms. */
const candidates = [
  ...new Set(
    countries.flatMap((c) => [
      c.name.common,
      c.name.official,
      ...Object.values(c.name.native ?? {}).flatMap((n) => [n.common, n.official]),
      ...Object.values(c.translations ?? {}).flatMap((n) => [n.common, n.official]),
      c.cca2,
      c.cca3,
      c.ccn3,
      c.cioc,
      ...c.altSpellings,
      ...c.capital,
      ...Object.values(c.demonyms ?? {}).flatMap((d) => [d.m, d.f]),
      c.region,
      c.subregion,
    ]),
  ),
].filter((s): s is string => typeof s === 'string' && s.length > 0);

describe('world-countries pruned for the Lambda bundle', () => {
  afterEach(() => {
    vi.doUnmock('world-countries');
    vi.resetModules();
  });

  it('is read only by the modules whose fields it keeps', () => {
    const readers = ['shared', 'functions', 'events']
      .flatMap((dir) => sourceFiles(join(REPO_ROOT, dir)))
      .filter((file) => /from 'world-countries'/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(REPO_ROOT, file));
    expect(readers.sort()).toEqual([...WORLD_COUNTRIES_READERS].sort());
  });

  it('gives the place lexicon the same answers as the whole package', async () => {
    vi.resetModules();
    const whole = await import('../../shared/nlp/lexicon/places.js');
    const pruned = (await import(prunedWorldCountriesModule())) as { default: unknown[] };
    expect(pruned.default).toEqual(countries.map(countryFieldsRead));
    vi.resetModules();
    vi.doMock('world-countries', () => pruned);
    const fromPruned = await import('../../shared/nlp/lexicon/places.js');
    expect(fromPruned).not.toBe(whole);
    const answers = (p: Places) =>
      candidates.map((s) => [s, p.isCountryName(s), p.isNationalityWord(s)] as const);
    const expected = answers(whole);
    expect(expected.filter(([, country]) => country).length).toBeGreaterThan(500);
    expect(expected.filter(([, , nationality]) => nationality).length).toBeGreaterThan(100);
    expect(answers(fromPruned)).toEqual(expected);
  });

  it('is a fraction of the package', () => {
    const pruned = statSync(prunedWorldCountriesModule()).size;
    expect(pruned).toBeLessThan(JSON.stringify(countries).length / 5);
  });
});

describe('stand-ins and modules the Lambda bundle leaves out', () => {
  const runtimeSources = () =>
    ['shared', 'functions', 'events'].flatMap((dir) => sourceFiles(join(REPO_ROOT, dir)));

  it("leaves out linkedom's CSS parser: nothing reads a <style> element's sheet", async () => {
    const readability = join(REPO_ROOT, 'node_modules', '@mozilla', 'readability', 'Readability.js');
    const readers = [...runtimeSources(), readability].filter((file) =>
      /\.sheet\b/.test(readFileSync(file, 'utf8')),
    );
    expect(readers).toEqual([]);
    const stub = (await import(CSS_PARSER_STUB)) as { parse: () => unknown };
    expect(() => stub.parse()).toThrow(/not parsed in the Lambda bundle/);
  });

  it('leaves out only credential providers that come after the environment in the SDK chain', () => {
    const chain = readFileSync(
      join(
        REPO_ROOT,
        'node_modules',
        '@aws-sdk',
        'credential-provider-node',
        'dist-es',
        'defaultProvider.js',
      ),
      'utf8',
    );
    // The environment is the first link and is imported statically; the others load on demand.
    expect(chain).toMatch(/^import \{[^}]*\bfromEnv\b[^}]*\} from "@aws-sdk\/credential-provider-env";/m);
    expect(chain.indexOf('fromEnv(init)()')).toBeGreaterThan(0);
    for (const provider of DEVELOPER_CREDENTIAL_PROVIDERS.filter((p) => !p.endsWith('-login'))) {
      expect(chain.indexOf(`await import("${provider}")`)).toBeGreaterThan(chain.indexOf('fromEnv(init)()'));
    }
  });
});
