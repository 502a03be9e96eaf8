import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { Transform, pipeline } from 'node:stream';
import type { CustomDataImportReport, ImportFailure, UserImportReport } from '@latchkey/admin';
import streamArray from 'stream-json/streamers/stream-array.js';
import { CliError } from './context.js';

/**
 * What `latchkey import` reads from disk: an App Services export folder, and big user or
 * custom-data files, sent in parts of at most PART_RECORDS records or PART_BYTES bytes, each
 * numbered as in the file so the server's report names the file's own lines.
 */

export const PART_RECORDS = 10_000;
const PART_BYTES = 8 * 1024 * 1024;
const MAX_EXPORT_FILES = 10_000;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/** Every file of an export folder by its path inside it: JSON parsed, anything else as null. */
export async function readExportFolder(folder: string): Promise<Record<string, unknown>> {
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) throw new CliError(`${folder} is not a folder (give the folder appservices pull wrote)`);
  const files: Record<string, unknown> = {};
  let count = 0;
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) await walk(full);
        continue;
      }
      if (!entry.isFile()) continue;
      if (++count > MAX_EXPORT_FILES) throw new CliError(`${folder} holds over ${MAX_EXPORT_FILES} files: is it an App Services export?`);
      const path = relative(folder, full).split(sep).join('/');
      if (!entry.name.endsWith('.json')) {
        files[path] = null;
        continue;
      }
      try {
        files[path] = JSON.parse(await readFile(full, 'utf8')) as unknown;
      } catch (error) {
        throw new CliError(`${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  await walk(folder);
  return files;
}

/** A part of a file, ready to send: its text, and the number of its first record in the file. */
export interface Part {
  text: string;
  start: number;
  unit: 'line' | 'item';
  records: number;
}

/** A failure the CLI found itself (an array that stops being JSON), reported beside the server's. */
export interface LocalFailure extends ImportFailure {
  /** The array was not read past this point. */
  fatal: true;
}

/** Counts bytes read, for the progress bar. */
function counting(onBytes: (bytes: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
}

async function firstByte(path: string): Promise<number | null> {
  const stream = createReadStream(path, { start: 0, end: 4095 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const found = chunk.findIndex((byte) => ![0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf].includes(byte));
    if (found !== -1) {
      stream.destroy();
      return chunk[found]!;
    }
  }
  return null;
}

/**
 * The file's parts, from record `from` on: JSON Lines are cut between lines (sent as they
 * are, so line numbers hold); an array is read item by item and sent as JSON Lines numbered
 * by item. `onFailure` hears of an array that stops being JSON.
 */
export async function* partsOf(
  path: string,
  options: { from: number; onBytes: (bytes: number) => void; onFailure: (failure: LocalFailure) => void; partRecords?: number },
): AsyncGenerator<Part> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new CliError(`${path} is not a file`);
  const isArray = (await firstByte(path)) === 0x5b;
  const unit = isArray ? 'item' : 'line';
  let lines: string[] = [];
  let bytes = 0;
  let start = options.from;
  let number = 0;
  const take = function* (line: string): Generator<Part> {
    number++;
    if (number < options.from) return;
    lines.push(line);
    bytes += line.length + 1;
    if (lines.length >= (options.partRecords ?? PART_RECORDS) || bytes >= PART_BYTES) {
      yield { text: lines.join('\n') + '\n', start, unit, records: lines.length };
      start = number + 1;
      lines = [];
      bytes = 0;
    }
  };
  const source = createReadStream(path);
  if (isArray) {
    const items = pipeline(source, counting(options.onBytes), streamArray.withParserAsStream(), () => {});
    try {
      for await (const { value } of items as AsyncIterable<{ value: unknown }>) yield* take(JSON.stringify(value));
    } catch (error) {
      options.onFailure({
        item: number + 1,
        reason: `not valid JSON (${(error as Error).message.slice(0, 120)}); the array was not read past this point`,
        fatal: true,
      });
    }
  } else {
    const reader = createInterface({ input: source.pipe(counting(options.onBytes)), crlfDelay: Infinity });
    for await (const line of reader) yield* take(line);
  }
  if (lines.length > 0) yield { text: lines.join('\n') + '\n', start, unit, records: lines.length };
}

type Counts = Pick<UserImportReport, 'dry_run' | 'imported' | 'present' | 'failed' | 'failures'>;

function addCounts(into: Counts, part: Counts): void {
  into.imported += part.imported;
  into.present += part.present;
  into.failed += part.failed;
  into.failures.push(...part.failures.slice(0, Math.max(0, 1000 - into.failures.length)));
}

const sumInto = (into: Record<string, number>, part: Record<string, number>) => {
  for (const [name, count] of Object.entries(part)) into[name] = (into[name] ?? 0) + count;
};

/** The report of a whole file, from the reports of its parts. */
export function mergeUserReports(dryRun: boolean, parts: UserImportReport[]): UserImportReport {
  const merged: UserImportReport = {
    dry_run: dryRun,
    imported: 0,
    present: 0,
    failed: 0,
    failures: [],
    notices: {
      without_password: 0,
      password_hashes: {},
      keys_imported: 0,
      users_with_keys_to_recreate: 0,
      anonymous: 0,
      disabled: 0,
      identities_not_served: {},
    },
    accept_imported_keys_turned_on: false,
  };
  for (const part of parts) {
    addCounts(merged, part);
    const { notices } = merged;
    notices.without_password += part.notices.without_password;
    notices.keys_imported += part.notices.keys_imported;
    notices.users_with_keys_to_recreate += part.notices.users_with_keys_to_recreate;
    notices.anonymous += part.notices.anonymous;
    notices.disabled += part.notices.disabled;
    sumInto(notices.password_hashes, part.notices.password_hashes);
    sumInto(notices.identities_not_served, part.notices.identities_not_served);
    merged.accept_imported_keys_turned_on ||= part.accept_imported_keys_turned_on;
  }
  return merged;
}

export function mergeCustomDataReports(dryRun: boolean, parts: CustomDataImportReport[]): CustomDataImportReport {
  const merged: CustomDataImportReport = { dry_run: dryRun, imported: 0, present: 0, failed: 0, failures: [] };
  for (const part of parts) addCounts(merged, part);
  return merged;
}

/** A failure found by the CLI, counted into a report. */
export function addLocalFailure(report: Counts, failure: LocalFailure): void {
  const { fatal: _fatal, ...listed } = failure;
  report.failed++;
  report.failures.push(listed);
}
