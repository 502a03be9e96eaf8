import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { SigningKey as SigningKeyPair } from '../../crypto/signing-keys.js';
import { SigningKey } from '@latchkey/protocol';
import type { Deps } from '../../domain/deps.js';
import { ErrorResponses, describeRoute } from '../schemas.js';
import { isoOrNull } from '../wire.js';

const toAnswer = (key: SigningKeyPair, index: number): SigningKey => ({
  kid: key.kid,
  created_at: new Date(key.createdAt ?? 0).toISOString(),
  retired_at: isoOrNull(key.retiredAt ?? null),
  signing: index === 0,
});

/** The keys that sign access tokens (public metadata only: never a private key), and their rotation. */
export function signingKeyRoutes(scope: FastifyInstance, deps: Deps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/signing_keys',
    {
      schema: {
        ...describeRoute(
          'admin',
          'The token-signing keys, the signing one first (ids and dates; the public keys are in the JWKS)',
          'adminToken',
        ),
        response: { 200: Type.Array(SigningKey), ...ErrorResponses },
      },
    },
    async () => deps.signingKeys.list().map(toAnswer),
  );
  app.post(
    '/signing_keys/rotate',
    {
      schema: {
        ...describeRoute(
          'admin',
          'A new signing key, used from now on by every node; the previous ones keep verifying the tokens they signed until those expire',
          'adminToken',
        ),
        response: { 200: Type.Array(SigningKey), ...ErrorResponses },
      },
    },
    async (request) => {
      const key = await deps.signingKeys.rotate();
      request.log.info({ kid: key.kid }, 'signing key rotated');
      return deps.signingKeys.list().map(toAnswer);
    },
  );
}
