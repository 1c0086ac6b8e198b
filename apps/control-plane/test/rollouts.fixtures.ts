import pg from 'pg';

/** Direct reads of rollout state, to check what the API says against what is stored. */
export class RolloutsDb {
  private constructor(private readonly client: pg.Client) {}

  static async connect(url: string): Promise<RolloutsDb> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new RolloutsDb(client);
  }

  async end(): Promise<void> {
    await this.client.end();
  }

  async onlineCount(ids: string[]): Promise<number> {
    const r = await this.client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM devices WHERE online AND id = ANY($1)',
      [ids],
    );
    return r.rows[0]?.n ?? 0;
  }

  async devicesOf(ids: string[], module: string): Promise<string[]> {
    const r = await this.client.query<{ id: string }>(
      'SELECT id FROM devices WHERE id = ANY($1) AND module = $2 ORDER BY id',
      [ids, module],
    );
    return r.rows.map((row) => row.id);
  }

  async rollout(id: string): Promise<{ state: string; current_stage: number; reason: string | null }> {
    const r = await this.client.query<{ state: string; current_stage: number; reason: string | null }>(
      'SELECT state, current_stage, reason FROM rollouts WHERE id = $1',
      [id],
    );
    const row = r.rows[0];
    if (!row) throw new Error(`no rollout ${id}`);
    return row;
  }

  async deployments(id: string): Promise<
    {
      device_id: string;
      stage_idx: number;
      state: string;
      desired_rev: number | null;
      rollback_rev: number | null;
      reason: string | null;
    }[]
  > {
    const r = await this.client.query(
      `SELECT device_id, stage_idx, state, desired_rev::int AS desired_rev, rollback_rev::int AS rollback_rev, reason
         FROM rollout_devices WHERE rollout_id = $1 ORDER BY device_id`,
      [id],
    );
    return r.rows as never;
  }

  /** Current desired rev per device. */
  async desiredRevs(ids: string[]): Promise<Map<string, number>> {
    const r = await this.client.query<{ device_id: string; rev: number }>(
      'SELECT device_id, rev::int AS rev FROM device_desired WHERE device_id = ANY($1)',
      [ids],
    );
    return new Map(r.rows.map((row) => [row.device_id, row.rev]));
  }

  async builds(): Promise<
    { state: string; compat_key: string; error: string | null; builder_device_id: string | null }[]
  > {
    const r = await this.client.query(
      'SELECT state, compat_key, error, builder_device_id, attempt FROM engine_builds ORDER BY queued_at',
    );
    return r.rows as never;
  }

  async evaluations(id: string): Promise<{ stage_idx: number; outcome: string; report: Record<string, unknown> }[]> {
    const r = await this.client.query(
      'SELECT stage_idx, outcome, report FROM gate_evaluations WHERE rollout_id = $1 ORDER BY id',
      [id],
    );
    return r.rows as never;
  }
}
