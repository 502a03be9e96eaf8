import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Realm from 'realm-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../src/store/postgres/test-database.js';
import { assertBuilt, killAllNodes, startNode, until } from './nodes.js';

/**
 * OpenTelemetry: with OTEL_EXPORTER_OTLP_ENDPOINT set, a node exports a span per request and
 * a child span per store call over OTLP/HTTP. The receiver here is a plain HTTP server taking
 * the exporter's JSON, as a collector would.
 */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: { stringValue?: string; intValue?: number | string } }[];
}
interface OtlpExport {
  resourceSpans: { resource: { attributes: OtlpSpan['attributes'] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

let receiver: Server;
let endpoint: string;
const exports: OtlpExport[] = [];
const spans = () =>
  exports.flatMap((batch) => batch.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)));
const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((entry) => entry.key === key)?.value;
  return value?.stringValue ?? (value?.intValue !== undefined ? Number(value.intValue) : undefined);
};
let dataDir: string;

describe.runIf(TEST_STORE === 'sqlite')('traces', () => {
  beforeAll(async () => {
    assertBuilt();
    dataDir = await mkdtemp(join(tmpdir(), 'latchkey-traces-'));
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += String(chunk)));
      request.on('end', () => {
        if (request.url === '/v1/traces' && request.headers['content-type']?.startsWith('application/json')) {
          exports.push(JSON.parse(body) as OtlpExport);
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    killAllNodes();
    receiver?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('exports a span per request, named by its route, with the store calls it made as children', async () => {
    const node = await startNode({ LATCHKEY_DATA_DIR: dataDir, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    const app = new Realm.App({ id: 'demo', baseUrl: node.url });
    await app.emailPasswordAuth.registerUser({ email: 'traced@example.com', password: 'traced-password' });
    const user = await app.logIn(Realm.Credentials.emailPassword('traced@example.com', 'traced-password'));
    const { key } = await user.apiKeys.create('traced-key');
    await app.logIn(Realm.Credentials.apiKey(key));
    expect(await node.stop()).toBe(0); // shutting down exports what is buffered

    const login = 'POST /api/client/v2.0/app/:appId/auth/providers/api-key/login';
    await until(
      () => spans().some((span) => span.name === login),
      `the login spans to arrive (received: ${[...new Set(spans().map((span) => span.name))].join(', ')})`,
    );
    const [keyLogin] = spans()
      .filter((span) => span.name === login)
      .slice(-1);
    expect(attribute(keyLogin!, 'http.response.status_code')).toBe(200);
    expect(attribute(keyLogin!, 'http.route')).toBe('/api/client/v2.0/app/:appId/auth/providers/api-key/login');
    const children = spans().filter((span) => span.traceId === keyLogin!.traceId && span.parentSpanId === keyLogin!.spanId);
    expect(children.length).toBeGreaterThan(0);
    expect(children.map((child) => child.name)).toContain('store.findKeyAndOwnerByHash');
    for (const child of children) expect(child.name).toMatch(/^store\.\w+$/);
    const resource = exports[0]!.resourceSpans[0]!.resource.attributes;
    expect(resource.find((entry) => entry.key === 'service.name')?.value.stringValue).toBe('latchkey');
    // Routes, never URLs or bodies: no secret reaches the collector.
    const everything = JSON.stringify(exports);
    for (const secret of [key, 'traced-password', 'traced@example.com']) expect(everything).not.toContain(secret);
  });
});
