import { requireSessionWithoutKey } from './sessions.js';
/** The longest grace a rotation may give the old secret. */
export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 3600;
export const isExpired = (key, now) => key.expiresAt !== null && key.expiresAt <= now;
/** 1–64 ASCII letters, digits, `_` or `-` (App Services' rule), unique per user. */
export const KEY_NAME_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
/** The keys a session may read: its own user's. */
export const userKeysOf = (session) => ({ kind: 'user', userId: session.userId });
/** The keys a session may change: its own user's, and only if it was not opened with a key. */
export function keysManagedBy(session) {
    requireSessionWithoutKey(session, 'enable, disable or delete API keys');
    return userKeysOf(session);
}
export const serverKeysOf = (app) => ({ kind: 'server', appId: app.id });
//# sourceMappingURL=api-keys.js.map