#!/usr/bin/env node
// The baseline CLI (`npm run bench` times it against `article-pipeline process`): one JSON line per
// file with compromise's analysis (scripts/baseline/compromise-analysis.mjs).
//   node scripts/baseline/compromise-cli.mjs FILE...
import { readFileSync } from 'node:fs';
import { compromiseAnalysis } from './compromise-analysis.mjs';

for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  process.stdout.write(JSON.stringify({ source: file, ...compromiseAnalysis(text) }) + '\n');
}
