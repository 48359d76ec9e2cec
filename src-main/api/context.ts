/**
 * What every handler is given: the store, the running sweeps, the settings, the data
 * caches, the event channel and the platform's dialogs. Built once by createAppServices;
 * handlers hold no state of their own.
 */
import type { z } from 'zod';
import type { DatasetContext } from '../data/registry';
import type { Store } from '../store/store';
import type { ApiMethod, EventMessage, Req, Res } from './contract';
import type { EvaluationCache } from './evaluationCache';
import type { SettingsService } from './settingsService';
import type { SweepRunner } from './sweepRunner';

/** What only the desktop shell can do; browser mode has none and answers UNAVAILABLE. */
export interface PlatformHooks {
  saveFile(req: Req<'saveFile'>): Promise<Res<'saveFile'>>;
  openConfigFile(): Promise<Res<'openConfigFile'>>;
}

export interface ApiContext {
  readonly store: Store;
  readonly mode: 'electron' | 'browser';
  readonly env: NodeJS.ProcessEnv;
  /** Relative CSV paths in configs coming from the GUI are resolved against this folder. */
  readonly configDir: string;
  readonly sweeps: SweepRunner;
  readonly settings: SettingsService;
  /** Where data sets are looked for: the settings' folder, else the launch's `dataDir`. */
  datasetContext(): DatasetContext;
  readonly evaluations: EvaluationCache;
  readonly downloads: DownloadSlot;
  readonly platform: Partial<PlatformHooks>;
  /** Base URL of the Fashion-MNIST files (tests and mirrors); default the official one. */
  readonly downloadBaseUrl?: string;
  emit(message: EventMessage): void;
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
