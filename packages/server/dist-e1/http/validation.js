import { AjvCompiler } from '@fastify/ajv-compiler';
/**
 * Bodies are JSON, so their types are checked as sent: `{"name": 123}` is not the name "123"
 * and an unknown field where a schema forbids them is refused, not dropped. Query strings and
 * path parameters are text by nature, so `?limit=10&disabled=true` is read as a number and a
 * boolean (by the same schema, with Ajv's coercion).
 */
const buildValidator = ((externalSchemas) => {
    const build = AjvCompiler();
    const strict = build(externalSchemas, { customOptions: { coerceTypes: false, removeAdditional: false } });
    const textual = build(externalSchemas, { customOptions: { coerceTypes: true, removeAdditional: false } });
    return (route) => (route.httpPart === 'body' ? strict(route) : textual(route));
});
export const schemaController = { compilersFactory: { buildValidator } };
//# sourceMappingURL=validation.js.map