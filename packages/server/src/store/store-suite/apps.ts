import { describe, expect, it } from 'vitest';
import { newObjectId } from '../../crypto/ids.js';
import type { StoreFixture } from './fixture.js';

/** The store suite: server secrets and apps. */
export function appsSuite(fx: StoreFixture): void {
  describe('server secrets', () => {
    it('keeps the first value written under a name, even when writers race', async () => {
      const results = await Promise.all(['a', 'b', 'c'].map((value) => fx.store.insertServerSecretIfAbsent('secret', value)));
      expect(new Set(results).size).toBe(1);
      expect(await fx.store.insertServerSecretIfAbsent('secret', 'later')).toBe(results[0]);
      expect(await fx.store.insertServerSecretIfAbsent('other', 'x')).toBe('x');
    });
  });

  describe('apps', () => {
    it('refuses a second app with the same client app id', async () => {
      expect(await fx.store.insertApp({ ...fx.app, id: newObjectId() })).toBe('duplicate');
    });

    it('announces app changes to subscribers', async () => {
      const heard: string[] = [];
      const unsubscribe = fx.store.subscribe((change) => heard.push(change.kind));
      await fx.store.updateAppSettings(fx.app.id, { ...fx.app.settings, corsOrigins: ['https://a.example.com'] });
      for (let waited = 0; !heard.includes('apps') && waited < 2000; waited += 10) await new Promise((r) => setTimeout(r, 10));
      unsubscribe();
      expect(heard).toContain('apps');
    });

    it('finds apps by client id and id, and persists settings updates', async () => {
      expect(await fx.store.findAppByClientId(fx.app.clientAppId)).toEqual(fx.app);
      await fx.store.updateAppSettings(fx.app.id, { ...fx.app.settings, maxUserApiKeys: 3 });
      expect((await fx.store.findAppById(fx.app.id))?.settings.maxUserApiKeys).toBe(3);
      expect(await fx.store.findAppByClientId('missing')).toBeNull();
    });
  });
}
