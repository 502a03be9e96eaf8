import { CoreAppError } from './core-jwt.js';

/** error_codes.cpp, error_categories: the codes core files under ErrorCategory::app_error. */
const CORE_APP_ERROR_CODES = new Set([
  'APIKeyAlreadyExists',
  'APIKeyNotFound',
  'AWSError',
  'AccountNameInUse',
  'AppServerError',
  'AppUnknownError',
  'ArgumentsNotAllowed',
  'AuthError',
  'AuthProviderAlreadyExists',
  'AuthProviderDuplicateName',
  'AuthProviderNotFound',
  'BadBsonParse',
  'BadRequest',
  'BadToken',
  'ClientRedirectError',
  'ClientTooManyRedirects',
  'ClientUserAlreadyNamed',
  'ClientUserNotFound',
  'ClientUserNotLoggedIn',
  'CustomError',
  'DomainNotAllowed',
  'ExecutionTimeLimitExceeded',
  'FunctionAlreadyExists',
  'FunctionDuplicateName',
  'FunctionExecutionError',
  'FunctionInvalid',
  'FunctionNotFound',
  'FunctionSyntaxError',
  'GCMError',
  'HTTPError',
  'IncomingWebhookAlreadyExists',
  'IncomingWebhookAuthFailed',
  'IncomingWebhookDuplicateName',
  'IncomingWebhookNotFound',
  'InternalServerError',
  'InvalidParameter',
  'InvalidPassword',
  'InvalidServerResponse',
  'InvalidSession',
  'MaintenanceInProgress',
  'MalformedJson',
  'MissingAuthReq',
  'MissingJsonKey',
  'MissingParameter',
  'MongoDBError',
  'NoMatchingRuleFound',
  'NotCallable',
  'ReadSizeLimitExceeded',
  'RestrictedHost',
  'RuleAlreadyExists',
  'RuleDuplicateName',
  'RuleNotFound',
  'SchemaValidationFailedWrite',
  'ServiceAlreadyExists',
  'ServiceCommandNotFound',
  'ServiceNotFound',
  'ServiceTypeNotFound',
  'TwilioError',
  'UserAlreadyConfirmed',
  'UserAppDomainMismatch',
  'UserDisabled',
  'UserNotFound',
  'UserpassTokenInvalid',
  'ValueAlreadyExists',
  'ValueDuplicateName',
  'ValueNotFound',
]);

export interface CoreResponse {
  status: number;
  headers: Headers;
  body: string;
}

/**
 * app_utils.cpp, AppUtils::check_for_errors: the body is read for `error_code`, `error` and
 * `link` only when Content-Type is exactly "application/json"; otherwise a non-2xx status is
 * a bare HTTPError.
 */
export function checkForErrors(response: CoreResponse): CoreAppError | null {
  const contentType = response.headers.get('content-type');
  if (contentType === 'application/json' && response.body !== '') {
    try {
      const body = JSON.parse(response.body) as { error?: unknown; error_code?: unknown };
      if (typeof body.error_code === 'string' && body.error_code !== '') {
        const code = CORE_APP_ERROR_CODES.has(body.error_code) ? body.error_code : 'AppServerError';
        const message = body.error === undefined ? 'no error message' : (body.error as string);
        if (typeof message !== 'string') throw new TypeError('error is not a string');
        return new CoreAppError(code, message, response.status, body.error_code);
      }
      if ('error' in body) {
        if (typeof body.error !== 'string') throw new TypeError('error is not a string');
        return new CoreAppError('AppUnknownError', body.error, response.status);
      }
    } catch {
      // core ignores a body it cannot read, and falls through to the status
    }
  }
  if (response.status < 200 || response.status >= 300) {
    return new CoreAppError('HTTPError', `http error code considered fatal: ${response.body}`, response.status);
  }
  return null;
}
