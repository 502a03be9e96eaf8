import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { secretMatchesHash } from '../crypto/secret-hash.js';
import { LatchkeyError } from '../model/errors.js';
import { bearerToken } from './bearer.js';

/**
 * Wrong admin tokens an address may present in a window before every admin request from it is
 * refused until the window ends. A refusal that depended on the token would still tell a
 * guesser when a guess was right, so a blocked address is refused whatever it sends.
 */
export const ADMIN_FAILURES = { max: 10, windowMs: 10 * 60_000 } as const;
/** Addresses remembered at most; past this, windows that have ended are forgotten first. */
const MAX_TRACKED_ADDRESSES = 10_000;

interface Window {
  failures: number;
  startedAt: number;
}

export interface AdminGuard {
  /** An onRequest hook: runs before the body is read, so nobody without the token learns how a body is validated. */
  hook: onRequestAsyncHookHandler;
}

/**
 * The admin token, compared with its stored hash in constant time, and wrong tokens counted
 * per client address in this process (each node counts its own: with a token of at least 128
 * bits, the count is there to stop noise and be seen, not because guessing could succeed).
 */
export function createAdminGuard(tokenHash: Buffer, now: () => number, onRefused: (request: FastifyRequest) => void): AdminGuard {
  const windows = new Map<string, Window>();
  const current = (ip: string): Window | undefined => {
    const window = windows.get(ip);
    if (window && now() - window.startedAt >= ADMIN_FAILURES.windowMs) windows.delete(ip);
    return windows.get(ip);
  };
  const forgetEnded = () => {
    for (const ip of windows.keys()) current(ip);
    if (windows.size >= MAX_TRACKED_ADDRESSES) windows.delete(windows.keys().next().value!);
  };
  return {
    async hook(request) {
      const window = current(request.ip);
      if (window && window.failures >= ADMIN_FAILURES.max) {
        const seconds = Math.ceil((window.startedAt + ADMIN_FAILURES.windowMs - now()) / 1000);
        throw new LatchkeyError('TooManyRequests', `too many wrong admin tokens from this address; retry in ${seconds} s`, seconds);
      }
      if (secretMatchesHash(bearerToken(request), tokenHash)) return;
      if (window) window.failures++;
      else {
        if (windows.size >= MAX_TRACKED_ADDRESSES) forgetEnded();
        windows.set(request.ip, { failures: 1, startedAt: now() });
      }
      onRefused(request);
      throw new LatchkeyError('AuthError', 'invalid admin token');
    },
  };
}
