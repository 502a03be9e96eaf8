import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newObjectId } from '../crypto/ids.js';
import { openSqliteStore } from '../store/sqlite/sqlite-driver.js';
import type { Store } from '../store/store.js';
import { AppDirectory } from './app-directory.js';
import { DEFAULT_APP_SETTINGS } from '../model/apps.js';

const dir = mkdtempSync(join(tmpdir(), 'latchkey-apps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The real store, with one change of timing: while `held`, each list of apps is read at once
 * but handed back only when released, in whatever order the test releases them (as reloads on
 * a pooled PostgreSQL connection may finish).
 */
function withHeldLists(store: Store) {
  const held: (() => void)[] = [];
  const control = { holding: false, held };
  const proxy = new Proxy(store, {
    get(target, property) {
      if (property === 'listApps') {
        return async () => {
          const apps = await target.listApps();
          if (control.holding) await new Promise<void>((release) => held.push(release));
          return apps;
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: proxy, control };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('app directory', () => {
  it('keeps the newer apps when an older reload finishes last', async () => {
    const store = openSqliteStore(join(dir, `${newObjectId()}.db`));
    const id = newObjectId();
    await store.insertApp({
      id,
      clientAppId: 'ordered',
      name: 'ordered',
      settings: DEFAULT_APP_SETTINGS,
      webhookSecret: null,
      createdAt: 1,
    });
    const { store: timed, control } = withHeldLists(store);
    const directory = await AppDirectory.load(timed, (error) => {
      throw error;
    });
    try {
      control.holding = true;
      // A reload that reads before the change (a push from an earlier change, say)…
      const stale = directory.reload();
      // …then the change, whose own push starts a second reload.
      await store.updateAppSettings(id, { ...DEFAULT_APP_SETTINGS, refreshTokenTtlSeconds: 123 });
      expect(control.held).toHaveLength(2);
      control.held[1]!();
      await settle();
      expect(directory.cachedByClientAppId('ordered')?.settings.refreshTokenTtlSeconds).toBe(123);
      control.held[0]!();
      await stale;
      expect(directory.cachedByClientAppId('ordered')?.settings.refreshTokenTtlSeconds).toBe(123);
    } finally {
      directory.close();
      await store.close();
    }
  });
});
