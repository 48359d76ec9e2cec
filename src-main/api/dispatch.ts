/**
 * The one entry point of every call, whichever transport brought it: finds the method,
 * validates the payload, runs the handler and answers a Result. It never throws and
 * never rejects: errors cross IPC and HTTP as `{ code, message }` or not at all.
 */
import { DataError } from '../data/errors';
import { StoreSchemaError } from '../store/store';
import { classifyStoreError, describeStorageError } from '../store/storeErrors';
import { ConfigError } from '../sweep/configFile';
import { describeProblems } from '../sweep/configIssues';
import { toConfigIssues, type ConfigIssue } from '../sweep/configSchema';
import type { ApiError, ApiErrorCode, ApiMethod, Result } from './contract';
import type { ApiContext, Handlers, MethodHandler } from './context';
import { ApiFailure } from './errors';
import { HANDLERS } from './handlers';

export type Dispatch = (method: string, payload: unknown) => Promise<Result<unknown>>;

const DATA_ERROR_CODES: Record<DataError['code'], ApiErrorCode> = {
  BAD_DATA: 'BAD_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  DOWNLOAD_FAILED: 'UNAVAILABLE',
  CANCELLED: 'CANCELLED',
};

/** `code` values other modules put on their errors, and what they mean to a client. */
const KNOWN_CODES: Record<string, ApiErrorCode> = {
  BAD_INPUT: 'BAD_INPUT',
  BAD_CONFIG: 'BAD_INPUT',
  BAD_DATA: 'BAD_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  CANCELLED: 'CANCELLED',
  BACKEND_UNAVAILABLE: 'UNAVAILABLE',
  DOWNLOAD_FAILED: 'UNAVAILABLE',
  STORAGE: 'UNAVAILABLE',
};

export function toApiError(err: unknown, method: string): ApiError {
  if (err instanceof ApiFailure) return err.toApiError();
  if (err instanceof ConfigError) return { code: 'BAD_INPUT', message: err.message, issues: err.issues };
  if (err instanceof DataError) return { code: DATA_ERROR_CODES[err.code] ?? 'BAD_INPUT', message: err.message };
  if (err instanceof StoreSchemaError) return { code: 'UNAVAILABLE', message: err.message };
  // The database, not the request: say so in words, without a stack in the log.
  const storeFailure = classifyStoreError(err);
  if (storeFailure === 'busy')
    return { code: 'UNAVAILABLE', message: `${method}: the database is busy (another Sweeplab process is writing to it); try again in a moment` };
  if (storeFailure === 'storage') return { code: 'UNAVAILABLE', message: `${method}: ${describeStorageError(err, 'the database')}` };
  const code = (err as { code?: unknown } | null)?.code;
  const mapped = typeof code === 'string' ? KNOWN_CODES[code] : undefined;
  if (mapped && err instanceof Error) return { code: mapped, message: err.message };
  // A bug or an environment problem: the message goes to the client, the stack to stderr.
  console.error(`sweeplab: ${method} failed:`, err);
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `${method}: ${message || 'unexpected error'}` };
}

function payloadIssues(method: string, handler: MethodHandler<ApiMethod>, payload: unknown): { ok: true; req: unknown } | { ok: false; error: ApiError } {
  const parsed = handler.input.safeParse(payload);
  if (parsed.success) return { ok: true, req: parsed.data };
  const issues: ConfigIssue[] = toConfigIssues(parsed.error, payload).map((i) => (i.path === '(config)' ? { ...i, path: '(payload)' } : i));
  return { ok: false, error: { code: 'BAD_INPUT', message: describeProblems(method, issues), issues } };
}

export function createDispatch(ctx: ApiContext, handlers: Handlers = HANDLERS): Dispatch {
  return async (method, payload) => {
    try {
      if (typeof method !== 'string' || !Object.hasOwn(handlers, method))
        return { ok: false, error: { code: 'BAD_INPUT', message: `unknown method "${String(method)}"` } };
      const handler = handlers[method as ApiMethod] as MethodHandler<ApiMethod>;
      const checked = payloadIssues(method, handler, payload);
      if (!checked.ok) return checked;
      const data = await handler.run(ctx, checked.req as never);
      return { ok: true, data };
    } catch (err) {
      return { ok: false, error: toApiError(err, String(method)) };
    }
  };
}
