import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An app's backend, as a real HTTP server on loopback: it checks Latchkey's signature the way
 * docs/email.md tells operators to, records each call, and answers what the test sets.
 */
export interface WebhookCallRecord {
  event: string;
  body: Record<string, unknown>;
  signatureValid: boolean;
}

export interface TestWebhook {
  url: string;
  calls: WebhookCallRecord[];
  secret: string;
  /** `{status}` to answer, or 'hang' (never answer) or a bare HTTP status. */
  answer: 'success' | 'pending' | 'fail' | 'hang' | number;
  /** When set, answers any call with the JSON this returns for its body (a login function's `{id}` or `{error}`). */
  respond?: (body: Record<string, unknown>) => unknown;
  /** Ends the calls left hanging (their connections close unanswered). */
  release(): void;
  close(): Promise<void>;
}

async function read(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `Latchkey-Signature: t=…,v1=…` over `<t>.<body>`, checked in constant time. */
export function signatureIsValid(header: string | undefined, body: string, secret: string): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((part) => part.split('=') as [string, string]));
  if (!parts.t || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startWebhook(): Promise<TestWebhook> {
  const webhook: Pick<TestWebhook, 'calls' | 'secret' | 'answer' | 'respond'> = { calls: [], secret: '', answer: 'success' };
  const hanging = new Set<() => void>();
  const server = createServer((request, response) => {
    void read(request).then((body) => {
      webhook.calls.push({
        event: String(request.headers['latchkey-event']),
        body: JSON.parse(body) as Record<string, unknown>,
        signatureValid: signatureIsValid(request.headers['latchkey-signature'] as string | undefined, body, webhook.secret),
      });
      const answer = webhook.answer;
      if (webhook.respond) {
        const calls = webhook.calls;
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(webhook.respond(calls[calls.length - 1]!.body)));
        return;
      }
      if (answer === 'hang') {
        hanging.add(() => response.destroy());
        return;
      }
      if (typeof answer === 'number') response.writeHead(answer).end();
      else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: answer }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(webhook, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/latchkey`,
    release: () => {
      for (const end of hanging) end();
      hanging.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const end of hanging) end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
