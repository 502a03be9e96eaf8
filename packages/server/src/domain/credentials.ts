import { spendPasswordVerification, verifyPassword } from '../crypto/password.js';
import { isProviderEnabled, type App, type ProviderType } from './apps.js';
import type { Deps } from './deps.js';
import { normaliseEmail } from './emails.js';
import { LatchkeyError } from './errors.js';
import type { Identity } from './users.js';

/** Rules every password credential meets. */
export const PASSWORD_LENGTH = { minimum: 6, maximum: 128 } as const;

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
 * The identity behind an email and password; one refusal for every way it can be wrong.
 * `noteOwner` learns whose identity was tried (for the audit log), never the caller.
 */
export async function checkPassword(
  deps: Deps,
  app: App,
  username: string,
  password: string,
  noteOwner: (userId: string | null) => void = () => undefined,
): Promise<Identity> {
  const identity = await deps.store.findPasswordIdentity(app.id, normaliseEmail(username));
  if (!identity?.passwordHash) {
    await spendPasswordVerification(password);
    throw new LatchkeyError('InvalidPassword');
  }
  noteOwner(identity.userId);
  if (!(await verifyPassword(password, identity.passwordHash))) throw new LatchkeyError('InvalidPassword');
  // Said only to whoever knows the password, so it reveals nothing to anyone else.
  if (!identity.confirmed) throw new LatchkeyError('UserNotConfirmed', 'confirm your email address before logging in');
  return identity;
}
