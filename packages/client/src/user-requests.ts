export type TokenType = 'access' | 'refresh';
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** @internal The authenticated requests a User makes, shared with ApiKeyAuth. */
export interface UserRequests {
  send<T>(method: Method, path: string, tokenType: TokenType, body?: unknown): Promise<T>;
}
