import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The access log (LATCHKEY_LOG_LEVEL=debug): one line per request, written when it is answered,
 * with the method, the path (query values redacted), the client address, the status and the
 * time taken. Fastify's own pair of lines (received, completed) is off.
 */
export function installRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug({ req: request, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
  });
}

/**
 * What the access log (debug) says of a request: query values are replaced, because a client
 * may put a secret there (`?token=…`) and logs travel further than the request did.
 */
export function describeRequest(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, url: redactQueryValues(request.url), remoteAddress: request.ip };
}

export function redactQueryValues(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const names = url
    .slice(start + 1)
    .split('&')
    .map((pair) => pair.split('=', 1)[0]!.slice(0, 64));
  return `${url.slice(0, start)}?${names.map((name) => `${name}=[redacted]`).join('&')}`;
}
