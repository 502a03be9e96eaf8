import { OBJECT_ID_PATTERN } from '@latchkey/protocol';
import { randomBytesFromPool } from './random-pool.js';

/**
 * A 24-hex-character id laid out like a MongoDB ObjectId (the clients expect that shape):
 * 4 bytes of seconds since the epoch, 5 random bytes chosen once per process, and a 3-byte
 * counter. Ids from one process therefore only grow, so index inserts append instead of
 * landing on random pages: measured on SQLite, half the cost per session insert of fully
 * random ids. Ids are identifiers, not secrets; nothing relies on them being unguessable.
 */
const PROCESS_PART = randomBytesFromPool(5).toString('hex');
let counter = randomBytesFromPool(3).readUIntBE(0, 3);

export function newObjectId(nowMs: number = Date.now()): string {
  counter = (counter + 1) & 0xffffff;
  const seconds = Math.floor(nowMs / 1000) >>> 0;
  return seconds.toString(16).padStart(8, '0') + PROCESS_PART + counter.toString(16).padStart(6, '0');
}

/** The smallest id of the second `nowMs` falls in: ids made at or after that second sort at or above it. */
export function objectIdFloor(nowMs: number): string {
  return (Math.floor(nowMs / 1000) >>> 0).toString(16).padStart(8, '0') + '0'.repeat(16);
}

const OBJECT_ID = new RegExp(OBJECT_ID_PATTERN);

export function isObjectId(value: string): boolean {
  return OBJECT_ID.test(value);
}
