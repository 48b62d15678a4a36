/**
 * A task's form rendered by form-js (its own chunk: only a task with a form loads it). The
 * Complete button submits through form-js, so its validation runs before anything is sent.
 */
import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import { useEffect, useRef, useState } from 'react';
import { ErrorNote } from '../app/ui';

interface Props {
  readonly schema: Record<string, unknown>;
  readonly data: Record<string, unknown>;
  readonly busy: boolean;
  readonly onSubmit: (data: Record<string, unknown>) => void;
}

export default function FormJsForm({ schema, data, busy, onSubmit }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const form = useRef<Form | undefined>(undefined);
  const [error, setError] = useState<unknown>();
  const [invalid, setInvalid] = useState(false);

  useEffect(() => {
    const viewer = new Form({ container: container.current! });
    form.current = viewer;
    viewer.importSchema(schema as never, data).catch((e: unknown) => setError(e));
    return () => {
      viewer.destroy();
      form.current = undefined;
    };
  }, [schema, data]);

  const submit = (): void => {
    const result = form.current?.submit();
    if (!result) return;
    const problems = Object.keys(result.errors).length;
    setInvalid(problems > 0);
    if (problems === 0) onSubmit(result.data);
  };

  return (
    <div>
      <div ref={container} className="form-js-host" />
      <ErrorNote error={error} />
      {invalid && (
        <p className="error" role="alert">
          Some fields need attention before the task can be completed.
        </p>
      )}
      <button type="button" className="primary" disabled={busy} onClick={submit}>
        Complete
      </button>
    </div>
  );
}
