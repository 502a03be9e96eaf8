export { AppProvider, UserProvider, useApp, useCurrentUser, useUser, type AppProviderProps, type UserProviderProps } from './providers.js';
export { useApiKeys, useAuth, useEmailPasswordAuth, type OperationResult } from './hooks.js';
