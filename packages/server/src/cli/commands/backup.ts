import type { Command } from 'commander';
import { act } from '../context.js';
import { printDone } from '../output.js';
import { size, writePrivately } from '../private-file.js';

/**
 * Streams the server's backup into a private file beside the target (mode 0600: it holds
 * every hash), then renames it into place, so FILE is never half written. Progress goes
 * to stderr when that is a terminal.
 */
export function backupCommand(program: Command): void {
  program
    .command('backup')
    .description("a consistent copy of the server's SQLite database (PostgreSQL: use pg_dump)")
    .requiredOption('--out <file>', 'where to write it')
    .action(
      act(async (context, options: { out: string }) => {
        const stream = await context.admin.backup();
        const bytes = await writePrivately(options.out, 'backing up', false, async (write) => {
          for await (const chunk of stream) await write(chunk);
        });
        printDone(context, `Backed up ${size(bytes)} to ${options.out}.`, { path: options.out, bytes });
      }),
    );
}
