/**
 * The login floor (`node dist/floor.js` prints `READY <url>`): a minimal Fastify route doing
 * only what any API-key login must — hash the presented key with SHA-256 and look it up, sign
 * one Ed25519 JWT with node:crypto, draw a random refresh token — and answer Latchkey's login
 * JSON through a response schema, as Latchkey does. Not part of the product: `npm run bench`
 * measures Latchkey's API-key login against it in the same run.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';

const { privateKey } = generateKeyPairSync('ed25519');
const KID = randomBytes(8).toString('hex');
const HEADER = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT', kid: KID })).toString('base64url');
/** The one key this floor knows, as a store would: by the SHA-256 of its secret. */
const known = new Map<string, Buffer>();

const app = Fastify({ logger: false });
app.post(
  '/login',
  {
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
  },
  async (request, reply) => {
    const { key } = request.body as { key: string };
    const hash = createHash('sha256').update(key).digest();
    const stored = known.get(hash.toString('base64url'));
    if (!stored || !timingSafeEqual(stored, hash)) return reply.code(401).send({ error: 'invalid API key', error_code: 'AuthError' });
    const iat = Math.floor(Date.now() / 1000);
    const sessionId = randomBytes(12).toString('hex');
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
    return {
      access_token: `${HEADER}.${payload}.${signature}`,
      refresh_token: `${sessionId}.${randomBytes(32).toString('base64url')}`,
      user_id: 'floor-user',
      device_id: '000000000000000000000000',
    };
  },
);

const key = process.argv[2] ?? 'lku_floor';
const hash = createHash('sha256').update(key).digest();
known.set(hash.toString('base64url'), hash);
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`READY ${url}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
