import { randomFillSync } from 'node:crypto';
/**
 * CSPRNG bytes from node:crypto, fetched 4 KiB at a time: one getrandom() call serves many ids
 * and secrets instead of one call each (the syscall costs more than the bytes). Every byte is
 * handed out once and never reused, as with Node's own cache behind randomUUID().
 */
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;
export function randomBytesFromPool(length) {
    if (length > POOL_SIZE)
        throw new RangeError(`at most ${POOL_SIZE} bytes at a time`);
    if (offset + length > POOL_SIZE) {
        randomFillSync(pool);
        offset = 0;
    }
    const bytes = Buffer.from(pool.subarray(offset, offset + length));
    pool.fill(0, offset, offset + length);
    offset += length;
    return bytes;
}
//# sourceMappingURL=random-pool.js.map