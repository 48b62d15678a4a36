/** The page heading with a process chooser that pages scoped to one process share. */
import type { ReactNode } from 'react';
import { navigate } from '../app/router';
import type { Definition } from '../app/types';
import { ErrorNote, PageHeading } from '../app/ui';

export function ProcessPicker(props: {
  title: string;
  /** Where the page lives, e.g. `/analytics`; the chosen process is appended to it. */
  base: string;
  processId: string | undefined;
  definitions: { value?: Definition[]; error?: unknown };
  children?: ReactNode;
}) {
  const processIds = [...new Set((props.definitions.value ?? []).map((d) => d.processId))];
  return (
    <>
      <PageHeading title={props.processId ? `${props.title} · ${props.processId}` : props.title}>
        <label className="inline">
          Process
          <select
            value={props.processId ?? ''}
            onChange={(e) => navigate(`${props.base}/${encodeURIComponent(e.target.value)}`)}
          >
            <option value="" disabled>
              choose…
            </option>
            {processIds.map((id) => (
              <option key={id}>{id}</option>
            ))}
          </select>
        </label>
        {props.children}
      </PageHeading>
      <ErrorNote error={props.definitions.error} />
    </>
  );
}
