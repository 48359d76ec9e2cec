#!/usr/bin/env node
// The `sweeplab` command: runs the CLI's TypeScript source through tsx's loader, so
// `npx sweeplab` works straight after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli.ts');
process.exitCode = await main(process.argv.slice(2));
