/**
 * Passwords are hashed with argon2id at OWASP's first recommendation (Password Storage Cheat
 * Sheet: m = 19 MiB, t = 2, p = 1), through @node-rs/argon2 (prebuilt, off the event loop).
 * Each hash is a PHC string that carries its parameters, so they can be raised later: a hash
 * made with other parameters, or by the scrypt of Latchkey's first versions, still verifies,
 * and is replaced at the user's next successful login (`needsRehash`).
 */
export declare const ARGON2_PARAMS: {
    readonly memoryCost: 19456;
    readonly timeCost: 2;
    readonly parallelism: 1;
};
/** Thrown when the hashing queue is full: answered 503 (retry shortly), never a crash. */
export declare class PasswordHashingBusyError extends Error {
    constructor();
}
/** The most hashes that ever ran at once in this process (for the test of the cap). */
export declare const hashingConcurrency: () => {
    busiest: number;
    limit: number;
};
export declare function hashPassword(password: string): Promise<string>;
export declare function verifyPassword(password: string, stored: string): Promise<boolean>;
/** Whether a stored hash was made otherwise than hashPassword makes them now. */
export declare function needsRehash(stored: string): boolean;
/** A scrypt hash as the first versions made them: for tests of the upgrade path only. */
export declare function legacyScryptHash(password: string): Promise<string>;
/**
 * Spends the same time as a real verification, for logins naming an unknown email, so that
 * response time does not reveal which emails are registered.
 */
export declare function spendPasswordVerification(password: string): Promise<void>;
