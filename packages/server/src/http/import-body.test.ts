import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ImportLine } from '../domain/user-import.js';
import { MAX_IMPORT_BODY_BYTES, MAX_RECORD_BYTES, recordsOf, type Numbering } from './import-body.js';

/** The body arrives in chunks of `size` bytes, cut anywhere (inside a line, inside a UTF-8 character). */
async function read(text: string | Buffer, numbering: Numbering = { start: 1 }, size = 7): Promise<ImportLine[]> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, at) => bytes.subarray(at * size, (at + 1) * size));
  const found: ImportLine[] = [];
  for await (const line of recordsOf(Readable.from(chunks), numbering)) found.push(line);
  return found;
}

describe('reading an import body', () => {
  it('reads JSON Lines, failing a broken line alone by its number, skipping blank lines, across chunk edges', async () => {
    const lines = await read('{"a":"é"}\r\n{"b": [1,\n\n  {"c":3}\n');
    expect(lines).toEqual([
      { position: { line: 1 }, value: { a: 'é' } },
      { position: { line: 2 }, error: expect.stringMatching(/^not valid JSON/) },
      { position: { line: 4 }, value: { c: 3 } },
    ]);
  });

  it('numbers a part of a file as in the file', async () => {
    expect(await read('{"a":1}\n{"a":2}', { start: 20_001 })).toEqual([
      { position: { line: 20_001 }, value: { a: 1 } },
      { position: { line: 20_002 }, value: { a: 2 } },
    ]);
    expect(await read('{"a":1}\n', { start: 5, unit: 'item' })).toEqual([{ position: { item: 5 }, value: { a: 1 } }]);
  });

  it('reads a JSON array item by item, and stops where it stops being JSON', async () => {
    expect(await read(' \n[{"a":1}, {"b":[2]}]')).toEqual([
      { position: { item: 1 }, value: { a: 1 } },
      { position: { item: 2 }, value: { b: [2] } },
    ]);
    expect(await read('[{"a":1}, {"b":', { start: 1 })).toEqual([
      { position: { item: 1 }, value: { a: 1 } },
      { position: { item: 2 }, error: expect.stringMatching(/the array was not read past this point$/) },
    ]);
  });

  it('fails a line over the record limit or nested too deep without reading it whole', async () => {
    const long = `{"a":"${'x'.repeat(MAX_RECORD_BYTES)}"}`;
    const deep = '['.repeat(100) + ']'.repeat(100);
    const lines = await read(`${long}\n${deep}\n{"ok":true}\n`, { start: 1 }, 64 * 1024);
    expect(lines).toEqual([
      { position: { line: 1 }, error: `longer than ${MAX_RECORD_BYTES} bytes` },
      { position: { line: 2 }, error: 'nested deeper than 64 levels' },
      { position: { line: 3 }, value: { ok: true } },
    ]);
  });

  it('refuses a body over the request limit with PayloadTooLarge', async () => {
    const line = Buffer.from(`{"a":"${'x'.repeat(1000)}"}\n`);
    const body = Readable.from(
      (function* () {
        for (let sent = 0; sent <= MAX_IMPORT_BODY_BYTES; sent += line.length) yield line;
      })(),
    );
    const reading = (async () => {
      for await (const _ of recordsOf(body, { start: 1 })) void _;
    })();
    await expect(reading).rejects.toMatchObject({ code: 'PayloadTooLarge' });
  });

  it('reads an empty body as no records', async () => {
    expect(await read('')).toEqual([]);
    expect(await read('  \n \n')).toEqual([]);
  });
});
