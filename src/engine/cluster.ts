/**
 * This node's membership of the cluster: a heartbeat in the nodes table (with the duties it
 * holds), wake-ups when another node announces work, and cluster-wide duties that one node at a
 * time performs (firing timers; a retention cleanup would be another), each held by a lock that dies with the
 * node's database session. A node keeps performing a duty until it learns another holds it, so
 * a lone node, or SQLite, never waits for the first heartbeat.
 */
import { hostname } from 'node:os';
import type { Store, WorkKind } from '../store/store.js';
import type { Clock } from './clock.js';

export interface ClusterOptions {
  /** Between heartbeats and lock attempts (default 5 s). */
  readonly heartbeatMs?: number;
  /** A node that missed heartbeats this long counts as gone (default 3 heartbeats). */
  readonly ttlMs?: number;
}

/** The cluster-wide duties; a duty not held elsewhere is taken on the next heartbeat. */
export const clusterDuties = ['timers'] as const;
export type ClusterDuty = (typeof clusterDuties)[number];

export class ClusterMember {
  private readonly startedAt: number;
  private readonly heldElsewhere = new Set<ClusterDuty>();
  private cancelBeat?: () => void;
  private unsubscribe?: () => void;
  private running = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    readonly nodeId: string,
    /** What to wake when work of a kind is announced, or a duty is taken over. */
    private readonly wake: Record<WorkKind, () => void>,
    private readonly onError: (error: unknown) => void,
    private readonly options: ClusterOptions = {},
  ) {
    this.startedAt = clock.now();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.store.onWork((kind) => this.wake[kind]());
    void this.beat();
  }

  /** Lets go of the duties at once and marks this node gone, so others need not wait for its lease. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    this.cancelBeat?.();
    try {
      for (const duty of clusterDuties) await this.store.releaseLock(duty);
      await this.store.heartbeat(this.row([]), 0);
    } catch (error) {
      this.onError(error);
    }
  }

  private row(singletons: readonly string[]): Parameters<Store['heartbeat']>[0] {
    return {
      id: this.nodeId,
      host: hostname(),
      pid: process.pid,
      startedAt: this.startedAt,
      heartbeatAt: this.clock.now(),
      singletons,
    };
  }

  /** Whether this node performs a duty now. */
  performs(duty: ClusterDuty): boolean {
    return !this.heldElsewhere.has(duty);
  }

  private async beat(): Promise<void> {
    const heartbeatMs = this.options.heartbeatMs ?? 5000;
    try {
      for (const duty of clusterDuties) {
        const held = await this.store.holdLock(duty);
        const tookOver = held && this.heldElsewhere.delete(duty);
        if (!held) this.heldElsewhere.add(duty);
        if (tookOver && duty === 'timers') this.wake.timers();
      }
      await this.store.heartbeat(
        this.row(clusterDuties.filter((d) => this.performs(d))),
        this.options.ttlMs ?? heartbeatMs * 3,
      );
    } catch (error) {
      this.onError(error);
    }
    if (this.running) this.cancelBeat = this.clock.at(this.clock.now() + heartbeatMs, () => void this.beat());
  }
}
