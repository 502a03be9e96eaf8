export { App, type AppConfig, type KeyVerification } from './app.js';
export { ApiKeyAuth, type ApiKey, type CreatedApiKey, type NewApiKeyOptions } from './api-keys.js';
export { Credentials, type ProviderType } from './credentials.js';
export { EmailPasswordAuth, type TokenDetails } from './email-password-auth.js';
export { LatchkeyError, type LatchkeyErrorCode } from './errors.js';
export { ERROR_CODES, type ErrorCode } from '@latchkey/errors';
export { LocalStorage, MemoryStorage, type SessionStorage } from './storage.js';
export { User, type UserIdentity, type UserProfile, type UserProfileData } from './user.js';
