/** What an OpenID provider publishes about itself (its discovery document), as Latchkey uses it. */
export interface OpenIdConfiguration {
  issuer: string;
  jwksUri: string;
  tokenEndpoint: string | null;
  authorizationEndpoint: string | null;
}

/** An answer of a provider's HTTP API: its status and its JSON object (empty when it sent none). */
export interface ProviderAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * HTTP to identity providers (Google, Apple, Facebook, any OpenID provider standing in), with a
 * deadline on every call (LATCHKEY_PROVIDER_TIMEOUT_SECONDS): one that cannot be reached is
 * ProviderUnavailable, never a hung login.
 */
export interface IdentityProviders {
  /** `<issuer>/.well-known/openid-configuration`, cached. */
  openIdConfiguration(issuer: string): Promise<OpenIdConfiguration>;
  /** A form POSTed (a token endpoint's code exchange). */
  postForm(url: string, form: Record<string, string>): Promise<ProviderAnswer>;
  getJson(url: string): Promise<ProviderAnswer>;
}
