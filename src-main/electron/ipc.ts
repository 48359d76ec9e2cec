/**
 * The Electron transport of the API: one `ipcMain.handle` per contract method, one event
 * channel back. Like fiddle's main/ipc.ts it is a facade that refuses anything not sent
 * by the app's own page, and like VS Code's IPC it never lets an exception cross: every
 * answer is a Result, because IPC keeps nothing of an Error but its message.
 *
 * Payloads are passed on untouched; services.dispatch validates them (the same code path
 * as the HTTP transport, so both transports accept exactly the same requests).
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { API_METHODS, EVENT_CHANNEL, ipcChannel, type ApiMethod, type EventMessage, type Result } from '../api/contract';
import { isAppUrl, type AppPage } from './appUrl';

/** What the transport needs of AppServices (src-main/api/services.ts). */
export interface IpcServices {
  dispatch(method: string, payload: unknown): Promise<Result<unknown>>;
  onEvent(cb: (m: EventMessage) => void): () => void;
}

export interface IpcContext {
  services: IpcServices;
  page: AppPage;
  /** The windows the app created; only their main frames, showing the app page, may call. */
  windows(): BrowserWindow[];
}

type Domain = 'app' | 'sweeps' | 'runs' | 'datasets' | 'exports' | 'platform';

/** Every method's domain. A Record, so a method added to the contract and not here fails to compile. */
const DOMAIN_OF: Record<ApiMethod, Domain> = {
  appInfo: 'app',
  presets: 'app',
  getSettings: 'app',
  setSettings: 'app',
  listWorkers: 'app',
  listSweeps: 'sweeps',
  getSweep: 'sweeps',
  findSweep: 'sweeps',
  checkConfig: 'sweeps',
  createSweep: 'sweeps',
  cancelSweep: 'sweeps',
  resumeSweep: 'sweeps',
  confirmSweep: 'sweeps',
  deleteSweep: 'sweeps',
  updateSweep: 'sweeps',
  parseConfig: 'sweeps',
  formatConfig: 'sweeps',
  listRuns: 'runs',
  getRun: 'runs',
  cancelRun: 'runs',
  updateRun: 'runs',
  deleteRun: 'runs',
  metrics: 'runs',
  runPredictions: 'runs',
  runFrames: 'runs',
  runArtifact: 'runs',
  evaluateRun: 'runs',
  listDatasets: 'datasets',
  datasetSamples: 'datasets',
  fetchDataset: 'datasets',
  exportTable: 'exports',
  runTable: 'exports',
  tunerView: 'sweeps',
  importance: 'sweeps',
  exportReport: 'exports',
  exportPack: 'exports',
  saveFile: 'platform',
  openConfigFile: 'platform',
  chooseFolder: 'platform',
};

export const DOMAINS: readonly Domain[] = ['app', 'sweeps', 'runs', 'datasets', 'exports', 'platform'];

const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'refused: the call did not come from the Sweeplab window' },
};

/** The sender must be one of our windows, and the calling frame its main frame showing the app page. */
export function isTrustedSender(event: IpcMainInvokeEvent, ctx: IpcContext): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (!ctx.windows().some((w) => !w.isDestroyed() && w.webContents.id === event.sender.id)) return false;
  return isAppUrl(frame.url, ctx.page);
}

async function answer(ctx: IpcContext, method: ApiMethod, event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> {
  if (!isTrustedSender(event, ctx)) return FORBIDDEN;
  try {
    return await ctx.services.dispatch(method, payload);
  } catch (err) {
    // dispatch answers Results itself; this is the last line, for bugs.
    return { ok: false, error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
  }
}

/** Registers one domain's methods; returns what undoes it. */
export function setupDomain(domain: Domain, ctx: IpcContext): () => void {
  const methods = API_METHODS.filter((m) => DOMAIN_OF[m] === domain);
  for (const m of methods) ipcMain.handle(ipcChannel(m), (event, payload: unknown) => answer(ctx, m, event, payload));
  return () => methods.forEach((m) => ipcMain.removeHandler(ipcChannel(m)));
}

/** Sends one event to every open app window. */
export function sendEvent(windows: BrowserWindow[], message: EventMessage): void {
  for (const w of windows) if (!w.isDestroyed()) w.webContents.send(EVENT_CHANNEL, message);
}

/** All handlers, and the services' events forwarded to the windows. Returns the teardown. */
export function setupIpc(ctx: IpcContext): () => void {
  const undo = DOMAINS.map((d) => setupDomain(d, ctx));
  undo.push(ctx.services.onEvent((m) => sendEvent(ctx.windows(), m)));
  return () => undo.forEach((f) => f());
}
