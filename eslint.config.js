import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'coverage/', 'events/schemas/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
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
