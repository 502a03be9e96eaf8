import { EXPORTED_TABLES, type ColumnType, type ExportedTable } from '../store/deployment-tables.js';
import {
  Chain,
  DEPLOYMENT_FORMAT,
  DEPLOYMENT_FORMAT_VERSION,
  DeploymentFileError,
  MAX_BLOCK_LINES,
  TableCounts,
  type DeploymentHeader,
  type TableSummary,
} from './deployment-file.js';

/** Where a reader stands between blocks: all it needs to go on in a later request. */
export interface ReaderState {
  header: DeploymentHeader;
  /** The number of the next line. */
  line: number;
  chain: string;
  table: string | null;
  columns: ExportedTable['columns'] | null;
  tables: Record<string, TableSummary>;
}

/** A block's rows, by table in file order, each value checked against its column's type. */
export interface BlockRows {
  table: ExportedTable;
  columns: ExportedTable['columns'];
  rows: unknown[][];
}

export type ReadResult =
  | { kind: 'header'; header: DeploymentHeader }
  | { kind: 'block'; from: number; through: number; rows: BlockRows[] }
  | { kind: 'end'; tables: Record<string, TableSummary> };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const VALUE_CHECKS: Record<ColumnType, (value: unknown) => boolean> = {
  text: (v) => typeof v === 'string',
  jsonText: (v) => typeof v === 'string',
  json: (v) => typeof v === 'string' && isJsonObject(v),
  integer: (v) => Number.isSafeInteger(v),
  boolean: (v) => typeof v === 'boolean',
  bytes: (v) => typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v),
};
function isJsonObject(text: string): boolean {
  try {
    return isObject(JSON.parse(text));
  } catch {
    return false;
  }
}

const TYPE_NAMES: Record<ColumnType, string> = {
  text: 'text',
  jsonText: 'JSON text',
  json: 'a JSON object as text',
  integer: 'a whole number',
  boolean: 'true or false',
  bytes: 'base64',
};

function parse(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new DeploymentFileError(line, 'is not JSON: the file was altered or damaged');
  }
}

/** Reads a file line by line, from its header or from where an earlier reader stopped. */
export class DeploymentReader {
  /** The state but its chain and tables, which `chain` and `counts` hold. */
  private current: Omit<ReaderState, 'chain' | 'tables'> | null;
  private chain: Chain;
  private blockFrom = 0;
  private pending: BlockRows[] = [];
  private ended = false;
  private linesInBlock = 0;
  private table: ExportedTable | null = null;
  /** Counted as rows are read; the state's copy is taken at each check. */
  private counts: TableCounts;

  /**
   * `checkRows: false` reads only the structure and the checks (every line still hashed): a
   * quick pass over a file before sending it, the server reading each row in full anyway.
   */
  constructor(
    state: ReaderState | null = null,
    private readonly options: { checkRows: boolean } = { checkRows: true },
  ) {
    this.current = state && { header: state.header, line: state.line, table: state.table, columns: state.columns };
    this.chain = new Chain(state?.chain ?? '');
    this.counts = new TableCounts(state?.tables);
    // Rows after a check continue the table before it.
    const table = state?.table ? EXPORTED_TABLES.find((known) => known.name === state.table) : undefined;
    if (table && state?.columns) {
      this.table = table;
      this.pending = [{ table, columns: state.columns, rows: [] }];
    }
  }

  /** Where the reader stands: read it after a block (it then holds no line of the next), to go on later. Null before the header. */
  get state(): ReaderState | null {
    return this.current && { ...this.current, chain: this.chain.value, tables: this.counts.summary() };
  }

  /** The line number the next pushed line has. */
  get nextLine(): number {
    return this.current ? this.current.line + this.linesInBlock : 1;
  }

  push(text: string): ReadResult | null {
    const line = this.nextLine;
    if (this.ended) throw new DeploymentFileError(line, 'follows the trailer, which must be the last line');
    if (!this.current) return { kind: 'header', header: this.readHeader(text) };
    if (text.startsWith('[')) {
      this.hash(text);
      if (this.options.checkRows) this.readRow(text, line);
      else if (this.table) this.counts.add(this.table.name, null);
      else throw new DeploymentFileError(line, 'a row comes before any table');
      return null;
    }
    const value = parse(text, line);
    if (isObject(value) && isObject(value.check)) return this.readCheck(value.check, line);
    if (isObject(value) && isObject(value.trailer)) return this.readTrailer(value.trailer, line);
    if (isObject(value) && typeof value.table === 'string') {
      this.hash(text);
      this.readSection(value, line);
      return null;
    }
    throw new DeploymentFileError(line, 'is neither a row, a table, a check nor the trailer');
  }

  /** The file ended: an error unless the trailer was read. */
  end(): void {
    if (!this.ended) throw new DeploymentFileError(this.nextLine, 'the file ends here, without its trailer: it was cut short');
  }

