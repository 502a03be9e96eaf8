import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_STORE, createTestSchema, type TestSchema } from '../src/store/postgres/test-database.js';
import { assertBuilt, call, killAllNodes, startNode, until, type LatchkeyNode } from './nodes.js';
import { requestFrom } from './harness.js';
import { startWebhook } from './webhook-server.js';

/**
 * Three real Latchkey processes on one PostgreSQL database, each with its own data directory,
 * as behind a load balancer. Only meaningful for the PostgreSQL store.
 */
const CLIENT = '/api/client/v2.0';
let database: TestSchema;
let nodes: LatchkeyNode[];
const dirs: string[] = [];

async function signUpVia(node: LatchkeyNode, email: string) {
  const password = 'multi-node-password';
  expect(
    (await call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/register`, { body: { email, password } })).status,
  ).toBe(201);
  const login = await call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/login`, {
    body: { username: email, password },
  });
  expect(login.status).toBe(200);
  return login.body as { access_token: string; refresh_token: string; user_id: string };
}

async function keyLoginVia(node: LatchkeyNode, key: string) {
  const login = await call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/api-key/login`, { body: { key } });
  return login;
}

/** Uses both tokens on `node`, so that node holds the session in its cache before it is revoked elsewhere. */
async function warm(node: LatchkeyNode, tokens: { access_token: string; refresh_token: string }): Promise<void> {
  expect((await call(node.url, 'GET', `${CLIENT}/auth/profile`, { token: tokens.access_token })).status).toBe(200);
  expect((await call(node.url, 'GET', `${CLIENT}/auth/api_keys`, { token: tokens.refresh_token })).status).toBe(200);
}

/**
 * Waits until both of a session's tokens are refused by `node`. How fast that happens is a
 * timing claim, measured by the benchmark; here the deadline only keeps a broken feed from
 * hanging the run.
 */
async function untilRevokedOn(node: LatchkeyNode, tokens: { access_token: string; refresh_token: string }): Promise<void> {
  await until(async () => {
    const access = await call(node.url, 'GET', `${CLIENT}/auth/profile`, { token: tokens.access_token });
    const refresh = await call(node.url, 'POST', `${CLIENT}/auth/session`, { token: tokens.refresh_token });
    return access.status === 401 && refresh.status === 401;
  }, 'both tokens to be refused on the other node');
}

describe.runIf(TEST_STORE === 'postgres')('several nodes on one PostgreSQL', () => {
  beforeAll(async () => {
    assertBuilt();
    database = await createTestSchema();
    for (let i = 0; i < 3; i++) dirs.push(await mkdtemp(join(tmpdir(), `latchkey-node-${i}-`)));
    // Started together on an empty database: they race to migrate and to create the demo app.
    nodes = await Promise.all(dirs.map((dir) => startNode({ LATCHKEY_DATA_DIR: dir, DATABASE_URL: database.url })));
  });
  afterAll(async () => {
    killAllNodes();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    await database?.drop();
  });

  it('nodes started together agree on one demo app, one admin token and one signing key', async () => {
    const outputs = nodes.map((node) => node.banner());
    expect(outputs.filter((out) => out.includes('Created the demo app'))).toHaveLength(1);
    const tokens = outputs.flatMap((out) => /\n\s+(lka_\S+)/.exec(out)?.[1] ?? []);
    expect(tokens).toHaveLength(1);
    for (const node of nodes) {
      expect(
        (await call(node.url, 'GET', '/api/admin/v1/apps', { token: tokens[0] })).body.map(
          (app: { client_app_id: string }) => app.client_app_id,
        ),
      ).toEqual(['demo']);
    }
    const jwks = await Promise.all(nodes.map((node) => call(node.url, 'GET', '/.well-known/jwks.json')));
    expect(jwks[1]!.body).toEqual(jwks[0]!.body);
    expect(jwks[2]!.body).toEqual(jwks[0]!.body);
  });

  it('counts password guesses across nodes: of bursts sent at once through every node, no more are checked than the throttle allows', async () => {
    const guess = (from: string, email: string, i: number) =>
      requestFrom(from, nodes[i % nodes.length]!.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/login`, {
        body: { username: email, password: `guess-${i}` },
      });
    const checked = (answers: { status: number }[]) => answers.filter((answer) => answer.status === 401).length;
    const oneAddress = 'guessed-one@example.com';
    await signUpVia(nodes[0]!, oneAddress);
    expect(checked(await Promise.all(Array.from({ length: 30 }, (_, i) => guess('127.4.0.1', oneAddress, i))))).toBe(5);
    const spread = 'guessed-spread@example.com';
    await signUpVia(nodes[1]!, spread);
    expect(checked(await Promise.all(Array.from({ length: 48 }, (_, i) => guess(`127.4.1.${(i % 8) + 1}`, spread, i))))).toBe(20);
  });

  it('a token issued by one node is accepted by the others', async () => {
    const session = await signUpVia(nodes[0]!, 'shared-token@example.com');
    for (const node of nodes) {
      const profile = await call(node.url, 'GET', `${CLIENT}/auth/profile`, { token: session.access_token });
      expect(profile.body.user_id).toBe(session.user_id);
      expect((await call(node.url, 'GET', `${CLIENT}/auth/api_keys`, { token: session.refresh_token })).status).toBe(200);
    }
  });

  it('holds the 20-key limit and unique names when one user creates keys through every node at once', async () => {
    const session = await signUpVia(nodes[1]!, 'spread@example.com');
    const creates = await Promise.all(
      Array.from({ length: 45 }, (_, i) =>
        call(nodes[i % 3]!.url, 'POST', `${CLIENT}/auth/api_keys`, { token: session.refresh_token, body: { name: `spread-${i}` } }),
      ),
    );
    expect(creates.filter((r) => r.status === 201)).toHaveLength(20);
    expect(creates.filter((r) => r.body?.error_code === 'APIKeyLimitReached')).toHaveLength(25);
    expect(creates.filter((r) => r.status >= 500)).toHaveLength(0);

    const other = await signUpVia(nodes[2]!, 'same-name@example.com');
    const named = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call(nodes[i % 3]!.url, 'POST', `${CLIENT}/auth/api_keys`, { token: other.refresh_token, body: { name: 'same' } }),
      ),
    );
    expect(named.filter((r) => r.status === 201)).toHaveLength(1);
    expect(named.filter((r) => r.body?.error_code === 'APIKeyAlreadyExists')).toHaveLength(11);
  });

  it('revocations on node A stop the matching tokens on node B, which had them cached', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const owner = await signUpVia(a, 'revoker@example.com');
    const createKey = async (name: string) =>
      (await call(a.url, 'POST', `${CLIENT}/auth/api_keys`, { token: owner.refresh_token, body: { name } })).body as {
        _id: string;
        key: string;
      };

    const disabledKey = await createKey('to-disable');
    const viaDisabled = (await keyLoginVia(b, disabledKey.key)).body;
    await warm(b, viaDisabled);
    expect((await call(a.url, 'PUT', `${CLIENT}/auth/api_keys/${disabledKey._id}/disable`, { token: owner.refresh_token })).status).toBe(
      204,
    );
    await untilRevokedOn(b, viaDisabled);
    expect((await keyLoginVia(nodes[2]!, disabledKey.key)).status).toBe(401);

    const deletedKey = await createKey('to-delete');
    const viaDeleted = (await keyLoginVia(b, deletedKey.key)).body;
    await warm(b, viaDeleted);
    expect((await call(a.url, 'DELETE', `${CLIENT}/auth/api_keys/${deletedKey._id}`, { token: owner.refresh_token })).status).toBe(204);
    await untilRevokedOn(b, viaDeleted);

    const second = await call(b.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/login`, {
      body: { username: 'revoker@example.com', password: 'multi-node-password' },
    });
    await warm(b, second.body);
    expect((await call(a.url, 'DELETE', `${CLIENT}/auth/session`, { token: second.body.refresh_token })).status).toBe(204);
    await untilRevokedOn(b, second.body);

    await warm(b, owner);
    expect((await call(a.url, 'DELETE', `${CLIENT}/auth/delete`, { token: owner.access_token })).status).toBe(204);
    await untilRevokedOn(b, owner);
  });

  it('a key rotated with no grace through node A: its old sessions die on node B, and B verifies only the new secret', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const token = /\n\s+(lka_\S+)/.exec(nodes.map((node) => node.banner()).join(''))![1]!;
    const owner = await signUpVia(a, 'rotator@example.com');
    const key = (await call(a.url, 'POST', `${CLIENT}/auth/api_keys`, { token: owner.refresh_token, body: { name: 'rotated' } })).body;
    const viaOld = (await keyLoginVia(b, key.key)).body;
    await warm(b, viaOld);
    // B also remembers the old secret as verified.
    const serverKey = (await call(a.url, 'POST', '/api/admin/v1/apps/demo/api_keys', { token, body: { name: 'rotation-backend' } })).body;
    const backend = (await keyLoginVia(b, serverKey.key)).body;
    const verify = (secret: string) =>
      call(b.url, 'POST', `${CLIENT}/app/demo/auth/api_keys/verify`, { token: backend.access_token, body: { key: secret } });
    expect((await verify(key.key)).body.valid).toBe(true);

    const rotated = await call(a.url, 'POST', `${CLIENT}/auth/api_keys/${key._id}/rotate`, {
      token: owner.refresh_token,
      body: { grace_seconds: 0 },
    });
    expect(rotated.status).toBe(201);
    await untilRevokedOn(b, viaOld);
    await until(async () => (await verify(key.key)).body.valid === false, 'node B to stop verifying the old secret');
    expect((await verify(rotated.body.key)).body.valid).toBe(true);
    expect((await keyLoginVia(b, key.key)).status).toBe(401);
    expect((await keyLoginVia(b, rotated.body.key)).status).toBe(200);
  });

  it('a signing key rotated through node A signs on node B too, and B still accepts tokens of the old key', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const token = /\n\s+(lka_\S+)/.exec(nodes.map((node) => node.banner()).join(''))![1]!;
    const before = await signUpVia(a, 'rotation-across@example.com');
    const rotated = await call(a.url, 'POST', '/api/admin/v1/signing_keys/rotate', { token });
    expect(rotated.status).toBe(200);
    const kid = (rotated.body as { kid: string }[])[0]!.kid;
    const headerKid = (jwt: string) => (JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
    await until(async () => {
      const login = await call(b.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/login`, {
        body: { username: 'rotation-across@example.com', password: 'multi-node-password' },
      });
      return headerKid(login.body.access_token) === kid;
    }, 'node B to sign with the rotated key');
    expect((await call(b.url, 'GET', `${CLIENT}/auth/profile`, { token: before.access_token })).status).toBe(200);
    const jwks = (await call(b.url, 'GET', '/.well-known/jwks.json')).body as { keys: { kid: string }[] };
    expect(jwks.keys.map((key) => key.kid)).toContain(kid);
  });

  it('a user disabled through node A is refused on node B at once, and their tokens stop there', async () => {
    const [a, b, c] = [nodes[0]!, nodes[1]!, nodes[2]!];
    const token = /\n\s+(lka_\S+)/.exec(nodes.map((node) => node.banner()).join(''))![1]!;
    const session = await signUpVia(a, 'disabled-across@example.com');
    const key = (await call(a.url, 'POST', `${CLIENT}/auth/api_keys`, { token: session.refresh_token, body: { name: 'laptop' } })).body;
    // B holds the user and the session in its caches; C has logged in with the key.
    const onB = (
      await call(b.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/login`, {
        body: { username: 'disabled-across@example.com', password: 'multi-node-password' },
      })
    ).body;
    await warm(b, onB);
    expect((await keyLoginVia(c, key.key)).status).toBe(200);

    const disabled = await call(a.url, 'PUT', `/api/admin/v1/apps/demo/users/${session.user_id}/disable`, { token });
    expect(disabled.status).toBe(204);
    const password = await call(b.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/login`, {
      body: { username: 'disabled-across@example.com', password: 'multi-node-password' },
    });
    expect([password.status, password.body.error_code]).toEqual([401, 'UserDisabled']);
    const viaKey = await keyLoginVia(c, key.key);
    expect([viaKey.status, viaKey.body.error_code]).toEqual([401, 'UserDisabled']);
    await untilRevokedOn(b, onB);
    await untilRevokedOn(c, session);
  });

  it("a password reset through node A ends the user's sessions on node B, which had them cached", async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const token = /\n\s+(lka_\S+)/.exec(nodes.map((node) => node.banner()).join(''))![1]!;
    const hook = await startWebhook();
    try {
      const admin = (method: string, path: string, body?: unknown) =>
        call(a.url, method, `/api/admin/v1${path}`, { token, ...(body ? { body } : {}) });
      expect((await admin('POST', '/apps', { client_app_id: 'reset-across' })).status).toBe(201);
      hook.secret = (await admin('POST', '/apps/reset-across/webhook_secret')).body.secret;
      expect((await admin('PATCH', '/apps/reset-across', { settings: { resetWebhookUrl: hook.url } })).status).toBe(200);
      const userpass = `${CLIENT}/app/reset-across/auth/providers/local-userpass`;
      await call(a.url, 'POST', `${userpass}/register`, { body: { email: 'reset-across@example.com', password: 'before-reset' } });
      const session = (
        await call(b.url, 'POST', `${userpass}/login`, { body: { username: 'reset-across@example.com', password: 'before-reset' } })
      ).body;
      await warm(b, session);
      const reset = await call(a.url, 'POST', `${userpass}/reset/call`, {
        body: { email: 'reset-across@example.com', password: 'after-reset', arguments: [] },
      });
      expect(reset.status).toBe(204);
      // The webhook is asked after the answer.
      await until(() => hook.calls.length > 0, 'the reset webhook to be called');
      expect(hook.calls.map((c) => c.signatureValid)).toEqual([true]);
      await untilRevokedOn(b, session);
      expect(
        (await call(b.url, 'POST', `${userpass}/login`, { body: { username: 'reset-across@example.com', password: 'after-reset' } }))
          .status,
      ).toBe(200);
    } finally {
      await hook.close();
    }
  });

  it("an app's CORS origins changed on one node apply on the others", async () => {
    const token = /\n\s+(lka_\S+)/.exec(nodes.map((node) => node.banner()).join(''))![1]!;
    const origin = 'https://pushed.example.com';
    const allowedOn = async (node: LatchkeyNode) => {
      const response = await fetch(`${node.url}${CLIENT}/app/shared-cors/location`, { headers: { origin } });
      return response.headers.get('access-control-allow-origin') === origin;
    };
    expect(
      (
        await call(nodes[0]!.url, 'POST', '/api/admin/v1/apps', {
          token,
          body: { client_app_id: 'shared-cors', settings: { corsOrigins: ['https://first.example.com'] } },
        })
      ).status,
    ).toBe(201);
    expect(await allowedOn(nodes[2]!)).toBe(false);
    expect(
      (await call(nodes[0]!.url, 'PATCH', '/api/admin/v1/apps/shared-cors', { token, body: { settings: { corsOrigins: [origin] } } }))
        .status,
    ).toBe(200);
    await until(() => allowedOn(nodes[2]!), 'the new origin to apply on another node');
  });

  it('a link made through node A shows in the profile node B serves', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const anonymous = (await call(b.url, 'POST', `${CLIENT}/app/demo/auth/providers/anon-user/login`, { body: {} })).body;
    expect((await call(b.url, 'GET', `${CLIENT}/auth/profile`, { token: anonymous.access_token })).body.identities).toHaveLength(1);
    await call(a.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/register`, {
      body: { email: 'linked-across@example.com', password: 'link-across-nodes' },
    });
    const linked = await call(a.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/login?link=true`, {
      token: anonymous.access_token,
      body: { username: 'linked-across@example.com', password: 'link-across-nodes' },
    });
    expect(linked.status).toBe(200);
    await until(
      async () => (await call(b.url, 'GET', `${CLIENT}/auth/profile`, { token: anonymous.access_token })).body.identities.length === 2,
      'the link to show on another node',
    );
  });

  it('a key created or disabled through node A shows in the list node B serves', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const owner = await signUpVia(b, 'lists@example.com');
    const list = async () =>
      (await call(b.url, 'GET', `${CLIENT}/auth/api_keys`, { token: owner.refresh_token })).body as { name: string; disabled: boolean }[];
    expect(await list()).toEqual([]);
    const created = (await call(a.url, 'POST', `${CLIENT}/auth/api_keys`, { token: owner.refresh_token, body: { name: 'from-a' } })).body;
    await until(async () => (await list()).length === 1, 'the new key to show on another node');
    expect((await call(a.url, 'PUT', `${CLIENT}/auth/api_keys/${created._id}/disable`, { token: owner.refresh_token })).status).toBe(204);
    await until(async () => (await list())[0]!.disabled, 'the disable to show on another node');
  });
});
