import type { FastifyRequest } from 'fastify';

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
