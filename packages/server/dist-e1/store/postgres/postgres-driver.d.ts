import { SqlStore } from '../sql/sql-store.js';
/** The most connections one node opens: its pool, the relaxed pool for new sessions, and the LISTEN connection. */
export declare function connectionsPerNode(poolSize?: number): number;
export interface PostgresStoreOptions {
    /** Connections in the main pool per node. */
    poolSize?: number;
    onBackgroundError?: (error: Error) => void;
    /** The change feed went down (caches are bypassed) or came back (caches resynced). */
    onChangeFeedLive?: (live: boolean) => void;
}
/** Connects to PostgreSQL, migrates, and starts listening for other nodes' changes. */
export declare function connectPostgresStore(connectionString: string, options?: PostgresStoreOptions): Promise<SqlStore>;
