/**
 * A user's custom data: one JSON document per user, set by an operator, carried in every
 * access token minted afterwards as `user_data` (realm-web's and realm-core's
 * `user.customData`). Tokens already issued keep what they carry until they are refreshed.
 */
export type CustomUserData = Record<string, unknown>;
/** It rides in every access token, and so in every Authorization header. */
export declare const MAX_CUSTOM_DATA_BYTES: number;
export declare const MAX_CUSTOM_DATA_DEPTH = 64;
/** The document as it will be stored, or InvalidParameter saying what is wrong with it. */
export declare function checkCustomUserData(value: unknown): CustomUserData;
