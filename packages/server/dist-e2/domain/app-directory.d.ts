import type { Store } from '../store/store.js';
import type { App } from './apps.js';
/**
 * Every app, held in memory: apps are few and read on every request, so each lookup would
 * otherwise be a database round trip. The store pushes changes made by any node (PostgreSQL
 * LISTEN/NOTIFY), and each push reloads the whole directory. An app another node created a
 * moment ago is not here yet: a miss falls through to the store.
 */
export declare class AppDirectory {
    private readonly store;
    private byClientAppId;
    private byId;
    private readonly unsubscribe;
    /** Bumped by every reload that starts and every app this node records or drops itself. */
    private generation;
    private reloadsStarted;
    private constructor();
    static load(store: Store, onReloadError: (error: unknown) => void): Promise<AppDirectory>;
    /**
     * Reads every app and replaces the directory, unless something newer arrived while it read:
     * reloads overlap (each push starts one) and may finish out of order, and a read that
     * started before another node's change, or before this node recorded its own, must not
     * overwrite it. A later reload then applies instead, or, when only this node's own records
     * overtook it, this one reads again.
     */
    reload(): Promise<void>;
    /** Drops an app this node just deleted, before any push arrives. */
    forget(app: App): void;
    /** Records an app this node just created or changed, before any push arrives. */
    remember(app: App): void;
    findByClientAppId(clientAppId: string): Promise<App | null>;
    findById(id: string): Promise<App | null>;
    /** Synchronous, cache-only reads, for per-request decisions such as CORS. */
    cachedByClientAppId(clientAppId: string): App | undefined;
    cachedById(id: string): App | undefined;
    cachedApps(): Iterable<App>;
    close(): void;
}
