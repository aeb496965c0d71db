import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Integration tests start real emulators (s3rver, dynalite, fauxqs) on free ports.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
