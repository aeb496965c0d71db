import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// ---- Layers: what may import what (docs/architecture.md draws the same picture) ---------------------
// Matched against the import specifier as written (relative paths included), for imports and re-exports.
const SEE = 'See docs/architecture.md.';
const rule = (regex, why) => ({ regex, message: `${why} ${SEE}` });
const NOT_SCRIPTS_OR_TESTS = rule(
  '(^|/)(scripts|tests)/',
  'Runtime code never imports scripts/ (training, evaluation, data building) or tests/.',
);
const NOT_OUTER_LAYERS = rule(
  '(^|/)(functions|infra|cli)/',
  'shared/ is used by the handlers, the stack and the CLI, never the other way round.',
);
const NOT_AWS_SDK = rule('^@aws-sdk/', 'Only the adapters (shared/adapters/) talk to AWS.');
const NOT_ADAPTERS = rule(
  '(^|/)adapters/',
  'The application and the core see adapters only through the ports.',
);
const NOT_APP = rule('(^|/)app/', 'The pure core knows nothing of the application service.');
const NOT_FS = rule(
  '^(node:)?fs(/promises)?$',
  'The core reads no files: load in an adapter (e.g. shared/adapters/models/) and pass the data in.',
);
const ONLY_ZOD = rule(
  '^(?!(zod|node:crypto)$)(?!\\./)',
  'shared/domain imports only zod (and node:crypto, for the deterministic ids): it is the bottom layer.',
);
const ONLY_DOMAIN = rule(
  '^(?!(zod|node:.+)$)(?!\\./)(?!\\.\\./shared/domain/)',
  'The event contract (events/) derives from shared/domain only (plus zod and node: built-ins).',
);
const NO_ENV = {
  object: 'process',
  property: 'env',
  message: `The pure core reads no environment: configuration comes in as arguments. ${SEE}`,
};

/** One no-restricted-imports setting per layer (ESLint applies only the last matching setting). */
const boundaries = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
const LAYERS = [
  boundaries(['functions/**', 'infra/**', 'cli/**', 'bin/**'], [NOT_SCRIPTS_OR_TESTS]),
  boundaries(['shared/**'], [NOT_SCRIPTS_OR_TESTS, NOT_OUTER_LAYERS]),
  boundaries(['shared/app/**'], [NOT_SCRIPTS_OR_TESTS, NOT_OUTER_LAYERS, NOT_ADAPTERS, NOT_AWS_SDK]),
  boundaries(
    ['shared/nlp/**', 'shared/ingest/**'],
    [NOT_SCRIPTS_OR_TESTS, NOT_OUTER_LAYERS, NOT_APP, NOT_ADAPTERS, NOT_AWS_SDK, NOT_FS],
  ),
  boundaries(['shared/domain/**'], [ONLY_ZOD]),
  boundaries(['events/**'], [ONLY_DOMAIN]),
  {
    files: ['shared/nlp/**', 'shared/ingest/**', 'shared/domain/**'],
    rules: { 'no-restricted-properties': ['error', NO_ENV] },
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'cdk.out/',
      '.local/',
      'coverage/',
      'events/schemas/',
      'viewer/dist/',
      'dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Async methods implementing promise-returning ports (fakes, stand-ins) need no await; floating
      // and non-thenable awaits are caught by no-floating-promises and await-thenable.
      '@typescript-eslint/require-await': 'off',
      // From the strict set: cheap to follow and each catches real mistakes.
      '@typescript-eslint/no-deprecated': 'error',
      // `import { z }` hands esbuild zod's whole namespace object (every locale, ~0.37 MB of the Lambda
      // bundle); `import * as z` lets it keep only what is used.
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Import zod as `import * as z from 'zod'` (tree-shakable; `{ z }` bundles every locale).",
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, allowDefaultCaseForExhaustiveSwitch: true },
      ],
    },
  },
  ...LAYERS,
  // Vitest's asymmetric matchers (expect.stringMatching, expect.any …) are typed `any` by design.
  { files: ['tests/**'], rules: { '@typescript-eslint/no-unsafe-assignment': 'off' } },
  // Plain JavaScript (the bin shim, this file) is outside the TypeScript program.
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    // Sentence splitting and statements: small functions; special cases are named rules (issue 9).
    files: ['shared/nlp/segment.ts', 'shared/nlp/segment/**/*.ts', 'shared/nlp/statements.ts'],
    rules: {
      complexity: ['error', 20],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Quote rules, the lexicon and the sequence-model machinery: small functions (issue 9).
    files: ['shared/nlp/quotes/**', 'shared/nlp/ml/**', 'shared/nlp/lexicon/**', 'shared/adapters/models/**'],
    rules: {
      complexity: ['error', 20],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The named-entity core stays in small functions (issue 10: ≤ ~60 lines, cyclomatic complexity ≤ 20).
    files: ['shared/nlp/ner/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
      complexity: ['error', 20],
    },
  },
);
