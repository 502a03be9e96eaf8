import { createHash, hash, type Hash } from 'node:crypto';

/**
 * A deployment file (docs/deployment-file.md): JSON Lines, written and read as a stream
 * (deployment-writer.ts, deployment-reader.ts); what both sides share is here.
 *
 *   line 1     the header: format, version, the schema it was written from, how secrets are held
 *   sections   `{"table": …, "columns": [[name, type], …]}`, then one JSON array per row
 *   checks     `{"check": {"through": n, "sha256": …}}` at least every BLOCK_LINES lines: a hash
 *              chained from the header's through every line since the previous check
 *   last line  `{"trailer": {"lines": n, "tables": {name: {"rows": n, "digest": …}}}}`
 *
 * A reader takes in only blocks whose check holds, so a file altered anywhere is refused at
 * the check after the change, naming its lines, and a file cut short has no trailer. A table's
 * digest is the XOR of its rows' SHA-256: independent of row order, so exports of the same
 * data from SQLite and from PostgreSQL carry the same digests.
 */
export const DEPLOYMENT_FORMAT = 'latchkey-deployment';
export const DEPLOYMENT_FORMAT_VERSION = 1;
export const BLOCK_LINES = 5_000;
/** A reader holds one block in memory: none may be longer. */
export const MAX_BLOCK_LINES = 20_000;

export interface DeploymentHeader {
  format: typeof DEPLOYMENT_FORMAT;
  version: number;
  /** The schema version (migrations applied) of the server that wrote it. */
  schema: number;
  exported_at: string;
  store: 'sqlite' | 'postgres';
  server_version: string;
  audit_log: boolean;
  /** `sealed`: every secret is sealed with the key-encryption key named; `clear`: they are in clear. */
  secrets: 'sealed' | 'clear';
  key_encryption_key: string | null;
}

export interface TableSummary {
  rows: number;
  digest: string;
}

export class DeploymentFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const EMPTY_DIGEST = '0'.repeat(64);

/** A table's digest as it accumulates: the XOR of its rows' SHA-256, kept as bytes until it is written out. */
class Digest {
  private readonly bytes: Buffer;

  constructor(hex = EMPTY_DIGEST) {
    this.bytes = Buffer.from(hex, 'hex');
  }

  add(line: string): void {
    const row = hash('sha256', line, 'buffer');
    for (let at = 0; at < 32; at++) this.bytes[at]! ^= row[at]!;
  }

  toString(): string {
    return this.bytes.toString('hex');
  }
}

/** Rows and digest of each table, as a writer writes them or a reader reads them. */
export class TableCounts {
  private readonly counts = new Map<string, { rows: number; digest: Digest }>();

  constructor(from: Record<string, TableSummary> = {}) {
    for (const [name, summary] of Object.entries(from)) this.counts.set(name, { rows: summary.rows, digest: new Digest(summary.digest) });
  }

  has(name: string): boolean {
    return this.counts.has(name);
  }

  open(name: string): void {
    this.counts.set(name, { rows: 0, digest: new Digest() });
  }

  /** A row; without its line, counted only (a reader that does not check rows). */
  add(name: string, line: string | null): void {
    const table = this.counts.get(name)!;
    table.rows++;
    if (line !== null) table.digest.add(line);
  }

  summary(): Record<string, TableSummary> {
    return Object.fromEntries([...this.counts].map(([name, { rows, digest }]) => [name, { rows, digest: digest.toString() }]));
  }
}

/**
 * The hash chained through a file: seeded by the header line; each line after it goes into the
 * open block, and a check seals the block into the value the next one goes on from.
 */
export class Chain {
  private block: Hash | null = null;

  constructor(public value: string) {}

  static fromHeader(text: string): Chain {
    return new Chain(createHash('sha256').update(text).digest('hex'));
  }

  /** Whether lines were added since the last check. */
  get open(): boolean {
    return this.block !== null;
  }

  add(text: string): void {
    (this.block ??= createHash('sha256').update(this.value)).update(text).update('\n');
  }

  /** The value at a check, over the lines since the previous one. */
  seal(): string {
    this.value = this.block!.digest('hex');
    this.block = null;
    return this.value;
  }
}
