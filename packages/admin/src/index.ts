export { LatchkeyAdmin, type AdminClientOptions } from './admin-client.js';
export { LatchkeyAdminError, type AdminErrorCode } from './errors.js';
export { ADMIN_PREFIX, ADMIN_ROUTES, METRICS_PATH, type AdminRoute } from './routes.js';
export type * from './types.js';
