import { Inject, Injectable } from '@nestjs/common';
import { inArray, sql } from 'drizzle-orm';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { alerts, alertRules } from '../database/schema.js';
import type * as schema from '../database/schema.js';
import type { AlertSeverity } from '../notifications/alert-notification.types.js';
import { isAlertKind, type AlertKind, type AlertScopeKind } from './alert-kind.constant.js';
import type { AlertDetails, AlertRuleRecord, DeviceSnapshot, TelemetryWindow } from './alert-evaluation.types.js';
import type { AlertRow } from './alert.mapper.js';
import type { NewAlert, OpenAlertRef, StoredRuleState } from './alert-run-plan.util.js';

/** The database or a transaction on it. */
export type Tx = PgDatabase<NodePgQueryResultHKT, typeof schema>;

/**
 * At most this many of a device's newest samples are read per run, however chatty it is: 10,000
 * devices at 1 Hz cost ~250 ms per run. A sparse metric (AP50) is seen while it is among them.
 */
const MAX_SAMPLES_PER_DEVICE = 20;
/** Arbitrary constant key: one evaluation at a time per database, across every worker. */
const RUN_LOCK_KEY = 7_201_946_113;

const toDate = (v: string | Date): Date => (v instanceof Date ? v : new Date(v));
const toNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The evaluation's SQL. Every run reads with a fixed number of statements whatever the fleet
 * size: the telemetry window is one LATERAL query walking the (device_id, ts) index per device.
 */
