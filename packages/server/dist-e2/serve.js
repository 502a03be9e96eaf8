import { ConfigError, parseConfig } from './config.js';
import { DEMO_APP_ID, startLatchkey } from './latchkey.js';
/** `latchkey serve` (and `npm start`): starts the server from the environment and stops it gracefully on SIGTERM/SIGINT. */
export async function serve() {
    const config = parseConfig(process.env);
    const latchkey = await startLatchkey(config);
    const banner = [`Latchkey is listening on ${latchkey.listenUrl}`];
    if (latchkey.url !== latchkey.listenUrl)
        banner.push(`Clients reach it at ${latchkey.url} (LATCHKEY_PUBLIC_URL)`);
    if (latchkey.createdDemoApp)
        banner.push(`Created the demo app: client app id "${DEMO_APP_ID}" (baseUrl ${latchkey.url})`);
    if (latchkey.generatedAdminToken) {
        banner.push('', 'Admin API token (shown once, only its hash is stored; keep it somewhere safe):', `  ${latchkey.generatedAdminToken}`, '');
    }
    banner.push('Ready. Stop with Ctrl+C or SIGTERM.');
    process.stdout.write(banner.join('\n') + '\n');
    let stopping = false;
    const stop = (signal) => {
        if (stopping)
            return;
        stopping = true;
        latchkey.server.log.info({ signal }, 'shutting down');
        latchkey.close().then(() => process.exit(0), (error) => {
            latchkey.server.log.error({ err: error }, 'shutdown failed');
            process.exit(1);
        });
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
}
/** What a failed start prints: a configuration mistake in one line, anything else with its stack. */
export function startFailure(error) {
    return `latchkey: ${error instanceof ConfigError ? error.message : String(error?.stack ?? error)}\n`;
}
//# sourceMappingURL=serve.js.map