import type { App } from './apps.js';
import type { Origin } from './audit.js';
import { type CustomUserData } from './custom-data.js';
import type { Deps } from './deps.js';
import { type Session } from './sessions.js';
import type { UserRecord } from './users.js';
/** The session's user and identities (cached; changes are pushed). A deleted user has no session. */
export declare function userOfSession(deps: Deps, session: Session): Promise<UserRecord>;
/** Deletes the user behind the session with everything they own; their tokens die with it. */
export declare function deleteUser(deps: Deps, session: Session, origin: Origin): Promise<void>;
export declare function setCustomUserData(deps: Deps, app: App, userId: string, value: unknown, origin: Origin): Promise<void>;
export declare function getCustomUserData(deps: Deps, app: App, userId: string): Promise<CustomUserData>;
