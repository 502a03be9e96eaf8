import type { Clock } from './clock.js';
import type { Store } from '../store/store.js';
/** How often remembered activity is written; the admin API shows it within this. */
export declare const ACTIVITY_FLUSH_MS = 5000;
/**
 * When users last logged in, remembered in memory and written in one batch every few
 * seconds: a write per login would cost logins a database round trip (and, on SQLite, a
 * commit) for a value nobody needs to the millisecond.
 */
export declare class ActivityRecorder {
    private readonly store;
    private readonly clock;
    private readonly onError;
    private logins;
    private keyUses;
    private timer;
    private flushing;
    constructor(store: Store, clock: Clock, onError: (error: unknown) => void);
    loggedIn(userId: string): void;
    /** A login or a verification with the key (`userId`: its owner, for a user key). */
    keyUsed(keyId: string, userId: string | null): void;
    start(): void;
    /** Writes what is remembered now (the timer does this on its own; tests and shutdown ask). */
    flush(): Promise<void>;
    stop(): Promise<void>;
}
