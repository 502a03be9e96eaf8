import { afterAll, beforeAll, expect } from 'vitest';
import { startTestServer, type TestServer } from '../harness.js';
import { CoreApp, CoreCredentials, type CoreUser } from './core-client.js';
import { CoreAppError } from './core-jwt.js';

/**
 * What every realm-core conformance file shares: a real server (SQLite or PostgreSQL, by the
 * vitest project) with a movable clock, and apps and users made the way core makes them.
 */
export interface Conformance {
  server: TestServer;
  clock: { now(): number; advance(ms: number): void };
}

export const PASSWORD = 'correct horse battery';
let counter = 0;
export const email = () => `core-${Date.now().toString(36)}-${++counter}@example.com`;

/** Starts the server for the calling test file and stops it after. */
export function conformanceServer(env?: () => Record<string, string>): Conformance {
  let offset = 0;
  const context = { clock: { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) } } as Conformance;
  beforeAll(async () => {
    context.server = await startTestServer({ clock: context.clock, ...(env ? { env: env() } : {}) });
  });
  afterAll(() => context.server.close());
  return context;
}

export async function newApp(context: Conformance, settings?: Record<string, unknown>): Promise<CoreApp> {
  return new CoreApp(await context.server.createApp(settings), context.server.url);
}

export async function emailUser(app: CoreApp): Promise<{ user: CoreUser; address: string }> {
  const address = email();
  await app.registerEmail(address, PASSWORD);
  return { user: await app.logIn(CoreCredentials.emailPassword(address, PASSWORD)), address };
}

export async function coreError(promise: Promise<unknown>): Promise<CoreAppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CoreAppError);
  return error as CoreAppError;
}
