import { LatchkeyError } from '../model/errors.js';
import type { IdentityProviders, OpenIdConfiguration, ProviderAnswer } from '../model/identity-providers.js';
import { DEFAULT_JWK_SET_POLICY, HttpJwkSets } from './jwk-sets.js';

const MAX_BYTES = 1024 * 1024;
/** A discovery document is used this long before it is fetched again. */
const CONFIGURATION_MAX_AGE_MS = 60 * 60_000;

const unavailable = (why: string) => new LatchkeyError('ProviderUnavailable', `the identity provider ${why}`);

/** Identity providers over HTTP with global fetch. */
export class HttpIdentityProviders implements IdentityProviders {
  private readonly configurations = new Map<string, { configuration: OpenIdConfiguration; fetchedAt: number }>();

  constructor(
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private async request(url: string, init: RequestInit): Promise<ProviderAnswer> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, redirect: 'follow', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw unavailable((error as Error).name === 'TimeoutError' ? `did not answer within ${this.timeoutMs} ms` : 'could not be reached');
    }
    const text = await response.text();
    if (text.length > MAX_BYTES) throw unavailable('answered over 1 MiB');
    let body: unknown = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      if (response.ok) throw unavailable('answered something other than JSON');
    }
    return {
      status: response.status,
      body: typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {},
    };
  }

  getJson(url: string): Promise<ProviderAnswer> {
    return this.request(url, { headers: { accept: 'application/json' } });
  }

  postForm(url: string, form: Record<string, string>): Promise<ProviderAnswer> {
    return this.request(url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  async openIdConfiguration(issuer: string): Promise<OpenIdConfiguration> {
    const held = this.configurations.get(issuer);
    if (held && this.now() - held.fetchedAt < CONFIGURATION_MAX_AGE_MS) return held.configuration;
    const answer = await this.getJson(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`).catch((error: unknown) => {
      if (held) return null;
      throw error;
    });
    if (!answer) return held!.configuration;
    const { body } = answer;
    if (answer.status !== 200 || typeof body.jwks_uri !== 'string' || typeof body.issuer !== 'string')
      throw unavailable(`at ${issuer} has no OpenID discovery document (answered ${answer.status})`);
    const text = (value: unknown) => (typeof value === 'string' ? value : null);
    const configuration: OpenIdConfiguration = {
      issuer: body.issuer,
      jwksUri: body.jwks_uri,
      tokenEndpoint: text(body.token_endpoint),
      authorizationEndpoint: text(body.authorization_endpoint),
    };
    this.configurations.set(issuer, { configuration, fetchedAt: this.now() });
    return configuration;
  }
}

/** The clients for identity providers a server uses: JWK sets and the providers' other endpoints, with one deadline. */
export function identityProviderClients(
  timeoutMs: number,
  now: () => number,
): { jwkSets: HttpJwkSets; identityProviders: HttpIdentityProviders } {
  return {
    jwkSets: new HttpJwkSets({ ...DEFAULT_JWK_SET_POLICY, timeoutMs }, now),
    identityProviders: new HttpIdentityProviders(timeoutMs, now),
  };
}
