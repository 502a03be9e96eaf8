import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LatchkeyAdmin, type AppImportReport, type UserImportReport } from '@latchkey/admin';
import * as Realm from 'realm-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExportFolder } from '../src/cli/import-files.js';
import { ADMIN_TOKEN, CLIENT, startTestServer, type TestServer, realmRefusal } from './harness.js';
import { assertBuilt, runCli } from './nodes.js';
import { CoreApp, CoreCredentials } from './realm-core/core-client.js';
import { CoreAppError } from './realm-core/core-jwt.js';
import { startSmtp, tokenIn, type TestSmtp } from './smtp.js';

/**
 * Moving an App Services app in, from files written in App Services' documented formats
 * (test/fixtures/app-services: an `appservices pull` folder, the Admin API's user list as an
 * array and as JSON Lines, a `mongoexport` of the custom-data collection), through the admin
 * client and the CLI, then used by realm-web and by realm-core's own requests, on both stores.
 */

const FIXTURES = join(import.meta.dirname, 'fixtures', 'app-services');
const CLIENT_APP_ID = 'moving-app-qxzrt';
const id = (n: number) => `5f6a1c2e9d3b4a00${n.toString(16).padStart(8, '0')}`;
const FOREIGN_USER_KEY = 'appsvcs_key_9fKq2Lm8Np4Rt6Vx0Zb3Cd5Fg7Hj1Kl2Mn4Pq6Rs8Tv0Wx2Yz4Ab6Cd8Ef0Gh2Ij4Kl6Mn8Op';
const FOREIGN_SERVER_KEY = 'srvkey_Zq7Xw3Ev9Rb2Tn5Ym8Uk1Il4Op6As0Df3Gh5Jk7Lz9Xc2Vb4Nm6Qw8Er0Ty2Ui4Op6';
/** Each user's password, as the system that hashed it was given it (bcrypt, passlib and Django test vectors among them). */
const PASSWORDS: [n: number, email: string, password: string, scheme: string][] = [
  [1, 'ada@example.com', 'U*U', 'bcrypt'],
  [2, 'bea@example.com', 'toomanysecrets', 'PBKDF2 (passlib)'],
  [3, 'cid@example.com', 'lètmein', 'PBKDF2 (Django)'],
  [4, 'dan@example.com', 'password', 'scrypt (passlib)'],
  [5, 'eve@example.com', 'lètmein', 'scrypt (Django)'],
  [8, 'hal@example.com', 'moonlight-sonata', 'argon2i'],
  [9, 'ivy@example.com', 'correct horse battery', 'argon2id'],
];

let server: TestServer;
let smtp: TestSmtp;
let admin: LatchkeyAdmin;
let realm: Realm.App;

const fixture = (name: string) => readFile(join(FIXTURES, name), 'utf8');

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({ env: { LATCHKEY_SMTP_URL: smtp.url } });
  admin = new LatchkeyAdmin({ baseUrl: server.url, token: ADMIN_TOKEN });
  realm = server.realmApp(CLIENT_APP_ID);
});
afterAll(async () => {
  await server.close();
  await smtp.close();
});

