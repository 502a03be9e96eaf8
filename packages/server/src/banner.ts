import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from './config.js';
import { DEFAULT_CONSOLE_DIR } from './http/console.js';
import { DEMO_APP_ID, type RunningLatchkey } from './latchkey.js';
import { describeDatabase } from './start-failures.js';
import { VERSION } from './version.js';

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

function describeStore(config: Config): string {
  if (!config.databaseUrl) return `SQLite, ${join(resolve(config.dataDir), 'latchkey.db')}`;
  const { host, database } = describeDatabase(config.databaseUrl);
  return `PostgreSQL, database "${database}" at ${host}`;
}

/** What an operator should change before real users arrive; each names the setting. */
export function startWarnings(config: Config, url: string): string[] {
  const warnings: string[] = [];
  if (WILDCARD_HOSTS.has(config.host) && !config.publicUrl) {
    warnings.push(
      `HOST=${config.host} without LATCHKEY_PUBLIC_URL: clients are told to call ${url}, which they cannot reach; ` +
        'set LATCHKEY_PUBLIC_URL to the address clients use (docs/deploy.md)',
    );
  }
  if (!config.keyEncryption.current) {
    warnings.push(
      'LATCHKEY_SECRET_KEY is not set: token-signing keys and secret settings are stored unencrypted, so a copy of the ' +
        'database can mint tokens; set it to 32 random bytes (openssl rand -base64 32) and keep it apart from backups (docs/deploy.md)',
    );
  }
  return warnings;
}

/** The start banner (stderr: stdout carries the log): where Latchkey is, what it runs on, what to fix. */
export function startBanner(config: Config, latchkey: RunningLatchkey): string {
  const consoleBuilt = existsSync(join(config.consoleDir ?? DEFAULT_CONSOLE_DIR, 'index.html'));
  const lines = [
    `Latchkey ${VERSION} is listening on ${latchkey.listenUrl}`,
    `  Store:        ${describeStore(config)}`,
    `  Clients:      ${latchkey.url}${config.publicUrl ? ' (LATCHKEY_PUBLIC_URL)' : ''}: the SDKs' baseUrl`,
    `  Console:      ${consoleBuilt ? `${latchkey.url}/console/` : 'not built (npm run build in the repository)'}`,
    `  Signing keys: ${config.keyEncryption.current ? 'sealed with LATCHKEY_SECRET_KEY' : 'stored unencrypted'}`,
  ];
  for (const warning of startWarnings(config, latchkey.url)) lines.push(`Warning: ${warning}`);
  if (latchkey.createdDemoApp) lines.push(`Created the demo app: client app id "${DEMO_APP_ID}" (baseUrl ${latchkey.url})`);
  if (latchkey.generatedAdminToken) {
    lines.push(
      '',
      'Admin API token (shown once, only its hash is stored; keep it somewhere safe; lost, see docs/deploy.md):',
      `  ${latchkey.generatedAdminToken}`,
      '',
    );
  }
  lines.push('Ready. Stop with Ctrl+C or SIGTERM.');
  return lines.join('\n') + '\n';
}