@Injectable()
export class AlertEvaluationRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  /**
   * Runs `fn` in one transaction holding a transaction-scoped advisory lock; returns null without
   * running it when another evaluation holds the lock (a slow run overlapping the next tick).
   */
  async runExclusive<T>(fn: (tx: Tx) => Promise<T>): Promise<T | null> {
    return this.db.transaction(async (tx) => {
      const lock = await tx.execute<{ ok: boolean }>(sql`SELECT pg_try_advisory_xact_lock(${RUN_LOCK_KEY}) AS ok`);
      if (lock.rows[0]?.ok !== true) return null;
      // The LATERAL read's cost estimate triggers JIT, whose compile time (~200 ms) exceeds the query's.
      await tx.execute(sql`SET LOCAL jit = off`);
      return fn(tx);
    });
  }

  async loadRules(tx: Tx): Promise<AlertRuleRecord[]> {
    const rows = await tx.select().from(alertRules);
    return rows
      .filter((r) => isAlertKind(r.kind))
      .map((r) => ({
        id: r.id,
        kind: r.kind as AlertKind,
        scopeKind: r.scopeKind as AlertScopeKind,
        scopeValue: r.scopeValue,
        severity: r.severity as AlertSeverity,
        params: r.params,
        enabled: r.enabled,
      }));
  }

  async loadDevices(tx: Tx): Promise<DeviceSnapshot[]> {
    const result = await tx.execute<{
      id: string;
      module: string;
      online: boolean;
      offline_reason: string | null;
      status_changed_at: string;
      tags: string[];
      power_mode: string | null;
      disk_total_mb: number | null;
      disk_free_mb: number | null;
    }>(sql`
      SELECT id, module, online, offline_reason, status_changed_at, tags,
             hardware->>'powerMode' AS power_mode,
             CASE WHEN jsonb_typeof(hardware->'diskTotalMB') = 'number' THEN (hardware->>'diskTotalMB')::float8 END AS disk_total_mb,
             CASE WHEN jsonb_typeof(hardware->'diskFreeMB') = 'number' THEN (hardware->>'diskFreeMB')::float8 END AS disk_free_mb
      FROM devices`);
    return result.rows.map((r) => ({
      id: r.id,
      module: r.module,
      online: r.online,
      offlineReason: r.offline_reason,
      statusChangedAt: toDate(r.status_changed_at),
      tags: r.tags,
      powerMode: r.power_mode,
      diskTotalMB: toNum(r.disk_total_mb),
      diskFreeMB: toNum(r.disk_free_mb),
    }));
  }

  /** Online devices' samples newer than `since`: the latest non-null value of each metric. */
  async loadTelemetry(tx: Tx, since: Date): Promise<Map<string, TelemetryWindow>> {
    const latest = (col: string) =>
      sql.raw(`(array_agg(r.${col} ORDER BY r.ts DESC) FILTER (WHERE r.${col} IS NOT NULL))[1]`);
    const result = await tx.execute<{
      device_id: string;
      samples: number;
      latest_ts: string;
      power_mw: number | null;
      power_mode: string | null;
      temp_max_c: number | null;
      latency_p95_ms: number | null;
      ap50: number | null;
      ap50_ts: string | null;
      disk_free_mb: number | null;
    }>(sql`
      SELECT d.id AS device_id, w.*
      FROM devices d
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS samples,
               max(r.ts) AS latest_ts,
               (array_agg(r.power_mw ORDER BY r.ts DESC))[1] AS power_mw,
               ${latest('power_mode')} AS power_mode,
               ${latest('temp_max_c')} AS temp_max_c,
               ${latest('latency_p95_ms')} AS latency_p95_ms,
               ${latest('ap50')} AS ap50,
               max(r.ts) FILTER (WHERE r.ap50 IS NOT NULL) AS ap50_ts,
               ${latest('disk_free_mb')} AS disk_free_mb
        FROM (
          SELECT s.ts, s.power_mw, s.power_mode, s.temp_max_c, s.latency_p95_ms, s.ap50, s.disk_free_mb
          FROM telemetry_samples s
          WHERE s.device_id = d.id AND s.ts > ${since.toISOString()}::timestamptz
          ORDER BY s.ts DESC
          LIMIT ${MAX_SAMPLES_PER_DEVICE}
        ) r
      ) w
      WHERE d.online AND w.samples > 0`);
    const out = new Map<string, TelemetryWindow>();
    for (const r of result.rows) {
      const ap50 = toNum(r.ap50);
      out.set(r.device_id, {
        samples: r.samples,
        latestTs: toDate(r.latest_ts),
        powerMw: toNum(r.power_mw),
        powerMode: r.power_mode,
        tempMaxC: toNum(r.temp_max_c),
        latencyP95Ms: toNum(r.latency_p95_ms),
        ap50: ap50 !== null && r.ap50_ts !== null ? { value: ap50, ts: toDate(r.ap50_ts) } : null,
        diskFreeMB: toNum(r.disk_free_mb),
      });
    }
    return out;
  }

  async loadStates(tx: Tx): Promise<StoredRuleState[]> {
    const result = await tx.execute<{
      kind: string;
      device_id: string;
      condition_since: string | null;
      state: Record<string, unknown>;
    }>(sql`SELECT kind, device_id, condition_since, state FROM alert_rule_state`);
    return result.rows
      .filter((r) => isAlertKind(r.kind))
      .map((r) => ({
        kind: r.kind as AlertKind,
        deviceId: r.device_id,
        conditionSince: r.condition_since === null ? null : toDate(r.condition_since),
        state: r.state,
      }));
  }

  async loadOpenAlerts(tx: Tx): Promise<OpenAlertRef[]> {
    const result = await tx.execute<{ id: string; kind: string; device_id: string }>(
      sql`SELECT id, kind, device_id FROM alerts WHERE status <> 'resolved'`,
    );
    return result.rows
      .filter((r) => isAlertKind(r.kind))
      .map((r) => ({ id: r.id, kind: r.kind as AlertKind, deviceId: r.device_id }));
  }

  /** Writes changed states and deletes emptied ones: two statements at most, any count. */
  async saveStates(
    tx: Tx,
    upserts: readonly StoredRuleState[],
    deletes: readonly StoredRuleState[],
    now: Date,
  ): Promise<void> {
    if (upserts.length) {
      await tx.execute(sql`
        INSERT INTO alert_rule_state (kind, device_id, condition_since, state, updated_at)
        SELECT k, d, s, st, ${now.toISOString()}::timestamptz
        FROM unnest(${sql.param(upserts.map((u) => u.kind))}::text[],
                    ${sql.param(upserts.map((u) => u.deviceId))}::text[],
                    ${sql.param(upserts.map((u) => u.conditionSince))}::timestamptz[],
                    ${sql.param(upserts.map((u) => JSON.stringify(u.state)))}::jsonb[]) AS v(k, d, s, st)
        ON CONFLICT (kind, device_id) DO UPDATE
          SET condition_since = EXCLUDED.condition_since, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`);
    }
    if (deletes.length) {
      await tx.execute(sql`
        DELETE FROM alert_rule_state t
        USING unnest(${sql.param(deletes.map((u) => u.kind))}::text[],
                     ${sql.param(deletes.map((u) => u.deviceId))}::text[]) AS v(k, d)
        WHERE t.kind = v.k AND t.device_id = v.d`);
    }
  }

  /**
   * Opens alerts and writes their `raised` events in one statement. A key that already has an
   * open alert (another run got there first) is skipped by the partial unique index.
   */
  async raise(tx: Tx, items: readonly NewAlert[], now: Date): Promise<AlertRow[]> {
    if (items.length === 0) return [];
    const at = now.toISOString();
    const result = await tx.execute<{ id: string }>(sql`
      WITH ins AS (
        INSERT INTO alerts (dedupe_key, kind, device_id, severity, status, summary, details, fired_at, last_evaluated_at)
        SELECT k, kind, dev, sev, 'firing', summ, det, ${at}::timestamptz, ${at}::timestamptz
        FROM unnest(${sql.param(items.map((i) => i.dedupeKey))}::text[],
                    ${sql.param(items.map((i) => i.kind))}::text[],
                    ${sql.param(items.map((i) => i.deviceId))}::text[],
                    ${sql.param(items.map((i) => i.severity))}::text[],
                    ${sql.param(items.map((i) => i.summary))}::text[],
                    ${sql.param(items.map((i) => JSON.stringify(i.details)))}::jsonb[]) AS v(k, kind, dev, sev, summ, det)
        ON CONFLICT (dedupe_key) WHERE status <> 'resolved' DO NOTHING
        RETURNING id, details
      ), ev AS (
        INSERT INTO alert_events (alert_id, type, at, details)
        SELECT id, 'raised', ${at}::timestamptz, details FROM ins
      )
      SELECT id FROM ins`);
    return this.byIds(
      tx,
      result.rows.map((r) => r.id),
    );
  }

  /** Resolves open alerts (idempotent) and writes their `resolved` events; returns those it changed. */
  async resolve(tx: Tx, items: readonly { id: string; details: AlertDetails }[], now: Date): Promise<AlertRow[]> {
    if (items.length === 0) return [];
    const at = now.toISOString();
    const result = await tx.execute<{ id: string }>(sql`
      WITH upd AS (
        UPDATE alerts a SET status = 'resolved', resolved_at = ${at}::timestamptz, last_evaluated_at = ${at}::timestamptz
        FROM unnest(${sql.param(items.map((i) => i.id))}::uuid[],
                    ${sql.param(items.map((i) => JSON.stringify(i.details)))}::jsonb[]) AS v(id, det)
        WHERE a.id = v.id AND a.status <> 'resolved'
        RETURNING a.id, v.det
      ), ev AS (
        INSERT INTO alert_events (alert_id, type, at, details)
        SELECT id, 'resolved', ${at}::timestamptz, det FROM upd
      )
      SELECT id FROM upd`);
    return this.byIds(
      tx,
      result.rows.map((r) => r.id),
    );
  }

  /** Marks alerts still open as evaluated now. */
  async touch(tx: Tx, ids: readonly string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await tx.execute(sql`
      UPDATE alerts SET last_evaluated_at = ${now.toISOString()}::timestamptz
      WHERE id = ANY(${sql.param([...ids])}::uuid[]) AND status <> 'resolved'`);
  }

  private async byIds(tx: Tx, ids: string[]): Promise<AlertRow[]> {
    if (ids.length === 0) return [];
    return tx.select().from(alerts).where(inArray(alerts.id, ids));
  }
}
