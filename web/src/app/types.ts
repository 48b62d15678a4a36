/** The shapes the API answers with, as docs/api.md and the OpenAPI document describe them. */

export interface User {
  readonly id: string;
  readonly username: string;
  readonly tenant: string;
  readonly roles: string[];
  readonly groups: string[];
  readonly disabled: boolean;
  readonly createdAt: string;
}

export interface Definition {
  readonly processId: string;
  readonly name: string | null;
  readonly version: number;
  readonly deployedAt: string;
  readonly resourceName: string | null;
}

export interface DefinitionWithSource extends Definition {
  readonly sourceKind: 'bpmn' | 'graph';
  readonly source: string;
}

export type InstanceState = 'active' | 'completed' | 'terminated' | 'failed';

export interface InstanceSummary {
  readonly id: string;
  readonly processId: string;
  readonly version: number;
  readonly state: InstanceState;
  readonly businessKey: string | null;
  readonly startedAt: string;
  readonly endedAt: string | null;
}

export interface HistoryEvent {
  readonly seq: number;
  readonly type: string;
  readonly elementId: string | null;
  readonly elementType: string | null;
  readonly at: string;
  readonly actor: string | null;
}

export interface Incident {
  readonly id: string;
  readonly instanceId: string;
  readonly processId: string;
  readonly elementId: string;
  readonly jobId: string | null;
  readonly message: string;
  readonly createdAt: string;
  readonly resolvedAt: string | null;
}

export interface Instance extends InstanceSummary {
  readonly activeElements: string[];
  readonly variables: Record<string, unknown>;
  readonly incidents: Incident[];
  readonly history: HistoryEvent[];
}

export interface Task {
  readonly id: string;
  readonly elementId: string;
  readonly name: string | null;
  readonly instanceId: string;
  readonly processId: string;
  readonly state: string;
  readonly assignee: string | null;
  readonly owner: string | null;
  readonly suspended: boolean;
  readonly startedAt: string | null;
  readonly candidateUsers: string[];
  readonly candidateGroups: string[];
  readonly due: string | null;
  readonly followUp: string | null;
  readonly priority: number | null;
  readonly formKey: string | null;
  readonly createdAt: string;
  readonly endedAt: string | null;
}

export interface TaskDetail extends Task {
  readonly variables: Record<string, unknown>;
}

export interface TaskForm {
  readonly formKey: string | null;
  readonly schema: Record<string, unknown> | null;
}

export interface Comment {
  readonly id: string;
  readonly actor: string | null;
  readonly text: string;
  readonly at: string;
}

export interface Me {
  readonly via: 'session' | 'api-key';
  readonly id: string;
  readonly name: string;
  readonly tenant: string;
  readonly roles: string[];
  readonly groups: string[];
}
