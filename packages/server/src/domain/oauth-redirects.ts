import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { App } from '../model/apps.js';
import type { Origin } from '../model/audit-events.js';
import { LatchkeyError } from '../model/errors.js';
import type { KeyStore, SecretStore, SessionStore, ThrottleStore, UserStore } from '../store/store.js';
import { requireProvider } from './credentials.js';
import type { DepsWith } from './deps.js';
import { logInWithExternalIdentity } from './external-logins.js';
import { APPLE_ISSUER, FACEBOOK_GRAPH, GOOGLE_ISSUER, idTokenForCode, proveByFacebook, verifyIdToken } from './oauth-logins.js';
import { openSettingSecret } from './provider-secrets.js';

/**
 * realm-web's redirect login (`Credentials.google({ redirectUrl })`, `Credentials.apple(url)`
 * with `handleAuthRedirect` on the returning page), for Google and Apple (OpenID providers):
 *
 * 1. The client's window opens `…/auth/providers/{provider}/login?redirect=…&state=…`. The
 *    redirect must be one of the app's `oauthRedirectUris`. Latchkey sends the browser to the
 *    provider's authorization endpoint with a PKCE challenge and a nonce; what it must remember
 *    (the app, the client's redirect and state, the PKCE verifier, the nonce) travels in the
 *    OAuth `state`, sealed (AES-256-GCM) with a key only the servers hold, so any node can finish
 *    the flow and nothing is stored per attempt.
 * 2. The provider sends the browser back to `/api/client/v2.0/auth/callback` with a code;
 *    Latchkey exchanges it (with the verifier, and the client secret when set), checks the id
 *    token (and its nonce), logs the user in, and sends the browser to the app's page with
 *    `_baas_client_app_id`, `_baas_ua` (`access$refresh$userId$deviceId`) and `_baas_state` in
 *    the URL's fragment (never sent to a server), or `_baas_error`.
 */

type Uses = DepsWith<SecretStore & KeyStore & UserStore & SessionStore & ThrottleStore>;
type RedirectProvider = 'oauth2-google' | 'oauth2-apple' | 'oauth2-facebook';

export const FACEBOOK_DIALOG = 'https://www.facebook.com/v19.0/dialog/oauth';
const names = { 'oauth2-google': 'Google', 'oauth2-apple': 'Apple', 'oauth2-facebook': 'Facebook' } as const;

/** A flow not finished within this long is refused (the user starts again). */
const FLOW_TTL_MS = 10 * 60_000;
const MAX_STATE_LENGTH = 256;

interface Flow {
  /** The app's client app id, the provider, the page to return to and the client's own state. */
  a: string;
  p: RedirectProvider;
  r: string;
  s: string;
  /** The PKCE verifier and the nonce, and when the flow expires. */
  v: string;
  n: string;
  e: number;
}

const keys = new WeakMap<object, Promise<Buffer>>();

/** The servers' key for sealing flow states: made once, shared by every node through the database. */
function stateKey(deps: Uses): Promise<Buffer> {
  let key = keys.get(deps.store);
  if (!key) {
    key = deps.store
      .insertServerSecretIfAbsent('oauth-state-key', randomBytes(32).toString('base64'))
      .then((stored) => Buffer.from(stored, 'base64'));
    keys.set(deps.store, key);
  }
  return key;
}

async function seal(deps: Uses, flow: Flow): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await stateKey(deps), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(flow), 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
}

async function open(deps: Uses, state: string): Promise<Flow | null> {
  const [iv, tag, sealed, ...rest] = state.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !sealed || rest.length || iv.length !== 12 || tag.length !== 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', await stateKey(deps), iv);
    decipher.setAuthTag(tag);
    return JSON.parse(Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8')) as Flow;
  } catch {
    return null;
  }
}

function providerOf(
  app: App,
  provider: Exclude<RedirectProvider, 'oauth2-facebook'>,
): { issuer: string; clientId: string; clientSecret: string | null; secretSetting: 'google.clientSecret' | 'apple.clientSecret' } {
  if (provider === 'oauth2-google') {
    const google = app.settings.google!;
    return {
      issuer: google.issuer ?? GOOGLE_ISSUER,
      clientId: google.clientId,
      clientSecret: google.clientSecret ?? null,
      secretSetting: 'google.clientSecret',
    };
  }
  const apple = app.settings.apple!;
  return {
    issuer: apple.issuer ?? APPLE_ISSUER,
    clientId: apple.clientId,
    clientSecret: apple.clientSecret ?? null,
    secretSetting: 'apple.clientSecret',
  };
}

