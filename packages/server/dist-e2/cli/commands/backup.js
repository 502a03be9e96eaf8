import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { act } from '../context.js';
import { printDone } from '../output.js';
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
/**
 * Streams the server's backup into a private file beside the target (mode 0600: it holds
 * every hash), then renames it into place, so FILE is never half written. Progress goes
 * to stderr when that is a terminal.
 */
export function backupCommand(program) {
    program
        .command('backup')
        .description("a consistent copy of the server's SQLite database (PostgreSQL: use pg_dump)")
        .requiredOption('--out <file>', 'where to write it')
        .action(act(async (context, options) => {
        const stream = await context.admin.backup();
        const partial = join(dirname(options.out), `.${basename(options.out)}.${process.pid}.partial`);
        const file = await open(partial, 'wx', 0o600);
        let bytes = 0;
        const progress = process.stderr.isTTY ? setInterval(() => process.stderr.write(`\rbacking up… ${mib(bytes)}`), 200) : null;
        try {
            for await (const chunk of stream) {
                await file.write(chunk);
                bytes += chunk.byteLength;
            }
            await file.sync();
            await file.close();
            await rename(partial, options.out);
        }
        catch (error) {
            await file.close().catch(() => undefined);
            await rm(partial, { force: true });
            throw error;
        }
        finally {
            if (progress) {
                clearInterval(progress);
                process.stderr.write('\r\x1b[K');
            }
        }
        printDone(context, `Backed up ${mib(bytes)} to ${options.out}.`, { path: options.out, bytes });
    }));
}
//# sourceMappingURL=backup.js.map