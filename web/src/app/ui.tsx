/** Small pieces every page uses: a failure note, a loading line, a badge, a page heading. */
import type { ReactNode } from 'react';
import { describeError } from './api';

export function ErrorNote({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  return (
    <p className="error" role="alert">
      {describeError(error)}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Badge({
  tone,
  children,
}: {
  tone: 'ok' | 'warn' | 'bad' | 'info' | 'plain';
  children: ReactNode;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="page-heading">
      <h1>{title}</h1>
      {children && <div className="actions">{children}</div>}
    </header>
  );
}

export const stateTone = (state: string): 'ok' | 'warn' | 'bad' | 'info' | 'plain' =>
  state === 'completed'
    ? 'ok'
    : state === 'active' || state === 'open'
      ? 'info'
      : state === 'failed'
        ? 'bad'
        : 'plain';
