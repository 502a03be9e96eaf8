import { type ApiKey, type CreatedApiKey, type KeyOwner } from './api-keys.js';
import type { App } from './apps.js';
import type { Deps } from './deps.js';
import { type Session } from './sessions.js';
import type { Origin } from './audit.js';
/** What a new user key may be given beyond its name (all optional: App Services sent only the name). */
export interface KeyOptions {
    name: string;
    /** Milliseconds since the epoch, in the future and within the app's maxApiKeyLifetimeDays. */
    expiresAt?: number | undefined;
    /** A subset of the app's apiKeyScopes. */
    scopes?: string[] | undefined;
}
export declare function createUserApiKey(deps: Deps, app: App, session: Session, options: KeyOptions, origin: Origin): Promise<CreatedApiKey>;
export declare function listApiKeys(deps: Deps, owner: KeyOwner): Promise<ApiKey[]>;
/** Someone else's key answers exactly like a key that never existed. */
export declare function getApiKey(deps: Deps, owner: KeyOwner, keyId: string): Promise<ApiKey>;
export declare function setApiKeyDisabled(deps: Deps, appId: string, owner: KeyOwner, keyId: string, disabled: boolean, origin: Origin): Promise<void>;
export declare function deleteApiKey(deps: Deps, appId: string, owner: KeyOwner, keyId: string, origin: Origin): Promise<void>;
/** A server key logs in as a `server` user that exists only through that key. */
export declare function createServerApiKey(deps: Deps, app: App, name: string, origin: Origin): Promise<CreatedApiKey>;
/**
 * A new secret for the key (same id, name, scopes and expiry). The old secret logs in for
 * `graceSeconds` more, and the sessions it opened end then; with 0 (a leak), they end now.
 */
export declare function rotateApiKey(deps: Deps, appId: string, owner: KeyOwner, keyId: string, graceSeconds: number, origin: Origin): Promise<CreatedApiKey>;
export declare const MAX_REVOKED_PER_REQUEST = 100;
/**
 * Anyone who finds a key may kill it (GitHub's way with leaked tokens): each well-formed
 * secret that belongs to a key disables it, or ends the grace of a rotated key's old secret,
 * with every session the key opened. The caller learns nothing about which existed.
 */
export declare function revokeLeakedSecrets(deps: Deps, secrets: string[], origin: Origin): Promise<void>;
export type Verification = {
    valid: true;
    key: ApiKey;
    userId: string;
    expiresAt: number | null;
} | {
    valid: false;
    code: 'NOT_FOUND' | 'DISABLED' | 'EXPIRED';
};
/**
 * Whether a key another party handed to this app's backend is good, without opening a
 * session: for backends that accept Latchkey keys directly. Only a server user of the app may
 * ask (a backend that logged in with a server key). A use, for the key's last-used time.
 */
export declare function verifyApiKey(deps: Deps, app: App, caller: Session, secret: string): Promise<Verification>;
