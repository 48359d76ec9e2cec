#!/usr/bin/env node
// The `sweeplab` command: runs the CLI's TypeScript source through tsx's loader, so
// `npx sweeplab` works straight after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

// `sweeplab runs --format csv | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

register();
const { main } = await import('../src-main/cli.ts');
process.exitCode = await main(process.argv.slice(2));
