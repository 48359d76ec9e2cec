/**
 * `sweeplab serve`: the app in a browser. Starts the same services as the desktop app
 * (child-process workers instead of utilityProcess ones) behind the HTTP/WebSocket
 * transport on 127.0.0.1, prints the address with its access token (new at every launch,
 * or kept in --token-file), and runs until Ctrl+C or SIGTERM; trials still training then
 * are marked interrupted, to be resumed.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { startHttpServer } from '../api/http/server';
import { createAppServices } from '../api/services';
import { resolveDbPath, resourcesDir } from '../paths';
import { forkWorker } from '../sweep/workerLauncher';
import { UsageError } from './errors';
import { loadOrCreateTokenFile } from './tokenFile';

interface ServeOptions {
  port?: string;
  db?: string;
  dataDir?: string;
  tokenFile?: string;
}

/** The built renderer: $SWEEPLAB_RENDERER, else `out/renderer` beside `resources/`. */
export function rendererDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SWEEPLAB_RENDERER) return path.resolve(env.SWEEPLAB_RENDERER);
  return path.join(path.dirname(resourcesDir(env)), 'out', 'renderer');
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port: expected a port number (0–65535), got "${value}"`);
  return n;
}

/** The fixed token of --token-file, or undefined for a fresh one per launch. */
function tokenFrom(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  const abs = path.resolve(file);
  const { token, created, warning } = loadOrCreateTokenFile(abs);
  if (warning) process.stderr.write(`warning: ${warning}\n`);
  process.stderr.write(`${created ? 'Created' : 'Using'} the access token in ${abs}\n`);
  return token;
}

const HELP = `
Open the printed address (it carries the access token) in a browser on this machine.
The page keeps the token for its tab only, and sends it with every request; no cookie.
Each launch makes a new token, so tabs left open need the new address after a restart;
with --token-file the token is kept in FILE (created, owner-only, when missing; else
read: 16–256 characters of A–Z a–z 0–9 - _), so tabs keep working across restarts.
On a remote box, forward the port first: ssh -L 8080:127.0.0.1:8080 box, then sweeplab serve --port 8080.`;

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the app in your browser: a local server on 127.0.0.1 with an access token')
    .option('--port <n>', 'port to listen on (default: any free port)')
    .option('--db <file>', 'SQLite database (default: $SWEEPLAB_DB or the app\'s user-data folder)')
    .option('--data-dir <dir>', 'folder holding the Fashion-MNIST files, before the one in the app\'s settings')
    .option('--token-file <file>', 'keep the access token in FILE, so a restart keeps open tabs working (created when missing)')
    .addHelpText('after', HELP)
    .action(async (opts: ServeOptions) => {
      const port = parsePort(opts.port);
      const token = tokenFrom(opts.tokenFile);
      const dbPath = resolveDbPath(opts.db);
      // Listen for the signal before anything can ask for it: a SIGTERM sent as soon as the
      // address appears would otherwise kill the process before its trials are marked.
      const stopped = untilSignal();
      // --data-dir beats the settings' folder, as in every command (sweepConfig.ts: chooseDataDir).
      const dataDirOverride = opts.dataDir === undefined ? undefined : path.resolve(opts.dataDir);
      const services = createAppServices({ dbPath, launchWorker: forkWorker, mode: 'browser', dataDirOverride });
      let server;
      try {
        server = await startHttpServer({ services, staticDir: rendererDir(), port, token });
      } catch (err) {
        await services.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`--port ${port}: the port is already in use`);
        throw err;
      }
      process.stderr.write(`Database ${dbPath}\n`);
      process.stdout.write(`Sweeplab is running at ${server.url}\n`);
      const signal = await stopped;
      process.stderr.write(`\n${signal}: stopping (trials still training are marked interrupted; resume them later)…\n`);
      await server.close();
      await services.close();
    });
}
