/**
 * Every admin API route this client calls, by method name: the one table the client builds
 * its requests from, and that its test compares with docs/openapi.json (so a route added to
 * the server without a method here, or a method whose route is gone, fails the build).
 */
export const ADMIN_PREFIX = '/api/admin/v1';

export const ADMIN_ROUTES = {
  listApps: ['GET', '/apps'],
  createApp: ['POST', '/apps'],
  getApp: ['GET', '/apps/{appId}'],
  updateApp: ['PATCH', '/apps/{appId}'],
  deleteApp: ['DELETE', '/apps/{appId}'],
  createServerKey: ['POST', '/apps/{appId}/api_keys'],
  listServerKeys: ['GET', '/apps/{appId}/api_keys'],
  getServerKey: ['GET', '/apps/{appId}/api_keys/{keyId}'],
  enableServerKey: ['PUT', '/apps/{appId}/api_keys/{keyId}/enable'],
  disableServerKey: ['PUT', '/apps/{appId}/api_keys/{keyId}/disable'],
  deleteServerKey: ['DELETE', '/apps/{appId}/api_keys/{keyId}'],
  listUsers: ['GET', '/apps/{appId}/users'],
  createUser: ['POST', '/apps/{appId}/users'],
  getUser: ['GET', '/apps/{appId}/users/{userId}'],
  deleteUser: ['DELETE', '/apps/{appId}/users/{userId}'],
  disableUser: ['PUT', '/apps/{appId}/users/{userId}/disable'],
  enableUser: ['PUT', '/apps/{appId}/users/{userId}/enable'],
  logOutUser: ['PUT', '/apps/{appId}/users/{userId}/logout'],
  getCustomData: ['GET', '/apps/{appId}/users/{userId}/custom_data'],
  setCustomData: ['PUT', '/apps/{appId}/users/{userId}/custom_data'],
  listUserKeys: ['GET', '/apps/{appId}/users/{userId}/api_keys'],
  getUserKey: ['GET', '/apps/{appId}/users/{userId}/api_keys/{keyId}'],
  disableUserKey: ['PUT', '/apps/{appId}/users/{userId}/api_keys/{keyId}/disable'],
  enableUserKey: ['PUT', '/apps/{appId}/users/{userId}/api_keys/{keyId}/enable'],
  deleteUserKey: ['DELETE', '/apps/{appId}/users/{userId}/api_keys/{keyId}'],
  listPendingRegistrations: ['GET', '/apps/{appId}/user_registrations/pending'],
  confirmRegistration: ['POST', '/apps/{appId}/user_registrations/by_email/{email}/confirm'],
  resendConfirmation: ['POST', '/apps/{appId}/user_registrations/by_email/{email}/send_confirm'],
  rotateWebhookSecret: ['POST', '/apps/{appId}/webhook_secret'],
  listMail: ['GET', '/mail_outbox'],
  retryMail: ['POST', '/mail_outbox/retry'],
  listAuditEvents: ['GET', '/apps/{appId}/audit'],
  getStats: ['GET', '/apps/{appId}/stats'],
  backup: ['POST', '/backup'],
  exportDeployment: ['GET', '/deployment/export'],
  startDeploymentImport: ['POST', '/deployment/import'],
  sendDeploymentLines: ['POST', '/deployment/import/{importId}/lines'],
  abandonDeploymentImport: ['DELETE', '/deployment/import'],
  importApp: ['POST', '/apps/import'],
  importUsers: ['POST', '/apps/{appId}/import/users'],
  importCustomData: ['POST', '/apps/{appId}/import/custom_data'],
  mailResetsToImportedUsers: ['POST', '/apps/{appId}/users/password_resets'],
  listSigningKeys: ['GET', '/signing_keys'],
  rotateSigningKeys: ['POST', '/signing_keys/rotate'],
} as const satisfies Record<string, readonly ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string]>;

export type AdminRoute = keyof typeof ADMIN_ROUTES;

/** Outside the admin prefix, behind the same token (unless the server made it public). */
export const METRICS_PATH = '/metrics';
