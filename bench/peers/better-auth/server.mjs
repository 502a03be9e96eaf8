// The peer for `npm run bench`: Better Auth's API-key plugin verifying a key, on SQLite (WAL,
// as Latchkey runs), behind Fastify. It prints `READY <url> <key>` once serving.
import { apiKey } from '@better-auth/api-key';
import Database from 'better-sqlite3';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import Fastify from 'fastify';

const db = new Database(process.env.PEER_DB ?? 'peer.db');
db.pragma('journal_mode = WAL');
const auth = betterAuth({
  database: db,
  secret: 'benchmark-secret-benchmark-secret-benchmark',
  baseURL: 'http://127.0.0.1',
  emailAndPassword: { enabled: true },
  // Its per-key rate limit is off so that it measures verification, not refusals.
  plugins: [apiKey({ rateLimit: { enabled: false } })],
  logger: { disabled: true },
  telemetry: { enabled: false },
});
const { runMigrations } = await getMigrations(auth.options);
await runMigrations();
const { user } = await auth.api.signUpEmail({ body: { email: `peer-${Date.now()}@example.com`, password: 'benchmark-password', name: 'peer' } });
const { key } = await auth.api.createApiKey({ body: { userId: user.id, name: 'bench' } });

const app = Fastify();
app.post('/verify', async (request, reply) => {
  const result = await auth.api.verifyApiKey({ body: { key: request.body.key } });
  return reply.code(result.valid ? 200 : 401).send({ valid: result.valid });
});
const url = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`READY ${url} ${key}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
