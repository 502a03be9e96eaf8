#!/usr/bin/env -S node --max-semi-space-size=4
import { ConfigError, parseConfig } from './config.js';
import { DEMO_APP_ID, startLatchkey } from './latchkey.js';

/** `latchkey`: starts the server from the environment and stops it gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const latchkey = await startLatchkey(config);
  const banner = [`Latchkey is listening on ${latchkey.listenUrl}`];
  if (latchkey.url !== latchkey.listenUrl) banner.push(`Clients reach it at ${latchkey.url} (LATCHKEY_PUBLIC_URL)`);
  if (latchkey.createdDemoApp) banner.push(`Created the demo app: client app id "${DEMO_APP_ID}" (baseUrl ${latchkey.url})`);
  if (latchkey.generatedAdminToken) {
    banner.push(
      '',
      'Admin API token (shown once, only its hash is stored; keep it somewhere safe):',
      `  ${latchkey.generatedAdminToken}`,
      '',
    );
  }
  banner.push('Ready. Stop with Ctrl+C or SIGTERM.');
  process.stdout.write(banner.join('\n') + '\n');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    latchkey.server.log.info({ signal }, 'shutting down');
    latchkey.close().then(
      () => process.exit(0),
      (error: unknown) => {
        latchkey.server.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`latchkey: ${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
