import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import { LatchkeyAdminError } from '@latchkey/admin';
import type { Command } from 'commander';
import { DeploymentFileError, type TableSummary } from '../../domain/deployment-file.js';
import { DeploymentReader } from '../../domain/deployment-reader.js';
import { CliError, act, type CliContext } from '../context.js';
import { printDone, printJson } from '../output.js';
import { size, writePrivately } from '../private-file.js';

/** `latchkey export` and `latchkey import deployment`: a whole deployment to another server or store (docs/deploy.md). */

/** Bytes of whole blocks per import request: far under the server's 64 MiB, and a few seconds of work each. */
const PART_BYTES = 8 * 1024 * 1024;

/** Characters gathered before each write to the file. */
const WRITE_CHUNK = 1 << 20;
const say = (line = '') => process.stdout.write(`${line}\n`);

/** The lines of a byte stream (UTF-8), without their newlines. */
async function* linesOf(chunks: AsyncIterable<Uint8Array>, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  let rest = '';
  const decoder = new TextDecoder();
  for await (const chunk of chunks) {
    onBytes?.(chunk.byteLength);
    const text = rest + decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    rest = lines.pop()!;
    yield* lines;
  }
  rest += decoder.decode();
  if (rest !== '') yield rest;
}

function progressBar(context: CliContext, label: string, total: number): SingleBar | null {
  if (!process.stderr.isTTY || context.json) return null;
  const bar = new SingleBar({ format: `${label} {bar} {percentage}% | {value}/{total} MiB`, stream: process.stderr, hideCursor: true });
  bar.start(Math.max(1, Math.round(total / 2 ** 20)), 0);
  return bar;
}

/**
 * A quick pass over the whole file before anything is sent: every line hashed against its
 * check, the structure and the counts. The server reads every row in full as it imports.
 */
async function verifyFile(context: CliContext, file: string): Promise<{ tables: Record<string, TableSummary>; bytes: number }> {
  const bytes = (await stat(file).catch(() => null))?.size;
  if (bytes === undefined) throw new CliError(`${file}: no such file`);
  const reader = new DeploymentReader(null, { checkRows: false });
  const bar = progressBar(context, 'checking ', bytes);
  let read = 0;
  try {
    let tables: Record<string, TableSummary> = {};
    for await (const line of linesOf(createReadStream(file), (bytes) => bar?.update(Math.round((read += bytes) / 2 ** 20)))) {
      const result = reader.push(line);
      if (result?.kind === 'end') tables = result.tables;
    }
    reader.end();
    return { tables, bytes };
  } catch (error) {
    if (error instanceof DeploymentFileError) throw new CliError(`${file} ${error.message}`, 'BadRequest');
    throw error;
  } finally {
    bar?.stop();
  }
}

function sayTables(tables: Record<string, TableSummary | number>): void {
  for (const [name, summary] of Object.entries(tables)) say(`  ${name.padEnd(26)} ${typeof summary === 'number' ? summary : summary.rows}`);
}

export function exportCommand(program: Command): void {
  program
    .command('export')
    .description('everything the deployment holds, as one file to import into another server (docs/deploy.md)')
    .requiredOption('--out <file>', 'where to write it (JSON Lines; it holds every hash: keep it private)')
    .option('--audit-log', 'include the audit log')
    .option(
      '--include-clear-signing-keys',
      'export even though the server keeps its signing keys and secret settings in clear (it has no LATCHKEY_SECRET_KEY)',
    )
    .action(
      act(async (context, options: { out: string; auditLog?: boolean; includeClearSigningKeys?: boolean }) => {
        const stream = await context.admin.exportDeployment({
          auditLog: options.auditLog === true,
          includeClearSecrets: options.includeClearSigningKeys === true,
        });
        const reader = new DeploymentReader();
        let tables: Record<string, TableSummary> = {};
        let bytes: number;
        try {
          bytes = await writePrivately(options.out, 'exporting', context.json, async (write) => {
            // Checked as it arrives: a file cut short or damaged on the way is never left as if whole.
            let pending = '';
            for await (const line of linesOf(stream as AsyncIterable<Uint8Array>)) {
              const result = reader.push(line);
              if (result?.kind === 'end') tables = result.tables;
              pending += `${line}\n`;
              if (pending.length >= WRITE_CHUNK) {
                await write(Buffer.from(pending));
                pending = '';
              }
            }
            await write(Buffer.from(pending));
            reader.end();
          });
        } catch (error) {
          if (error instanceof DeploymentFileError)
            throw new CliError(`the export arrived damaged or cut short (${error.message})`, 'BadResponse');
          throw error;
        }
        if (context.json) return printJson({ ok: true, path: options.out, bytes, tables });
        say(`Exported ${size(bytes)} to ${options.out}:`);
        sayTables(tables);
      }),
    );
}

