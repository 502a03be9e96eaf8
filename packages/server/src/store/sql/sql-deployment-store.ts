import { LatchkeyError } from '../../model/errors.js';
import { RefusedRowsError, type DeploymentStore, type TableRows } from '../deployment-store.js';
import * as deployment from './deployment-queries.js';
import type { ExecuteOptions, Snapshot, SqlDriver } from './driver.js';
import { DURABLE, READ, SCHEMA_VERSION, WRITE } from './sql-store-core.js';

export class SqlDeploymentStore implements DeploymentStore {
  /**
   * A block and the progress after it commit together (on PostgreSQL as one statement), so a
   * crash can lose only the newest blocks with their progress, which the import then sends
   * again: there the commits need not wait for their WAL flush. SQLite's ordinary commits never
   * wait for one.
   */
  private readonly blockWrite: ExecuteOptions;

  constructor(private readonly driver: SqlDriver) {
    this.blockWrite = driver.dialect.name === 'postgres' ? { transaction: false, durability: 'relaxed' } : WRITE;
  }

  readonly schemaVersion = SCHEMA_VERSION;

  get dialect(): 'sqlite' | 'postgres' {
    return this.driver.dialect.name;
  }

  openSnapshot(): Promise<Snapshot> {
    return this.driver.snapshot();
  }

  findImport(): Promise<string | null> {
    return this.driver.execute(() => deployment.findImport(), READ);
  }

  beginImport(
    progressWith: (replaced: unknown[][]) => string,
    replaceApps: readonly string[] | null,
  ): Promise<{ began: boolean; users: number }> {
    return this.driver.execute(() => deployment.beginImport(progressWith, replaceApps), DURABLE);
  }

  async writeBlock(expected: string, next: string, rows: TableRows[]): Promise<boolean> {
    // An app already here is named, before a write fails on it (or on anything it holds).
    const apps = rows.find((table) => table.table === 'apps');
    if (apps) {
      const column = (name: string) => apps.columns.findIndex(([named]) => named === name);
      const [id, clientId] = [column('id'), column('client_app_id')];
      const here = await this.driver.execute(
        () =>
          deployment.appsAlreadyHere(
            this.driver.dialect,
            apps.values.map((row) => row[id] as string),
            apps.values.map((row) => row[clientId] as string),
          ),
        READ,
      );
      if (here.length > 0) throw new RefusedRowsError('apps', 'unique', null, here);
    }
    const trace: deployment.WriteTrace = { table: null };
    try {
      return await this.driver.execute(() => deployment.writeBlock(this.driver.dialect, expected, next, rows, trace), this.blockWrite);
    } catch (error) {
      // The database's own error, where the driver answered it as a refusal of the request.
      const refused = error instanceof LatchkeyError && error.cause ? error.cause : error;
      trace.table ??= (refused as { table?: string }).table ?? null;
      if (trace.table === null) throw error;
      if (this.driver.isUniqueViolation(refused)) throw new RefusedRowsError(trace.table, 'unique', refused);
      if (this.driver.isForeignKeyViolation(refused)) throw new RefusedRowsError(trace.table, 'reference', refused);
      if (isValueRefusal(refused)) throw new RefusedRowsError(trace.table, 'value', refused);
      throw error;
    }
  }

  finishImport(expected: string, signingKeys: string | null): Promise<boolean> {
    return this.driver.execute(() => deployment.finishImport(expected, signingKeys), DURABLE);
  }

  abandonImport(expected: string, appIds: string[], revocationIds: string[], restore: TableRows | null): Promise<boolean> {
    return this.driver.execute(() => deployment.abandonImport(this.driver.dialect, expected, appIds, revocationIds, restore), DURABLE);
  }

  async analyzeAfterImport(): Promise<void> {
    if (this.driver.dialect.name === 'postgres') await this.driver.execute(() => deployment.analyzeAfterImport(), READ);
  }
}

/** A NOT NULL or CHECK constraint, or a value of the wrong type for its column (PostgreSQL's class 22 and 23). */
function isValueRefusal(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return /^SQLITE_CONSTRAINT_(NOTNULL|CHECK)$/.test(code) || /^(22|23)/.test(code) || code === 'SQLITE_MISMATCH';
}
