import type { App } from './apps.js';
import type { Deps } from './deps.js';
import type { IssuedToken, TokenPurpose } from './userpass-tokens.js';
import type { Identity } from './users.js';
/** A fresh single-use token for an identity: only its hash is kept, the secret goes to the user. */
export declare function issueFlowToken(deps: Deps, app: App, identityId: string, purpose: TokenPurpose): Promise<IssuedToken>;
/**
 * The identity a token was issued for, the token used up in the same stroke: one answer for
 * every way a token can be wrong (unknown, another app's, another purpose, expired, used, or
 * a secret that does not match, compared in constant time).
 */
export declare function redeemFlowToken(deps: Deps, app: App, purpose: TokenPurpose, tokenId: string, token: string): Promise<Identity>;
/** A link the user follows, as App Services made them: `<page>?token=…&tokenId=…`. */
export declare function linkTo(page: string, issued: IssuedToken): string;
