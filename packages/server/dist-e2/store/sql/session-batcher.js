import { SESSION_BATCH } from './session-queries.js';
/**
 * Group commit for new sessions, in the store rather than per database: the logins that arrive
 * in one turn of the event loop are inserted by one statement (on PostgreSQL, one round trip
 * instead of one each). A batch that fails as a whole (a user deleted in the meantime breaks
 * its foreign key) is retried one session at a time, so one login's trouble is its own.
 */
export class SessionBatcher {
    insertMany;
    insertOne;
    waiting = [];
    constructor(insertMany, insertOne) {
        this.insertMany = insertMany;
        this.insertOne = insertOne;
    }
    insert(item) {
        return new Promise((resolve, reject) => {
            this.waiting.push({ item, resolve, reject });
            if (this.waiting.length === 1)
                setImmediate(() => this.flush());
        });
    }
    flush() {
        const all = this.waiting;
        this.waiting = [];
        for (let at = 0; at < all.length; at += SESSION_BATCH)
            void this.insertChunk(all.slice(at, at + SESSION_BATCH));
    }
    async insertChunk(chunk) {
        if (chunk.length > 1) {
            try {
                const inserted = await this.insertMany(chunk.map((waiting) => waiting.item));
                for (const { item, resolve } of chunk)
                    resolve(inserted.has(item.session.id));
                return;
            }
            catch {
                // One at a time below: each login gets its own answer or error.
            }
        }
        await Promise.all(chunk.map(({ item, resolve, reject }) => this.insertOne(item).then(resolve, reject)));
    }
}
//# sourceMappingURL=session-batcher.js.map