/**
 * Errors about data: a file that is missing, malformed, truncated or fails its digest.
 * They carry a `code` because errors crossing IPC keep only `{ code, message }` (see
 * STYLE.md), and the message always names the file and the place, so the user can fix
 * the file without reading a stack trace.
 */
export type DataErrorCode = 'BAD_DATA' | 'NOT_FOUND' | 'DOWNLOAD_FAILED' | 'CANCELLED';

export class DataError extends Error {
  readonly code: DataErrorCode;

  constructor(message: string, code: DataErrorCode = 'BAD_DATA', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataError';
    this.code = code;
  }
}

/** `12345` → `12,345`: counts in messages are read by people. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
