import type { ApiKey } from './api-keys.js';
import type { CustomUserData } from './custom-data.js';
import type { Identity, User } from './users.js';

/**
 * Moving users in from App Services (or another system): what one record becomes, what became
 * of it, and the report an operator reads afterwards.
 */

/** Where a record was in the file: its line (JSON Lines) or its position in the array (from 1). */
export interface RecordPosition {
  line?: number;
  item?: number;
}

/** A user ready to be written, with everything it came with. */
export interface IncomingUser {
  position: RecordPosition;
  user: User;
  identities: Identity[];
  /** Keys whose secrets the other system issued; they log in by their SHA-256 as they are. */
  keys: ApiKey[];
}

/** A user's custom data, from one document of the exported collection. */
export interface IncomingCustomData {
  position: RecordPosition;
  userId: string;
  customData: CustomUserData;
}

/** What the store did with one record: written, there already (the same import before), or refused. */
export type ImportOutcome = { kind: 'imported' } | { kind: 'present' } | { kind: 'conflict'; reason: string };

/** One record that did not come in, and why. */
export interface ImportFailure extends RecordPosition {
  /** The record's own id, when it had a readable one. */
  id?: string;
  reason: string;
}

/** At most this many failures are listed in a report (all are counted). */
export const MAX_LISTED_FAILURES = 1000;

/** Counts and failures as an import goes: records are added one at a time, in file order. */
export class ImportTally {
  imported = 0;
  present = 0;
  failed = 0;
  readonly failures: ImportFailure[] = [];

  add(outcome: ImportOutcome, position: RecordPosition, id?: string): void {
    if (outcome.kind === 'imported') this.imported++;
    else if (outcome.kind === 'present') this.present++;
    else this.fail(position, outcome.reason, id);
  }

  fail(position: RecordPosition, reason: string, id?: string): void {
    this.failed++;
    if (this.failures.length < MAX_LISTED_FAILURES) this.failures.push({ ...position, ...(id ? { id } : {}), reason });
  }

  /** The listed failures in file order (conflicts are found a batch later than unreadable lines). */
  sortFailures(): void {
    const at = (failure: ImportFailure) => failure.line ?? failure.item ?? 0;
    this.failures.sort((a, b) => at(a) - at(b));
  }

  get total(): number {
    return this.imported + this.present + this.failed;
  }
}

/** The same position as the report shows it: "line 12" or "item 3". */
export function describePosition(position: RecordPosition): string {
  return position.line !== undefined ? `line ${position.line}` : `item ${position.item ?? '?'}`;
}
