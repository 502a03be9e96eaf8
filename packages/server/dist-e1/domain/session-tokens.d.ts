import type { AccessClaims } from '../crypto/access-tokens.js';
import type { App } from './apps.js';
import type { Origin } from './audit.js';
import type { CustomUserData } from './custom-data.js';
import type { Deps } from './deps.js';
import type { Session } from './sessions.js';
/** What a login hands the client: both tokens, and who and which device they are for. */
export interface Login {
    accessToken: string;
    refreshToken: string;
    userId: string;
    deviceId: string;
}
export interface SessionSubject {
    app: App;
    userId: string;
    deviceId: string;
    keyId: string | null;
    /** The user's custom data, carried in every access token as `user_data`. */
    customData: CustomUserData;
    /** Opened with a key: the hash of the secret used, which must still be the key's at commit. */
    keySecretHash?: Buffer;
    /** The key's scopes (null: unscoped). */
    scopes?: string[] | null;
    /** The session ends by then at the latest (the key's expiry, or its old secret's grace). */
    notAfter?: number | null;
}
/** An access token for the session, carrying the user's custom data as it is now. */
/** An access token for the session, carrying the user's custom data as it is now; it never outlives its session. */
export declare function issueAccessToken(deps: Deps, app: App, session: Session, customData: CustomUserData): string;
/** Opens a session: a refresh token (stored hashed) and a first access token. */
export declare function openSession(deps: Deps, subject: SessionSubject): Promise<Login>;
export interface AccessContext {
    session: Session;
    claims: AccessClaims;
}
/**
 * A valid access token is well signed, unexpired, and its session still exists: revoking the
 * session (logout, key disabled or deleted, user deleted) kills its access tokens at once.
 */
export declare function authenticateAccessToken(deps: Deps, token: string): Promise<AccessContext>;
export declare function authenticateRefreshToken(deps: Deps, token: string): Promise<Session>;
/** A fresh access token for a live session, carrying the user's custom data as it is now. */
export declare function refreshAccessToken(deps: Deps, session: Session): Promise<string>;
export declare function endSession(deps: Deps, session: Session, origin: Origin): Promise<void>;
