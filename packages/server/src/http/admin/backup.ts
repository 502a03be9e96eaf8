import { rmSync, type ReadStream } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { LatchkeyError } from '../../model/errors.js';
import { ErrorResponses, describeRoute } from '../schemas.js';

export const SQLITE_MEDIA_TYPE = 'application/vnd.sqlite3';

/**
 * A consistent copy of the embedded database (signing keys included), taken while the server
 * keeps serving (SQLite's online backup) into a file only this user can read (0600, in a 0700
 * directory). The file is opened and then removed before the answer starts: the open descriptor
 * streams it, so no copy is left behind by a client that goes away, nor by a shutdown or crash
 * during the streaming. A copy still being written when the server stops is removed on close.
 */
async function takeCopy(deps: Deps, copies: Set<string>): Promise<ReadStream> {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-backup-'));
  copies.add(dir);
  try {
    const path = join(dir, 'latchkey.db');
    await writeFile(path, '', { mode: 0o600, flag: 'wx' });
    if (!(await deps.store.backupTo(path))) throw new LatchkeyError('BackupNotSupported');
    return (await open(path, 'r')).createReadStream();
  } finally {
    await rm(dir, { recursive: true, force: true });
    copies.delete(dir);
  }
}

export function backupRoutes(scope: FastifyInstance, deps: Deps): void {
  const copies = new Set<string>();
  scope.addHook('onClose', () => {
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  });
  scope.post(
    '/backup',
    {
      schema: {
        ...describeRoute(
          'admin',
          'A consistent snapshot of the SQLite database, taken while serving (application/vnd.sqlite3). Restore: stop Latchkey, replace latchkey.db (and remove latchkey.db-wal and latchkey.db-shm), start. On PostgreSQL: 409 BackupNotSupported (use pg_dump)',
          'adminToken',
        ),
        response: {
          200: { description: 'The database file', content: { [SQLITE_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } } } },
          ...ErrorResponses,
        },
      },
    },
    async (_request, reply) => {
      const stream = await takeCopy(deps, copies);
      const stamp = new Date(deps.clock.now()).toISOString().replace(/[:.]/g, '-');
      return reply.type(SQLITE_MEDIA_TYPE).header('content-disposition', `attachment; filename="latchkey-${stamp}.db"`).send(stream);
    },
  );
}
