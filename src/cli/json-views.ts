/**
 * The CLI's JSON contracts (docs/cli.md), one function per shape. Times are ISO 8601 strings;
 * a field the record lacks is `null`, so every document has the same keys. Scripts depend on
 * these shapes: change them only together with the docs.
 */
import type { InstanceStatus, StoredHistoryEvent } from '../core/types.js';
import type { ElementCounts } from '../model/index.js';
import type { InstanceDetails } from '../engine/engine.js';
import type { DefinitionRecord, IncidentRecord, InstanceSummary, TaskRecord } from '../store/store.js';
import type { FileFinding } from './cli-errors.js';

export const isoTime = (ms: number | undefined): string | null =>
  ms === undefined ? null : new Date(ms).toISOString();

export function findingView(finding: FileFinding) {
  return {
    severity: finding.severity,
    elementId: finding.elementId ?? null,
    message: finding.message,
    ...(finding.file !== undefined && { file: finding.file }),
    ...(finding.line !== undefined && { line: finding.line }),
    ...(finding.column !== undefined && { column: finding.column }),
  };
}

export function definitionView(definition: Omit<DefinitionRecord, 'source' | 'graph'>) {
  return {
    processId: definition.processId,
    name: definition.name ?? null,
    version: definition.version,
    deployedAt: isoTime(definition.deployedAt),
  };
}

export function instanceSummaryView(instance: InstanceSummary) {
  return {
    id: instance.id,
    processId: instance.processId,
    version: instance.version,
    state: instance.status,
    businessKey: instance.businessKey ?? null,
    startedAt: isoTime(instance.startedAt),
    endedAt: isoTime(instance.endedAt),
  };
}

export function taskView(task: TaskRecord) {
  return {
    id: task.id,
    elementId: task.elementId,
    name: task.name ?? null,
    instanceId: task.instanceId,
    assignee: task.assignee ?? null,
    candidateUsers: [...task.candidateUsers],
    candidateGroups: [...task.candidateGroups],
    due: isoTime(task.dueAt),
  };
}

export function incidentView(incident: IncidentRecord) {
  return {
    id: incident.id,
    instanceId: incident.instanceId,
    elementId: incident.elementId,
    message: incident.message,
    createdAt: isoTime(incident.createdAt),
  };
}

export function historyView(event: StoredHistoryEvent) {
  return {
    type: event.type,
    elementId: event.elementId ?? null,
    at: isoTime(event.at),
    actor: event.actor ?? null,
  };
}

/** Only open incidents: resolved ones stay readable in the history (incident.resolved). */
export function instanceView(instance: InstanceDetails) {
  return {
    id: instance.id,
    processId: instance.processId,
    version: instance.version,
    state: instance.status,
    activeElements: instance.activeElements,
    variables: instance.variables,
    incidents: instance.incidents.filter((i) => i.resolvedAt === undefined).map(incidentView),
    history: instance.history.map(historyView),
  };
}

export type FindingJson = ReturnType<typeof findingView>;
export type DefinitionJson = ReturnType<typeof definitionView>;
export type InstanceSummaryJson = ReturnType<typeof instanceSummaryView>;
export type TaskJson = ReturnType<typeof taskView>;
export type IncidentJson = ReturnType<typeof incidentView>;
export type HistoryJson = ReturnType<typeof historyView>;
export type InstanceJson = ReturnType<typeof instanceView>;

export interface DeployJson {
  readonly deployed: { readonly processId: string; readonly version: number }[];
  readonly findings: FindingJson[];
  /** Present when DMN files were deployed. */
  readonly decisions?: { readonly decisionId: string; readonly version: number }[];
}

export interface ValidateJson {
  readonly files: {
    readonly file: string;
    readonly parsed: boolean;
    readonly processes: {
      readonly processId: string;
      readonly executable: boolean;
      readonly counts: ElementCounts;
    }[];
    readonly findings: FindingJson[];
  }[];
}

export interface StartJson {
  readonly instanceId: string;
  readonly state: InstanceStatus;
}

export interface MessageJson {
  readonly instanceId: string;
  readonly started: boolean;
}

/** complete, claim, cancel and retry: `ok` and the ids concerned. */
export type OkJson = { readonly ok: true } & Readonly<Record<string, string | null | true>>;

export interface ErrorJson {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly hint?: string;
    readonly findings?: FindingJson[];
  };
}
