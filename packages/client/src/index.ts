export { App, type AppConfig } from './app.js';
export { ApiKeyAuth, type ApiKey, type CreatedApiKey } from './api-keys.js';
export { Credentials, type ProviderType } from './credentials.js';
export { LatchkeyError } from './errors.js';
export { LocalStorage, MemoryStorage, type SessionStorage } from './storage.js';
export { User, type UserIdentity, type UserProfile } from './user.js';
