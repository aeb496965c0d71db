#!/usr/bin/env -S npx tsx
// `cdk synth` / `cdk deploy` entry (cdk.json: "app": "npx tsx infra/app.ts"). Configuration comes from
// CDK context: -c stage=prod -c incomingPrefix=uploads/ -c localstack=true ... (see docs/deploy.md).
import { createArticlePipelineApp } from './stack.js';

createArticlePipelineApp();
