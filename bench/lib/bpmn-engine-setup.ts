/**
 * bpmn-engine given its best chance: the BPMN file is parsed (with the zeebe moddle, so the
 * task definitions are read) and serialized once, and every instance is an Engine built from
 * that serialized context, so no instance pays for XML parsing. Service tasks get a Service
 * behaviour through an engine extension that looks up the zeebe task type in `services`; the
 * no-op service calls back on the microtask queue, as an async no-op handler returns in Sluice.
 */
import { BpmnModdle } from 'bpmn-moddle';
import * as Elements from 'bpmn-elements';
import { Engine } from 'bpmn-engine';
import serializer, { TypeResolver } from 'moddle-context-serializer';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };

type Callback = (error: Error | null, output?: unknown) => void;
type Service = (message: unknown, callback: Callback) => void;

interface ServiceActivity {
  type: string;
  behaviour: {
    Service?: new (
      activity: unknown,
      message: unknown,
    ) => { execute(message: unknown, callback: Callback): void };
    extensionElements?: { values?: { $type: string; type?: string }[] };
  };
}

const services: Record<string, Service> = {
  noop: (_message, callback) => queueMicrotask(() => callback(null)),
};

/** Reads zeebe:taskDefinition and binds the service task to the service of that type. */
function zeebeServiceTasks(element: unknown): undefined {
  const activity = element as ServiceActivity;
  if (activity.type !== 'bpmn:ServiceTask') return undefined;
  const type = activity.behaviour.extensionElements?.values?.find(
    (v) => v.$type === 'zeebe:TaskDefinition',
  )?.type;
  const service = type === undefined ? undefined : services[type];
  if (!service) return undefined;
  activity.behaviour.Service = class {
    execute(message: unknown, callback: Callback): void {
      service(message, callback);
    }
  };
  return undefined;
}

export type SourceContext = ReturnType<typeof serializer>;

export async function serializeSource(source: string): Promise<SourceContext> {
  const moddle = new BpmnModdle({ zeebe });
  // bpmn-moddle's result is the moddle context the serializer reads (its type there does not
  // resolve, so `unknown` is passed).
  const moddleContext: unknown = await moddle.fromXML(source);
  return serializer(moddleContext, TypeResolver(Elements));
}

/**
 * The default logger builds `debug` loggers for every element of every run (each checks
 * whether stderr is a TTY); a silent one is what a production embedding would pass.
 */
const silent = (): void => {};
const Logger = (): { debug: () => void; error: () => void; warn: () => void } => ({
  debug: silent,
  error: silent,
  warn: silent,
});

export function newEngine(sourceContext: SourceContext, name: string): Engine {
  return new Engine({
    name,
    sourceContext,
    Logger,
    extensions: { zeebeServiceTasks: zeebeServiceTasks as never },
  });
}
