import { readFile } from 'node:fs/promises';
import * as protocol from '@latchkey/protocol';
import Type, { type TObject, type TSchema } from 'typebox';
import { describe, expect, it } from 'vitest';

/**
 * Every shape of @latchkey/protocol against docs/openapi.json, field by field: the document a
 * user reads and the types the SDKs compile against are one contract. (openapi.test.ts holds
 * the document to the routes; this holds the protocol package to the document.)
 */
const DOCUMENT = new URL('../../../docs/openapi.json', import.meta.url);
type Operation = {
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  parameters?: { in: string; name: string; required: boolean; schema: Record<string, unknown>; description?: string }[];
};
type Document = { paths: Record<string, Record<string, Operation>> };

const C = '/api/client/v2.0';
const A = '/api/admin/v1';
const answers: [operation: string, status: string, schema: TSchema][] = [
  [`GET ${C}/app/{appId}/location`, '200', protocol.Location],
  [`POST ${C}/app/{appId}/auth/providers/local-userpass/login`, '200', protocol.LoginAnswer],
  [`POST ${C}/app/{appId}/auth/providers/api-key/login`, '200', protocol.LoginAnswer],
  [`POST ${C}/app/{appId}/auth/providers/anon-user/login`, '200', protocol.LoginAnswer],
  [`POST ${C}/auth/session`, '201', protocol.AccessTokenAnswer],
  [`GET ${C}/auth/profile`, '200', protocol.Profile],
  [`POST ${C}/auth/api_keys`, '201', protocol.CreatedApiKey],
  [`GET ${C}/auth/api_keys`, '200', Type.Array(protocol.ApiKey)],
  [`GET ${C}/auth/api_keys/{keyId}`, '200', protocol.ApiKey],
  [`POST ${C}/auth/api_keys/{keyId}/rotate`, '201', protocol.CreatedApiKey],
  [`POST ${C}/app/{appId}/auth/api_keys/verify`, '200', protocol.KeyVerification],
  [`GET ${A}/apps`, '200', Type.Array(protocol.App)],
  [`POST ${A}/apps`, '201', protocol.App],
  [`GET ${A}/apps/{appId}/users`, '200', Type.Array(protocol.AdminUser)],
  [`GET ${A}/apps/{appId}/users/{userId}`, '200', protocol.AdminUser],
  [`GET ${A}/apps/{appId}/users/{userId}/custom_data`, '200', protocol.CustomUserData],
  [`GET ${A}/apps/{appId}/audit`, '200', Type.Array(protocol.AuditEvent)],
  [`GET ${A}/apps/{appId}/stats`, '200', protocol.AppStats],
  [`GET ${A}/apps/{appId}/user_registrations/pending`, '200', Type.Array(protocol.PendingRegistration)],
  [`GET ${A}/mail_outbox`, '200', Type.Array(protocol.QueuedMail)],
  [`POST ${A}/apps/{appId}/webhook_secret`, '201', protocol.WebhookSecret],
  [`GET ${A}/signing_keys`, '200', Type.Array(protocol.SigningKey)],
  [`GET ${A}/apps/{appId}/api_keys`, '200', Type.Array(protocol.ApiKey)],
  [`POST ${A}/apps/{appId}/api_keys`, '201', protocol.CreatedApiKey],
  [`GET ${A}/apps/{appId}/users/{userId}/api_keys`, '200', Type.Array(protocol.ApiKey)],
];
const bodies: [operation: string, schema: TSchema][] = [
  [`POST ${C}/app/{appId}/auth/providers/local-userpass/login`, protocol.PasswordCredential],
  [`POST ${C}/app/{appId}/auth/providers/api-key/login`, protocol.ApiKeyCredential],
  [`POST ${C}/app/{appId}/auth/providers/local-userpass/register`, protocol.Registration],
  [`POST ${C}/app/{appId}/auth/providers/local-userpass/confirm`, protocol.TokenDetails],
  [`POST ${C}/app/{appId}/auth/providers/local-userpass/reset`, protocol.PasswordReset],
  [`POST ${C}/app/{appId}/auth/providers/local-userpass/reset/call`, protocol.PasswordResetCall],
  [`POST ${C}/auth/api_keys`, protocol.NewApiKey],
  [`POST ${C}/auth/api_keys/{keyId}/rotate`, protocol.KeyRotation],
  [`POST ${C}/api_keys/revoke`, protocol.LeakedKeys],
  [`POST ${A}/apps`, protocol.NewApp],
  [`PATCH ${A}/apps/{appId}`, protocol.AppChange],
  [`POST ${A}/apps/{appId}/users`, protocol.NewPasswordUser],
  [`PUT ${A}/apps/{appId}/users/{userId}/custom_data`, protocol.CustomUserData],
  [`POST ${A}/apps/{appId}/api_keys`, protocol.NewServerApiKey],
];
const queries: [operation: string, schema: TObject][] = [
  [`GET ${A}/apps/{appId}/users`, protocol.UserFilters],
  [`GET ${A}/apps/{appId}/audit`, protocol.AuditFilters],
  [`GET ${A}/apps/{appId}/stats`, protocol.StatsQuery],
];

/** A schema as JSON carries it (TypeBox's own markers are symbols and not part of it). */
const json = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema));

async function operation(name: string): Promise<Operation> {
  const document = JSON.parse(await readFile(DOCUMENT, 'utf8')) as Document;
  const [method, path] = name.split(' ') as [string, string];
  const found = document.paths[path]?.[method.toLowerCase()];
  if (!found) throw new Error(`docs/openapi.json has no ${name}`);
  return found;
}

describe('@latchkey/protocol is docs/openapi.json, field by field', () => {
  it.each(answers)('%s answers %s with the protocol shape', async (name, status, schema) => {
    const documented = (await operation(name)).responses[status]?.content?.['application/json']?.schema;
    expect(documented).toEqual(json(schema));
  });

  it.each(bodies)('%s takes the protocol shape', async (name, schema) => {
    expect((await operation(name)).requestBody?.content['application/json']?.schema).toEqual(json(schema));
  });

  it.each(queries)('%s takes the protocol query', async (name, schema) => {
    const parameters = ((await operation(name)).parameters ?? []).filter((parameter) => parameter.in === 'query');
    const documented = Object.fromEntries(
      parameters.map(({ name: field, schema: fieldSchema, description }) => [
        field,
        { ...fieldSchema, ...(description ? { description } : {}) },
      ]),
    );
    expect(documented).toEqual(json(schema.properties));
  });

  it('names every provider and audit event type the routes accept, and no other', async () => {
    // Users are filtered by any identity they may hold (imported ones of providers not served yet included).
    const users = await operation(`GET ${A}/apps/{appId}/users`);
    expect(users.parameters?.find((parameter) => parameter.name === 'provider')?.schema.enum).toEqual([...protocol.IDENTITY_PROVIDERS]);
    const audit = await operation(`GET ${A}/apps/{appId}/audit`);
    expect(audit.parameters?.find((parameter) => parameter.name === 'type')?.schema.enum).toEqual([...protocol.AUDIT_EVENT_TYPES]);
  });
});
