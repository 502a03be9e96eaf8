import { isProviderEnabled, type App } from '../model/apps.js';
import type { DepsWith } from './deps.js';
import { normaliseEmail } from '../model/emails.js';
import { LatchkeyError } from '../model/errors.js';
import { pendingRegistrationExpired } from '../model/pending-registrations.js';
import type { Identity } from '../model/users.js';
import { PASSWORD_LENGTH, type ProviderType } from '@latchkey/protocol';
import type { ThrottleStore, UserStore } from '../store/store.js';

/** The store roles this file's services use. */
type Uses = DepsWith<ThrottleStore & UserStore>;

export function checkNewPassword(password: string): void {
  if (password.length < PASSWORD_LENGTH.minimum || password.length > PASSWORD_LENGTH.maximum) {
    throw new LatchkeyError(
      'InvalidParameter',
      `password must be between ${PASSWORD_LENGTH.minimum} and ${PASSWORD_LENGTH.maximum} characters`,
    );
  }
}

export function requireProvider(app: App, provider: ProviderType): void {
  if (!isProviderEnabled(app, provider)) {
    throw new LatchkeyError('AuthProviderNotFound', `authentication via '${String(provider)}' is not enabled for this app`);
  }
}

/**
 * Password attempts are throttled per account, in the database so that it holds across nodes.
 * An attempt is counted before its password is checked, so a burst cannot be checked in full:
 * however many arrive at once, no more than the free attempts are ever checked before a block.
 *
 * - Per account and address: 5 attempts free, then blocked for 1 s, 2 s, 4 s … up to 15 minutes.
 * - Per account from any address: 20 free, then 1 s doubling up to 60 s. An address from which
 *   the account's password was given correctly in the last 90 days is not shut out by this
 *   block (OWASP's "device cookie" idea, keyed by address): failures from elsewhere cannot lock
 *   the owner out, and an attacker cannot make an address known without the password.
 *
 * A count is forgotten 15 minutes after its last attempt; the right password (for a confirmed
 * account) forgets its address's count (not the account's: failures from elsewhere are not the
 * owner's to forgive), and a password reset forgets all, known addresses included. Unknown emails are counted the same way, so the answers
 * cannot tell them apart.
 */
export const PASSWORD_THROTTLE = {
  address: { free: 5, maxBlockMs: 15 * 60_000 },
  account: { free: 20, maxBlockMs: 60_000 },
  forgetAfterMs: 15 * 60_000,
  knownAddressMs: 90 * 24 * 60 * 60_000,
} as const;

/** The block after `attempts` counted attempts: none while they are within the free ones. */
function blockUntil(now: number): (attempts: number, scope: 'address' | 'account') => number {
  return (attempts, scope) => {
    const { free, maxBlockMs } = PASSWORD_THROTTLE[scope];
    return attempts < free ? 0 : now + Math.min(maxBlockMs, 1000 * 2 ** (attempts - free));
  };
}

export interface PasswordAttemptOrigin {
  /** The client's address (per-address throttle); null when unknown. */
  ip: string | null;
  /** Learns whose identity was tried (for the audit log), never the caller. */
  noteOwner?: (userId: string | null) => void;
}

/** The identity behind an email and password; one refusal for every way it can be wrong. */
export async function checkPassword(
  deps: Uses,
  app: App,
  username: string,
  password: string,
  attempt: PasswordAttemptOrigin,
): Promise<Identity> {
  const email = normaliseEmail(username);
  const ip = attempt.ip || 'unknown';
  const now = deps.clock.now();
  const refused = await deps.store.reservePasswordAttempt({
    appId: app.id,
    email,
    ip,
    now,
    forgetAfterMs: PASSWORD_THROTTLE.forgetAfterMs,
    knownSince: now - PASSWORD_THROTTLE.knownAddressMs,
    blockUntil: blockUntil(now),
  });
  if (refused) {
    const seconds = Math.max(1, Math.ceil((refused.blockedUntil - now) / 1000));
    throw new LatchkeyError('TooManyRequests', `too many failed logins for this account; retry in ${seconds} s`, seconds);
  }
  const found = await deps.store.findPasswordIdentity(app.id, email);
  const identity = found && !pendingRegistrationExpired(app, found, now) ? found : null;
  attempt.noteOwner?.(identity?.userId ?? null);
  const matches = identity?.passwordHash
    ? await deps.passwords.verify(password, identity.passwordHash)
    : await deps.passwords.spendVerification(password).then(() => false);
  // An imported account its system never gave us a password for: only a reset sets one. Said
  // to whoever names the address (there is no password to check first), after the same time
  // as any other answer: docs/security.md weighs this against telling the owner nothing.
  if (identity && identity.passwordHash === null && identity.userId !== null && identity.confirmed)
    throw new LatchkeyError('PasswordResetRequired');
  if (!identity?.passwordHash || !matches) throw new LatchkeyError('InvalidPassword');
  // Said only to whoever knows the password, so it reveals nothing to anyone else. Not an
  // account yet: the address is not remembered (whoever registered may not own the mailbox).
  if (!identity.confirmed) throw new LatchkeyError('UserNotConfirmed', 'confirm your email address before logging in');
  await deps.store.passwordAccepted(app.id, email, ip, now, PASSWORD_THROTTLE.account.free);
  if (deps.passwords.needsRehash(identity.passwordHash)) upgradeHash(deps, identity, password);
  return identity;
}

/**
 * A hash made with older parameters (or legacy scrypt) is replaced with one made as now, after
 * the login it came with succeeded; in the background, so the login does not wait for a second
 * hash. Only if the stored hash is still the one that was checked: a reset in between wins.
 */
function upgradeHash(deps: Uses, identity: Identity, password: string): void {
  const checked = identity.passwordHash!;
  void deps.passwords
    .hash(password)
    .then((upgraded) => deps.store.replacePasswordHash(identity.id, checked, upgraded))
    .catch((error: unknown) =>
      deps.log.warn({ err: error }, 'could not upgrade a password hash; it will be tried again at the next login'),
    );
}
