// Builds the viewer into viewer/dist (run by `npm ci` through the prepare script, or `npm run build:viewer`).
// The embedded stack serves dist/ (infra/local/viewer-server.ts); relative asset URLs let the same
// build be served from any path.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
});
