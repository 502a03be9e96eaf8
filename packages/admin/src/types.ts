/**
 * The admin API's wire shapes, as @latchkey/protocol declares them once (snake_case, `_id`,
 * times as RFC 3339 strings); docs/openapi.json shows the same schemas. Types only: this
 * package imports nothing at runtime.
 */
import type { AuditFilters, UserFilters } from '@latchkey/protocol';

export type {
  AdminUser as User,
  ApiKey,
  AppImportReport,
  CustomDataImportReport,
  DeploymentImportAbandoned,
  DeploymentImportProgress,
  DeploymentImportStarted,
  ImportFailure,
  ResetCampaign,
  UserImportReport,
  App,
  AppSettings,
  AppStats,
  AuditEvent,
  AuditEventType,
  CreatedApiKey,
  CustomUserData,
  LoginCount,
  NewApp,
  PendingRegistration,
  ProviderType,
  QueuedMail,
  SigningKey,
  UserType,
} from '@latchkey/protocol';

/** Newest first; `after` is the last `_id` of the previous page; `limit` 1–1000, 50 when absent. */
export type Page = Pick<UserFilters, 'after' | 'limit'>;

/** Which users to list: `email` is exact, normalised as at registration. */
export type UserQuery = UserFilters;

/** Which audit events to list; `since` (inclusive) and `until` (exclusive) may be Dates. */
export type AuditQuery = Omit<AuditFilters, 'since' | 'until'> & { since?: Date | string; until?: Date | string };

/** An import body: the file's text or bytes, or a stream of them (read as it is sent, never whole). */
export type ImportBody = string | Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** How an import runs: `dryRun` checks and writes nothing; `start` and `unit` number a part of a bigger file as in the file. */
export interface ImportOptions {
  dryRun?: boolean;
  start?: number;
  unit?: 'line' | 'item';
  /** `jsonl` (JSON Lines, the default) or `json` (one array): sets the content type. */
  format?: 'jsonl' | 'json';
}
