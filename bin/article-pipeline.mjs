#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx article-pipeline` works right after `npm ci`
// with no build step to remember.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
