import { createServer as createHttpsServer, type Server } from 'node:https';
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProxyServer } from 'http-proxy-3';
import * as Realm from 'realm-web';
import { generate } from 'selfsigned';
import { Agent, fetch as tlsFetch, setGlobalDispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../src/store/postgres/test-database.js';
import { assertBuilt, killAllNodes, startNode, type LatchkeyNode } from './nodes.js';

/**
 * Latchkey as docs/deploy.md runs it: behind a reverse proxy that terminates TLS (http-proxy-3,
 * with a certificate made here) and adds X-Forwarded-For. With LATCHKEY_TRUST_PROXY naming the
 * proxy, client addresses (audit log, rate limits) come from its header, and only from it: a
 * client that reaches Latchkey directly cannot claim an address. Clients arrive from several
 * loopback addresses (127.0.0.x) standing in for different machines.
 */
const ADMIN_TOKEN = 'lka_Tq3m8ZJm0bqjv5KQ1dWcC7rYyH2pFsXe9uNoLgAiBt4';
const CLIENT = '/api/client/v2.0';

let dataDir: string;
let node: LatchkeyNode;
let proxy: Server;
let publicUrl: string;
let ca: string;

/** A request through the proxy over TLS, from one loopback address (a client machine). */
async function viaProxy(from: string, path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const dispatcher = new Agent({ connect: { ca }, localAddress: from });
  const response = await tlsFetch(publicUrl + path, {
    method: init.method ?? 'GET',
    dispatcher,
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const body = (await response.json()) as Record<string, unknown>;
  await dispatcher.close();
  return { status: response.status, body };
}

/** A request straight to Latchkey (not through the proxy), from `from`, claiming to be someone else. */
function direct(from: string, path: string, body: unknown, forwardedFor: string): Promise<number> {
  const url = new URL(node.url + path);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function auditAddresses(type: string): Promise<(string | null)[]> {
  const response = await fetch(`${node.url}/api/admin/v1/apps/demo/audit?type=${type}&limit=100`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const events = (await response.json()) as { ip: string | null }[];
  return events.map((event) => event.ip);
}

describe.runIf(TEST_STORE === 'sqlite')('behind a TLS-terminating reverse proxy', () => {
  beforeAll(async () => {
    assertBuilt();
    dataDir = await mkdtemp(join(tmpdir(), 'latchkey-tls-'));
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }],
    });
    ca = pems.cert;
    const forward = createProxyServer({ xfwd: true });
    let target = '';
    proxy = createHttpsServer({ key: pems.private, cert: pems.cert }, (req, res) => {
      forward.web(req, res, { target }, () => {
        res.writeHead(502).end();
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    publicUrl = `https://localhost:${(proxy.address() as { port: number }).port}`;
    node = await startNode({
      LATCHKEY_DATA_DIR: dataDir,
      LATCHKEY_ADMIN_TOKEN: ADMIN_TOKEN,
      LATCHKEY_PUBLIC_URL: publicUrl,
      // The proxy reaches Latchkey from 127.0.0.1; nothing else is believed.
      LATCHKEY_TRUST_PROXY: '127.0.0.1',
      LATCHKEY_PASSWORD_RATE_LIMIT: '3',
    });
    target = node.url;
    // realm-web calls the global fetch: it trusts the test certificate too.
    setGlobalDispatcher(new Agent({ connect: { ca } }));
  });
  afterAll(async () => {
    setGlobalDispatcher(new Agent()); // test files share a worker: leave fetch as it was
    killAllNodes();
    proxy?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('tells clients the public https URL, and realm-web works through it', async () => {
    const location = await viaProxy('127.0.0.2', `${CLIENT}/app/demo/location`);
    expect(location.body.hostname).toBe(publicUrl);
    const app = new Realm.App({ id: 'demo', baseUrl: publicUrl });
    await app.emailPasswordAuth.registerUser({ email: 'tls@example.com', password: 'behind-a-proxy' });
    const user = await app.logIn(Realm.Credentials.emailPassword('tls@example.com', 'behind-a-proxy'));
    const { key } = await user.apiKeys.create('through-tls');
    const keyUser = await app.logIn(Realm.Credentials.apiKey(key));
    expect(keyUser.id).toBe(user.id);
  });

  it("records each client's own address, from the proxy's header", async () => {
    for (const from of ['127.0.0.3', '127.0.0.4']) {
      const refused = await viaProxy(from, `${CLIENT}/app/demo/auth/providers/local-userpass/login`, {
        method: 'POST',
        body: { username: 'tls@example.com', password: `wrong from ${from}` },
      });
      expect(refused.status).toBe(401);
    }
    const addresses = await auditAddresses('login.failed');
    expect(addresses).toEqual(expect.arrayContaining(['127.0.0.3', '127.0.0.4']));
    expect(addresses).not.toContain('127.0.0.1');
  });

  it('limits each client by its own address, not the proxy as one client', async () => {
    const attempt = (from: string) =>
      viaProxy(from, `${CLIENT}/app/demo/auth/providers/local-userpass/login`, {
        method: 'POST',
        body: { username: 'nobody@example.com', password: 'wrong-password' },
      });
    const first: number[] = [];
    for (let i = 0; i < 4; i++) first.push((await attempt('127.0.0.5')).status);
    expect(first).toEqual([401, 401, 401, 429]);
    expect((await attempt('127.0.0.6')).status).toBe(401);
  });

  it('believes X-Forwarded-For only from the proxy: a direct client cannot claim an address', async () => {
    const status = await direct(
      '127.0.0.7',
      `${CLIENT}/app/demo/auth/providers/local-userpass/login`,
      {
        username: 'tls@example.com',
        password: 'forged origin',
      },
      '203.0.113.9',
    );
    expect(status).toBe(401);
    const addresses = await auditAddresses('login.failed');
    expect(addresses).toContain('127.0.0.7');
    expect(addresses).not.toContain('203.0.113.9');
  });
});
