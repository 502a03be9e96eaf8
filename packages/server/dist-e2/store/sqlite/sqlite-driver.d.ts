import { SqlStore } from '../sql/sql-store.js';
/** Opens (creating and migrating if needed) the SQLite database at `path`, or `:memory:`. */
export declare function openSqliteStore(path: string): SqlStore;
