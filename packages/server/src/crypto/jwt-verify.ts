import { createDecoder, createVerifier, TokenError, type VerifierOptions } from 'fast-jwt';

/**
 * Checking another system's JWT against the keys it may be signed with: its header (to pick the
 * keys), then each key in turn. Only a bad signature tries the next key (rotation); any other
 * refusal (expired, wrong audience) is the token's, whichever key would have been right.
 */

const decode = createDecoder({ complete: true });

/** The token's header, or null when it is not a JWT. */
export function jwtHeader(token: string): { alg?: unknown; kid?: unknown } | null {
  try {
    return (decode(token) as { header: { alg?: unknown; kid?: unknown } }).header;
  } catch {
    return null;
  }
}

/** The claims of a token that verifies with one of `keys`, or the refusal of the last key tried (a TokenError, or whatever fast-jwt threw). */
export function verifyWithKeys(
  token: string,
  keys: string[],
  options: Omit<VerifierOptions, 'key' | 'cache'>,
): { claims: Record<string, unknown> } | { error: unknown } {
  let error: unknown = new TokenError(TokenError.codes.missingKey, 'no key to verify with');
  for (const key of keys) {
    try {
      return { claims: createVerifier({ ...options, key, cache: false })(token) as Record<string, unknown> };
    } catch (refusal) {
      error = refusal;
      if (!(refusal instanceof TokenError) || refusal.code !== TokenError.codes.invalidSignature) break;
    }
  }
  return { error };
}
