import { Injectable } from '@nestjs/common';
import type { ReportedState } from '@jetfleet/protocol';
import { InvalidPowerModeRequestException } from './power-mode.exception.js';
import { DeviceTargetRepository, type TargetSelector } from './device-target.repository.js';
import { DesiredStatePublisher } from './desired-state.publisher.js';
import { DesiredStateRepository } from './desired-state.repository.js';
import { resolveModeFor } from './power-mode.util.js';
import {
  PowerModeDeviceState,
  PowerModeRequestRepository,
  type PowerModeRequestRow,
} from './power-mode-request.repository.js';

/**
 * Fleet power-mode changes outside any rollout. Each device's mode name is resolved for its module
 * (ids are not portable); modules without the mode, and modes needing a reboot without
 * `allowReboot`, are refused per device. A device is confirmed only by its own `nvpmodel -q`
 * report of the mode id, not by having received the document.
 */
@Injectable()
export class PowerModeService {
  constructor(
    private readonly requests: PowerModeRequestRepository,
    private readonly targets: DeviceTargetRepository,
    private readonly desired: DesiredStateRepository,
    private readonly publisher: DesiredStatePublisher,
  ) {}

  async setPowerMode(
    selector: TargetSelector & { allDevices?: boolean },
    mode: string,
    allowReboot: boolean,
    createdBy: string | null,
  ): Promise<PowerModeRequestRow> {
    const name = mode.trim();
    if (!name || name.length > 64) throw new InvalidPowerModeRequestException('mode must be 1–64 characters');
    const { allDevices, ...criteria } = selector;
    if (criteria.hardwareClasses?.length) {
      throw new InvalidPowerModeRequestException('selector.hardwareClasses needs a recipe; use modules or tags');
    }
    if (!criteria.deviceIds?.length && !criteria.modules?.length && !criteria.tags?.length && !allDevices) {
      throw new InvalidPowerModeRequestException('selector: name devices, modules or tags, or set allDevices');
    }
    const devices = await this.targets.select(criteria);
    if (devices.length === 0) throw new InvalidPowerModeRequestException('the selector matches no devices');
    const now = new Date();
    const plan = devices.map((d) => ({ device: d, resolution: resolveModeFor(d.module, name, allowReboot) }));
    if (plan.every((p) => !p.resolution.ok)) {
      const reasons = [...new Set(plan.map((p) => (p.resolution.ok ? '' : p.resolution.reason)))];
      throw new InvalidPowerModeRequestException(
        `power mode refused for every selected device: ${reasons.join('; ')}`,
        {
          reasons,
        },
      );
    }
    const { request, stored } = await this.desired.transaction(async (tx) => {
      const request = await this.requests.insert(
        { mode: name, allowReboot, selector: selector as Record<string, unknown>, createdBy, createdAt: now },
        plan.map((p) => ({
          deviceId: p.device.id,
          modeId: p.resolution.ok ? p.resolution.mode.id : null,
          state: p.resolution.ok ? PowerModeDeviceState.Pending : PowerModeDeviceState.Refused,
          reason: p.resolution.ok ? null : p.resolution.reason,
          updatedAt: now,
        })),
        tx,
      );
      const stored = await this.desired.writeMany(
        plan.flatMap((p) =>
          p.resolution.ok ? [{ deviceId: p.device.id, patch: { powerMode: p.resolution.mode } }] : [],
        ),
        now,
        tx,
      );
      await this.requests.setRevs(request.id, stored, tx);
      return { request, stored };
    });
    await this.publisher.publish(stored);
    return request;
  }

  /** Confirms or fails pending changes from what the device reports about the rev that carried them. */
  async onReported(deviceId: string, report: ReportedState): Promise<void> {
    const reached = Math.max(report.appliedRev, report.targetRev ?? 0);
    const pending = await this.requests.pendingUpTo(deviceId, reached);
    if (pending.length === 0) return;
    const code = report.error?.code;
    if (code === 'reboot_required' || code === 'power_mode_failed' || code === 'power_mode_unknown') {
      const state = code === 'reboot_required' ? PowerModeDeviceState.RebootRequired : PowerModeDeviceState.Failed;
      await this.requests.settle(
        pending.map((p) => p.requestId),
        deviceId,
        state,
        report.error?.message ?? code,
      );
      return;
    }
    const confirmed = pending.filter((p) => p.modeId !== null && p.modeId === report.powerModeId);
    await this.requests.settle(
      confirmed.map((p) => p.requestId),
      deviceId,
      PowerModeDeviceState.Applied,
      null,
    );
    // The device finished the rev but runs another mode: it did not take (and said nothing why).
    const finished = report.appliedRev >= Math.max(...pending.map((p) => p.desiredRev ?? 0));
    const unconfirmed = pending.filter((p) => !confirmed.includes(p));
    if (finished && unconfirmed.length && (report.phase === 'healthy' || report.phase === 'idle')) {
      await this.requests.settle(
        unconfirmed.map((p) => p.requestId),
        deviceId,
        PowerModeDeviceState.Failed,
        `device reports ${report.powerMode ?? 'no'} mode (id ${report.powerModeId ?? '?'})`,
      );
    }
  }
}
