import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Deps } from '../../domain/deps.js';
export declare const Paging: {
    after: Type.TOptional<Type.TString>;
    limit: Type.TOptional<Type.TInteger>;
};
/** An app's users, as an operator sees them: find, create, disable, enable, log out, delete; their custom data. */
export declare function userRoutes(scope: FastifyInstance, deps: Deps): void;
