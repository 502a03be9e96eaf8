import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Deps } from '../domain/deps.js';
export declare const KeyName: Type.TString;
export declare const Rotation: Type.TObject<{
    grace_seconds: Type.TInteger;
}>;
/** The signed-in user's own API keys, authenticated by their refresh token as in App Services. */
export declare function apiKeyRoutes(server: FastifyInstance, deps: Deps): void;
