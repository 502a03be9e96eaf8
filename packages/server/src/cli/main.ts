#!/usr/bin/env -S node --max-semi-space-size=4
import { Command, Option } from 'commander';
import { reportFailure } from './context.js';
import { appsCommand } from './commands/apps.js';
import { auditCommand } from './commands/audit.js';
import { backupCommand } from './commands/backup.js';
import { completionCommand } from './commands/completion.js';
import { exportCommand } from './commands/deployment.js';
import { importCommand } from './commands/import.js';
import { keysCommand } from './commands/keys.js';
import { serverKeysCommand } from './commands/server-keys.js';
import { signingKeysCommand } from './commands/signing-keys.js';
import { usersCommand } from './commands/users.js';

// Read before parsing: commander reports a usage error before any action sees the options.
const json = process.argv.includes('--json');

/** A usage error (unknown option, missing argument) as the JSON a script reads. */
function usageFailure(text: string): { error: string; error_code: string } {
  return {
    error: text
      .replace(/^error: /, '')
      .split('\n')[0]!
      .trim(),
    error_code: 'InvalidParameter',
  };
}

/**
 * `latchkey`: `serve` runs the server; every other command drives a running server through
 * its admin API (@latchkey/admin), so it works the same against SQLite and PostgreSQL.
 */
function buildProgram(): Command {
  const program = new Command('latchkey')
    .description('Latchkey: the server (latchkey serve) and its administration')
    .addOption(new Option('--url <url>', 'the server').env('LATCHKEY_URL').default('http://127.0.0.1:8080'))
    .addOption(new Option('--token <token>', 'the admin token').env('LATCHKEY_ADMIN_TOKEN'))
    .addOption(new Option('--app <client-app-id>', 'the app the command is about').env('LATCHKEY_APP').default('demo'))
    .option('--json', 'print JSON for scripts instead of tables (and errors as {"error", "error_code"} on stderr)')
    .option('--verbose', 'say which request failed, with the error')
    .showHelpAfterError(json ? false : '(add --help for usage)')
    .configureOutput({
      outputError: (text, write) => (json ? reportFailure(usageFailure(text), true) : write(text.replace(/^error: /, 'latchkey: '))),
    });
  program
    .command('serve')
    .description(
      'start the server, configured by the environment (every variable: the Configuration table of the README); what npm start runs',
    )
    .action(async () => {
      const { serve } = await import('../serve.js');
      await serve();
    });
  appsCommand(program);
  usersCommand(program);
  keysCommand(program);
  serverKeysCommand(program);
  auditCommand(program);
  backupCommand(program);
  exportCommand(program);
  importCommand(program);
  signingKeysCommand(program);
  completionCommand(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
