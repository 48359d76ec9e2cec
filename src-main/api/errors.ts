/**
 * Errors a handler means to send: a code from the contract and a message for people.
 * Everything else a handler throws is translated by `toApiError` in dispatch.ts.
 */
import type { ApiError, ApiErrorCode, ConfigIssue } from './contract';

export class ApiFailure extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ConfigIssue[],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }

  toApiError(): ApiError {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export const badInput = (message: string, issues?: ConfigIssue[]) => new ApiFailure('BAD_INPUT', message, issues);
export const notFound = (message: string) => new ApiFailure('NOT_FOUND', message);
export const conflict = (message: string) => new ApiFailure('CONFLICT', message);
export const unavailable = (message: string) => new ApiFailure('UNAVAILABLE', message);
