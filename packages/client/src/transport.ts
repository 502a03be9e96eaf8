import { refusalOf } from '@latchkey/errors';
import { LatchkeyError } from './errors.js';

export interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  token?: string | null;
  body?: unknown;
}

/** One JSON request; a non-2xx answer becomes a LatchkeyError carrying the server's code. */
export async function send<T>(fetchImpl: typeof fetch, request: Request): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetchImpl(request.url, {
      method: request.method,
      headers,
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    });
  } catch (error) {
    throw new LatchkeyError(0, 'NetworkError', `could not reach Latchkey at ${request.url}: ${(error as Error).message}`);
  }
  const text = await response.text();
  let parsed: unknown = null;
  if (text && response.headers.get('content-type')?.startsWith('application/json')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new LatchkeyError(response.status, 'BadResponse', `Latchkey answered invalid JSON (${request.method} ${request.url})`);
    }
  }
  if (!response.ok) {
    const { code, message } = refusalOf(response.status, parsed);
    throw new LatchkeyError(response.status, code, `${message} (${request.method} ${new URL(request.url).pathname})`);
  }
  return parsed as T;
}