/** Sends the file from line 2 in parts of whole blocks; answers the server's last progress. */
async function sendFile(context: CliContext, file: string, importId: string, size: number) {
  const bar = progressBar(context, 'importing', size);
  let read = 0;
  let number = 0;
  let from = 2;
  let part: string[] = [];
  let partBytes = 0;
  let last = { done: false, next_line: 2, rows: {} as Record<string, number> };
  const send = async () => {
    last = await context.admin.sendDeploymentLines(importId, from, `${part.join('\n')}\n`);
    from = last.next_line;
    part = [];
    partBytes = 0;
  };
  try {
    for await (const line of linesOf(createReadStream(file), (bytes) => bar?.update(Math.round((read += bytes) / 2 ** 20)))) {
      if (++number === 1) continue;
      part.push(line);
      partBytes += line.length + 1;
      if (partBytes >= PART_BYTES && line.startsWith('{"check"')) await send();
    }
    if (part.length > 0) await send();
  } finally {
    bar?.stop();
  }
  return last;
}

async function firstLine(file: string): Promise<string> {
  for await (const line of linesOf(createReadStream(file, { end: 64 * 1024 }))) return line;
  throw new CliError(`${file} is empty`);
}

export function addImportDeployment(imports: Command): void {
  imports
    .command('deployment')
    .description('restore a file `latchkey export` wrote, into an empty server on either store (docs/deploy.md)')
    .argument('[file]', 'the export')
    .option('--merge', "bring the file's apps in beside this server's own, instead of into an empty server")
    .option('--abandon', 'undo an unfinished import (its client stopped midway), leaving the server as it was before it')
    .action(
      act(async (context, file: string | undefined, options: { merge?: boolean; abandon?: boolean }) => {
        if (options.abandon) {
          const { abandoned } = await context.admin.abandonDeploymentImport();
          return printDone(context, abandoned ? 'The unfinished import was undone.' : 'No import was unfinished.', { abandoned });
        }
        if (!file) throw new CliError('name the file to import (or pass --abandon)');
        const { tables, bytes } = await verifyFile(context, file);
        const started = await context.admin.startDeploymentImport(await firstLine(file), { merge: options.merge === true });
        if (started.replaced_apps.length > 0 && !context.json)
          say(`Replacing this server's apps without users: ${started.replaced_apps.join(', ')} (restored if the import is undone).`);
        let progress;
        try {
          progress = await sendFile(context, file, started.import_id, bytes);
        } catch (error) {
          // A refused file was undone by the server; anything else (the network, the server stopping) left it unfinished.
          const refused = error instanceof LatchkeyAdminError && error.statusCode >= 400 && error.statusCode < 500;
          if (!refused && !context.json)
            process.stderr.write('The import stopped midway: undo it with `latchkey import deployment --abandon`, then run it again.\n');
          throw error;
        }
        if (!progress.done) throw new CliError('the server did not finish the import: the file ends before its trailer', 'BadRequest');
        if (context.json) return printJson({ ok: true, rows: progress.rows, file: tables });
        say(`Imported ${file}; every node has reloaded. Rows written:`);
        sayTables(progress.rows);
      }),
    );
}