/** Where to send the browser to start a redirect login. */
export async function startRedirectLogin(
  deps: Uses,
  app: App,
  provider: RedirectProvider,
  request: { redirect: string; state: string },
  callbackUrl: string,
): Promise<string> {
  requireProvider(app, provider);
  if (!app.settings.oauthRedirectUris.includes(request.redirect))
    throw new LatchkeyError('InvalidParameter', "redirect is not one of the app's oauthRedirectUris (add the page there)");
  if (!request.state || request.state.length > MAX_STATE_LENGTH)
    throw new LatchkeyError('InvalidParameter', `state must be 1 to ${MAX_STATE_LENGTH} characters`);
  const verifier = randomBytes(32).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const flow: Flow = {
    a: app.clientAppId,
    p: provider,
    r: request.redirect,
    s: request.state,
    v: verifier,
    n: nonce,
    e: deps.clock.now() + FLOW_TTL_MS,
  };
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = await seal(deps, flow);
  if (provider === 'oauth2-facebook') {
    const facebook = app.settings.facebook!;
    const dialog = new URL(facebook.dialogUrl ?? FACEBOOK_DIALOG);
    dialog.search = new URLSearchParams({
      client_id: facebook.appId,
      redirect_uri: callbackUrl,
      state,
      response_type: 'code',
      scope: 'email,public_profile',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    return dialog.toString();
  }
  const { issuer, clientId } = providerOf(app, provider);
  const { authorizationEndpoint } = await deps.identityProviders.openIdConfiguration(issuer);
  if (!authorizationEndpoint) throw new LatchkeyError('ProviderUnavailable', 'the identity provider publishes no authorization endpoint');
  const url = new URL(authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: callbackUrl,
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    // Apple returns to the callback with a form POST whenever the scope asks for the email.
    ...(provider === 'oauth2-apple' ? { response_mode: 'form_post' } : {}),
  }).toString();
  return url.toString();
}

/** Facebook's code exchange: a GET on the Graph API's oauth/access_token, answered with a user access token. */
async function facebookAccessToken(deps: Uses, app: App, code: string, verifier: string, callbackUrl: string): Promise<string> {
  const facebook = app.settings.facebook!;
  const graph = (facebook.graphUrl ?? FACEBOOK_GRAPH).replace(/\/+$/, '');
  const answer = await deps.identityProviders.getJson(
    `${graph}/oauth/access_token?${new URLSearchParams({
      client_id: facebook.appId,
      client_secret: openSettingSecret(app, facebook.appSecret, 'facebook.appSecret', deps.secretKeys),
      redirect_uri: callbackUrl,
      code,
      code_verifier: verifier,
    }).toString()}`,
  );
  if (answer.status !== 200 || typeof answer.body.access_token !== 'string')
    throw new LatchkeyError('AuthError', 'Facebook did not accept the code');
  return answer.body.access_token;
}

function fragment(values: Record<string, string>): string {
  return `#${new URLSearchParams(values).toString()}`;
}

/**
 * The page to send the browser back to when the provider returns. A state that does not open
 * (forged, from another deployment, expired) has nowhere safe to go: it is a JSON 400.
 */
export async function finishRedirectLogin(
  deps: Uses,
  params: { state?: string | undefined; code?: string | undefined; error?: string | undefined },
  callbackUrl: string,
  origin: Origin,
): Promise<string> {
  const flow = params.state ? await open(deps, params.state) : null;
  if (!flow || flow.e <= deps.clock.now())
    throw new LatchkeyError('InvalidParameter', 'this login link is invalid or has expired: log in again');
  const back = (values: Record<string, string>) => `${flow.r}${fragment({ _baas_client_app_id: flow.a, _baas_state: flow.s, ...values })}`;
  const app = await deps.apps.findByClientAppId(flow.a);
  if (!app) return back({ _baas_error: 'the app no longer exists' });
  if (params.error || !params.code) return back({ _baas_error: (params.error ?? 'the provider sent no code').slice(0, 200) });
  const code = params.code;
  const provider = flow.p;
  try {
    const login = await logInWithExternalIdentity(
      deps,
      app,
      provider,
      async () => {
        if (provider === 'oauth2-facebook')
          return proveByFacebook(deps, app, { accessToken: await facebookAccessToken(deps, app, code, flow.v, callbackUrl) });
        const settings = providerOf(app, provider);
        const idToken = await idTokenForCode(deps, names[provider], settings.issuer, {
          code,
          redirect_uri: callbackUrl,
          client_id: settings.clientId,
          code_verifier: flow.v,
          ...(settings.clientSecret
            ? { client_secret: openSettingSecret(app, settings.clientSecret, settings.secretSetting, deps.secretKeys) }
            : {}),
        });
        const verified = await verifyIdToken(deps, names[provider], idToken, {
          issuer: settings.issuer,
          clientId: settings.clientId,
          nonce: flow.n,
        });
        return { provider, externalId: verified.subject, profile: verified.profile };
      },
      origin,
    );
    return back({ _baas_ua: [login.accessToken, login.refreshToken, login.userId, login.deviceId].join('$') });
  } catch (error) {
    if (!(error instanceof LatchkeyError)) throw error;
    return back({ _baas_error: error.message.slice(0, 200) });
  }
}
