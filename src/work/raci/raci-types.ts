/**
 * RACI per activity, as the model declares it: Responsible (who may do the work: the
 * candidates), Accountable (the owner, who receives escalations), Consulted (may comment; may
 * be required to approve), Informed (notified on completion).
 */

/** A person or group named in the model, or found when the task is created. */
export type RaciParty =
  | { readonly user: string }
  | { readonly group: string }
  /** A FEEL expression giving a user id, a list of them, or `{ user }` / `{ group }` values. */
  | { readonly expression: string }
  /** The person who started the case. */
  | 'initiator'
  /** The initiator's supervisor (see the organisational strategy). */
  | 'supervisor';

export interface Raci {
  readonly responsible: readonly RaciParty[];
  readonly accountable?: RaciParty;
  readonly consulted: readonly RaciParty[];
  /** Consulted parties must approve before the task can complete. */
  readonly consultedMustApprove: boolean;
  readonly informed: readonly RaciParty[];
}

export const emptyRaci: Raci = Object.freeze({
  responsible: [],
  consulted: [],
  consultedMustApprove: false,
  informed: [],
});
