import { type NewSession } from './session-queries.js';
/**
 * Group commit for new sessions, in the store rather than per database: the logins that arrive
 * in one turn of the event loop are inserted by one statement (on PostgreSQL, one round trip
 * instead of one each). A batch that fails as a whole (a user deleted in the meantime breaks
 * its foreign key) is retried one session at a time, so one login's trouble is its own.
 */
export declare class SessionBatcher {
    private readonly insertMany;
    private readonly insertOne;
    private waiting;
    constructor(insertMany: (batch: NewSession[]) => Promise<Set<string>>, insertOne: (item: NewSession) => Promise<boolean>);
    insert(item: NewSession): Promise<boolean>;
    private flush;
    private insertChunk;
}
