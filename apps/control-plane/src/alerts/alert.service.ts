import { Injectable } from '@nestjs/common';
import { isUuid } from '../common/uuid.util.js';
import { decodeAlertCursor, encodeAlertCursor } from './alert-cursor.util.js';
import { AlertPublisher } from './alert-publisher.service.js';
import {
  AlertAlreadyResolvedException,
  AlertNotFoundException,
  InvalidAlertInputException,
} from './alert.exception.js';
import { toAlert } from './alert.mapper.js';
import { AlertRepository } from './alert.repository.js';
import type { AlertConnection } from './dto/alert-connection.type.js';
import type { Alert } from './dto/alert.type.js';
import type { AlertsFilter } from './dto/alerts-filter.input.js';

export const MAX_ALERT_PAGE_SIZE = 500;

/** Alert reads and the operator's acknowledgement. */
@Injectable()
export class AlertService {
  constructor(
    private readonly repo: AlertRepository,
    private readonly publisher: AlertPublisher,
  ) {}

  async list(first: number, after: string | null, filter: AlertsFilter = {}): Promise<AlertConnection> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_ALERT_PAGE_SIZE) {
      throw new InvalidAlertInputException('first', `must be between 1 and ${MAX_ALERT_PAGE_SIZE}`, { first });
    }
    const cursor = after === null ? null : decodeAlertCursor(after);
    if (after !== null && cursor === null) throw new InvalidAlertInputException('after', 'not a valid cursor');
    const query = {
      ...(filter.status != null ? { status: filter.status } : {}),
      ...(filter.deviceId != null ? { deviceId: filter.deviceId } : {}),
      ...(filter.kind != null ? { kind: filter.kind } : {}),
      ...(filter.severity != null ? { severity: filter.severity } : {}),
    };
    const [rows, totalCount] = await Promise.all([this.repo.findPage(query, first, cursor), this.repo.count(query)]);
    const edges = rows.slice(0, first).map((row) => ({
      cursor: encodeAlertCursor({ firedAt: row.firedAt, id: row.id }),
      node: toAlert(row),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    };
  }

  async get(id: string): Promise<Alert | null> {
    if (!isUuid(id)) return null;
    const row = await this.repo.findById(id);
    return row ? toAlert(row) : null;
  }

  /**
   * firing → acknowledged. Acknowledging an acknowledged alert returns it unchanged; a resolved
   * one is a conflict. The evaluation never moves an alert back to firing: it stays
   * acknowledged until its condition clears and it resolves.
   */
  async acknowledge(id: string, by: string | null = null): Promise<Alert> {
    if (!isUuid(id)) throw new AlertNotFoundException(id);
    const row = await this.repo.acknowledge(id, by, new Date());
    if (row) {
      const alert = toAlert(row);
      await this.publisher.announce('alert.acknowledged', alert);
      return alert;
    }
    const current = await this.repo.findById(id);
    if (!current) throw new AlertNotFoundException(id);
    if (current.status === 'resolved') throw new AlertAlreadyResolvedException(id);
    return toAlert(current);
  }
}
