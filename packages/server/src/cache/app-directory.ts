import { CLIENT_APP_ID_PATTERN } from '@latchkey/protocol';
import type { Store } from '../store/store.js';
import type { App } from '../model/apps.js';

/**
 * Every app, held in memory: apps are few and read on every request, so each lookup would
 * otherwise be a database round trip. The store pushes changes made by any node (PostgreSQL
 * LISTEN/NOTIFY), and each push reloads the whole directory. An app another node created a
 * moment ago is not here yet: a miss falls through to the store.
 */
const CLIENT_APP_ID = new RegExp(CLIENT_APP_ID_PATTERN);

export class AppDirectory {
  private byClientAppId = new Map<string, App>();
  private byId = new Map<string, App>();
  private readonly unsubscribe: () => void;
  /** Bumped by every reload that starts and every app this node records or drops itself. */
  private generation = 0;
  private reloadsStarted = 0;

  private constructor(
    private readonly store: Store,
    onReloadError: (error: unknown) => void,
  ) {
    this.unsubscribe = store.subscribe((change) => {
      if (change.kind === 'apps' || change.kind === 'resync') this.reload().catch(onReloadError);
    });
  }

  static async load(store: Store, onReloadError: (error: unknown) => void): Promise<AppDirectory> {
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
  async reload(): Promise<void> {
    for (;;) {
      const started = ++this.generation;
      const reload = ++this.reloadsStarted;
      const apps = await this.store.listApps();
      if (started === this.generation) {
        this.byClientAppId = new Map(apps.map((app) => [app.clientAppId, app]));
        this.byId = new Map(apps.map((app) => [app.id, app]));
        return;
      }
      if (this.reloadsStarted !== reload) return;
    }
  }

  /** Drops an app this node just deleted, before any push arrives. */
  forget(app: App): void {
    this.generation++;
    this.byClientAppId.delete(app.clientAppId);
    this.byId.delete(app.id);
  }

  /** Records an app this node just created or changed, before any push arrives. */
  remember(app: App): void {
    this.generation++;
    this.byClientAppId.set(app.clientAppId, app);
    this.byId.set(app.id, app);
  }

  async findByClientAppId(clientAppId: string): Promise<App | null> {
    const cached = this.byClientAppId.get(clientAppId);
    if (cached) return cached;
    // Not the form of any app's id (every stored one was checked): no lookup, whatever it holds.
    if (!CLIENT_APP_ID.test(clientAppId)) return null;
    const stored = await this.store.findAppByClientId(clientAppId);
    if (stored) this.remember(stored);
    return stored;
  }

  async findById(id: string): Promise<App | null> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const stored = await this.store.findAppById(id);
    if (stored) this.remember(stored);
    return stored;
  }

  /** Synchronous, cache-only reads, for per-request decisions such as CORS. */
  cachedByClientAppId(clientAppId: string): App | undefined {
    return this.byClientAppId.get(clientAppId);
  }

  cachedById(id: string): App | undefined {
    return this.byId.get(id);
  }

  cachedApps(): Iterable<App> {
    return this.byId.values();
  }

  close(): void {
    this.unsubscribe();
  }
}
