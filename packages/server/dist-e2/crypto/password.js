import { availableParallelism } from 'node:os';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
/**
 * Passwords are hashed with argon2id at OWASP's first recommendation (Password Storage Cheat
 * Sheet: m = 19 MiB, t = 2, p = 1), through @node-rs/argon2 (prebuilt, off the event loop).
 * Each hash is a PHC string that carries its parameters, so they can be raised later: a hash
 * made with other parameters, or by the scrypt of Latchkey's first versions, still verifies,
 * and is replaced at the user's next successful login (`needsRehash`).
 */
export const ARGON2_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
/** Algorithm.Argon2id (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2;
/**
 * At most this many hashes run at once, each holding its memory (19 MiB for argon2id, 32 MiB
 * for legacy scrypt); the rest wait their turn, and past MAX_WAITING a flood is refused
 * rather than queued without end. Rate limits stop one address long before that.
 */
const MAX_RUNNING = Math.max(2, availableParallelism());
const MAX_WAITING = 256;
/** Thrown when the hashing queue is full: answered 503 (retry shortly), never a crash. */
export class PasswordHashingBusyError extends Error {
    constructor() {
        super('too many password checks in progress');
        this.name = 'PasswordHashingBusyError';
    }
}
let running = 0;
let busiest = 0;
const waiting = [];
async function inTurn(work) {
    if (running >= MAX_RUNNING) {
        if (waiting.length >= MAX_WAITING)
            throw new PasswordHashingBusyError();
        await new Promise((resolve) => waiting.push(resolve));
    }
    running++;
    busiest = Math.max(busiest, running);
    try {
        return await work();
    }
    finally {
        running--;
        waiting.shift()?.();
    }
}
/** The most hashes that ever ran at once in this process (for the test of the cap). */
export const hashingConcurrency = () => ({ busiest, limit: MAX_RUNNING });
export function hashPassword(password) {
    return inTurn(() => hash(password.normalize('NFKC'), { algorithm: ARGON2ID, ...ARGON2_PARAMS }));
}
export async function verifyPassword(password, stored) {
    if (stored.startsWith('scrypt$'))
        return inTurn(() => verifyScrypt(password, stored));
    if (!stored.startsWith('$argon2id$'))
        return false;
    return inTurn(() => verify(stored, password.normalize('NFKC')).catch(() => false));
}
/** Whether a stored hash was made otherwise than hashPassword makes them now. */
export function needsRehash(stored) {
    const params = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
    return (!params ||
        Number(params[1]) !== ARGON2_PARAMS.memoryCost ||
        Number(params[2]) !== ARGON2_PARAMS.timeCost ||
        Number(params[3]) !== ARGON2_PARAMS.parallelism);
}
/** `scrypt$N$r$p$salt$key`, as Latchkey stored passwords before argon2id (N=2^15, r=8, p=1). */
function verifyScrypt(password, stored) {
    const [, n, r, p, salt, key] = stored.split('$');
    if (!n || !r || !p || !salt || !key)
        return Promise.resolve(false);
    const params = { N: Number(n), r: Number(r), p: Number(p) };
    const options = { ...params, maxmem: 256 * params.N * params.r };
    const expected = Buffer.from(key, 'base64');
    return new Promise((resolve, reject) => {
        scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, options, (error, actual) => {
            if (error)
                reject(error);
            else
                resolve(actual.length === expected.length && timingSafeEqual(actual, expected));
        });
    });
}
/** A scrypt hash as the first versions made them: for tests of the upgrade path only. */
export function legacyScryptHash(password) {
    const salt = randomBytes(16);
    const params = { N: 2 ** 15, r: 8, p: 1 };
    return new Promise((resolve, reject) => {
        scrypt(password.normalize('NFKC'), salt, 32, { ...params, maxmem: 256 * params.N * params.r }, (error, key) => {
            if (error)
                reject(error);
            else
                resolve(['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$'));
        });
    });
}
let dummyHash;
/**
 * Spends the same time as a real verification, for logins naming an unknown email, so that
 * response time does not reveal which emails are registered.
 */
export async function spendPasswordVerification(password) {
    dummyHash ??= hashPassword('latchkey-timing-equaliser');
    await verifyPassword(password, await dummyHash);
}
//# sourceMappingURL=password.js.map