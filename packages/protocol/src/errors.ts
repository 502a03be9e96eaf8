import { ERROR_CODES, type ErrorCode } from '@latchkey/errors';
import Type, { type Static } from 'typebox';

const codes = Object.entries(ERROR_CODES)
  .map(([code, { status, message }]) => `- \`${code}\` (${status}): ${message}`)
  .join('\n');

/** Every refusal: a sentence for people and a code for programs. */
export const ErrorAnswer = Type.Object(
  {
    error: Type.String({ description: 'A human sentence; branch on error_code, never on this.' }),
    error_code: Type.Unsafe<ErrorCode>(Type.String({ enum: Object.keys(ERROR_CODES), description: `One of:\n${codes}` })),
    link: Type.Optional(Type.String()),
  },
  { $id: 'ErrorBody', title: 'ErrorBody' },
);
export type ErrorAnswer = Static<typeof ErrorAnswer>;
