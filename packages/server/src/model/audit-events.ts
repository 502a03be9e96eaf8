/**
 * The audit log: who did what, when, from where. Events are written in batches (within a
 * second), kept per app for `auditRetentionDays`, and never carry a secret: no key, token,
 * password or hash, only ids, addresses and codes.
 */
import type { AuditEventType } from '@latchkey/protocol';

/** Who acted: a signed-in user, the operator (admin token), Latchkey itself, or an unauthenticated client. */
export type Actor = { kind: 'user'; userId: string } | { kind: 'admin' } | { kind: 'system' } | { kind: 'anonymous' };

export const actorName = (actor: Actor): string => (actor.kind === 'user' ? `user:${actor.userId}` : actor.kind);

/** Where a request came from: carried into the domain operations that record events. */
export interface Origin {
  actor: Actor;
  ip: string | null;
  userAgent: string | null;
}

export const SYSTEM: Origin = { actor: { kind: 'system' }, ip: null, userAgent: null };

export interface AuditEvent {
  id: string;
  appId: string;
  type: AuditEventType;
  at: number;
  /** `user:<id>`, `admin`, `system` or `anonymous`. */
  actor: string;
  userId: string | null;
  keyId: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, unknown>;
}

/** An operator's query: newest first, `limit` of them, after the event `after`, filtered. */
export interface AuditQuery {
  limit: number;
  after?: string | undefined;
  type?: AuditEventType | undefined;
  userId?: string | undefined;
  keyId?: string | undefined;
  since?: number | undefined;
  until?: number | undefined;
}

/** What records events (in batches); the domain never waits for it. */
export interface AuditSink {
  record(
    appId: string,
    type: AuditEventType,
    origin: Origin,
    subject?: { userId?: string | null; keyId?: string | null; detail?: Record<string, unknown> },
  ): void;
  /** Writes what this node holds now, so a read that follows sees it. */
  flush(): Promise<void>;
}
