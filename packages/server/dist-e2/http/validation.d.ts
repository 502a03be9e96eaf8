import type { FastifyServerOptions } from 'fastify';
export declare const schemaController: FastifyServerOptions['schemaController'];
