import { startBanner } from './banner.js';
import { parseConfig, type Config } from './config.js';
import { startLatchkey } from './latchkey.js';
import { describeStartFailure } from './start-failures.js';

/** `latchkey serve` (and `npm start`): starts the server from the environment and stops it gracefully on SIGTERM/SIGINT. */
export async function serve(): Promise<void> {
  let config: Config | null = null;
  try {
    config = parseConfig(process.env);
    const latchkey = await startLatchkey(config);
    // Before the banner: whoever reads "Ready." may signal at once.
    stopOnSignals(latchkey);
    process.stderr.write(startBanner(config, latchkey));
  } catch (error) {
    process.stderr.write(startFailure(error, config));
    process.exit(1);
  }
}

function stopOnSignals(latchkey: Awaited<ReturnType<typeof startLatchkey>>): void {
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

/** What a failed start prints: one line naming the cause and the setting; the stack too at debug and trace level. */
export function startFailure(error: unknown, config: Config | null): string {
  const line = `latchkey: ${describeStartFailure(error, config)}\n`;
  const detailed = config?.logLevel === 'debug' || config?.logLevel === 'trace';
  return detailed ? `${line}${String((error as Error)?.stack ?? error)}\n` : line;
}
