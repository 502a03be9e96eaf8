import { coreParseJson, type CoreBson } from './core-json.js';

/**
 * realm-core's REALM_ASSERT: in a native app this aborts the process. The model throws it so a
 * test can tell "the app would crash" from "the login fails cleanly".
 */
export class CoreAbort extends Error {}

/** An AppError as core raises it (app_utils.cpp, jwt.cpp): its ErrorCodes name and details. */
export class CoreAppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus?: number,
    /** The server's `error_code` string, as core keeps it in `AppError::server_error`. */
    readonly serverError?: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/**
 * util/base64.cpp, base64_decode: the standard and the URL-safe alphabets both decode
 * ('+' and '-' are 62, '/' and '_' are 63), padding is optional, whitespace is skipped, and
 * any other character fails the whole decode.
 */
function coreBase64Decode(input: string): Buffer | null {
  const WHITESPACE = new Set(['\t', '\n', ' ']);
  let equals = 0;
  let bits = '';
  for (const char of input) {
    if (char === '=') {
      equals++;
      continue;
    }
    if (WHITESPACE.has(char)) continue;
    const index = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.indexOf(char);
    const value = index >= 0 ? index : char === '+' || char === '-' ? 62 : char === '/' || char === '_' ? 63 : -1;
    if (value < 0 || equals > 0) return null;
    bits += value.toString(2).padStart(6, '0');
  }
  const extra = input.length % 4;
  if (equals === 0 && extra === 1) return null;
  const bytes = bits.slice(0, bits.length - (bits.length % 8));
  return Buffer.from((bytes.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
}

/** jwt.cpp, split_token: three non-empty-ish parts; the third (signature) is never read. */
function splitToken(token: string): string | null {
  const first = token.indexOf('.');
  if (first <= 0) return null;
  const rest = token.slice(first + 1);
  const second = rest.indexOf('.');
  if (second < 0) return null;
  const signature = rest.slice(second + 1);
  if (signature.length === 0 || signature.includes('.')) return null;
  return rest.slice(0, second);
}

export interface RealmJwt {
  token: string;
  expiresAt: bigint;
  issuedAt: bigint;
  userData: CoreBson | undefined;
}

/**
 * jwt.cpp, RealmJWT::RealmJWT(std::string_view): what core does with every token of a login
 * (impl/app_metadata.cpp, read_user, for both tokens) and of a refresh (app.cpp,
 * refresh_access_token). BadToken is an exception core catches (the user ends up logged
 * out); a wrongly typed `exp`, `iat` or `user_data` is an assertion, which aborts the app.
 */
export function parseRealmJwt(token: string): RealmJwt {
  const payload = splitToken(token);
  if (payload === null) throw new CoreAppError('BadToken', 'malformed JWT');
  const json = coreBase64Decode(payload);
  if (!json) throw new CoreAppError('BadToken', 'JWT payload could not be base64 decoded');
  const document = coreParseJson(json.toString('utf8'));
  if (document.type !== 'document') throw new CoreAbort('static_cast<BsonDocument> of a non-document JWT payload');
  const exp = document.fields.get('exp');
  const iat = document.fields.get('iat');
  if (exp?.type !== 'int64') throw new CoreAbort(`exp is ${exp?.type ?? 'missing'}, not Int64`);
  if (iat?.type !== 'int64') throw new CoreAbort(`iat is ${iat?.type ?? 'missing'}, not Int64`);
  const userData = document.fields.get('user_data');
  if (userData && userData.type !== 'document') throw new CoreAbort(`user_data is ${userData.type}, not a document`);
  return { token, expiresAt: exp.value, issuedAt: iat.value, userData };
}
