/**
 * Every audit event type: one list, kept with the admin API's types in @latchkey/admin (the
 * console's event filter reads it there; a test holds it to docs/openapi.json). Recording a
 * type that is not in it does not compile.
 */
export { AUDIT_EVENT_TYPES } from '@latchkey/admin';
export const actorName = (actor) => (actor.kind === 'user' ? `user:${actor.userId}` : actor.kind);
export const SYSTEM = { actor: { kind: 'system' }, ip: null, userAgent: null };
//# sourceMappingURL=audit.js.map