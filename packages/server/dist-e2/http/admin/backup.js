import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LatchkeyError } from '../../domain/errors.js';
import { ErrorResponses, describeRoute } from '../schemas.js';
export const SQLITE_MEDIA_TYPE = 'application/vnd.sqlite3';
/**
 * A consistent copy of the embedded database, taken while the server keeps serving (SQLite's
 * online backup), written to a private temporary file, streamed, then removed.
 */
export function backupRoutes(scope, deps) {
    scope.post('/backup', {
        schema: {
            ...describeRoute('admin', 'A consistent snapshot of the SQLite database, taken while serving (application/vnd.sqlite3). Restore: stop Latchkey, replace latchkey.db (and remove latchkey.db-wal and latchkey.db-shm), start. On PostgreSQL: 409 BackupNotSupported (use pg_dump)', 'adminToken'),
            response: {
                200: { description: 'The database file', content: { [SQLITE_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } } } },
                ...ErrorResponses,
            },
        },
    }, async (_request, reply) => {
        const dir = await mkdtemp(join(tmpdir(), 'latchkey-backup-'));
        const path = join(dir, 'latchkey.db');
        const removeCopy = () => void rm(dir, { recursive: true, force: true });
        try {
            if (!(await deps.store.backupTo(path)))
                throw new LatchkeyError('BackupNotSupported');
        }
        catch (error) {
            removeCopy();
            throw error;
        }
        const stream = createReadStream(path);
        stream.once('close', removeCopy);
        const stamp = new Date(deps.clock.now()).toISOString().replace(/[:.]/g, '-');
        return reply.type(SQLITE_MEDIA_TYPE).header('content-disposition', `attachment; filename="latchkey-${stamp}.db"`).send(stream);
    });
}
//# sourceMappingURL=backup.js.map