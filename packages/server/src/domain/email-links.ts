import { newObjectId } from '../crypto/ids.js';
import { generateSecret } from '../crypto/key-format.js';
import { hashSecret, secretMatchesHash } from '../crypto/secret-hash.js';
import type { App } from '../model/apps.js';
import type { DepsWith } from './deps.js';
import { LatchkeyError } from '../model/errors.js';
import type { IssuedToken, TokenPurpose } from '../model/email-tokens.js';
import type { Identity } from '../model/users.js';
import type { EmailTokenStore, UserStore } from '../store/store.js';

/** The store roles this file's services use. */
type Uses = DepsWith<EmailTokenStore & UserStore>;

/** A fresh single-use token for an identity: only its hash is kept, the secret goes to the user. */
export async function issueFlowToken(deps: Uses, app: App, identityId: string, purpose: TokenPurpose): Promise<IssuedToken> {
  const now = deps.clock.now();
  const token = generateSecret('flow-token');
  const tokenId = newObjectId(now);
  await deps.store.insertUserpassToken({
    id: tokenId,
    appId: app.id,
    identityId,
    purpose,
    tokenHash: hashSecret(token),
    createdAt: now,
    expiresAt: now + app.settings.emailTokenTtlMinutes * 60_000,
  });
  return { tokenId, token };
}

const INVALID = () => new LatchkeyError('UserpassTokenInvalid', 'invalid token data: the token is wrong, used or expired');

/**
 * The identity a token was issued for, the token used up in the same stroke: one answer for
 * every way a token can be wrong (unknown, another app's, another purpose, expired, used, or
 * a secret that does not match, compared in constant time).
 */
export async function redeemFlowToken(deps: Uses, app: App, purpose: TokenPurpose, tokenId: string, token: string): Promise<Identity> {
  const stored = await deps.store.findUserpassToken(tokenId);
  const valid =
    stored !== null &&
    stored.appId === app.id &&
    stored.purpose === purpose &&
    stored.expiresAt > deps.clock.now() &&
    secretMatchesHash(token, stored.tokenHash);
  if (!valid || !(await deps.store.consumeUserpassToken(tokenId))) throw INVALID();
  const identity = await deps.store.findIdentity(app.id, stored.identityId);
  if (!identity) throw INVALID();
  return identity;
}

/** A link the user follows, as App Services made them: `<page>?token=…&tokenId=…`. */
export function linkTo(page: string, issued: IssuedToken): string {
  const url = new URL(page);
  url.searchParams.set('token', issued.token);
  url.searchParams.set('tokenId', issued.tokenId);
  return url.toString();
}
