import { randomBytes } from 'node:crypto';

/**
 * A 24-hex-character id shaped like a MongoDB ObjectId (the clients expect that shape): four
 * bytes of seconds since the epoch, so ids sort roughly by creation and index pages stay
 * local, then eight random bytes from `node:crypto`.
 */
export function newObjectId(nowMs: number = Date.now()): string {
  const seconds = Math.floor(nowMs / 1000) >>> 0;
  return seconds.toString(16).padStart(8, '0') + randomBytes(8).toString('hex');
}

export const OBJECT_ID_PATTERN = '^[0-9a-f]{24}$';
const OBJECT_ID = new RegExp(OBJECT_ID_PATTERN);

export function isObjectId(value: string): boolean {
  return OBJECT_ID.test(value);
}
