import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/model/errors.js';
import { generateOpenApiDocument } from '../src/openapi-document.js';

const COMMITTED = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'openapi.json');
const ERRORS_DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'errors.md');

describe('documentation stays true to the code', () => {
  it('docs/openapi.json is what the routes generate (run `npm run openapi` after changing a route)', async () => {
    const committed = JSON.parse(await readFile(COMMITTED, 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(await generateOpenApiDocument())));
  });

  it('documents every client route of the protocol', async () => {
    const document = (await generateOpenApiDocument()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    for (const operation of [
      'GET /api/client/v2.0/app/{appId}/location',
      'POST /api/client/v2.0/app/{appId}/auth/providers/local-userpass/register',
      'POST /api/client/v2.0/app/{appId}/auth/providers/local-userpass/login',
      'POST /api/client/v2.0/app/{appId}/auth/providers/anon-user/login',
      'POST /api/client/v2.0/app/{appId}/auth/providers/api-key/login',
      'GET /api/client/v2.0/auth/profile',
      'POST /api/client/v2.0/auth/session',
      'DELETE /api/client/v2.0/auth/session',
      'DELETE /api/client/v2.0/auth/delete',
      'POST /api/client/v2.0/auth/api_keys',
      'GET /api/client/v2.0/auth/api_keys',
      'GET /api/client/v2.0/auth/api_keys/{keyId}',
      'PUT /api/client/v2.0/auth/api_keys/{keyId}/enable',
      'PUT /api/client/v2.0/auth/api_keys/{keyId}/disable',
      'DELETE /api/client/v2.0/auth/api_keys/{keyId}',
      'GET /.well-known/jwks.json',
    ]) {
      expect(operations).toContain(operation);
    }
  });

  it('docs/errors.md documents every error code', async () => {
    const errorsDoc = await readFile(ERRORS_DOC, 'utf8');
    for (const code of Object.keys(ERROR_CODES)) expect(errorsDoc).toContain(`\`${code}\``);
  });
});
