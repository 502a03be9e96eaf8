import type { App, AppSettings } from '../../domain/apps.js';
import { type Op } from './driver.js';
/** Apps and server-wide secrets. */
export declare function insertServerSecretIfAbsent(name: string, value: string): Op<string>;
export declare function findServerSecret(name: string): Op<string | null>;
/** The signing keys, replaced only if they are still `expected` (two rotations at once: one wins), announced to every node. */
export declare function replaceSigningKeys(expected: string, value: string): Op<boolean>;
export declare function insertApp(app: App): Op<void>;
export declare function findAppByClientId(clientAppId: string): Op<App | null>;
export declare function findAppById(id: string): Op<App | null>;
export declare function listApps(): Op<App[]>;
export declare function updateAppSettings(appId: string, settings: AppSettings): Op<void>;
export declare function setWebhookSecret(appId: string, secret: string): Op<void>;
/** Cascades to the app's users, identities, keys, sessions, tokens, mail and events. */
export declare function deleteApp(appId: string): Op<boolean>;
