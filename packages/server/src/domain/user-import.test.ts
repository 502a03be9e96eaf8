import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../../test/nodes.js';
import { codeOf, unitWorld, type UnitWorld } from '../../test/unit-fixture.js';
import { logInWithApiKey, logInWithPassword } from './logins.js';
import { importUsers, type ImportLine } from './user-import.js';

let world: UnitWorld;
beforeEach(async () => (world = await unitWorld()));
afterEach(() => world.close());

const BCRYPT_U_STAR_U = '$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';
const id = (n: number) => n.toString(16).padStart(24, '0');

function record(n: number, extra: Record<string, unknown> = {}) {
  return {
    _id: id(n),
    identities: [{ id: id(1_000_000 + n), provider_type: 'local-userpass', provider_data: { email: `user${n}@example.com` } }],
    creation_date: 1_600_000_000,
    ...extra,
  };
}

async function* lines(values: unknown[]): AsyncGenerator<ImportLine> {
  let line = 0;
  for (const value of values) yield { position: { line: ++line }, value };
}

const run = (values: unknown[], dryRun = false) => importUsers(world.deps, world.app, lines(values), { dryRun }, world.origin);

describe('importing users', () => {
  it("replaces an imported hash with Latchkey's argon2id at the first login, and the password still works", async () => {
    await run([record(1, { password_hash: BCRYPT_U_STAR_U })]);
    expect((await logInWithPassword(world.deps, world.app, 'user1@example.com', 'U*U', world.origin)).userId).toBe(id(1));
    await until(
      async () =>
        (await world.deps.store.findPasswordIdentity(world.app.id, 'user1@example.com'))?.passwordHash?.startsWith('$argon2id$') === true,
      'the hash upgrade',
    );
    expect((await logInWithPassword(world.deps, world.app, 'user1@example.com', 'U*U', world.origin)).userId).toBe(id(1));
  });

  it('answers PasswordResetRequired only for an imported user without a password, whatever the password given', async () => {
    await run([record(2)]);
    expect(await codeOf(logInWithPassword(world.deps, world.app, 'user2@example.com', 'anything', world.origin))).toBe(
      'PasswordResetRequired',
    );
    expect(await codeOf(logInWithPassword(world.deps, world.app, 'nobody@example.com', 'anything', world.origin))).toBe('InvalidPassword');
  });

  it('logs an imported key in by its hash, in the app that accepts imported keys only', async () => {
    const key = 'legacy-key-0123456789abcdef';
    const keyHash = (await import('node:crypto')).createHash('sha256').update(key).digest('hex');
    const report = await run([record(3, { api_keys: [{ name: 'cli', key_hash: keyHash }] })]);
    expect(report.acceptImportedKeysTurnedOn).toBe(true);
    const app = (await world.deps.apps.findById(world.app.id))!;
    expect((await logInWithApiKey(world.deps, app, key, world.origin)).userId).toBe(id(3));
    expect(
      await codeOf(logInWithApiKey(world.deps, { ...app, settings: { ...app.settings, acceptImportedKeys: false } }, key, world.origin)),
    ).toBe('AuthError');
  });

  it('writes two records of one batch that share an email as one import and one conflict, in file order', async () => {
    const twin = record(5, { identities: [{ id: id(9), provider_type: 'local-userpass', provider_data: { email: 'user4@example.com' } }] });
    const report = await run([record(4), twin]);
    expect(report.tally).toMatchObject({ imported: 1, failed: 1 });
    expect(report.tally.failures).toEqual([
      { line: 2, id: id(5), reason: 'the email user4@example.com belongs to another user of this app' },
    ]);
  });

  it('imports more than a batch, and a dry run of the same file writes nothing but finds a repeated id', async () => {
    const USER_BATCH = world.deps.store.importBatchSize;
    const many = Array.from({ length: USER_BATCH + 7 }, (_, n) => record(100 + n));
    const dry = await run([...many, record(100)], true);
    expect(dry.tally).toMatchObject({ imported: USER_BATCH + 7, failed: 1 });
    expect(dry.tally.failures).toEqual([{ line: USER_BATCH + 8, id: id(100), reason: 'the same _id appears earlier in the file' }]);
    expect(await world.deps.store.findUser(world.app.id, id(100))).toBeNull();
    const real = await run(many);
    expect(real.tally).toMatchObject({ imported: USER_BATCH + 7, failed: 0 });
    expect((await world.deps.store.findUser(world.app.id, id(100 + USER_BATCH + 6)))?.importedAt).not.toBeNull();
  });

  it('keeps imported anonymous users out of the sweep of abandoned anonymous users', async () => {
    const anonymous = { _id: id(11), identities: [{ id: id(12), provider_type: 'anon-user' }], creation_date: 1_500_000_000 };
    expect((await run([anonymous])).tally.imported).toBe(1);
    const now = world.deps.clock.now();
    expect(await world.deps.store.deleteAbandonedAnonymousUsers(world.app.id, now, now, 100)).toBe(0);
    expect(await world.deps.store.findUser(world.app.id, id(11))).not.toBeNull();
  });

  it('names the field of a record that cannot come in', async () => {
    const report = await run([
      { _id: 'nope' },
      record(7, { type: 'admin' }),
      record(8, { identities: [{ id: 'x', provider_type: 'github' }] }),
      record(9, { password_hash: 'md5$x$y' }),
      record(10, { api_keys: [{ name: 'k', key_hash: 'ABC' }] }),
    ]);
    expect(report.tally.failures.map((failure) => failure.reason)).toEqual([
      '_id must be 24 hexadecimal characters (an ObjectId)',
      'type must be "normal" or "server"',
      expect.stringMatching(/^identities\[0\]\.provider_type must be one of local-userpass, anon-user, api-key, custom-token/),
      expect.stringMatching(/^password_hash is in no accepted format/),
      'api_keys[0].key_hash must be the lowercase hexadecimal SHA-256 of the whole key (64 characters)',
    ]);
  });
});
