#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx article-pipeline` works right after `npm ci`
// with no build step to remember.
import { register } from 'tsx/esm/api';

// On Node 20 the AWS SDK prints, once per run, that SDK versions published after January 2027 will
// need Node 22. The versions package-lock.json pins run on Node 20, so the notice is not about this
// program; the CLI turns it off with the SDK's own switch (aws/aws-sdk-js-v3#7983). Set the variable
// to false to see it again. Node 22 never prints it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
await import('../cli/main.ts');
