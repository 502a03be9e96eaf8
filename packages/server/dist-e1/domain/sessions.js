import { LatchkeyError } from './errors.js';
/**
 * A session opened with an API key (a user key or a server key) is weaker than one opened
 * with a password: it may use the account, but never widen or outlast its own access. No key
 * management, no linking, no deleting the user: otherwise a leaked key could mint a second key
 * that survives deleting the first, or link an attacker's password to the account.
 */
export function requireSessionWithoutKey(session, action) {
    if (session.keyId !== null) {
        throw new LatchkeyError('APIKeySessionNotAllowed', `a session opened with an API key cannot ${action}; sign in with a password`);
    }
}
//# sourceMappingURL=sessions.js.map