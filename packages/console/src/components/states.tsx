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

const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "3 hours ago", "in 5 days": the largest unit that fits, rounded down. */
export function relativeTime(value: string, now = Date.now()): string {
  const seconds = (new Date(value).getTime() - now) / 1000;
  const [unit, size] = STEPS.find(([, size]) => Math.abs(seconds) >= size) ?? ['second', 1];
  return RELATIVE.format(Math.trunc(seconds / size), unit);
}

/** An ISO time as people read it (relative, "2 hours ago"); the exact local time and UTC on hover. */
export function Time({ value, never = 'never' }: { value: string | null; never?: string }) {
  if (!value) return <span className="muted">{never}</span>;
  return (
    <time dateTime={value} title={`${new Date(value).toLocaleString()} (${value})`}>
      {relativeTime(value)}
    </time>
  );
}

export function State({ disabled }: { disabled: boolean }) {
  return <mark className={disabled ? 'state disabled' : 'state enabled'}>{disabled ? 'disabled' : 'enabled'}</mark>;
}
