import type { FastifyInstance } from 'fastify';
/**
 * For load balancers and orchestrators: answers while the process serves HTTP, without
 * touching the database (a database outage shows as 503s on real routes, and should not get
 * every node pulled from rotation at once). It is also the benchmarks' ceiling: the cheapest
 * JSON route this Fastify instance can serve.
 */
export declare function healthRoute(app: FastifyInstance): void;
