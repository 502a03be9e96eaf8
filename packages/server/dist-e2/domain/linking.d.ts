import type { App } from './apps.js';
import type { Origin } from './audit.js';
import type { Deps } from './deps.js';
import { type AccessContext, type Login } from './session-tokens.js';
/** What `?link=true` answers: a fresh access token for the same session, and no refresh token. */
export type Link = Omit<Login, 'refreshToken'>;
/**
 * `?link=true`: attaches an email/password identity to the signed-in user (typically an
 * anonymous one, who keeps their id and becomes a full user).
 */
export declare function linkPasswordIdentity(deps: Deps, app: App, access: AccessContext, username: string, password: string, origin: Origin): Promise<Link>;
