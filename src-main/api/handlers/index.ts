/** Every method's handler, one domain per file, checked complete against the contract. */
import type { Handlers } from '../context';
import { appHandlers } from './app';
import { configHandlers } from './configs';
import { datasetHandlers } from './datasets';
import { exportHandlers } from './exports';
import { runHandlers } from './runs';
import { settingsHandlers } from './settings';
import { sweepHandlers } from './sweeps';
import { tunerHandlers } from './tuner';
import { analysisHandlers } from './analysis';

export const HANDLERS: Handlers = {
  ...appHandlers,
  ...configHandlers,
  ...sweepHandlers,
  ...runHandlers,
  ...datasetHandlers,
  ...exportHandlers,
  ...settingsHandlers,
  ...tunerHandlers,
  ...analysisHandlers,
};
