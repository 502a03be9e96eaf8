/**
 * `npm run bench`, last part: do the routes that must not tell who is registered answer in the
 * same time for a registered and an unknown address (or a live and an unknown key)? Requests
 * go one at a time, alternating between the two, with a pause after each so that work started
 * after an answer (mail, webhook, revocation) is not still running when the next one is timed.
 * Reported: each side's median and p90, and the median ratio (the unknown side is the baseline),
 * to bench/results/answers-alike.md.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_TOKEN, startLatchkey } from './latchkey-process.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, '..', 'results', 'answers-alike.md');
const ROUNDS = Number(process.env.BENCH_ALIKE_ROUNDS ?? 60);
const PAUSE_MS = 60;
/** The app's webhook takes this long: a route that waited for it would show it. */
const WEBHOOK_DELAY_MS = 20;
const CLIENT = '/api/client/v2.0';
const USERPASS = `${CLIENT}/app/alike/auth/providers/local-userpass`;
const PASSWORD = 'alike-password';

async function call(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  token = ADMIN_TOKEN,
): Promise<{ status: number; json: any }> {
  const response = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text && response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : null,
  };
}

/**
 * The app's backend, in a process of its own: in this one, handling the webhook call would be
 * timed as part of the answer the call came after.
 */
async function startSlowWebhook(): Promise<{ url: string; close(): void }> {
  const script = `
    const server = require('node:http').createServer((request, response) => {
      request.resume();
      request.on('end', () => setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"pending"}'), ${WEBHOOK_DELAY_MS}));
    });
    server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /PORT (\d+)/.exec(String(chunk));
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the webhook process exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/hook`, close: () => child.kill() };
}

/** A port nothing listens on: mail is queued durably and its sending fails later, off the request path. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))]!;

async function timed(send: () => Promise<{ status: number }>, expected: number): Promise<number> {
  const started = performance.now();
  const { status } = await send();
  const elapsed = performance.now() - started;
  if (status !== expected) throw new Error(`answered ${status}, expected ${expected}`);
  await pause(PAUSE_MS);
  return elapsed;
}

interface Comparison {
  route: string;
  known: string;
  unknown: string;
  knownMs: number[];
  unknownMs: number[];
}

async function compare(
  route: string,
  labels: [string, string],
  expected: number,
  known: (i: number) => Promise<{ status: number }>,
  unknown: (i: number) => Promise<{ status: number }>,
): Promise<Comparison> {
  const result: Comparison = { route, known: labels[0], unknown: labels[1], knownMs: [], unknownMs: [] };
  for (let i = 0; i < ROUNDS; i++) {
    // Alternating which goes first, so neither side always follows the other's background work.
    const first = i % 2 === 0;
    if (first) result.knownMs.push(await timed(() => known(i), expected));
    result.unknownMs.push(await timed(() => unknown(i), expected));
    if (!first) result.knownMs.push(await timed(() => known(i), expected));
  }
  return result;
}

async function main(): Promise<void> {
  const webhook = await startSlowWebhook();
  const latchkey = await startLatchkey({ LATCHKEY_SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` });
  try {
    const url = latchkey.url;
    await call(url, 'POST', '/api/admin/v1/apps', {
      client_app_id: 'alike',
      settings: {
        maxUserApiKeys: 1000,
        autoConfirm: false,
        emailConfirmationUrl: 'https://app.example/confirm',
        resetPasswordUrl: 'https://app.example/reset',
      },
    });
    await call(url, 'POST', '/api/admin/v1/apps/alike/webhook_secret');
    await call(url, 'PATCH', '/api/admin/v1/apps/alike', { settings: { resetWebhookUrl: webhook.url } });
    const registered = (i: number) => `known-${i}@example.com`;
    const pending = (i: number) => `pending-${i}@example.com`;
    const unknown = (i: number) => `nobody-${i}@example.com`;
    for (let i = 0; i < ROUNDS; i++) {
      await call(url, 'POST', `${USERPASS}/register`, { email: registered(i), password: PASSWORD });
      await call(url, 'POST', `/api/admin/v1/apps/alike/user_registrations/by_email/${encodeURIComponent(registered(i))}/confirm`);
      await call(url, 'POST', `${USERPASS}/register`, { email: pending(i), password: PASSWORD });
    }
    const session = await call(url, 'POST', `${USERPASS}/login`, { username: registered(0), password: PASSWORD });
    const keys: string[] = [];
    for (let i = 0; i < ROUNDS; i++)
      keys.push((await call(url, 'POST', `${CLIENT}/auth/api_keys`, { name: `k${i}` }, session.json.refresh_token)).json.key);
    // Unknown but well-formed keys of the same kind and length (a live key's last characters changed breaks its checksum).
    const strangers: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const other = await call(url, 'POST', `${CLIENT}/auth/api_keys`, { name: `gone${i}` }, session.json.refresh_token);
      await call(url, 'DELETE', `${CLIENT}/auth/api_keys/${other.json._id}`, undefined, session.json.refresh_token);
      strangers.push(other.json.key);
    }

    const post = (path: string, body: unknown) => call(url, 'POST', path, body);
    const rows = [
      await compare(
        'reset/send',
        ['registered', 'unknown'],
        204,
        (i) => post(`${USERPASS}/reset/send`, { email: registered(i) }),
        (i) => post(`${USERPASS}/reset/send`, { email: unknown(i) }),
      ),
      await compare(
        'confirm/send',
        ['pending', 'unknown'],
        204,
        (i) => post(`${USERPASS}/confirm/send`, { email: pending(i) }),
        (i) => post(`${USERPASS}/confirm/send`, { email: unknown(i) }),
      ),
      await compare(
        `reset/call (webhook answers in ${WEBHOOK_DELAY_MS} ms)`,
        ['registered', 'unknown'],
        204,
        (i) => post(`${USERPASS}/reset/call`, { email: registered(i), password: 'new-password', arguments: [] }),
        (i) => post(`${USERPASS}/reset/call`, { email: unknown(i), password: 'new-password', arguments: [] }),
      ),
      await compare(
        'api_keys/revoke',
        ['live key', 'unknown key'],
        202,
        (i) => post(`${CLIENT}/api_keys/revoke`, { keys: [keys[i]] }),
        (i) => post(`${CLIENT}/api_keys/revoke`, { keys: [strangers[i]] }),
      ),
    ];
    const lines = [
      `# Answers alike (${new Date().toISOString()})`,
      '',
      `${ROUNDS} requests of each kind, one at a time, alternating, ${PAUSE_MS} ms apart; SQLite; milliseconds as the client saw them.`,
      "The ratio is the medians' (the unknown side is the baseline): 1.00 means the answer says nothing by its time.",
      '',
      '| route | side | median | p90 | side | median | p90 | ratio |',
      '|---|---|---|---|---|---|---|---|',
      ...rows.map((row) => {
        const [km, um] = [percentile(row.knownMs, 0.5), percentile(row.unknownMs, 0.5)];
        return `| ${row.route} | ${row.known} | ${km.toFixed(2)} | ${percentile(row.knownMs, 0.9).toFixed(2)} | ${row.unknown} | ${um.toFixed(2)} | ${percentile(row.unknownMs, 0.9).toFixed(2)} | ${(km / um).toFixed(2)} |`;
      }),
      '',
    ];
    await writeFile(RESULTS, lines.join('\n'));
    console.log(lines.join('\n'));
  } finally {
    await latchkey.stop();
    webhook.close();
  }
}

await main();
