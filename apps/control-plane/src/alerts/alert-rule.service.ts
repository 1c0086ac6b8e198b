import { Injectable } from '@nestjs/common';
import { ALERT_KIND_SPECS, ALERT_KINDS } from './alert-kind.constant.js';
import { isUuid } from '../common/uuid.util.js';
import { parseAlertRuleInput, type AlertRuleInput } from './alert-rule-input.util.js';
import { AlertRuleNotFoundException } from './alert.exception.js';
import { toAlertRule } from './alert.mapper.js';
import { AlertRuleRepository } from './alert-rule.repository.js';
import type { AlertKindInfo } from './dto/alert-kind-info.type.js';
import type { AlertRule } from './dto/alert-rule.type.js';

/** Operator-configured rules. The next evaluation run picks changes up; nothing is cached. */
@Injectable()
export class AlertRuleService {
  constructor(private readonly repo: AlertRuleRepository) {}

  async list(): Promise<AlertRule[]> {
    return (await this.repo.findAll()).map(toAlertRule);
  }

  async set(input: AlertRuleInput): Promise<AlertRule> {
    return toAlertRule(await this.repo.upsert(parseAlertRuleInput(input)));
  }

  async delete(id: string): Promise<AlertRule> {
    const row = isUuid(id) ? await this.repo.delete(id) : undefined;
    if (!row) throw new AlertRuleNotFoundException(id);
    return toAlertRule(row);
  }

  kinds(): AlertKindInfo[] {
    return ALERT_KINDS.map((kind) => {
      const spec = ALERT_KIND_SPECS[kind];
      return {
        kind,
        description: spec.description,
        defaultSeverity: spec.severity,
        params: Object.entries(spec.params).map(([name, p]) => ({
          name,
          default: p.default,
          min: p.min,
          max: p.max,
          integer: p.integer ?? false,
          description: p.description,
        })),
      };
    });
  }
}
