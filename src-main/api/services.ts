/**
 * The app's services behind the API, shared by every door: the Electron IPC adapter,
 * the HTTP/WebSocket server of `sweeplab serve` and the CLI's commands each take an
 * AppServices and only ever call `dispatch` and `onEvent`, so a guard added here holds
 * at every door.
 *
 * Owns the store (opened here, crash-recovered at once), the one SweepScheduler, the
 * settings, the data caches and the event channel. `close()` leaves nothing half-done:
 * trials still training are marked interrupted (resumable), then killed, and the
 * database is closed after the last write.
 */
import { openStore, type Store } from '../store/store';
import { retryBusy } from '../store/storeErrors';
import type { LaunchWorker } from '../sweep/workerLauncher';
import type { AppMode, EventMessage, Result } from './contract';
import type { ApiContext, DownloadSlot, PlatformHooks } from './context';
import { createDispatch } from './dispatch';
import { EvaluationCache } from './evaluationCache';
import { SettingsService } from './settingsService';
import { chooseDataDir } from './sweepConfig';
import { SweepRunner } from './sweepRunner';

export type { PlatformHooks } from './context';

export interface AppServicesOptions {
  dbPath: string;
  launchWorker: LaunchWorker;
  mode: AppMode;
  /** A data folder named for this launch (`--data-dir`): beats the settings' folder (sweepConfig.ts: chooseDataDir). */
  dataDirOverride?: string;
  /** The data folder when neither an override nor the settings name one. */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Relative CSV paths in configs from the GUI resolve against this; default the working folder. */
  configDir?: string;
  /** Fashion-MNIST mirror for fetchDataset (tests, offline mirrors). */
  downloadBaseUrl?: string;
  /** How often to look for writes by other processes (default 1000 ms; 0: never). */
  watchMs?: number;
}

export interface AppServices {
  readonly store: Store;
  /** Never rejects: every failure is a `{ ok: false, error }`. */
  dispatch(method: string, payload: unknown): Promise<Result<unknown>>;
  onEvent(cb: (m: EventMessage) => void): () => void;
  /** The desktop shell's dialogs; until set, saveFile and openConfigFile answer UNAVAILABLE. */
  setPlatform(p: Partial<PlatformHooks>): void;
  /** Idempotent. */
  close(): Promise<void>;
}

export function createAppServices(opts: AppServicesOptions): AppServices {
  const env = opts.env ?? process.env;
  const store = openStore(opts.dbPath);
  try {
    const recovered = store.runs.recoverInterrupted();
    if (recovered) console.error(`sweeplab: ${recovered} run(s) left running by a previous process are now marked interrupted`);
  } catch (err) {
    store.close();
    throw err;
  }

  const listeners = new Set<(m: EventMessage) => void>();
  const emit = (m: EventMessage) => {
    for (const l of [...listeners]) {
      try {
        l(m);
      } catch (err) {
        console.error(`sweeplab: an event listener failed on ${m.event}:`, err);
      }
    }
  };

  const settings = new SettingsService(store);
  const dataDirChoice = () => chooseDataDir(opts.dataDirOverride, settings.get().dataDir, opts.dataDir);
  const configDir = opts.configDir ?? process.cwd();
  const datasetContext = () => {
    const { dataDir, named } = dataDirChoice();
    return { dataDir, env, configDir, requireDataDir: named };
  };
  // The CLI prints why a sweep stopped itself (the sweep-finished message); a server logs it.
  const sweeps = new SweepRunner(store, opts.launchWorker, { dataDir: () => dataDirChoice().dataDir, emit, logStops: opts.mode !== 'cli', queue: () => settings.queueUrl(), env });
  const downloads: DownloadSlot = { current: null };
  const platform: Partial<PlatformHooks> = {};

  const ctx: ApiContext = {
    store,
    mode: opts.mode,
    env,
    configDir,
    sweeps,
    settings,
    datasetContext,
    evaluations: new EvaluationCache(store),
    downloads,
    platform,
    downloadBaseUrl: opts.downloadBaseUrl,
    emit,
  };
  const dispatch = createDispatch(ctx);
  const stopWatching = watchOtherWriters(store, opts.watchMs ?? 1000, () => emit({ event: 'store-changed', data: {} }));

  let closing: Promise<void> | undefined;
  return {
    store,
    dispatch(method, payload) {
      if (closing) return Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'Sweeplab is shutting down' } });
      return dispatch(method, payload);
    },
    onEvent(cb) {
      listeners.add(cb);
      return () => void listeners.delete(cb);
    },
    setPlatform(p) {
      Object.assign(platform, p);
    },
    close() {
      closing ??= (async () => {
        stopWatching();
        downloads.current?.controller.abort();
        await downloads.current?.done;
        await sweeps.shutdown();
        listeners.clear();
        store.close();
      })();
      return closing;
    },
  };
}

/**
 * createAppServices for a command that can wait: a database locked by another process
 * (its start-up recovery writes) is waited for, with `onWait` told once, instead of failing.
 */
export function openAppServices(opts: AppServicesOptions, onWait?: () => void): Promise<AppServices> {
  return retryBusy(() => createAppServices(opts), { onWait });
}

/**
 * Calls `changed` when another connection (the CLI training a sweep, a second app)
 * commits to the database. SQLite's `data_version` moves only for other connections'
 * commits, so our own writes, which already send their events, do not count.
 */
function watchOtherWriters(store: Store, everyMs: number, changed: () => void): () => void {
  if (everyMs <= 0) return () => undefined;
  const read = () => store.db.pragma('data_version', { simple: true }) as number;
  let last = read();
  const timer = setInterval(() => {
    try {
      const now = read();
      if (now === last) return;
      last = now;
      changed();
    } catch {
      // A closed or busy database: look again next time.
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
