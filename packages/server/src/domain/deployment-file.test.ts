import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportedTable } from '../store/deployment-tables.js';
import { BLOCK_LINES, DEPLOYMENT_FORMAT, DeploymentFileError, type DeploymentHeader } from './deployment-file.js';
import { DeploymentReader, type ReadResult } from './deployment-reader.js';
import { DeploymentWriter } from './deployment-writer.js';

const HEADER: DeploymentHeader = {
  format: DEPLOYMENT_FORMAT,
  version: 1,
  schema: 11,
  exported_at: '2026-12-06T00:00:00.000Z',
  store: 'sqlite',
  server_version: '0.1.0',
  audit_log: false,
  secrets: 'clear',
  key_encryption_key: null,
};
const USERS = exportedTable('users')!;
const APPS = exportedTable('apps')!;

/** A file of `users` rows (and one app), as lines. */
function fileOf(users: number): string[] {
  const writer = new DeploymentWriter();
  let text = writer.header(HEADER) + writer.section(APPS);
  text += writer.row(['a'.repeat(24), 'demo', 'Demo', '{"x":1}', 1, null]);
  text += writer.section(USERS);
  for (let n = 0; n < users; n++) text += writer.row([`u${n}`, 'a'.repeat(24), 'normal', n, '{}', false, null, null, null]);
  return (text + writer.end()).trimEnd().split('\n');
}

function readAll(lines: string[], reader = new DeploymentReader()): ReadResult[] {
  const results = lines.map((line) => reader.push(line)).filter((result): result is ReadResult => result !== null);
  reader.end();
  return results;
}

describe('deployment files', () => {
  it('read back what was written: every row, in blocks of checked lines, and the trailer', () => {
    const lines = fileOf(BLOCK_LINES + 10);
    const results = readAll(lines);
    const blocks = results.filter((result) => result.kind === 'block');
    expect(blocks).toHaveLength(2);
    expect(blocks.flatMap((block) => block.rows.map((rows) => rows.rows.length))).toEqual([1, BLOCK_LINES - 3, 13]);
    expect(results.at(-1)).toMatchObject({ kind: 'end', tables: { apps: { rows: 1 }, users: { rows: BLOCK_LINES + 10 } } });
  });

  it('go on from a reader state, as an import does across requests', () => {
    const lines = fileOf(BLOCK_LINES * 2);
    const first = new DeploymentReader();
    let at = 0;
    while (first.push(lines[at++]!)?.kind !== 'block');
    const rest = readAll(lines.slice(at), new DeploymentReader(JSON.parse(JSON.stringify(first.state))));
    expect(rest.at(-1)).toMatchObject({ kind: 'end', tables: { users: { rows: BLOCK_LINES * 2 } } });
  });

  it('refuse any one line changed anywhere, naming a line at or after it', () => {
    const lines = fileOf(30);
    fc.assert(
      fc.property(fc.nat(lines.length - 1), fc.nat(1000), fc.string({ minLength: 1, maxLength: 3 }), (line, offset, text) => {
        const original = lines[line]!;
        const at = offset % (original.length + 1);
        const changed = original.slice(0, at) + text + original.slice(at + 1);
        fc.pre(changed !== original);
        const altered = [...lines];
        altered[line] = changed;
        let error: unknown;
        try {
          readAll(altered);
        } catch (thrown) {
          error = thrown;
        }
        expect(error).toBeInstanceOf(DeploymentFileError);
        expect((error as DeploymentFileError).line).toBeGreaterThanOrEqual(line + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('refuse a file cut short, and one that goes on after its trailer', () => {
    const lines = fileOf(10);
    expect(() => readAll(lines.slice(0, -1))).toThrow(`line ${lines.length}: the file ends here, without its trailer: it was cut short`);
    expect(() => readAll([...lines, lines[2]!])).toThrow(`line ${lines.length + 1}: follows the trailer, which must be the last line`);
  });

  it('check rows against their columns, or only the structure on a quick pass', () => {
    const lines = fileOf(3);
    const typed = [...lines];
    typed[5] = typed[5]!.replace('"normal",1', '"normal","1"');
    // The chain breaks too, but the row is refused first, at its own line.
    expect(() => readAll(typed)).toThrow('line 6: users.created_at must be a whole number or null');
    expect(() => readAll(typed, new DeploymentReader(null, { checkRows: false }))).toThrow(/the check does not match lines 2–/);
  });
});
