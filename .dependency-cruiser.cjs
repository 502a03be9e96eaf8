/**
 * The layers, as the README's Layout section draws them, checked by `npm run lint`:
 *   http → domain → (model, cache, store interface) ← store adapters
 * plus no import cycles anywhere (type-only imports included).
 */
const SERVER = '^packages/server/src/';
const ADAPTERS = `${SERVER}store/(sql|sqlite|postgres)/`;
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'No import cycles, type-only included.', from: {}, to: { circular: true } },
    {
      name: 'model-is-pure',
      severity: 'error',
      comment:
        'The model (entities and rules) imports only the model, the protocol and the error registry: no store, http, cache, crypto or framework.',
      from: { path: `${SERVER}model/`, pathNot: '\\.test\\.ts$' },
      to: { pathNot: [`${SERVER}model/`, '^packages/(protocol|errors)/', 'node_modules/(typebox|@latchkey/(protocol|errors))/'] },
    },
    {
      name: 'domain-has-no-infrastructure',
      severity: 'error',
      comment:
        'Services use the model, the caches and the store interface; never Fastify, a database driver, the SQL store or the HTTP layer.',
      from: { path: `${SERVER}domain/` },
      to: { path: [ADAPTERS, `${SERVER}http/`, `${SERVER}cli/`, 'node_modules/(fastify|@fastify|pg|better-sqlite3)/'] },
    },
    {
      name: 'cache-below-domain',
      severity: 'error',
      comment: 'Caches hold what the store answered and drop it on changes: they know the model and the store interface, not the services.',
      from: { path: `${SERVER}cache/`, pathNot: '\\.test\\.ts$' },
      to: { path: [`${SERVER}domain/`, `${SERVER}http/`, ADAPTERS] },
    },
    {
      name: 'store-below-domain',
      severity: 'error',
      comment: 'The store answers domain questions without knowing the services, the caches or HTTP.',
      from: { path: `${SERVER}store/`, pathNot: '(\\.test\\.ts|store-suite.*)$' },
      to: { path: [`${SERVER}domain/`, `${SERVER}cache/`, `${SERVER}http/`] },
    },
    {
      name: 'http-maps-codes-not-classes',
      severity: 'error',
      comment: 'Routes reach storage and crypto through the domain; errors are mapped by code, not by the class of an adapter.',
      from: { path: `${SERVER}http/` },
      to: { path: ADAPTERS },
    },
    {
      name: 'only-the-cli-uses-the-admin-client',
      severity: 'error',
      from: { path: SERVER, pathNot: `${SERVER}cli/` },
      to: { path: ['^packages/admin/', 'node_modules/@latchkey/admin/'] },
    },
    {
      name: 'sdks-import-protocol-types-only',
      severity: 'error',
      comment: '@latchkey/client, react and admin keep zero runtime dependencies beyond the error registry.',
      from: { path: '^packages/(client|react|admin)/src/' },
      to: { path: ['^packages/protocol/', 'node_modules/@latchkey/protocol/', 'node_modules/typebox/'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '/dist/'] },
    exclude: { path: 'node_modules/\\.vite' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
      extensions: ['.ts', '.tsx', '.js'],
    },
  },
};
