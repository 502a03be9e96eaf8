import { LatchkeyError } from '@latchkey/client';

/**
 * What a person reads when something fails: the server's code turned into words about what to
 * do, never the SDK's own text (which names the request, for developers).
 */
const WORDS: Partial<Record<LatchkeyError['errorCode'], string>> = {
  InvalidPassword: 'That email and password do not match an account. Check them, or reset your password.',
  AccountNameInUse: 'An account with that email already exists: sign in instead.',
  UserNotConfirmed: 'Confirm your email address first: open the link we mailed you.',
  UserDisabled: 'This account is disabled. Contact support.',
  PasswordResetRequired: 'Your account was moved here without its password: choose a new one with "Forgot password?".',
  UserpassTokenInvalid: 'This link has expired or was already used. Ask for a new one.',
  TooManyRequests: 'Too many attempts. Wait a minute, then try again.',
  APIKeyAlreadyExists: 'You already have a key with that name: choose another.',
  APIKeyLimitReached: 'You have as many keys as allowed. Delete one you no longer use first.',
  APIKeySessionNotAllowed: 'Sign in with your password to manage keys.',
  InvalidSession: 'Your session has ended. Sign in again.',
  NetworkError: 'Cannot reach the server. Check your connection and try again.',
  ServiceUnavailable: 'The service is busy or restarting. Try again in a moment.',
};

export function sayError(error: unknown): string {
  if (!(error instanceof LatchkeyError)) return 'Something went wrong. Try again.';
  const words = WORDS[error.errorCode];
  if (words) return words;
  // The server's own sentence names the field and what it accepts ("password must be 6 to 128 characters long").
  if (error.errorCode === 'InvalidParameter' || error.errorCode === 'MissingParameter') return sentence(error.message);
  return 'Something went wrong on our side. Try again later.';
}

/** The server's message without the SDK's request suffix, with a capital and a full stop. */
function sentence(message: string): string {
  const text = message.replace(/ \((GET|POST|PUT|PATCH|DELETE) [^)]*\)$/, '');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${text.endsWith('.') ? '' : '.'}`;
}
