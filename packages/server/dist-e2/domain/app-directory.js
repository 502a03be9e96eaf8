/**
 * Every app, held in memory: apps are few and read on every request, so each lookup would
 * otherwise be a database round trip. The store pushes changes made by any node (PostgreSQL
 * LISTEN/NOTIFY), and each push reloads the whole directory. An app another node created a
 * moment ago is not here yet: a miss falls through to the store.
 */
export class AppDirectory {
    store;
    byClientAppId = new Map();
    byId = new Map();
    unsubscribe;
    /** Bumped by every reload that starts and every app this node records or drops itself. */
    generation = 0;
    reloadsStarted = 0;
    constructor(store, onReloadError) {
        this.store = store;
        this.unsubscribe = store.subscribe((change) => {
            if (change.kind === 'apps' || change.kind === 'resync')
                this.reload().catch(onReloadError);
        });
    }
    static async load(store, onReloadError) {
        const directory = new AppDirectory(store, onReloadError);
        await directory.reload();
        return directory;
    }
    /**
     * Reads every app and replaces the directory, unless something newer arrived while it read:
     * reloads overlap (each push starts one) and may finish out of order, and a read that
     * started before another node's change, or before this node recorded its own, must not
     * overwrite it. A later reload then applies instead, or, when only this node's own records
     * overtook it, this one reads again.
     */
    async reload() {
        for (;;) {
            const started = ++this.generation;
            const reload = ++this.reloadsStarted;
            const apps = await this.store.listApps();
            if (started === this.generation) {
                this.byClientAppId = new Map(apps.map((app) => [app.clientAppId, app]));
                this.byId = new Map(apps.map((app) => [app.id, app]));
                return;
            }
            if (this.reloadsStarted !== reload)
                return;
        }
    }
    /** Drops an app this node just deleted, before any push arrives. */
    forget(app) {
        this.generation++;
        this.byClientAppId.delete(app.clientAppId);
        this.byId.delete(app.id);
    }
    /** Records an app this node just created or changed, before any push arrives. */
    remember(app) {
        this.generation++;
        this.byClientAppId.set(app.clientAppId, app);
        this.byId.set(app.id, app);
    }
    async findByClientAppId(clientAppId) {
        const cached = this.byClientAppId.get(clientAppId);
        if (cached)
            return cached;
        const stored = await this.store.findAppByClientId(clientAppId);
        if (stored)
            this.remember(stored);
        return stored;
    }
    async findById(id) {
        const cached = this.byId.get(id);
        if (cached)
            return cached;
        const stored = await this.store.findAppById(id);
        if (stored)
            this.remember(stored);
        return stored;
    }
    /** Synchronous, cache-only reads, for per-request decisions such as CORS. */
    cachedByClientAppId(clientAppId) {
        return this.byClientAppId.get(clientAppId);
    }
    cachedById(id) {
        return this.byId.get(id);
    }
    cachedApps() {
        return this.byId.values();
    }
    close() {
        this.unsubscribe();
    }
}
//# sourceMappingURL=app-directory.js.map