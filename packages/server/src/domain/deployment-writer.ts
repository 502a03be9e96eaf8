import type { ExportedTable } from '../store/deployment-tables.js';
import { BLOCK_LINES, Chain, TableCounts, type DeploymentHeader } from './deployment-file.js';

/** Lines of a file as the exporter writes them; a check is added every BLOCK_LINES lines. */
export class DeploymentWriter {
  private line = 0;
  private chain = new Chain('');
  private sinceCheck = 0;
  private readonly tables = new TableCounts();
  private current = '';

  header(header: DeploymentHeader): string {
    const text = JSON.stringify(header);
    this.line = 1;
    this.chain = Chain.fromHeader(text);
    return `${text}\n`;
  }

  section(table: ExportedTable): string {
    this.current = table.name;
    this.tables.open(table.name);
    return this.add(JSON.stringify({ table: table.name, columns: table.columns }));
  }

  row(values: unknown[]): string {
    const text = JSON.stringify(values);
    this.tables.add(this.current, text);
    return this.add(text);
  }

  /** The last check (if lines followed the previous one) and the trailer. */
  end(): string {
    const check = this.sinceCheck > 0 ? this.check() : '';
    return `${check}${JSON.stringify({ trailer: { lines: this.line + 1, tables: this.tables.summary() } })}\n`;
  }

  private add(text: string): string {
    this.chain.add(text);
    this.line++;
    this.sinceCheck++;
    return this.sinceCheck >= BLOCK_LINES ? `${text}\n${this.check()}` : `${text}\n`;
  }

  private check(): string {
    const sha256 = this.chain.seal();
    this.sinceCheck = 0;
    this.line++;
    return `${JSON.stringify({ check: { through: this.line - 1, sha256 } })}\n`;
  }
}
