/**
 * The properties panel group for Sluice's own attributes (docs/work.md, docs/bpmn.md): on user
 * tasks assignment strategy, RACI parties, SLA, calendar and escalation; on service, send and
 * business-rule tasks the job type and retries. They are namespaced attributes
 * (`sluice:sla="PT4H"`) that bpmn-moddle keeps in `$attrs`; the Zeebe provider already covers
 * candidates, due dates and forms. Written with the panel's own preact, as its entries are.
 */
import {
  SelectEntry,
  TextFieldEntry,
  isSelectEntryEdited,
  isTextFieldEntryEdited,
} from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';

export const sluiceNamespace = 'https://sluice.dev/schema/bpmn/1.0';

interface BusinessObject {
  $type: string;
  get(name: string): unknown;
}
interface DiagramElement {
  id: string;
  businessObject: BusinessObject;
}

interface FieldSpec {
  readonly attribute: string;
  readonly label: string;
  readonly description?: string;
  readonly options?: readonly string[];
}

const userTaskFields: readonly FieldSpec[] = [
  {
    attribute: 'assignment',
    label: 'Assignment strategy',
    options: [
      '',
      'direct',
      'role',
      'round-robin',
      'shortest-queue',
      'capability',
      'history',
      'organisational',
      'random',
    ],
  },
  { attribute: 'assignee', label: 'Assignee (for direct)' },
  { attribute: 'skills', label: 'Skills', description: 'network:3,linux:2 (levels 0-5)' },
  {
    attribute: 'separate-from',
    label: 'Separate from activities',
    description: 'activity ids, comma separated',
  },
  { attribute: 'familiar-from', label: 'Familiar from activities' },
  {
    attribute: 'fallback',
    label: 'Fallback',
    options: ['', 'role', 'round-robin', 'shortest-queue', 'random', 'capability'],
  },
  { attribute: 'working-hours', label: 'Working hours', options: ['', 'prefer', 'require', 'ignore'] },
  {
    attribute: 'responsible',
    label: 'Responsible (R)',
    description: 'user:ID, group:ID, initiator, supervisor or =FEEL',
  },
  { attribute: 'accountable', label: 'Accountable (A)' },
  { attribute: 'consulted', label: 'Consulted (C)' },
  { attribute: 'informed', label: 'Informed (I)' },
  { attribute: 'consulted-must-approve', label: 'Consulted must approve', options: ['', 'true', 'false'] },
  { attribute: 'sla', label: 'SLA', description: 'ISO 8601 duration, e.g. PT4H' },
  { attribute: 'sla-clock', label: 'SLA clock', options: ['', 'working', 'calendar'] },
  { attribute: 'calendar', label: 'Calendar', description: 'assignee, team, or a calendar id' },
  {
    attribute: 'escalation',
    label: 'Escalation ladder',
    description: '75%: remind; 100%: notify accountable',
  },
];

const jobTaskFields: readonly FieldSpec[] = [
  { attribute: 'type', label: 'Job type', description: 'the handler or external worker that does the work' },
  { attribute: 'retries', label: 'Retries', description: 'attempts before an incident (default 3)' },
];

const fieldsFor = (element: DiagramElement): readonly FieldSpec[] => {
  const type = element.businessObject.$type;
  if (type === 'bpmn:UserTask') return userTaskFields;
  if (type === 'bpmn:ServiceTask' || type === 'bpmn:SendTask' || type === 'bpmn:BusinessRuleTask')
    return jobTaskFields;
  return [];
};

type FieldProps = FieldSpec & { element: DiagramElement; id: string };

function SluiceField(props: FieldProps) {
  const { element, id, attribute, label, description, options } = props;
  const modeling = useService('modeling') as {
    updateProperties(e: DiagramElement, p: Record<string, unknown>): void;
  };
  const debounce = useService('debounceInput');
  const name = `sluice:${attribute}`;
  const getValue = (): string => {
    const value = element.businessObject.get(name);
    return typeof value === 'string' ? value : '';
  };
  const setValue = (value: string): void =>
    modeling.updateProperties(element, { [name]: value === '' ? undefined : value });
  if (options)
    return h(SelectEntry, {
      id,
      element,
      label,
      getValue,
      setValue,
      getOptions: () => options.map((value) => ({ value, label: value || '(none)' })),
    });
  return h(TextFieldEntry, { id, element, label, description, getValue, setValue, debounce });
}

interface Group {
  id: string;
  label: string;
  entries: unknown[];
}

class SluicePropertiesProvider {
  static $inject = ['propertiesPanel'];

  constructor(propertiesPanel: { registerProvider(priority: number, provider: unknown): void }) {
    propertiesPanel.registerProvider(400, this);
  }

  getGroups(element: DiagramElement) {
    return (groups: Group[]): Group[] => {
      const fields = fieldsFor(element);
      if (fields.length === 0) return groups;
      const entries = fields.map((field) => ({
        ...field,
        id: `sluice-${field.attribute}`,
        element,
        component: SluiceField,
        isEdited: field.options ? isSelectEntryEdited : isTextFieldEntryEdited,
      }));
      return [...groups, { id: 'sluice', label: 'Sluice', entries }];
    };
  }
}

export const SluicePropertiesProviderModule = {
  __init__: ['sluicePropertiesProvider'],
  sluicePropertiesProvider: ['type', SluicePropertiesProvider],
};
