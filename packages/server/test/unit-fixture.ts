import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newObjectId } from '../src/crypto/ids.js';
import { CHEAP_PASSWORDS } from './cheap-passwords.js';
import type { AuditRecorder } from '../src/domain/audit-recorder.js';
import type { Deps } from '../src/domain/deps.js';
import { SigningKeyRing } from '../src/domain/signing-key-ring.js';
import { createDeps } from '../src/wiring.js';
import type { AppSettings } from '@latchkey/protocol';
import { DEFAULT_APP_SETTINGS, type App } from '../src/model/apps.js';
import type { Origin } from '../src/model/audit-events.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-driver.js';

/**
 * What a unit test of a domain service needs: the real SQL store on a temporary SQLite file, a
 * frozen clock the test moves, and argon2id at its cheapest. No HTTP, no socket: a service call
 * takes milliseconds.
 */
export interface UnitWorld {
  deps: Deps & { audit: AuditRecorder };
  clock: { now(): number; advance(ms: number): void };
  app: App;
  origin: Origin;
  /** A second app, for tests that one app never reaches another's users or keys. */
  newApp(settings?: Partial<AppSettings>): Promise<App>;
  close(): Promise<void>;
}

const SILENT = { warn: () => undefined, info: () => undefined };
const FROZEN_START = Date.parse('2026-12-06T12:00:00Z');

export async function unitWorld(settings: Partial<AppSettings> = {}): Promise<UnitWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-unit-'));
  const store = openSqliteStore(join(dir, 'latchkey.db'));
  let now = FROZEN_START;
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const signingKeys = await SigningKeyRing.load(store, clock);
  const deps = await createDeps(store, clock, signingKeys, SILENT, { passwords: CHEAP_PASSWORDS });
  let apps = 0;
  async function newApp(overrides: Partial<AppSettings> = {}): Promise<App> {
    const app: App = {
      id: newObjectId(now),
      clientAppId: `unit-${++apps}`,
      name: 'unit',
      settings: { ...DEFAULT_APP_SETTINGS, ...overrides },
      webhookSecret: null,
      createdAt: now,
    };
    await store.insertApp(app);
    await deps.apps.reload();
    return app;
  }
  return {
    deps,
    clock,
    app: await newApp(settings),
    origin: { actor: { kind: 'anonymous' }, ip: '192.0.2.1', userAgent: 'unit' },
    newApp,
    async close() {
      await deps.audit.flush();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The code a service call was refused with, or 'resolved': what the unit tests assert on. */
export const codeOf = (promise: Promise<unknown>): Promise<string | undefined> =>
  promise.then(
    () => 'resolved',
    (error: { code?: string }) => error.code,
  );

/**
 * Runs `work` and counts the turns the event loop took meanwhile: a request waiting for the
 * event loop is served in such a turn, so work that never yields counts none.
 */
export async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let working = true;
  const turn = () => {
    turns++;
    if (working) setImmediate(turn);
  };
  setImmediate(turn);
  try {
    await work();
  } finally {
    working = false;
  }
  return turns;
}
