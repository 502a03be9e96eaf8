import { MAX_CUSTOM_DATA_BYTES } from '@latchkey/protocol';
import { isObjectId } from '../crypto/ids.js';
import type { App } from '../model/apps.js';
import type { Origin } from '../model/audit-events.js';
import { ImportTally, describePosition, type IncomingCustomData, type RecordPosition } from '../model/imports.js';
import type { ImportStore } from '../store/store.js';
import type { DepsWith } from './deps.js';
import { toRelaxedExtendedJson, userIdIn } from './extended-json.js';
import type { ImportLine } from './user-import.js';

/** The store roles this file's services use. */
type Uses = DepsWith<ImportStore>;

/** App Services' default for the field of a custom-data document that holds the user id. */
export const DEFAULT_USER_ID_FIELD = 'user_id';

export interface CustomDataImportReport {
  dryRun: boolean;
  tally: ImportTally;
}

/** One document into a user's custom data, or the reason it cannot be. */
function readDocument(line: ImportLine, userIdField: string): IncomingCustomData | { reason: string; id?: string } {
  let document: ReturnType<typeof toRelaxedExtendedJson>;
  try {
    document = toRelaxedExtendedJson(line.value);
  } catch (error) {
    return { reason: `not a valid Extended JSON document: ${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'}` };
  }
  const userId = userIdIn(document, userIdField)?.toLowerCase();
  if (userId === undefined)
    return {
      reason: `the document has no "${userIdField}" field holding a user id (name the field that does with the user id field option)`,
    };
  if (!isObjectId(userId)) return { reason: `"${userIdField}" must hold a user id (24 hexadecimal characters)` };
  const bytes = Buffer.byteLength(JSON.stringify(document));
  if (bytes > MAX_CUSTOM_DATA_BYTES)
    return { id: userId, reason: `the document is ${bytes} bytes; custom data holds at most ${MAX_CUSTOM_DATA_BYTES} (it was not cut)` };
  return { position: line.position, userId, customData: document };
}

/**
 * Sets users' custom data from a `mongoexport` of App Services' custom-data collection, as the
 * tokens will carry it. A later line for the same user is refused (App Services read one
 * document per user); the users must have been imported first. Running it again changes nothing.
 */
export async function importCustomData(
  deps: Uses,
  app: App,
  lines: AsyncIterable<ImportLine>,
  options: { dryRun: boolean; userIdField: string },
  origin: Origin,
): Promise<CustomDataImportReport> {
  const tally = new ImportTally();
  const firstLineOf = new Map<string, RecordPosition>();
  let batch: IncomingCustomData[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const outcomes = await deps.store.importCustomData(app.id, batch, options.dryRun);
    batch.forEach((item, at) => tally.add(outcomes[at]!, item.position, item.userId));
    batch = [];
  };
  for await (const line of lines) {
    if (line.error !== undefined) {
      tally.fail(line.position, line.error);
      continue;
    }
    const read = readDocument(line, options.userIdField);
    if ('reason' in read) {
      tally.fail(line.position, read.reason, read.id);
      continue;
    }
    const earlier = firstLineOf.get(read.userId);
    if (earlier) {
      tally.fail(line.position, `a second document for this user (the first is at ${describePosition(earlier)})`, read.userId);
      continue;
    }
    firstLineOf.set(read.userId, line.position);
    batch.push(read);
    if (batch.length >= deps.store.importBatchSize) await flush();
  }
  await flush();
  tally.sortFailures();
  if (!options.dryRun)
    deps.audit.record(app.id, 'custom_data.imported', origin, {
      detail: { imported: tally.imported, present: tally.present, failed: tally.failed },
    });
  return { dryRun: options.dryRun, tally };
}
