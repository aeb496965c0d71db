import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Folders whose owners are rewriting them: the type-checked rules are switched on there by those owners.
const TYPE_CHECKED_PENDING = ['shared/nlp/quotes/**', 'shared/nlp/ml/**'];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'coverage/', 'events/schemas/'] },
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
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, allowDefaultCaseForExhaustiveSwitch: true },
      ],
    },
  },
  // Vitest's asymmetric matchers (expect.stringMatching, expect.any …) are typed `any` by design.
  { files: ['tests/**'], rules: { '@typescript-eslint/no-unsafe-assignment': 'off' } },
  // Plain JavaScript (the bin shim, this file) is outside the TypeScript program.
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: TYPE_CHECKED_PENDING,
    ...tseslint.configs.disableTypeChecked,
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      '@typescript-eslint/no-deprecated': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': 'off',
    },
  },
  {
    // Sentence splitting and statements: small functions; special cases are named rules (issue 9).
    files: ['shared/nlp/segment.ts', 'shared/nlp/segment/**/*.ts', 'shared/nlp/statements.ts'],
    rules: {
      complexity: ['error', 20],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The NLP core is pure: models and settings come in as arguments (shared/adapters/models/ reads them).
    files: ['shared/nlp/**', 'shared/ingest/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
            name,
            message: 'The core reads no files: load in an adapter and pass the data in.',
          })),
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'The core reads no environment: take settings as arguments.',
        },
      ],
    },
  },
);
