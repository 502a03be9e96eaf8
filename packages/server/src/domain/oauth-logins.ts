import { TokenError } from 'fast-jwt';
import { jwtHeader, verifyWithKeys } from '../crypto/jwt-verify.js';
import type { App } from '../model/apps.js';
import { LatchkeyError } from '../model/errors.js';
import { CLOCK_LEEWAY_MS } from './custom-jwt.js';
import type { DepsWith } from './deps.js';
import type { ExternalIdentity } from './external-logins.js';
import { openSettingSecret } from './provider-secrets.js';

/**
 * Google, Apple and Facebook logins, as realm-web and realm-core send them: Google's id token
 * (`{id_token}`) or server auth code (`{authCode}`, exchanged at the token endpoint with the
 * client secret), Apple's id token, Facebook's user access token (`{accessToken}`, checked with
 * the Graph API's debug_token). An id token is checked against its issuer's published keys
 * (from the OpenID discovery document, so any OpenID provider can stand in for Google or Apple):
 * signature, `iss`, `aud` (the app's client id), `exp`, with a minute's leeway for clocks.
 */

type Uses = DepsWith<unknown>;

export const GOOGLE_ISSUER = 'https://accounts.google.com';
export const APPLE_ISSUER = 'https://appleid.apple.com';
export const FACEBOOK_GRAPH = 'https://graph.facebook.com';
const ID_TOKEN_ALGORITHMS = ['RS256', 'ES256'] as const;
const refused = (provider: string, why: string) => new LatchkeyError('AuthError', `${provider} login refused: ${why}`);

/** What an id token says about its user that the profile shows. */
function profileOfClaims(claims: Record<string, unknown>): Record<string, unknown> {
  const profile: Record<string, unknown> = {};
  // An address the provider has not verified is not shown as the user's.
  if (typeof claims.email === 'string' && claims.email_verified !== false && claims.email_verified !== 'false')
    profile.email = claims.email;
  // App Services' names for them, which the clients map (realm-web's firstName, lastName, pictureUrl).
  const fields = { name: 'name', picture: 'picture', given_name: 'first_name', family_name: 'last_name' } as const;
  for (const [claim, field] of Object.entries(fields)) if (typeof claims[claim] === 'string') profile[field] = claims[claim];
  return profile;
}

/** An id token's subject and profile, checked against the issuer's published keys. */
export async function verifyIdToken(
  deps: Uses,
  provider: string,
  token: string,
  expected: { issuer: string; clientId: string; alsoIssuer?: string; nonce?: string },
): Promise<{ subject: string; profile: Record<string, unknown> }> {
  const header = jwtHeader(token);
  if (!header) throw refused(provider, 'the id token is not a JWT');
  const algorithm = ID_TOKEN_ALGORITHMS.find((alg) => alg === header.alg);
  if (!algorithm)
    throw refused(provider, `the id token is signed with ${String(header.alg)}; ${ID_TOKEN_ALGORITHMS.join(' or ')} are taken`);
  const configuration = await deps.identityProviders.openIdConfiguration(expected.issuer);
  const keys = await deps.jwkSets.keysFor(configuration.jwksUri, typeof header.kid === 'string' ? header.kid : undefined, algorithm);
  if (keys.length === 0) throw refused(provider, 'no key the provider publishes signed the id token');
  const issuers = [configuration.issuer, ...(expected.alsoIssuer ? [expected.alsoIssuer] : [])];
  const verified = verifyWithKeys(token, keys, {
    algorithms: [algorithm],
    allowedIss: issuers,
    allowedAud: expected.clientId,
    ...(expected.nonce ? { allowedNonce: expected.nonce } : {}),
    clockTimestamp: deps.clock.now(),
    clockTolerance: CLOCK_LEEWAY_MS,
    requiredClaims: ['exp', 'sub', 'iss', 'aud'],
  });
  if ('claims' in verified) {
    const { claims } = verified;
    if (typeof claims.sub !== 'string' || !claims.sub) throw refused(provider, 'the id token has no sub');
    return { subject: claims.sub, profile: profileOfClaims(claims) };
  }
  const lastError = verified.error;
  const why =
    lastError instanceof TokenError
      ? lastError.code === TokenError.codes.expired
        ? 'the id token has expired'
        : lastError.code === TokenError.codes.invalidClaimValue
          ? `the id token is for another client or issuer (aud must be ${expected.clientId}, iss ${issuers.join(' or ')})`
          : lastError.code === TokenError.codes.missingRequiredClaim
            ? 'the id token lacks exp, sub, iss or aud'
            : 'the id token does not verify'
      : 'the id token does not verify';
  throw refused(provider, why);
}

