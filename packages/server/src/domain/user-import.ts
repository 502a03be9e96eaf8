import { PROVIDERS, type IdentityProviderType } from '@latchkey/protocol';
import type { ImportedHashScheme } from '../crypto/imported-hashes.js';
import type { App } from '../model/apps.js';
import type { Origin } from '../model/audit-events.js';
import { ImportTally, type IncomingUser, type RecordPosition } from '../model/imports.js';
import { isAnonymous } from '../model/users.js';
import type { AppStore, AuditStore, ImportStore } from '../store/store.js';
import { updateAppSettings } from './app-management.js';
import type { DepsWith } from './deps.js';
import { RecordProblem, readExportedUser, type ReadUser } from './exported-users.js';

/** The store roles this file's services use. */
type Uses = DepsWith<ImportStore & AppStore & AuditStore>;

/** One record of an import file, as the request body's reader found it. */
export interface ImportLine {
  position: RecordPosition;
  value?: unknown;
  /** Set when the line could not be read as JSON; the rest of the file goes on. */
  error?: string;
}

export interface UserImportReport {
  dryRun: boolean;
  /** Keys were imported, so the app's acceptImportedKeys setting was turned on. */
  acceptImportedKeysTurnedOn?: boolean;
  tally: ImportTally;
  /** What the imported users need, counted over those imported by this run. */
  notices: {
    withoutPassword: number;
    passwordHashes: Partial<Record<ImportedHashScheme, number>>;
    keysImported: number;
    /** Users with an `api-key` identity and no `api_keys` in the file: their keys must be created again. */
    usersWithKeysToRecreate: number;
    anonymous: number;
    disabled: number;
    /** Identities of providers Latchkey does not serve yet: kept, and they log in once it does. */
    identitiesNotServed: Partial<Record<IdentityProviderType, number>>;
  };
}

function newReport(dryRun: boolean): UserImportReport {
  return {
    dryRun,
    tally: new ImportTally(),
    notices: {
      withoutPassword: 0,
      passwordHashes: {},
      keysImported: 0,
      usersWithKeysToRecreate: 0,
      anonymous: 0,
      disabled: 0,
      identitiesNotServed: {},
    },
  };
}

function notice({ notices }: UserImportReport, { incoming, hashScheme }: ReadUser): void {
  const { user, identities, keys } = incoming;
  const userpass = identities.find((identity) => identity.providerType === 'local-userpass');
  if (userpass && !userpass.passwordHash) notices.withoutPassword++;
  if (hashScheme) notices.passwordHashes[hashScheme] = (notices.passwordHashes[hashScheme] ?? 0) + 1;
  notices.keysImported += keys.length;
  if (keys.length === 0 && identities.some((identity) => identity.providerType === 'api-key')) notices.usersWithKeysToRecreate++;
  if (isAnonymous({ user, identities })) notices.anonymous++;
  if (user.disabled) notices.disabled++;
  for (const { providerType } of identities) {
    if (!(PROVIDERS as readonly string[]).includes(providerType))
      notices.identitiesNotServed[providerType] = (notices.identitiesNotServed[providerType] ?? 0) + 1;
  }
}

/** What two records of one batch must not share: the store checks each against the database, not against its batch. */
function marksOf({ user, identities, keys }: IncomingUser): string[] {
  return [
    `u ${user.id}`,
    ...identities.flatMap((identity) => [
      ...(identity.email ? [`e ${identity.email}`] : []),
      ...(identity.externalId ? [`x ${identity.providerType} ${identity.externalId}`] : []),
    ]),
    ...keys.flatMap((key) => [`k ${key.secretHash.toString('hex')}`, ...(key.kind === 'server' ? [`s ${key.name}`] : [])]),
  ];
}

/**
 * Imports users from the lines of an App Services export, in batches of the store's
 * importBatchSize, each in one transaction (all of it or none). A line that cannot be read fails alone; a user already in the app is left as it
 * is, so running an import again changes nothing; one that would take another user's id, email,
 * provider id or key is reported, never written over. A dry run checks every line the same way
 * and writes nothing (it also catches an id repeated within the file).
 */
export async function importUsers(
  deps: Uses,
  app: App,
  lines: AsyncIterable<ImportLine>,
  options: { dryRun: boolean },
  origin: Origin,
): Promise<UserImportReport> {
  const report = newReport(options.dryRun);
  const seenInDryRun = new Map<string, RecordPosition>();
  let batch: ReadUser[] = [];
  let marks = new Set<string>();

  const flush = async () => {
    if (batch.length === 0) return;
    const outcomes = await deps.store.importUsers(
      app.id,
      batch.map((read) => read.incoming),
      options.dryRun,
    );
    batch.forEach((read, at) => {
      const outcome = outcomes[at]!;
      report.tally.add(outcome, read.incoming.position, read.incoming.user.id);
      if (outcome.kind === 'imported') notice(report, read);
    });
    batch = [];
    marks = new Set();
  };

  for await (const line of lines) {
    if (line.error !== undefined) {
      report.tally.fail(line.position, line.error);
      continue;
    }
    let read: ReadUser;
    try {
      read = readExportedUser(line.value, line.position, app.id, deps.clock.now());
    } catch (error) {
      if (!(error instanceof RecordProblem)) throw error;
      report.tally.fail(line.position, error.reason, error.id);
      continue;
    }
    if (options.dryRun) {
      const earlier = seenInDryRun.get(read.incoming.user.id);
      if (earlier) {
        report.tally.fail(line.position, 'the same _id appears earlier in the file', read.incoming.user.id);
        continue;
      }
      seenInDryRun.set(read.incoming.user.id, line.position);
    }
    const own = marksOf(read.incoming);
    if (own.some((mark) => marks.has(mark))) await flush();
    batch.push(read);
    for (const mark of own) marks.add(mark);
    if (batch.length >= deps.store.importBatchSize) await flush();
  }
  await flush();
  report.tally.sortFailures();

  if (!options.dryRun) {
    const { tally, notices } = report;
    // Keys in another system's format log in only where the app accepts them.
    if (notices.keysImported > 0 && !app.settings.acceptImportedKeys) {
      await updateAppSettings(deps, app, { acceptImportedKeys: true }, origin);
      report.acceptImportedKeysTurnedOn = true;
    }
    deps.audit.record(app.id, 'users.imported', origin, {
      detail: {
        imported: tally.imported,
        present: tally.present,
        failed: tally.failed,
        without_password: notices.withoutPassword,
        keys_imported: notices.keysImported,
      },
    });
  }
  return report;
}