describe('moving an App Services app in', () => {
  let app: AppImportReport;
  let users: UserImportReport;

  it('creates the app under its own client app id, with its settings, listing what Latchkey does not serve', async () => {
    const files = await readExportFolder(join(FIXTURES, 'export'));
    const dry = await admin.importApp(files, { dryRun: true });
    expect(dry).toMatchObject({ status: 'created', dry_run: true });
    expect((await admin.listApps()).map((listed) => listed.client_app_id)).not.toContain(CLIENT_APP_ID);

    app = await admin.importApp(files);
    expect(app.status).toBe('created');
    expect(app.app).toMatchObject({ client_app_id: CLIENT_APP_ID, name: 'moving-app' });
    expect(app.app.settings).toMatchObject({
      providers: ['anon-user', 'api-key', 'local-userpass', 'oauth2-google'],
      google: { clientId: '1234567890-abc.apps.googleusercontent.com' },
      corsOrigins: ['https://moving.example.com'],
      autoConfirm: true,
      resetPasswordUrl: 'https://moving.example.com/reset',
      resetPasswordSubject: 'Reset your moving-app password',
      acceptImportedKeys: false,
    });
    expect(app.custom_user_data).toEqual({ database: 'moving', collection: 'profiles', user_id_field: 'owner_id' });
    expect(app.to_do.join('\n')).toContain('--user-id-field owner_id');
    const notServed = app.not_served.map((item) => `${item.path}: ${item.what}`);
    expect(notServed).toEqual([
      'auth/custom_user_data.json: the user creation function createProfile',
      'functions/ (3 files): Atlas Functions',
      'sync/ (1 file): Device Sync',
      'triggers/ (1 file): Triggers',
    ]);
    // The disabled custom-function provider is neither set up nor reported as lost; Google's secret is a to-do.
    expect(notServed.join('\n')).not.toContain('custom-function');
    expect(app.to_do.join('\n')).not.toContain('Custom function');
    expect(app.to_do.join('\n')).toContain('google.clientSecret');

    expect(await admin.importApp(files)).toMatchObject({ status: 'present', app: { _id: app.app._id } });
  });

  it("imports the Admin API's user list with every id, identity, date, state and profile", async () => {
    const body = await fixture('users.json');
    const dry = await admin.importUsers(CLIENT_APP_ID, body, { format: 'json', dryRun: true });
    expect(dry).toMatchObject({ dry_run: true, imported: 13, present: 0, failed: 0 });
    expect(await admin.listUsers(CLIENT_APP_ID)).toEqual([]);

    users = await admin.importUsers(CLIENT_APP_ID, body, { format: 'json' });
    expect(users).toMatchObject({ dry_run: false, imported: 13, present: 0, failed: 0, failures: [] });
    expect(users.notices).toEqual({
      without_password: 2,
      password_hashes: { bcrypt: 2, 'pbkdf2-sha256': 2, scrypt: 2, argon2i: 1, argon2id: 1 },
      keys_imported: 2,
      users_with_keys_to_recreate: 1,
      anonymous: 1,
      disabled: 1,
      identities_not_served: {},
    });
    expect(users.accept_imported_keys_turned_on).toBe(true);

    const ada = await admin.getUser(CLIENT_APP_ID, id(1));
    expect(ada).toMatchObject({
      _id: id(1),
      type: 'normal',
      disabled: false,
      created_at: new Date(1_600_000_001_000).toISOString(),
      last_login_at: new Date(1_650_000_001_000).toISOString(),
      identities: [{ id: id(101), provider_type: 'local-userpass', email: 'ada@example.com' }],
      api_key_count: 0,
    });
    expect(ada.imported_at).not.toBeNull();
    expect(await admin.getUser(CLIENT_APP_ID, id(7))).toMatchObject({ disabled: true });
    expect(await admin.getUser(CLIENT_APP_ID, id(11))).toMatchObject({
      identities: [{ id: '109876543210987654321', provider_type: 'oauth2-google', email: null }],
    });
    expect(await admin.getUser(CLIENT_APP_ID, id(8))).toMatchObject({ api_key_count: 1 });
    expect(await admin.getUser(CLIENT_APP_ID, id(13))).toMatchObject({ type: 'server' });
    expect((await admin.listServerKeys(CLIENT_APP_ID)).map((key) => [key.name, key.disabled])).toEqual([['ingest-worker', false]]);
    expect(await admin.listUsers(CLIENT_APP_ID, { provider: 'oauth2-google' })).toHaveLength(1);
  });

  it('changes nothing when the same users come again, and fails a broken line alone, by its number', async () => {
    const again = await admin.importUsers(CLIENT_APP_ID, await fixture('users.jsonl'));
    expect(again).toMatchObject({ imported: 0, present: 13, failed: 1 });
    expect(again.failures).toEqual([{ line: 7, reason: expect.stringMatching(/^not valid JSON/) }]);
    expect(again.notices.without_password).toBe(0);
    expect(await admin.listUsers(CLIENT_APP_ID, { limit: 100 })).toHaveLength(13);
  });

  it('logs imported users in with the hashes their old system made, under their old ids, through realm-web and realm-core', async () => {
    for (const [n, email, password, scheme] of PASSWORDS) {
      const user = await realm.logIn(Realm.Credentials.emailPassword(email, password));
      expect(user.id, scheme).toBe(id(n));
      await user.logOut();
    }
    const ada = await realm.logIn(Realm.Credentials.emailPassword('ada@example.com', 'U*U'));
    expect(ada.profile).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace' });
    expect(ada.identities).toEqual([{ id: id(101), providerType: 'local-userpass' }]);

    const core = new CoreApp(CLIENT_APP_ID, server.url);
    const bea = await core.logIn(CoreCredentials.emailPassword('bea@example.com', 'toomanysecrets'));
    expect(bea.id).toBe(id(2));
    expect(bea.identities).toEqual([{ id: id(102), providerType: 'local-userpass' }]);

    // Each hash was replaced with argon2id at that first login; the same passwords still work.
    const again = await realm.logIn(Realm.Credentials.emailPassword('cid@example.com', 'lètmein'));
    expect(again.id).toBe(id(3));
    expect((await realmRefusal(realm.logIn(Realm.Credentials.emailPassword('ada@example.com', 'U*V')))).errorCode).toBe('InvalidPassword');
    expect((await realmRefusal(realm.logIn(Realm.Credentials.emailPassword('gus@example.com', 'U*U')))).errorCode).toBe('UserDisabled');
  });

  it('puts the custom data of a mongoexport into the access token, as each client reads it', async () => {
    const report = await admin.importCustomData(CLIENT_APP_ID, await fixture('custom-data.jsonl'), { userIdField: 'owner_id' });
    expect(report).toMatchObject({ imported: 3, present: 0, failed: 4 });
    expect(report.failures).toEqual([
      {
        line: 4,
        id: id(4),
        reason: expect.stringMatching(/^the document is \d+ bytes; custom data holds at most 16384 \(it was not cut\)$/),
      },
      { line: 5, reason: expect.stringContaining('no "owner_id" field') },
      { line: 6, id: '5f6a1c2e9d3b4a00000000ee', reason: expect.stringContaining('import the users first') },
      { line: 7, id: id(1), reason: 'a second document for this user (the first is at line 1)' },
    ]);

    const ada = await realm.logIn(Realm.Credentials.emailPassword('ada@example.com', 'U*U'));
    expect(ada.customData).toEqual({
      _id: { $oid: '70a0b0c0d0e0f0a0b0c0d001' },
      owner_id: id(1),
      favoriteColor: 'teal',
      signedUpAt: { $date: '2020-09-13T12:26:41.000Z' },
      visits: 42,
    });
    const bea = await realm.logIn(Realm.Credentials.emailPassword('bea@example.com', 'toomanysecrets'));
    // A 64-bit integer past 2^53 keeps its $numberLong rather than being rounded.
    expect(bea.customData).toMatchObject({
      plan: 'pro',
      credits: { $numberLong: '9007199254740993' },
      score: 1.5,
      seats: 7,
      renewsAt: { $date: '2026-01-01T00:00:00.000Z' },
    });
    const core = new CoreApp(CLIENT_APP_ID, server.url);
    const cid = await core.logIn(CoreCredentials.emailPassword('cid@example.com', 'lètmein'));
    expect(core.customData(cid)).toMatchObject({ owner_id: { $oid: '…' }, tags: ['early', 'beta'] });

    const again = await admin.importCustomData(CLIENT_APP_ID, await fixture('custom-data.jsonl'), { userIdField: 'owner_id' });
    expect(again).toMatchObject({ imported: 0, present: 3, failed: 4 });
  });

  it('tells an imported user without a password to reset, mails them the link, and then lets them in', async () => {
    const refused = await realmRefusal(realm.logIn(Realm.Credentials.emailPassword('fay@example.com', 'anything-at-all')));
    expect(refused).toMatchObject({ statusCode: 401, errorCode: 'PasswordResetRequired' });
    const core = new CoreApp(CLIENT_APP_ID, server.url);
    const coreRefusal = await core.logIn(CoreCredentials.emailPassword('fay@example.com', 'anything-at-all')).catch((e: unknown) => e);
    expect(coreRefusal).toBeInstanceOf(CoreAppError);
    expect(coreRefusal).toMatchObject({ code: 'AppServerError', serverError: 'PasswordResetRequired', httpStatus: 401 });

    expect(await admin.mailResetsToImportedUsers(CLIENT_APP_ID, { perMinute: 6000 })).toMatchObject({ queued: 2 });
    const mail = await smtp.nextMailTo('fay@example.com');
    expect(mail.subject).toBe('Reset your moving-app password');
    await realm.emailPasswordAuth.resetPassword({ ...tokenIn(mail), password: 'fay-new-password' });
    const fay = await realm.logIn(Realm.Credentials.emailPassword('fay@example.com', 'fay-new-password'));
    expect(fay.id).toBe(id(6));
    await smtp.nextMailTo('kim@example.com');

    // Run again, it mails nobody twice; with `again`, the one still without a password.
    expect(await admin.mailResetsToImportedUsers(CLIENT_APP_ID)).toMatchObject({ queued: 0 });
    expect(await admin.mailResetsToImportedUsers(CLIENT_APP_ID, { perMinute: 6000, again: true })).toMatchObject({ queued: 1 });
    await smtp.nextMailTo('kim@example.com');
  });

  it('logs imported API keys in as their system issued them, and nowhere else', async () => {
    const hal = await realm.logIn(Realm.Credentials.apiKey(FOREIGN_USER_KEY));
    expect(hal.id).toBe(id(8));
    const worker = await realm.logIn(Realm.Credentials.apiKey(FOREIGN_SERVER_KEY));
    expect(worker.id).toBe(id(13));
    const profile = await server.request('GET', `${CLIENT}/auth/profile`, { token: worker.accessToken });
    expect(profile.body).toMatchObject({ type: 'server' });
    expect((await realmRefusal(realm.logIn(Realm.Credentials.apiKey(FOREIGN_USER_KEY.replace('9f', '9e'))))).errorCode).toBe('AuthError');

    const elsewhere = server.realmApp(await server.createApp());
    expect((await realmRefusal(elsewhere.logIn(Realm.Credentials.apiKey(FOREIGN_USER_KEY)))).errorCode).toBe('AuthError');
  });

  it('reports an id, email or identity held by another user as a conflict, and never writes over it', async () => {
    const other = await server.createApp();
    const sameId = await admin.importUsers(other, JSON.stringify({ _id: id(1), identities: [], creation_date: 1600000000 }));
    expect(sameId.failures).toEqual([{ line: 1, id: id(1), reason: 'the id belongs to a user of another app on this server' }]);

    const clashes = [
      { _id: id(50), identities: [{ id: id(150), provider_type: 'local-userpass', provider_data: { email: 'ADA@example.com' } }] },
      { _id: id(51), identities: [{ id: '109876543210987654321', provider_type: 'oauth2-google' }] },
      { _id: id(52), identities: [{ id: id(152), provider_type: 'local-userpass', provider_data: { email: 'new@example.com' } }] },
    ];
    const report = await admin.importUsers(CLIENT_APP_ID, clashes.map((record) => JSON.stringify(record)).join('\n'));
    expect(report).toMatchObject({ imported: 1, failed: 2 });
    expect(report.failures).toEqual([
      { line: 1, id: id(50), reason: 'the email ada@example.com belongs to another user of this app' },
      { line: 2, id: id(51), reason: 'the oauth2-google identity 109876543210987654321 belongs to another user of this app' },
    ]);
    expect((await realm.logIn(Realm.Credentials.emailPassword('ada@example.com', 'U*U'))).id).toBe(id(1));
  });

  it('imports each user once when the same file is imported twice at the same time', async () => {
    const target = await server.createApp();
    const records = Array.from({ length: 2500 }, (_, n) =>
      JSON.stringify({
        _id: `6a0000000000000000${n.toString(16).padStart(6, '0')}`,
        identities: [{ id: `c${n}`, provider_type: 'local-userpass', provider_data: { email: `twice${n}@example.com` } }],
        creation_date: 1_600_000_000,
      }),
    ).join('\n');
    const [first, second] = await Promise.all([admin.importUsers(target, records), admin.importUsers(target, records)]);
    expect(first.failed + second.failed, JSON.stringify([first, second]).slice(0, 1500)).toBe(0);
    expect(first.imported + second.imported).toBe(2500);
    expect(first.present + second.present).toBe(2500);
    expect((await admin.getStats(target)).users.total).toBe(2500);
  });

  it('records each import in the audit log by its counts, never a hash', async () => {
    const events = await admin.listAuditEvents(CLIENT_APP_ID, { limit: 1000 });
    const types = new Set(events.map((event) => event.type));
    for (const type of ['app.imported', 'users.imported', 'custom_data.imported', 'password.reset_campaign'] as const)
      expect(types).toContain(type);
    const imported = events.filter((event) => event.type === 'users.imported').at(-1)!;
    expect(imported.detail).toMatchObject({ imported: 13, present: 0, failed: 0, without_password: 2, keys_imported: 2 });
    const text = JSON.stringify(events);
    for (const secret of ['$2a$', 'pbkdf2', '$scrypt$', '$argon2', '0dce2ae48f582bc4']) expect(text).not.toContain(secret);
  });

  it('imports a file through the CLI, numbered as in the file, with the same report', async () => {
    assertBuilt();
    const run = await runCli(['--url', server.url, '--app', CLIENT_APP_ID, '--json', 'import', 'users', join(FIXTURES, 'users.jsonl')], {
      LATCHKEY_ADMIN_TOKEN: ADMIN_TOKEN,
    });
    expect(run.stderr).toBe('');
    // A failed line makes the exit code 1, so scripts notice.
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as UserImportReport;
    expect(report).toMatchObject({ imported: 0, present: 13, failed: 1, failures: [{ line: 7 }] });
  });
});
