import { stat } from 'node:fs/promises';
import type { AppImportReport, AppSettings, CustomDataImportReport, ImportFailure, UserImportReport } from '@latchkey/admin';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { CliError, act, type CliContext } from '../context.js';
import {
  addLocalFailure,
  mergeCustomDataReports,
  mergeUserReports,
  partsOf,
  readExportFolder,
  type LocalFailure,
  type Part,
} from '../import-files.js';
import { printJson } from '../output.js';
import { addImportDeployment } from './deployment.js';
import { parseSettings } from './apps.js';

/** Failures listed on a terminal; --json lists all the server kept (the first 1,000). */
const FAILURES_SHOWN = 20;

const say = (line = '') => process.stdout.write(`${line}\n`);
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function position(failure: ImportFailure): string {
  const at = failure.line !== undefined ? `line ${failure.line}` : `item ${failure.item ?? '?'}`;
  return failure.id ? `${at} (${failure.id})` : at;
}

function sayCounts(
  report: Pick<UserImportReport, 'dry_run' | 'imported' | 'present' | 'failed' | 'failures'>,
  one: string,
  many = `${one}s`,
): void {
  const verb = report.dry_run ? 'would import' : 'imported';
  say(
    `${report.dry_run ? 'Dry run: ' : ''}${verb} ${plural(report.imported, one, many)}; ${report.present} already present (left as they are); ${report.failed} failed.`,
  );
  for (const failure of report.failures.slice(0, FAILURES_SHOWN)) say(`  ${position(failure)}: ${failure.reason}`);
  if (report.failed > FAILURES_SHOWN) say(`  … and ${report.failed - FAILURES_SHOWN} more (--json lists the first 1,000)`);
}

/** Sends a file part by part, with a progress bar on a terminal; answers each part's report. */
async function sendInParts<R>(
  context: CliContext,
  file: string,
  from: number,
  send: (part: Part) => Promise<R>,
): Promise<{ reports: R[]; local: LocalFailure[] }> {
  const size = (await stat(file).catch(() => null))?.size ?? 0;
  const bar =
    process.stderr.isTTY && !context.json
      ? new SingleBar({ format: 'importing {bar} {percentage}% | {records} records', stream: process.stderr, hideCursor: true })
      : null;
  bar?.start(size, 0, { records: 0 });
  let read = 0;
  let records = 0;
  const local: LocalFailure[] = [];
  const reports: R[] = [];
  try {
    for await (const part of partsOf(file, {
      from,
      onBytes: (bytes) => bar?.update((read += bytes), { records }),
      onFailure: (failure) => local.push(failure),
    })) {
      reports.push(await send(part));
      records += part.records;
      bar?.update(read, { records });
    }
  } finally {
    bar?.stop();
  }
  return { reports, local };
}

function sayUserNotices(context: CliContext, report: UserImportReport): void {
  const { notices } = report;
  const hashes = Object.entries(notices.password_hashes).map(([scheme, count]) => `${scheme}: ${count}`);
  if (hashes.length) say(`Password hashes kept (each is replaced with argon2id at the user's first login): ${hashes.join(', ')}.`);
  if (notices.without_password)
    say(
      `${plural(notices.without_password, 'email user')} came without a password: they log in after a reset. Mail them reset links with: latchkey --app ${context.app} users send-reset --imported`,
    );
  if (notices.keys_imported) say(`${plural(notices.keys_imported, 'API key')} imported: they log in as they are.`);
  if (report.accept_imported_keys_turned_on) say("The app's acceptImportedKeys setting was turned on, so that they can.");
  if (notices.users_with_keys_to_recreate)
    say(
      `${plural(notices.users_with_keys_to_recreate, 'user')} had API keys, which App Services never exports: they must create new ones.`,
    );
  if (notices.anonymous)
    say(`${plural(notices.anonymous, 'anonymous user')} kept, so their data keeps its owner (they cannot log in again).`);
  if (notices.disabled) say(`${plural(notices.disabled, 'user')} imported disabled, as they were.`);
  const unserved = Object.entries(notices.identities_not_served).map(([provider, count]) => `${provider}: ${count}`);
  if (unserved.length) say(`Identities of providers Latchkey does not serve yet, kept for when it does: ${unserved.join(', ')}.`);
}

