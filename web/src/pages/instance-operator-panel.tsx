/**
 * The operator's panel on an instance page (docs/versions.md): suspend or resume it, cancel the
 * tokens at an element, start before an element, set variables; each with a reason, which the
 * history records with the operator's name.
 */
import { useId, useState } from 'react';
import { api } from '../app/api';
import type { Instance } from '../app/types';
import { ErrorNote } from '../app/ui';

/** Suspended when the latest suspension event is a suspension. */
export function isSuspended(instance: Instance): boolean {
  const last = instance.history
    .filter((h) => h.type === 'instance.suspended' || h.type === 'instance.resumed')
    .at(-1);
  return last?.type === 'instance.suspended';
}

export function InstanceOperatorPanel({
  instance,
  elementIds,
  onChanged,
}: {
  instance: Instance;
  /** The flow nodes of the instance's version, offered for "start before". */
  elementIds: readonly string[];
  onChanged: () => void;
}) {
  const ids = useId();
  const [reason, setReason] = useState('');
  const [cancelAt, setCancelAt] = useState(instance.activeElements[0] ?? '');
  const [startBefore, setStartBefore] = useState('');
  const [variables, setVariables] = useState('{}');
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState('');
  const suspended = isSuspended(instance);
  const path = `/instances/${encodeURIComponent(instance.id)}`;
  const by = reason.trim() === '' ? {} : { reason: reason.trim() };

  const act = async (what: string, action: () => Promise<unknown>): Promise<void> => {
    setError(undefined);
    setDone('');
    try {
      await action();
      setDone(what);
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  const modify = (what: string, operation: Record<string, unknown>) =>
    act(what, () => api.post(`${path}/modify`, { operations: [operation], ...by }));
  const setVariablesFromJson = (): Promise<void> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(variables);
    } catch {
      setError(new Error('The variables are not valid JSON: write an object such as {"rush": true}.'));
      return Promise.resolve();
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setError(new Error('The variables must be a JSON object of names and values, such as {"rush": true}.'));
      return Promise.resolve();
    }
    return modify('Variables set.', { op: 'set-variables', variables: parsed });
  };

  return (
    <section aria-labelledby={`${ids}-title`} className="panel operator-panel">
      <h2 id={`${ids}-title`}>Operator</h2>
      <p>
        <label htmlFor={`${ids}-reason`}>Reason (recorded in the history)</label>{' '}
        <input
          id={`${ids}-reason`}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={1000}
          placeholder="why you change this instance"
        />
      </p>
      <p>
        <button
          type="button"
          onClick={() =>
            void act(suspended ? 'Resumed.' : 'Suspended.', () =>
              api.post(`${path}/${suspended ? 'resume' : 'suspend'}`, by),
            )
          }
        >
          {suspended ? 'Resume instance' : 'Suspend instance'}
        </button>{' '}
        {suspended && <span className="muted">Suspended: it takes only operator commands.</span>}
      </p>
      {instance.activeElements.length > 0 && (
        <p>
          <label htmlFor={`${ids}-cancel`}>Cancel the tokens at</label>{' '}
          <select id={`${ids}-cancel`} value={cancelAt} onChange={(e) => setCancelAt(e.target.value)}>
            {[...new Set(instance.activeElements)].map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>{' '}
          <button
            type="button"
            disabled={cancelAt === ''}
            onClick={() => void modify(`Cancelled at ${cancelAt}.`, { op: 'cancel', elementId: cancelAt })}
          >
            Cancel tokens
          </button>
        </p>
      )}
      <p>
        <label htmlFor={`${ids}-start`}>Start before element</label>{' '}
        <input
          id={`${ids}-start`}
          list={`${ids}-elements`}
          value={startBefore}
          onChange={(e) => setStartBefore(e.target.value)}
        />
        <datalist id={`${ids}-elements`}>
          {elementIds.map((e) => (
            <option key={e} value={e} />
          ))}
        </datalist>{' '}
        <button
          type="button"
          disabled={startBefore.trim() === ''}
          onClick={() =>
            void modify(`Started before ${startBefore.trim()}.`, {
              op: 'start-before',
              elementId: startBefore.trim(),
            })
          }
        >
          Start before
        </button>
      </p>
      <p>
        <label htmlFor={`${ids}-variables`}>Set variables (a JSON object)</label>
        <textarea
          id={`${ids}-variables`}
          className="code-input"
          rows={3}
          value={variables}
          onChange={(e) => setVariables(e.target.value)}
        />
        <button type="button" onClick={() => void setVariablesFromJson()}>
          Set variables
        </button>
      </p>
      <p role="status" className="muted">
        {done}
      </p>
      <ErrorNote error={error} />
    </section>
  );
}