  private readHeader(text: string): DeploymentHeader {
    const header = parse(text, 1);
    if (!isObject(header) || header.format !== DEPLOYMENT_FORMAT)
      throw new DeploymentFileError(1, `is not the header of a Latchkey deployment file ("format": "${DEPLOYMENT_FORMAT}")`);
    if (typeof header.version !== 'number' || header.version > DEPLOYMENT_FORMAT_VERSION)
      throw new DeploymentFileError(
        1,
        `the file is in format version ${String(header.version)}, newer than this Latchkey reads (${DEPLOYMENT_FORMAT_VERSION}): upgrade Latchkey to import it`,
      );
    if (!Number.isInteger(header.schema) || (header.secrets !== 'sealed' && header.secrets !== 'clear'))
      throw new DeploymentFileError(1, 'the header lacks its schema version or how secrets are held');
    this.chain = Chain.fromHeader(text);
    this.current = { header: header as unknown as DeploymentHeader, line: 2, table: null, columns: null };
    return this.current.header;
  }

  private hash(text: string): void {
    if (!this.chain.open) this.blockFrom = this.current!.line;
    this.chain.add(text);
    if (++this.linesInBlock > MAX_BLOCK_LINES)
      throw new DeploymentFileError(this.nextLine - 1, `more than ${MAX_BLOCK_LINES} lines follow the last check: the file was altered`);
  }

  private readSection(value: Record<string, unknown>, line: number): void {
    const table = EXPORTED_TABLES.find((known) => known.name === value.table);
    if (!table) throw new DeploymentFileError(line, `names a table this Latchkey does not have (${String(value.table).slice(0, 64)})`);
    if (this.counts.has(table.name)) throw new DeploymentFileError(line, `the table ${table.name} appears twice`);
    const columns = value.columns;
    if (!Array.isArray(columns) || columns.length === 0) throw new DeploymentFileError(line, `the table ${table.name} lists no columns`);
    for (const column of columns as unknown[]) {
      const known = Array.isArray(column) ? table.columns.find(([name]) => name === column[0]) : undefined;
      if (!known || known[1] !== (column as unknown[])[1])
        throw new DeploymentFileError(
          line,
          `the table ${table.name} has a column this Latchkey does not know (${JSON.stringify(column).slice(0, 64)})`,
        );
    }
    this.table = table;
    this.pending.push({ table, columns: columns as ExportedTable['columns'], rows: [] });
    this.counts.open(table.name);
  }

  private readRow(text: string, line: number): void {
    const section = this.pending.at(-1);
    if (!section || section.table !== this.table) throw new DeploymentFileError(line, 'a row comes before any table');
    const row = parse(text, line) as unknown[];
    if (row.length !== section.columns.length)
      throw new DeploymentFileError(line, `a ${section.table.name} row has ${row.length} values for ${section.columns.length} columns`);
    for (const [at, [name, type]] of section.columns.entries()) {
      const value = row[at];
      if (value !== null && !VALUE_CHECKS[type](value))
        throw new DeploymentFileError(line, `${section.table.name}.${name} must be ${TYPE_NAMES[type]} or null`);
    }
    section.rows.push(row);
    this.counts.add(section.table.name, text);
  }

  private readCheck(check: Record<string, unknown>, line: number): ReadResult {
    if (!this.chain.open) throw new DeploymentFileError(line, 'a check follows no lines');
    const computed = this.chain.seal();
    if (check.through !== line - 1 || check.sha256 !== computed)
      throw new DeploymentFileError(line, `the check does not match lines ${this.blockFrom}–${line - 1}: the file was altered there`);
    const rows = this.pending;
    const last = rows.at(-1);
    this.current = {
      ...this.current!,
      line: line + 1,
      table: last?.table.name ?? this.current!.table,
      columns: last?.columns ?? this.current!.columns,
    };
    // A table continues across the check: its next rows belong to the same section.
    this.pending = last ? [{ table: last.table, columns: last.columns, rows: [] }] : [];
    this.linesInBlock = 0;
    return { kind: 'block', from: this.blockFrom, through: line - 1, rows: rows.filter((block) => block.rows.length > 0) };
  }

  private readTrailer(trailer: Record<string, unknown>, line: number): ReadResult {
    if (this.chain.open) throw new DeploymentFileError(line, `no check covers lines ${this.blockFrom}–${line - 1}: the file was altered`);
    const tables = trailer.tables;
    if (trailer.lines !== line || !isObject(tables))
      throw new DeploymentFileError(line, 'the trailer does not describe this file: it was altered');
    const read = this.counts.summary();
    for (const name of new Set([...Object.keys(tables), ...Object.keys(read)])) {
      const said = tables[name] as TableSummary | undefined;
      const digestHolds = !this.options.checkRows || said?.digest === read[name]?.digest;
      if (!said || !read[name] || said.rows !== read[name].rows || !digestHolds)
        throw new DeploymentFileError(
          line,
          `the trailer's count or digest of ${name.slice(0, 64)} does not match its rows: the file was altered`,
        );
    }
    this.ended = true;
    this.current = { ...this.current!, line: line + 1 };
    return { kind: 'end', tables: read };
  }
}
