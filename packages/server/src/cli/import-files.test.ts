import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partsOf, type LocalFailure, type Part } from './import-files.js';

let dir: string;
beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'latchkey-parts-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function parts(name: string, text: string, from = 1): Promise<{ parts: Part[]; failures: LocalFailure[]; bytes: number }> {
  const path = join(dir, name);
  await writeFile(path, text);
  const found: Part[] = [];
  const failures: LocalFailure[] = [];
  let bytes = 0;
  for await (const part of partsOf(path, { from, partRecords: 2, onBytes: (n) => (bytes += n), onFailure: (f) => failures.push(f) }))
    found.push(part);
  return { parts: found, failures, bytes };
}

describe('sending a big file in parts', () => {
  it('cuts JSON Lines between lines, each part numbered from its first line in the file, blank lines kept', async () => {
    const text = '{"a":1}\n{"a":2}\n\n{"a":4}\n{"a":5}\n';
    const { parts: found, bytes } = await parts('users.jsonl', text);
    expect(found).toEqual([
      { text: '{"a":1}\n{"a":2}\n', start: 1, unit: 'line', records: 2 },
      { text: '\n{"a":4}\n', start: 3, unit: 'line', records: 2 },
      { text: '{"a":5}\n', start: 5, unit: 'line', records: 1 },
    ]);
    expect(bytes).toBe(Buffer.byteLength(text));
  });

  it('resumes from a line', async () => {
    const { parts: found } = await parts('resume.jsonl', '{"a":1}\n{"a":2}\n{"a":3}\n', 3);
    expect(found).toEqual([{ text: '{"a":3}\n', start: 3, unit: 'line', records: 1 }]);
  });

  it('reads an array item by item into parts of JSON Lines numbered by item, and reports where it stops being JSON', async () => {
    const { parts: found, failures } = await parts('users.json', '[{"a":1},{"a":2},{"a":3},{"a":');
    expect(found).toEqual([
      { text: '{"a":1}\n{"a":2}\n', start: 1, unit: 'item', records: 2 },
      { text: '{"a":3}\n', start: 3, unit: 'item', records: 1 },
    ]);
    expect(failures).toEqual([{ item: 4, reason: expect.stringMatching(/^not valid JSON/), fatal: true }]);
  });
});
