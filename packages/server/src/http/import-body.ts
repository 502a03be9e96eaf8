import { Readable, pipeline } from 'node:stream';
import { MAX_CUSTOM_DATA_DEPTH } from '@latchkey/protocol';
import streamArray from 'stream-json/streamers/stream-array.js';
import type { ImportLine } from '../domain/user-import.js';
import { LatchkeyError } from '../model/errors.js';
import { exceedsNestingDepth } from './json-depth.js';

/**
 * An import's request body, read as it arrives and never held whole: JSON Lines (one record per
 * line) or one JSON array (App Services' Admin API output). A line that is not JSON fails alone;
 * an array that stops being JSON ends the reading there (what came before it stands).
 */

/** No one record is larger. */
export const MAX_RECORD_BYTES = 1024 * 1024;
/** One request carries at most this much; `latchkey import` splits bigger files into requests of 10,000 lines. */
export const MAX_IMPORT_BODY_BYTES = 64 * 1024 * 1024;
const MAX_DEPTH = MAX_CUSTOM_DATA_DEPTH;

export interface Numbering {
  /** The number of the body's first line or item (a file sent in parts keeps its own numbers). */
  start: number;
  /** How positions are reported; by default lines for JSON Lines, items for an array. */
  unit?: 'line' | 'item' | undefined;
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf]);

/** Counts the body's bytes as they pass, refusing past MAX_IMPORT_BODY_BYTES. */
async function* counted(body: Readable): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_IMPORT_BODY_BYTES)
      throw new LatchkeyError(
        'PayloadTooLarge',
        `one import request carries at most ${MAX_IMPORT_BODY_BYTES / 1024 / 1024} MiB: send the file in parts`,
      );
    yield chunk;
  }
}

function describeJsonError(error: unknown): string {
  const message = error instanceof Error ? error.message : 'unreadable';
  // Keep the parser's reason, not an echo of the input it quotes.
  return `not valid JSON (${message.replace(/"[^"]*"/g, '…').slice(0, 120)})`;
}

function parseLine(text: string): Pick<ImportLine, 'value' | 'error'> {
  if (exceedsNestingDepth(text, MAX_DEPTH)) return { error: `nested deeper than ${MAX_DEPTH} levels` };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: describeJsonError(error) };
  }
}

async function* jsonLines(chunks: AsyncIterable<Buffer>, first: Buffer, numbering: Numbering): AsyncGenerator<ImportLine> {
  const unit = numbering.unit ?? 'line';
  let number = numbering.start;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let oversized = false;
  function* finish(): Generator<ImportLine> {
    const position = unit === 'line' ? { line: number } : { item: number };
    number++;
    if (oversized) {
      yield { position, error: `longer than ${MAX_RECORD_BYTES} bytes` };
    } else {
      const text = Buffer.concat(pending, pendingBytes).toString('utf8').trim();
      if (text !== '') yield { position, ...parseLine(text) };
    }
    pending = [];
    pendingBytes = 0;
    oversized = false;
  }
  async function* all(): AsyncGenerator<Buffer> {
    yield first;
    yield* chunks;
  }
  for await (const chunk of all()) {
    let from = 0;
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, from)) {
      if (!oversized) pending.push(chunk.subarray(from, at));
      pendingBytes += at - from;
      if (pendingBytes > MAX_RECORD_BYTES) oversized = true;
      yield* finish();
      from = at + 1;
    }
    if (from < chunk.length) {
      pendingBytes += chunk.length - from;
      if (pendingBytes > MAX_RECORD_BYTES) oversized = true;
      if (!oversized) pending.push(chunk.subarray(from));
    }
  }
  if (pendingBytes > 0) yield* finish();
}

async function* jsonArray(chunks: AsyncIterable<Buffer>, first: Buffer, numbering: Numbering): AsyncGenerator<ImportLine> {
  const unit = numbering.unit ?? 'item';
  async function* all(): AsyncGenerator<Buffer> {
    yield first;
    yield* chunks;
  }
  // pipeline: an error anywhere (a body over the limit) ends the items with it, and stopping early ends the body.
  const items = pipeline(
    Readable.from(all()),
    streamArray.withParserAsStream({ maxDepth: MAX_DEPTH + 1, maxPackedLength: MAX_RECORD_BYTES }),
    () => {},
  );
  let next = numbering.start;
  const at = (n: number) => (unit === 'item' ? { item: n } : { line: n });
  try {
    for await (const { key, value } of items as AsyncIterable<{ key: number; value: unknown }>) {
      next = numbering.start + key + 1;
      yield { position: at(numbering.start + key), value };
    }
  } catch (error) {
    if (error instanceof LatchkeyError) throw error;
    yield { position: at(next), error: `${describeJsonError(error)}; the array was not read past this point` };
  } finally {
    items.destroy();
  }
}

/** The records of an import body, in order, each with its position. */
export async function* recordsOf(body: Readable, numbering: Numbering): AsyncGenerator<ImportLine> {
  const chunks = counted(body)[Symbol.asyncIterator]();
  const skipped: Buffer[] = [];
  for (;;) {
    const next: IteratorResult<Buffer> = await chunks.next();
    if (next.done) return;
    const chunk = next.value;
    skipped.push(chunk);
    const start = chunk.findIndex((byte) => !WHITESPACE.has(byte));
    if (start === -1) continue;
    const first = Buffer.concat(skipped);
    const rest = { [Symbol.asyncIterator]: () => chunks };
    if (chunk[start] === 0x5b) yield* jsonArray(rest, first, numbering);
    else yield* jsonLines(rest, first, numbering);
    return;
  }
}
