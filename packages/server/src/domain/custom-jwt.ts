import { TokenError } from 'fast-jwt';
import type { CustomJwtSettings } from '@latchkey/protocol';
import { configuredKey } from '../crypto/jwt-keys.js';
import { jwtHeader, verifyWithKeys } from '../crypto/jwt-verify.js';
import { isSealed, type KeyEncryptionKeys } from '../crypto/sealed-secrets.js';
import { openSettingSecret } from './provider-secrets.js';
import type { App } from '../model/apps.js';
import { LatchkeyError } from '../model/errors.js';
import type { DepsWith } from './deps.js';

/**
 * Custom JWT (App Services' custom-token provider): a token the app's own identity system
 * signed logs its subject in. App Services' rules: `sub` is the identity's id; `aud` must name
 * the configured audiences (all of them, or any with requireAnyAudience; none configured: the
 * client app id); `exp` is required; `nbf` and `iat` are honoured, with a minute's leeway for
 * clocks; `metadataFields` copy claims into the user's profile data. Only the configured
 * algorithm is accepted (never `none`, and never one key read as another kind of key).
 */

/** Clocks of the app's identity system and of Latchkey may differ by this much. */
export const CLOCK_LEEWAY_MS = 60_000;

type Uses = DepsWith<unknown>;

export interface VerifiedJwt {
  /** The identity's id: the token's `sub`. */
  subject: string;
  /** The metadata fields, by the field names they are given in the profile. */
  profile: Record<string, unknown>;
}

const refused = (why: string) => new LatchkeyError('AuthError', `custom JWT refused: ${why}`);

/** Refuses keys that do not fit the algorithm (run on every settings change, before anything is stored). */
export function checkCustomJwtKeys(jwt: CustomJwtSettings | null): void {
  jwt?.keys?.forEach((key, at) => {
    if (isSealed(key)) return;
    const checked = configuredKey(key, jwt.algorithm);
    if ('problem' in checked) throw new LatchkeyError('InvalidParameter', `customJwt.keys[${at}] ${checked.problem}`);
  });
}

/**
 * The configured keys as the verifier takes them, opened and parsed once per settings object
 * (an app's settings are replaced, never changed in place), not at every login.
 */
const openedKeys = new WeakMap<CustomJwtSettings, string[]>();

function configuredKeys(jwt: CustomJwtSettings, app: App, keks: KeyEncryptionKeys): string[] {
  let keys = openedKeys.get(jwt);
  if (!keys) {
    keys = (jwt.keys ?? []).map((key) => {
      const clear = openSettingSecret(app, key, 'customJwt.keys', keks);
      const checked = configuredKey(clear, jwt.algorithm);
      if ('problem' in checked) throw new LatchkeyError('InternalServerError', `a stored custom JWT key ${checked.problem}`);
      return checked.key;
    });
    openedKeys.set(jwt, keys);
  }
  return keys;
}

function claimAt(payload: Record<string, unknown>, path: string): unknown {
  let at: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

function checkAudience(jwt: CustomJwtSettings, app: App, aud: unknown): void {
  const given =
    typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((entry): entry is string => typeof entry === 'string') : [];
  const wanted = jwt.audience?.length ? jwt.audience : [app.clientAppId];
  const ok = jwt.requireAnyAudience ? wanted.some((entry) => given.includes(entry)) : wanted.every((entry) => given.includes(entry));
  if (!ok) throw refused(`aud must name ${jwt.requireAnyAudience ? 'one of' : ''} ${wanted.join(', ')}`.replace('  ', ' '));
}

function profileOf(jwt: CustomJwtSettings, payload: Record<string, unknown>): Record<string, unknown> {
  const profile: Record<string, unknown> = {};
  for (const field of jwt.metadataFields ?? []) {
    const value = claimAt(payload, field.name);
    if (value === undefined || value === null) {
      if (field.required) throw refused(`the required claim ${field.name} is missing`);
      continue;
    }
    profile[field.fieldName ?? field.name.split('.').at(-1)!] = value;
  }
  return profile;
}

function reasonOf(error: unknown): string {
  if (!(error instanceof TokenError)) return 'its signature does not verify';
  switch (error.code) {
    case TokenError.codes.expired:
      return 'it has expired';
    case TokenError.codes.inactive:
      return 'it is not valid yet (nbf)';
    case TokenError.codes.invalidAlgorithm:
      return 'it is signed with another algorithm than the app takes';
    case TokenError.codes.missingRequiredClaim:
      return 'it has no exp or no sub';
    case TokenError.codes.malformed:
    case TokenError.codes.missingSignature:
      return 'not a signed JWT';
    default:
      return 'its signature does not verify';
  }
}

/** The token's subject and profile, or AuthError saying what is wrong with it (ProviderUnavailable when its keys cannot be had). */
export async function verifyCustomJwt(deps: Uses, app: App, token: string): Promise<VerifiedJwt> {
  const jwt = app.settings.customJwt;
  if (!jwt) throw new LatchkeyError('AuthProviderNotFound', "authentication via 'custom-token' is not set up for this app");
  const header = jwtHeader(token);
  if (!header) throw refused('not a JWT');
  const { alg, kid } = header;
  if (alg !== jwt.algorithm) throw refused(`it is signed with ${String(alg)}, and the app takes ${jwt.algorithm}`);
  const keys = jwt.jwkUri
    ? await deps.jwkSets.keysFor(jwt.jwkUri, typeof kid === 'string' ? kid : undefined, jwt.algorithm)
    : configuredKeys(jwt, app, deps.secretKeys);
  if (keys.length === 0)
    throw refused(typeof kid === 'string' ? `no key of the app's JWK set has the kid ${kid.slice(0, 64)}` : 'no key fits it');
  const verified = verifyWithKeys(token, keys, {
    algorithms: [jwt.algorithm],
    clockTimestamp: deps.clock.now(),
    clockTolerance: CLOCK_LEEWAY_MS,
    requiredClaims: ['exp', 'sub'],
  });
  if ('error' in verified) throw refused(reasonOf(verified.error));
  const payload = verified.claims;
  if (typeof payload.iat === 'number' && payload.iat * 1000 > deps.clock.now() + CLOCK_LEEWAY_MS)
    throw refused('it was issued in the future (iat)');
  if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 512)
    throw refused('sub must be a string of 1 to 512 characters');
  checkAudience(jwt, app, payload.aud);
  return { subject: payload.sub, profile: profileOf(jwt, payload) };
}
