import { LatchkeyError } from '../../model/errors.js';
import { StoreUnavailableError } from '../store.js';

const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
// 08: connection exceptions; 57P01-57P03: admin or crash shutdown, cannot connect now; 53300: too many connections.
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[123]|53300)$/;

/** Whether an error means the database cannot be reached (as opposed to a refused statement). */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code && (CONNECTION_ERRNOS.has(code) || UNAVAILABLE_SQLSTATES.test(code))) return true;
  return /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect/i.test(message ?? '');
}

/** 22021: a value PostgreSQL cannot hold in text, such as a NUL character (SQLite stores it). */
const UNSTORABLE_TEXT = '22021';

/**
 * Connection failures become StoreUnavailableError (answered 503); text PostgreSQL cannot hold
 * (a NUL byte that got past a route's own checks) a 400, never a 500; anything else passes through.
 */
export function asStoreError(error: unknown): unknown {
  if ((error as { code?: string } | null)?.code === UNSTORABLE_TEXT) {
    const refusal = new LatchkeyError('InvalidParameter', 'a value holds a character that cannot be stored (such as NUL)');
    // Kept for callers that tell the database's refusals apart (a deployment import names the table).
    refusal.cause = error;
    return refusal;
  }
  return isConnectionFailure(error) && !(error instanceof StoreUnavailableError) ? new StoreUnavailableError(error) : error;
}
