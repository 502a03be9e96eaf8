import type { App } from './apps.js';
import type { Identity } from './users.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A registration waiting for its confirmation. It lasts the app's `pendingRegistrationTtlDays`
 * from its last registration; after that it is as if it had never been made (maintenance
 * removes it), so nobody can hold an address they do not receive mail at.
 */
export function isPending(identity: Identity): boolean {
  return !identity.confirmed && identity.userId === null;
}

/** Registrations made before this are expired. */
export function pendingRegistrationCutoff(app: App, now: number): number {
  return now - app.settings.pendingRegistrationTtlDays * DAY_MS;
}

export function pendingRegistrationExpired(app: App, identity: Identity, now: number): boolean {
  return isPending(identity) && identity.createdAt < pendingRegistrationCutoff(app, now);
}

/** Pending and not expired: a registration its mailbox can still confirm. */
export function awaitsConfirmation(app: App, identity: Identity, now: number): boolean {
  return isPending(identity) && !pendingRegistrationExpired(app, identity, now);
}
