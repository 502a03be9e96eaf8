import type { ReactNode } from 'react';
import type { Loaded } from '../load.js';

/** Loading, error and empty states, the same on every page. */
export function Show<T>({
  loaded,
  children,
  empty,
}: {
  loaded: Loaded<T>;
  children: (data: T) => ReactNode;
  empty?: (data: T) => string | null;
}) {
  if (loaded.state === 'loading') return <p aria-busy="true">Loading…</p>;
  if (loaded.state === 'error') return <ErrorNote message={loaded.message} />;
  const emptyMessage = empty?.(loaded.data);
  if (emptyMessage) return <p className="empty">{emptyMessage}</p>;
  return <>{children(loaded.data)}</>;
}

export function ErrorNote({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="error">
      {message}
    </p>
  );
}

/** An ISO time as people read it, in their time zone; the exact value on hover. */
export function Time({ value, never = 'never' }: { value: string | null; never?: string }) {
  if (!value) return <span className="muted">{never}</span>;
  return (
    <time dateTime={value} title={value}>
      {new Date(value).toLocaleString()}
    </time>
  );
}

export function State({ disabled }: { disabled: boolean }) {
  return <mark className={disabled ? 'state disabled' : 'state enabled'}>{disabled ? 'disabled' : 'enabled'}</mark>;
}
