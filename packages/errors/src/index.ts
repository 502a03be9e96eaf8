/**
 * The closed list of error codes Latchkey answers with. Server, SDK, CLI and console branch on
 * the code, never on the message. Codes App Services already used keep their names so that
 * existing client code that inspects `errorCode` keeps working.
 */
export const ERROR_CODES = {
  // App Services codes
  InvalidSession: { status: 401, message: 'invalid session' },
  MissingAuthReq: { status: 401, message: 'must authenticate first' },
  AuthError: { status: 401, message: 'invalid API key' },
  InvalidPassword: { status: 401, message: 'invalid username/password' },
  UserDisabled: { status: 401, message: 'user is disabled' },
  UserNotFound: { status: 404, message: 'user not found' },
  InvalidParameter: { status: 400, message: 'invalid parameter' },
  MissingParameter: { status: 400, message: 'missing parameter' },
  BadRequest: { status: 400, message: 'bad request' },
  APIKeyNotFound: { status: 404, message: 'API key not found' },
  APIKeyAlreadyExists: { status: 409, message: 'API key with that name already exists' },
  AccountNameInUse: { status: 409, message: 'name already in use' },
  AuthProviderNotFound: { status: 404, message: 'authentication provider not found or not enabled' },
  UserpassTokenInvalid: { status: 400, message: 'invalid token data' },
  UserAlreadyConfirmed: { status: 409, message: 'user already confirmed' },
  NotSupported: { status: 501, message: 'not supported by Latchkey' },
  // Latchkey's own codes, where none of the above fits
  AppNotFound: { status: 404, message: 'app not found' },
  APIKeyLimitReached: { status: 403, message: 'API key limit reached' },
  APIKeyNotAllowed: { status: 403, message: 'this user cannot own user API keys' },
  APIKeySessionNotAllowed: { status: 403, message: 'a session opened with an API key cannot do this; sign in with a password' },
  ServerUserRequired: { status: 403, message: "only a server API key's session may do this" },
  IdentityAlreadyLinked: { status: 409, message: 'that identity already belongs to another user' },
  UserNotConfirmed: { status: 401, message: 'confirm your email address first' },
  NotConfigured: { status: 400, message: 'this app has not set this up' },
  WebhookRefused: { status: 403, message: "the app's webhook refused this" },
  WebhookFailed: { status: 502, message: "the app's webhook could not be reached or answered wrongly" },
  BackupNotSupported: { status: 409, message: 'the database is not embedded: back it up with its own tools (pg_dump)' },
  AppAlreadyExists: { status: 409, message: 'an app with that client app id already exists' },
  ProviderUnavailable: { status: 502, message: "the app's identity provider could not be reached" },
  PasswordResetRequired: { status: 401, message: 'this account was moved here without its password: reset your password to log in' },
  NotFound: { status: 404, message: 'no such route' },
  PayloadTooLarge: { status: 413, message: 'request body is too large' },
  RequestTimeout: { status: 408, message: 'the request took too long to arrive' },
  HeadersTooLarge: { status: 431, message: 'request headers are too large' },
  UnsupportedMediaType: { status: 415, message: 'request body must be application/json' },
  ClearSecretsRefused: {
    status: 409,
    message: 'this server keeps its signing keys in clear (no LATCHKEY_SECRET_KEY): export them only when asked to',
  },
  DeploymentNotEmpty: { status: 409, message: 'this server already holds users: import a deployment into an empty server, or merge' },
  ImportInProgress: { status: 409, message: 'a deployment import is unfinished on this server' },
  ImportNotFound: { status: 404, message: 'no deployment import is under way' },
  SecretKeyMismatch: { status: 409, message: "the file's secrets are sealed with a key-encryption key this server was not given" },
  InternalServerError: { status: 500, message: 'internal server error' },
  TooManyRequests: { status: 429, message: 'too many attempts, try again later' },
  ServiceUnavailable: { status: 503, message: 'service unavailable, try again shortly' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

const KNOWN = new Set<string>(Object.keys(ERROR_CODES));

/** Whether a string is one of the registry's codes (a server answer from a newer version may not be). */
export function isErrorCode(code: string): code is ErrorCode {
  return KNOWN.has(code);
}

/** What a refusal means to a client: a registry code, or BadResponse for anything else. */
export interface Refusal {
  code: ErrorCode | 'BadResponse';
  message: string;
}

/**
 * Reads a non-2xx answer's body the one way both SDKs read it. A code outside this registry (a
 * proxy's page, a newer server's code) becomes `BadResponse`, with the server's code kept in
 * the message, so that `errorCode` is always one of the codes the SDK's type names.
 */
export function refusalOf(status: number, body: unknown): Refusal {
  const answer = (typeof body === 'object' && body !== null ? body : {}) as { error?: unknown; error_code?: unknown };
  const said = typeof answer.error === 'string' ? answer.error : `request failed with status ${status}`;
  if (typeof answer.error_code === 'string' && isErrorCode(answer.error_code)) return { code: answer.error_code, message: said };
  const unknown = typeof answer.error_code === 'string' ? ` (server code ${answer.error_code.slice(0, 64)})` : '';
  return { code: 'BadResponse', message: said + unknown };
}
