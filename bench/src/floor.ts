/**
 * The login floor (`node dist/floor.js <key> <sqlite file>` prints `READY <url>`): a minimal
 * Fastify route doing only what any API-key login must — hash the presented key with SHA-256
 * and look it up, sign one Ed25519 JWT with node:crypto, draw a random refresh token — and
 * answer Latchkey's login JSON through a response schema, as Latchkey does. `/login` stops
 * there (the sign-only floor); `/login-with-write` also stores the session, the one durable
 * write every login must make: a row in a table shaped as Latchkey's sessions (same columns and
 * indexes) in a SQLite file in WAL mode, the inserts of one event-loop turn committed together,
 * each login answered after its commit, as Latchkey does. `/bare` is the floor of any JSON POST
 * on Fastify: a body of one string checked by a schema, a one-field answer through a response
 * schema, nothing else. Not part of the product: `npm run bench` measures Latchkey's API-key
 * login and key verification against these in the same run.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, timingSafeEqual } from 'node:crypto';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const { privateKey } = generateKeyPairSync('ed25519');
const KID = randomBytes(8).toString('hex');
const HEADER = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT', kid: KID })).toString('base64url');
/** The one key this floor knows, as a store would: by the SHA-256 of its secret. */
const known = new Map<string, Buffer>();

/** The sessions table, as Latchkey's (its columns and indexes), in a file of its own. */
function openSessions(path: string) {
  const db = new Database(path);
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, app_id TEXT NOT NULL, user_id TEXT NOT NULL, key_id TEXT, refresh_hash BLOB NOT NULL,
    device_id TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, scopes TEXT);
  CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id);
  CREATE INDEX IF NOT EXISTS sessions_key ON sessions(key_id) WHERE key_id IS NOT NULL;
  CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions(expires_at);`);
  const insert = db.prepare(
    "INSERT INTO sessions (id, app_id, user_id, key_id, refresh_hash, device_id, created_at, expires_at) VALUES (?, 'demo', 'floor-user', 'floor-key', ?, ?, ?, ?)",
  );
  const commit = db.transaction((rows: [string, Buffer, number][]) => {
    for (const [id, refreshHash, at] of rows) insert.run(id, refreshHash, '000000000000000000000000', at, at + 30 * 86_400_000);
  });
  let pending: { row: [string, Buffer, number]; done: () => void }[] = [];
  /** Group commit: the sessions of one event-loop turn share a transaction. */
  return (id: string, refreshHash: Buffer): Promise<void> =>
    new Promise((resolve) => {
      pending.push({ row: [id, refreshHash, Date.now()], done: resolve });
      if (pending.length === 1)
        setImmediate(() => {
          const batch = pending;
          pending = [];
          commit.immediate(batch.map(({ row }) => row));
          for (const { done } of batch) done();
        });
    });
}

const storeSession = openSessions(process.argv[3] ?? ':memory:');
let counter = 0;
/** A session id as Latchkey's grow: time first, then a counter. */
const nextSessionId = () => Date.now().toString(16).padStart(12, '0') + (counter++).toString(16).padStart(12, '0');

const app = Fastify({ logger: false });
const routeOptions = {
  schema: {
    body: {
      type: 'object',
      properties: { key: { type: 'string', maxLength: 256 } },
      required: ['key'],
      additionalProperties: false,
    },
    response: {
      200: {
        type: 'object',
        properties: {
          access_token: { type: 'string' },
          refresh_token: { type: 'string' },
          user_id: { type: 'string' },
          device_id: { type: 'string' },
        },
      },
      401: { type: 'object', properties: { error: { type: 'string' }, error_code: { type: 'string' } } },
    },
  },
};

async function logIn(key: string, write: boolean) {
  const hash = createHash('sha256').update(key).digest();
  const stored = known.get(hash.toString('base64url'));
  if (!stored || !timingSafeEqual(stored, hash)) return null;
  const iat = Math.floor(Date.now() / 1000);
  const sessionId = nextSessionId();
  const payload = Buffer.from(
    JSON.stringify({
      sub: 'floor-user',
      sid: sessionId,
      aud: 'demo',
      baas_device_id: '000000000000000000000000',
      iat,
      exp: iat + 1800,
      user_data: {},
    }),
  ).toString('base64url');
  const signature = sign(null, Buffer.from(`${HEADER}.${payload}`), privateKey).toString('base64url');
  const secret = randomBytes(32);
  if (write) await storeSession(sessionId, createHash('sha256').update(secret).digest());
  return {
    access_token: `${HEADER}.${payload}.${signature}`,
    refresh_token: `${sessionId}.${secret.toString('base64url')}`,
    user_id: 'floor-user',
    device_id: '000000000000000000000000',
  };
}

for (const [path, write] of [
  ['/login', false],
  ['/login-with-write', true],
] as const) {
  app.post(path, routeOptions, async (request, reply) => {
    const answer = await logIn((request.body as { key: string }).key, write);
    return answer ?? reply.code(401).send({ error: 'invalid API key', error_code: 'AuthError' });
  });
}

app.post(
  '/bare',
  {
    schema: {
      body: { type: 'object', properties: { key: { type: 'string', maxLength: 256 } }, required: ['key'], additionalProperties: false },
      response: { 200: { type: 'object', properties: { valid: { type: 'boolean' } } } },
    },
  },
  async () => ({ valid: true }),
);

const key = process.argv[2] ?? 'lku_floor';
const hash = createHash('sha256').update(key).digest();
known.set(hash.toString('base64url'), hash);
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`READY ${url}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
