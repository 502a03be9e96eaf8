import { hashPassword, needsRehash, spendPasswordVerification, verifyPassword } from '../crypto/password.js';
import { isProviderEnabled } from './apps.js';
import { normaliseEmail } from './emails.js';
import { LatchkeyError } from './errors.js';
/** Rules every password credential meets. */
export const PASSWORD_LENGTH = { minimum: 6, maximum: 128 };
export function checkNewPassword(password) {
    if (password.length < PASSWORD_LENGTH.minimum || password.length > PASSWORD_LENGTH.maximum) {
        throw new LatchkeyError('InvalidParameter', `password must be between ${PASSWORD_LENGTH.minimum} and ${PASSWORD_LENGTH.maximum} characters`);
    }
}
export function requireProvider(app, provider) {
    if (!isProviderEnabled(app, provider)) {
        throw new LatchkeyError('AuthProviderNotFound', `authentication via '${String(provider)}' is not enabled for this app`);
    }
}
/**
 * Failed password logins are throttled per account, in the database so that it holds across
 * nodes and client addresses. Strict per account and address: 5 failures free, then blocked
 * for 1 s, 2 s, 4 s … up to 15 minutes. Looser per account from any address: 20 failures
 * free, then 1 s doubling up to 60 s, so that someone failing on purpose from many addresses
 * cannot keep the real user out for long at a time. A failure is forgotten 15 minutes after
 * the last one; a successful login or a password reset forgets them all. Unknown emails are
 * counted the same way, so the answers cannot tell them apart.
 */
export const PASSWORD_THROTTLE = {
    address: { free: 5, maxBlockMs: 15 * 60_000 },
    account: { free: 20, maxBlockMs: 60_000 },
    forgetAfterMs: 15 * 60_000,
};
function blockUntil(now) {
    return (failures, scope) => {
        const { free, maxBlockMs } = PASSWORD_THROTTLE[scope];
        return failures <= free ? 0 : now + Math.min(maxBlockMs, 1000 * 2 ** (failures - free - 1));
    };
}
/** The identity behind an email and password; one refusal for every way it can be wrong. */
export async function checkPassword(deps, app, username, password, attempt) {
    const email = normaliseEmail(username);
    const ip = attempt.ip ?? '';
    const now = deps.clock.now();
    const { blockedUntil, counted } = await deps.store.passwordFailures(app.id, email, ip);
    if (blockedUntil > now) {
        const seconds = Math.ceil((blockedUntil - now) / 1000);
        throw new LatchkeyError('TooManyRequests', `too many failed logins for this account; retry in ${seconds} s`, seconds);
    }
    const identity = await deps.store.findPasswordIdentity(app.id, email);
    attempt.noteOwner?.(identity?.userId ?? null);
    const matches = identity?.passwordHash
        ? await verifyPassword(password, identity.passwordHash)
        : await spendPasswordVerification(password).then(() => false);
    if (!identity?.passwordHash || !matches) {
        await deps.store.countPasswordFailure({
            appId: app.id,
            email,
            ip,
            now,
            forgetAfterMs: PASSWORD_THROTTLE.forgetAfterMs,
            blockUntil: blockUntil(now),
        });
        throw new LatchkeyError('InvalidPassword');
    }
    if (counted)
        await deps.store.clearPasswordFailures(app.id, email);
    // Said only to whoever knows the password, so it reveals nothing to anyone else.
    if (!identity.confirmed)
        throw new LatchkeyError('UserNotConfirmed', 'confirm your email address before logging in');
    if (needsRehash(identity.passwordHash))
        upgradeHash(deps, identity, password);
    return identity;
}
/**
 * A hash made with older parameters (or legacy scrypt) is replaced with one made as now, after
 * the login it came with succeeded; in the background, so the login does not wait for a second
 * hash. Only if the stored hash is still the one that was checked: a reset in between wins.
 */
function upgradeHash(deps, identity, password) {
    const checked = identity.passwordHash;
    void hashPassword(password)
        .then((upgraded) => deps.store.replacePasswordHash(identity.id, checked, upgraded))
        .catch((error) => deps.log.warn({ err: error }, 'could not upgrade a password hash; it will be tried again at the next login'));
}
//# sourceMappingURL=credentials.js.map