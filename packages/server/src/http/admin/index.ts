import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import type { AdminGuard } from '../admin-guard.js';
import { appRoutes } from './apps.js';
import { auditRoutes } from './audit.js';
import { backupRoutes } from './backup.js';
import { deploymentRoutes } from './deployment.js';
import { importRoutes } from './imports.js';
import { registrationRoutes } from './registrations.js';
import { serverKeyRoutes } from './server-keys.js';
import { signingKeyRoutes } from './signing-keys.js';
import { statsRoutes } from './stats.js';
import { userKeyRoutes } from './user-keys.js';
import { userRoutes } from './users.js';

export const ADMIN_PREFIX = '/api/admin/v1';

/** The admin API, every route behind the admin token: apps, server keys, users and their keys, registrations, audit log, backup, deployment export and import, signing keys. */
export function adminRoutes(server: FastifyInstance, deps: Deps, guard: AdminGuard): void {
  server.register(
    async (scope) => {
      scope.addHook('onRequest', guard.hook);
      scope.addHook('onSend', async (_request, reply, payload) => {
        reply.header('cache-control', 'no-store');
        return payload;
      });
      importRoutes(scope, deps);
      appRoutes(scope, deps);
      serverKeyRoutes(scope, deps);
      userRoutes(scope, deps);
      userKeyRoutes(scope, deps);
      registrationRoutes(scope, deps);
      auditRoutes(scope, deps);
      statsRoutes(scope, deps);
      backupRoutes(scope, deps);
      deploymentRoutes(scope, deps);
      signingKeyRoutes(scope, deps);
    },
    { prefix: ADMIN_PREFIX },
  );
}
