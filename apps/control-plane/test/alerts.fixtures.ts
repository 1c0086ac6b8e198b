import pg from 'pg';
import type { BuildOutcome } from '../src/alerts/alert-evaluation.types.js';
import type {
  AlertNotification,
  AlertNotificationEvent,
  AlertNotifier,
} from '../src/notifications/alert-notification.types.js';

/** Stands in for NotificationsModule's webhooks: records what alerts hand over. */
export class RecordingNotifier implements AlertNotifier {
  readonly calls: { event: AlertNotificationEvent; alert: AlertNotification }[] = [];

  notifyAlert(event: AlertNotificationEvent, alert: AlertNotification): Promise<void> {
    this.calls.push({ event, alert });
    return Promise.resolve();
  }

  eventsFor(alertId: string): AlertNotificationEvent[] {
    return this.calls.filter((c) => c.alert.id === alertId).map((c) => c.event);
  }
}

/** The build_failed hook fed by hand, as the builds feature will feed it from its jobs. */
export class ScriptedBuildOutcomes {
  private readonly byDevice = new Map<string, BuildOutcome[]>();

  set(deviceId: string, outcomes: BuildOutcome[]): void {
    this.byDevice.set(deviceId, outcomes);
  }

  recent(): Promise<ReadonlyMap<string, readonly BuildOutcome[]>> {
    return Promise.resolve(new Map(this.byDevice));
  }
}

export interface DeviceSeed {
  module?: string;
  tags?: string[];
  online?: boolean;
  powerMode?: string;
  diskTotalMB?: number;
  diskFreeMB?: number;
}

export interface SampleSeed {
  powerMw?: number | null;
  powerMode?: string | null;
  tempMaxC?: number | null;
  latencyP95Ms?: number | null;
  ap50?: number | null;
  diskFreeMB?: number | null;
}

interface StoredRuleState {
  condition_since: Date | null;
  state: Record<string, unknown>;
}

/** Rows written straight into the tables the evaluation reads. */
export class AlertDb {
  private constructor(private readonly client: pg.Client) {}

  static async connect(url: string): Promise<AlertDb> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new AlertDb(client);
  }

  end(): Promise<void> {
    return this.client.end();
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values: unknown[] = [],
  ): Promise<pg.QueryResult<R>> {
    return this.client.query<R>(text, values);
  }

  /** Heartbeat long enough that the liveness sweep leaves the device alone. */
  async insertDevice(id: string, seed: DeviceSeed = {}): Promise<void> {
    const hardware = {
      module: seed.module ?? 'orin-nano-8gb',
      l4t: '36.4.3',
      dlaCores: 0,
      cpuCores: 6,
      ramTotalMB: 7620,
      diskTotalMB: seed.diskTotalMB ?? 59_000,
      diskFreeMB: seed.diskFreeMB ?? 30_000,
      powerMode: seed.powerMode ?? '15W',
      simulated: true,
    };
    await this.query(
      `INSERT INTO devices (id, module, hardware, agent_version, protocol_version, online, session_id, heartbeat_sec,
                            offline_reason, tags)
       VALUES ($1, $2, $3::jsonb, '0.1.0', 1, $4, 's1', 3600, $5, $6::text[])`,
      [
        id,
        hardware.module,
        JSON.stringify(hardware),
        seed.online ?? true,
        seed.online === false ? 'lwt' : null,
        seed.tags ?? [],
      ],
    );
  }

  /** A sample stamped now; power defaults to a plausible reading so power_unavailable stays quiet. */
  async insertSample(deviceId: string, s: SampleSeed = {}): Promise<void> {
    await this.query(
      `INSERT INTO telemetry_samples (device_id, ts, received_at, power_mw, power_mode, temp_max_c, latency_p95_ms,
                                      ap50, disk_free_mb)
       VALUES ($1, clock_timestamp(), clock_timestamp(), $2, $3, $4, $5, $6, $7)`,
      [
        deviceId,
        s.powerMw === undefined ? 5000 : s.powerMw,
        s.powerMode === undefined ? '15W' : s.powerMode,
        s.tempMaxC === undefined ? 50 : s.tempMaxC,
        s.latencyP95Ms ?? null,
        s.ap50 ?? null,
        s.diskFreeMB ?? null,
      ],
    );
  }

  async setOnline(deviceId: string, online: boolean): Promise<void> {
    await this.query(
      `UPDATE devices SET online = $2, offline_reason = CASE WHEN $2 THEN NULL ELSE 'lwt' END,
              status_changed_at = clock_timestamp(), last_seen_at = clock_timestamp()
       WHERE id = $1`,
      [deviceId, online],
    );
  }

  async ruleState(kind: string, deviceId: string): Promise<StoredRuleState | undefined> {
    const r = await this.query<StoredRuleState>(
      'SELECT condition_since, state FROM alert_rule_state WHERE kind = $1 AND device_id = $2',
      [kind, deviceId],
    );
    return r.rows[0];
  }
}

export const ALERT_FIELDS = `id dedupeKey kind deviceId severity status summary details firedAt lastEvaluatedAt
  acknowledgedAt acknowledgedBy resolvedAt`;
