import type { ApiKey } from '../../domain/api-keys.js';
import type { AuditEvent } from '../../domain/audit.js';
import { type App, type AppSettings } from '../../domain/apps.js';
import type { OutboxMail } from '../../domain/mail.js';
import type { UserpassToken } from '../../domain/userpass-tokens.js';
import type { Session } from '../../domain/sessions.js';
import type { Identity, User } from '../../domain/users.js';
/**
 * Rows as either database returns them, and their one mapper each. The dialects differ only
 * in representation, which the mappers absorb: booleans are 0/1 in SQLite, JSON columns are
 * text in SQLite and parsed JSONB in PostgreSQL (app settings); timestamps are integers of
 * milliseconds in both (PostgreSQL's BIGINT is parsed to a number by the driver).
 */
export interface AppRow {
    id: string;
    client_app_id: string;
    name: string;
    settings: string | Partial<AppSettings>;
    webhook_secret: string | null;
    created_at: number;
}
export interface UserRow {
    id: string;
    app_id: string;
    type: User['type'];
    created_at: number;
    custom_data: string;
    disabled: number | boolean;
    last_login_at: number | null;
}
export interface AuditRow {
    id: string;
    app_id: string;
    type: AuditEvent['type'];
    at: number;
    actor: string;
    user_id: string | null;
    key_id: string | null;
    ip: string | null;
    user_agent: string | null;
    detail: string;
}
export interface IdentityRow {
    id: string;
    app_id: string;
    user_id: string | null;
    provider_type: Identity['providerType'];
    email: string | null;
    password_hash: string | null;
    confirmed: number | boolean;
    created_at: number;
}
export interface TokenRow {
    id: string;
    app_id: string;
    identity_id: string;
    purpose: UserpassToken['purpose'];
    token_hash: Buffer;
    created_at: number;
    expires_at: number;
}
export interface MailRow {
    id: string;
    app_id: string;
    identity_id: string;
    kind: OutboxMail['kind'];
    to_address: string;
    attempts: number;
    next_attempt_at: number;
    last_error: string | null;
    failed_at: number | null;
    created_at: number;
}
export interface SessionRow {
    id: string;
    app_id: string;
    user_id: string;
    key_id: string | null;
    refresh_hash: Buffer;
    device_id: string;
    created_at: number;
    expires_at: number;
    scopes: string | null;
}
export interface KeyRow {
    id: string;
    app_id: string;
    user_id: string;
    kind: ApiKey['kind'];
    name: string;
    secret_hash: Buffer;
    disabled: number | boolean;
    created_at: number;
    last_used_at: number | null;
    expires_at: number | null;
    scopes: string | null;
    previous_secret_hash: Buffer | null;
    previous_valid_until: number | null;
}
/** The owner's columns a login reads beside its key, named apart from the key's own. */
export interface OwnerColumns {
    owner_type: User['type'];
    owner_created_at: number;
    owner_custom_data: string;
    owner_disabled: number | boolean;
    owner_last_login_at: number | null;
}
export declare const OWNER_COLUMNS = "u.type AS owner_type, u.created_at AS owner_created_at, u.custom_data AS owner_custom_data, u.disabled AS owner_disabled, u.last_login_at AS owner_last_login_at";
export declare const toApp: (r: AppRow) => App;
export declare const toUser: (r: UserRow) => User;
export declare const toIdentity: (r: IdentityRow) => Identity;
export declare const toSession: (r: SessionRow) => Session;
export declare const toKey: (r: KeyRow) => ApiKey;
export declare const toOwner: (r: OwnerColumns & {
    app_id: string;
    user_id: string;
}) => User;
export declare const toToken: (r: TokenRow) => UserpassToken;
export declare const toMail: (r: MailRow) => OutboxMail;
export declare const toAuditEvent: (r: AuditRow) => AuditEvent;
