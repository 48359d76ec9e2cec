/**
 * What every handler is given: the store, the running sweeps, the settings, the data
 * caches, the event channel and the platform's dialogs. Built once by createAppServices;
 * handlers hold no state of their own.
 */
import type { z } from 'zod';
import type { DatasetContext } from '../data/registry';
import type { Store } from '../store/store';
import type { ApiMethod, AppMode, EventMessage, Req, Res } from './contract';
import { unavailable } from './errors';
import type { EvaluationCache } from './evaluationCache';
import type { SettingsService } from './settingsService';
import type { SweepRunner } from './sweepRunner';

/** What only the desktop shell can do; browser mode has none and answers UNAVAILABLE. */
export interface PlatformHooks {
  saveFile(req: Req<'saveFile'>): Promise<Res<'saveFile'>>;
  openConfigFile(): Promise<Res<'openConfigFile'>>;
  chooseFolder(req: Req<'chooseFolder'>): Promise<Res<'chooseFolder'>>;
}

export interface ApiContext {
  readonly store: Store;
  readonly mode: AppMode;
  readonly env: NodeJS.ProcessEnv;
  /** Relative CSV paths in configs coming from the GUI are resolved against this folder. */
  readonly configDir: string;
  readonly sweeps: SweepRunner;
  readonly settings: SettingsService;
  /** Where data sets are looked for: `--data-dir`, else the settings' folder, else the launch's fallback (sweepConfig.ts: chooseDataDir). */
  datasetContext(): DatasetContext;
  readonly evaluations: EvaluationCache;
  readonly downloads: DownloadSlot;
  readonly platform: Partial<PlatformHooks>;
  /** Base URL of the Fashion-MNIST files (tests and mirrors); default the official one. */
  readonly downloadBaseUrl?: string;
  emit(message: EventMessage): void;
}

/**
 * Calls that write into a folder named in the request (a report, a download) are for a
 * caller on this machine: the desktop app and the CLI. In browser mode the caller may be
 * a tab on another machine, for which the folder means nothing: it downloads files instead.
 */
export function assertLocalFolders(ctx: ApiContext, what: string): void {
  if (ctx.mode === 'browser') throw unavailable(`${what} is not available in browser mode: it writes into a folder of the machine serving Sweeplab; download the files instead`);
}

/** At most one download at a time; close() aborts it. */
export interface DownloadSlot {
  current: { controller: AbortController; done: Promise<unknown> } | null;
}

export interface MethodHandler<M extends ApiMethod> {
  input: z.ZodType<Req<M>>;
  run(ctx: ApiContext, req: Req<M>): Res<M> | Promise<Res<M>>;
}

export type Handlers<K extends ApiMethod = ApiMethod> = { [M in K]: MethodHandler<M> };
