import { coreParseJson, type CoreBson } from './core-json.js';
import { CoreAppError } from './core-jwt.js';

/** app.cpp, parse<T> / get<T>: typed reads that fail with MalformedJson or MissingJsonKey. */
export function parseDocument(body: string): Map<string, CoreBson> {
  let parsed: CoreBson;
  try {
    parsed = coreParseJson(body);
  } catch (error) {
    throw new CoreAppError('MalformedJson', (error as Error).message);
  }
  if (parsed.type !== 'document') throw new CoreAppError('MalformedJson', '?');
  return parsed.fields;
}

export function field<T extends CoreBson['type']>(document: Map<string, CoreBson>, key: string, type: T): Extract<CoreBson, { type: T }> {
  const value = document.get(key);
  if (!value) throw new CoreAppError('MissingJsonKey', key);
  if (value.type !== type) throw new CoreAppError('MalformedJson', '?');
  return value as Extract<CoreBson, { type: T }>;
}

export const stringField = (document: Map<string, CoreBson>, key: string) => field(document, key, 'string').value;

/** app.cpp, UserAPIKeyResponseHandler::read_user_api_key. */
export interface CoreUserApiKey {
  id: string;
  key: string | undefined;
  name: string;
  disabled: boolean;
}

export function readUserApiKey(document: Map<string, CoreBson>): CoreUserApiKey {
  const id = stringField(document, '_id');
  if (!/^[0-9a-fA-F]{24}$/.test(id)) throw new CoreAppError('MalformedJson', `invalid ObjectId ${id}`);
  const key = document.get('key');
  if (key && key.type !== 'string') throw new CoreAppError('MalformedJson', '?');
  return { id, key: key?.value, name: stringField(document, 'name'), disabled: field(document, 'disabled', 'bool').value };
}