function sayAppReport(report: AppImportReport): void {
  const app = report.app;
  if (report.status === 'present') say(`The app ${app.client_app_id} exists already: left as it is.`);
  else
    say(
      `${report.dry_run ? 'Dry run: would create' : 'Created'} the app ${app.client_app_id} ("${app.name}"), providers: ${app.settings.providers.join(', ')}.`,
    );
  if (report.custom_user_data)
    say(
      `Custom user data came from ${report.custom_user_data.database ?? '?'}.${report.custom_user_data.collection ?? '?'} (user id field: ${report.custom_user_data.user_id_field}).`,
    );
  if (report.to_do.length) {
    say('To do:');
    for (const step of report.to_do) say(`  - ${step}`);
  }
  if (report.not_served.length) {
    say('Not served by Latchkey (nothing of these was imported):');
    for (const item of report.not_served) say(`  - ${item.path}: ${item.what}; instead, ${item.instead}`);
  }
}

const positive = (text: string, name: string): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new CliError(`${name} must be a whole number from 1`);
  return value;
};

export function importCommand(program: Command): void {
  const imports = program
    .command('import')
    .description(
      'move an App Services app in: its configuration, users and custom user data (docs/migrating.md); or a whole Latchkey deployment (docs/deploy.md)',
    );

  imports
    .command('app')
    .description('create the app an App Services export describes (the folder appservices pull wrote), with the same client app id')
    .argument('<folder>', 'the export folder')
    .option('--dry-run', 'say what would happen, change nothing')
    .option('--set <name=value...>', 'override a setting the export gives (e.g. --set autoConfirm=true)')
    .action(
      act(async (context, folder: string, options: { dryRun?: boolean; set?: string[] }) => {
        const files = await readExportFolder(folder);
        const settings: Partial<AppSettings> = options.set ? parseSettings(options.set) : {};
        const report = await context.admin.importApp(files, { settings, dryRun: options.dryRun === true });
        if (context.json) return printJson(report);
        sayAppReport(report);
      }),
    );

  imports
    .command('users')
    .description("import users as App Services' Admin API lists them (a JSON array or JSON Lines), keeping their ids")
    .argument('<file>', 'the users file')
    .option('--dry-run', 'check every line, change nothing')
    .option('--from <n>', 'start at this line (JSON Lines) or item (an array), to resume', '1')
    .action(
      act(async (context, file: string, options: { dryRun?: boolean; from: string }) => {
        const dryRun = options.dryRun === true;
        const { reports, local } = await sendInParts(context, file, positive(options.from, '--from'), (part) =>
          context.admin.importUsers(context.app, part.text, { dryRun, start: part.start, unit: part.unit }),
        );
        const report = mergeUserReports(dryRun, reports);
        for (const failure of local) addLocalFailure(report, failure);
        if (report.failed) process.exitCode = 1;
        if (context.json) return printJson(report);
        sayCounts(report, 'user');
        sayUserNotices(context, report);
      }),
    );

  imports
    .command('custom-data')
    .description('import custom user data from a mongoexport of the custom-data collection (Extended JSON)')
    .argument('<file>', 'the mongoexport output (JSON Lines, or --jsonArray)')
    .option('--user-id-field <field>', "the field holding the user id (App Services' user_id_field)", 'user_id')
    .option('--dry-run', 'check every line, change nothing')
    .option('--from <n>', 'start at this line (JSON Lines) or item (an array), to resume', '1')
    .action(
      act(async (context, file: string, options: { userIdField: string; dryRun?: boolean; from: string }) => {
        const dryRun = options.dryRun === true;
        const { reports, local } = await sendInParts(context, file, positive(options.from, '--from'), (part) =>
          context.admin.importCustomData(context.app, part.text, {
            dryRun,
            start: part.start,
            unit: part.unit,
            userIdField: options.userIdField,
          }),
        );
        const report: CustomDataImportReport = mergeCustomDataReports(dryRun, reports);
        for (const failure of local) addLocalFailure(report, failure);
        if (report.failed) process.exitCode = 1;
        if (context.json) return printJson(report);
        sayCounts(report, "user's custom data", "users' custom data");
      }),
    );

  addImportDeployment(imports);
}
