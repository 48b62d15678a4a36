/**
 * Tenants, as far as the server can scope them without the engine knowing: each process id
 * belongs to one tenant (the first to deploy it claims it; processes deployed before the
 * server knew them belong to the default tenant), and every instance, task, job and incident
 * belongs to the tenant of its process. The server also remembers who started an instance
 * through the API, which is what `user` callers may see of instances.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../engine/clock.js';
import type { ServerDatabase } from '../auth/server-schema.js';
import { defaultTenant } from './principal.js';

export class Tenancy {
  private readonly owners = new Map<string, string>();

  constructor(
    private readonly db: Kysely<ServerDatabase>,
    private readonly clock: Clock,
  ) {}

  /** The tenant that owns a process id. */
  async tenantOf(processId: string): Promise<string> {
    const cached = this.owners.get(processId);
    if (cached !== undefined) return cached;
    const row = await this.db
      .selectFrom('server_process_tenants')
      .select('tenant')
      .where('process_id', '=', processId)
      .executeTakeFirst();
    // Owners never change, so a known owner is cached for good; an unknown one is not,
    // since a tenant may claim the id a moment later.
    if (row) this.owners.set(processId, row.tenant);
    return row?.tenant ?? defaultTenant;
  }

  async owns(tenant: string, processId: string): Promise<boolean> {
    return (await this.tenantOf(processId)) === tenant;
  }

  /**
   * Claims process ids for a tenant before a deployment; returns the ids another tenant holds.
   * `deployedBefore` tells which unclaimed ids exist already (they belong to the default tenant).
   */
  async claim(
    tenant: string,
    processIds: readonly string[],
    by: string,
    deployedBefore: (processId: string) => Promise<boolean>,
  ): Promise<string[]> {
    const taken: string[] = [];
    for (const processId of new Set(processIds)) {
      const owner = (await deployedBefore(processId)) ? defaultTenant : tenant;
      await this.db
        .insertInto('server_process_tenants')
        .values({ process_id: processId, tenant: owner, claimed_by: by, claimed_at: this.clock.now() })
        .onConflict((oc) => oc.column('process_id').doNothing())
        .execute();
      this.owners.delete(processId);
      if ((await this.tenantOf(processId)) !== tenant) taken.push(processId);
    }
    return taken;
  }

  /** Only the processes of the tenant, from a list of process ids. */
  async filterOwned(tenant: string, processIds: readonly string[]): Promise<Set<string>> {
    const owned = new Set<string>();
    for (const processId of new Set(processIds)) if (await this.owns(tenant, processId)) owned.add(processId);
    return owned;
  }

  async recordStart(instanceId: string, tenant: string, startedBy: string): Promise<void> {
    await this.db
      .insertInto('server_instance_starters')
      .values({ instance_id: instanceId, tenant, started_by: startedBy, started_at: this.clock.now() })
      .onConflict((oc) => oc.column('instance_id').doNothing())
      .execute();
  }

  async starterOf(instanceId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('server_instance_starters')
      .select('started_by')
      .where('instance_id', '=', instanceId)
      .executeTakeFirst();
    return row?.started_by;
  }

  /** Instance ids a person started, in id order, for paging. */
  async startedBy(
    tenant: string,
    startedBy: string,
    limit: number,
    after?: string,
  ): Promise<{ ids: string[]; more: boolean }> {
    let query = this.db
      .selectFrom('server_instance_starters')
      .select('instance_id')
      .where('tenant', '=', tenant)
      .where('started_by', '=', startedBy)
      .orderBy('instance_id')
      .limit(limit + 1);
    if (after !== undefined) query = query.where('instance_id', '>', after);
    const rows = await query.execute();
    return { ids: rows.slice(0, limit).map((r) => r.instance_id), more: rows.length > limit };
  }
}
