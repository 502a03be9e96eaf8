import { sayError } from './messages.js';

/** A failure, said in words, where the form that failed can show it. */
export function Problem({ error, prefix = '' }: { error: unknown; prefix?: string }) {
  return (
    <p role="alert" className="problem">
      {prefix}
      {sayError(error)}
    </p>
  );
}
