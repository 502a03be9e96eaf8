/**
 * The single-use tokens of the email/password flows: confirming an address and resetting a
 * password. Each is 256 random bits, sent in a link (`?token=…&tokenId=…`) or to the app's
 * webhook, stored only as its SHA-256, bound to one identity and one purpose, and gone once
 * used or expired.
 */
export type TokenPurpose = 'confirm' | 'reset';

export interface UserpassToken {
  id: string;
  appId: string;
  identityId: string;
  purpose: TokenPurpose;
  tokenHash: Buffer;
  createdAt: number;
  expiresAt: number;
}

/** What the user (or the app's webhook) receives: the token's id in the clear, and its secret. */
export interface IssuedToken {
  tokenId: string;
  token: string;
}