/** Exchanges an authorization code at the issuer's token endpoint for the id token it stands for. */
export async function idTokenForCode(deps: Uses, provider: string, issuer: string, form: Record<string, string>): Promise<string> {
  const { tokenEndpoint } = await deps.identityProviders.openIdConfiguration(issuer);
  if (!tokenEndpoint) throw new LatchkeyError('ProviderUnavailable', 'the identity provider publishes no token endpoint');
  const exchanged = await deps.identityProviders.postForm(tokenEndpoint, { grant_type: 'authorization_code', ...form });
  if (exchanged.status !== 200 || typeof exchanged.body.id_token !== 'string') {
    const reason = typeof exchanged.body.error === 'string' ? exchanged.body.error : String(exchanged.status);
    throw refused(provider, `the code was not accepted (${reason.slice(0, 64)})`);
  }
  return exchanged.body.id_token;
}

/** Google: `{id_token}` (or `{idToken}`), or `{authCode}` exchanged with the client secret. */
export async function proveByGoogle(deps: Uses, app: App, body: Record<string, unknown>): Promise<ExternalIdentity> {
  const google = app.settings.google;
  if (!google) throw new LatchkeyError('AuthProviderNotFound', "authentication via 'oauth2-google' is not set up for this app");
  const issuer = google.issuer ?? GOOGLE_ISSUER;
  let idToken = typeof body.id_token === 'string' ? body.id_token : typeof body.idToken === 'string' ? body.idToken : null;
  if (!idToken && typeof body.authCode === 'string') {
    if (!google.clientSecret)
      throw new LatchkeyError('InvalidParameter', 'this app takes Google id tokens only: an auth code needs google.clientSecret set');
    idToken = await idTokenForCode(deps, 'Google', issuer, {
      code: body.authCode,
      client_id: google.clientId,
      client_secret: openSettingSecret(app, google.clientSecret, 'google.clientSecret', deps.secretKeys),
      redirect_uri: typeof body.redirectUri === 'string' ? body.redirectUri : '',
    });
  }
  if (!idToken) throw new LatchkeyError('InvalidParameter', 'a Google login takes id_token or authCode');
  const verified = await verifyIdToken(deps, 'Google', idToken, {
    issuer,
    clientId: google.clientId,
    ...(google.issuer ? {} : { alsoIssuer: 'accounts.google.com' }),
  });
  return { provider: 'oauth2-google', externalId: verified.subject, profile: verified.profile };
}

/** Apple: `{id_token}`. */
export async function proveByApple(deps: Uses, app: App, body: Record<string, unknown>): Promise<ExternalIdentity> {
  const apple = app.settings.apple;
  if (!apple) throw new LatchkeyError('AuthProviderNotFound', "authentication via 'oauth2-apple' is not set up for this app");
  const idToken = typeof body.id_token === 'string' ? body.id_token : null;
  if (!idToken) throw new LatchkeyError('InvalidParameter', 'an Apple login takes id_token');
  const verified = await verifyIdToken(deps, 'Apple', idToken, { issuer: apple.issuer ?? APPLE_ISSUER, clientId: apple.clientId });
  return { provider: 'oauth2-apple', externalId: verified.subject, profile: verified.profile };
}

/** Facebook: `{accessToken}`, checked with debug_token (valid, for this Facebook app), the profile read from /me. */
export async function proveByFacebook(deps: Uses, app: App, body: Record<string, unknown>): Promise<ExternalIdentity> {
  const facebook = app.settings.facebook;
  if (!facebook) throw new LatchkeyError('AuthProviderNotFound', "authentication via 'oauth2-facebook' is not set up for this app");
  const accessToken = typeof body.accessToken === 'string' ? body.accessToken : null;
  if (!accessToken || accessToken.length > 4096) throw new LatchkeyError('InvalidParameter', 'a Facebook login takes accessToken');
  const graph = (facebook.graphUrl ?? FACEBOOK_GRAPH).replace(/\/+$/, '');
  const appToken = `${facebook.appId}|${openSettingSecret(app, facebook.appSecret, 'facebook.appSecret', deps.secretKeys)}`;
  const debug = await deps.identityProviders.getJson(
    `${graph}/debug_token?${new URLSearchParams({ input_token: accessToken, access_token: appToken }).toString()}`,
  );
  const data = (debug.body.data ?? {}) as Record<string, unknown>;
  if (debug.status !== 200 || data.is_valid !== true) throw refused('Facebook', 'the access token is not valid');
  if (String(data.app_id) !== facebook.appId) throw refused('Facebook', 'the access token is for another Facebook app');
  if (typeof data.expires_at === 'number' && data.expires_at !== 0 && data.expires_at * 1000 < deps.clock.now())
    throw refused('Facebook', 'the access token has expired');
  const userId = data.user_id;
  if (typeof userId !== 'string' && typeof userId !== 'number') throw refused('Facebook', 'the access token names no user');
  const me = await deps.identityProviders.getJson(
    `${graph}/me?${new URLSearchParams({ fields: 'id,name,email,picture', access_token: accessToken }).toString()}`,
  );
  const profile: Record<string, unknown> = {};
  if (typeof me.body.name === 'string') profile.name = me.body.name;
  if (typeof me.body.email === 'string') profile.email = me.body.email;
  const picture = (me.body.picture as { data?: { url?: unknown } } | undefined)?.data?.url;
  if (typeof picture === 'string') profile.picture = picture;
  return { provider: 'oauth2-facebook', externalId: String(userId), profile };
}
