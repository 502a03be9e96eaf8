export { parseConfig } from './config.js';
export { startLatchkey, DEMO_APP_ID } from './latchkey.js';
export { ERROR_CODES, LatchkeyError } from './domain/errors.js';
//# sourceMappingURL=index.js.map