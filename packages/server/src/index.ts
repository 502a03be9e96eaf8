export { parseConfig, type Config } from './config.js';
export { startLatchkey, DEMO_APP_ID, type RunningLatchkey } from './latchkey.js';
export { ERROR_CODES, LatchkeyError, type ErrorCode } from './model/errors.js';
