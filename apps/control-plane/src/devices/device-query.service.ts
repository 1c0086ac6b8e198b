import { Injectable } from '@nestjs/common';
import { encodeCursor, decodeCursor } from './cursor.util.js';
import { DeviceNotFoundException, InvalidDeviceInputException } from './device.exception.js';
import { toDevice } from './device.mapper.js';
import { DeviceRepository } from './device.repository.js';
import type { DeviceConnection } from './dto/device-connection.type.js';
import type { Device } from './dto/device.type.js';
import type { DevicesFilter } from './dto/devices-filter.input.js';

export const MAX_PAGE_SIZE = 500;
const MAX_TAGS = 32;
const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:_.=-]{0,62}$/;

@Injectable()
export class DeviceQueryService {
  constructor(private readonly repo: DeviceRepository) {}

  async list(first: number, after: string | null, filter: DevicesFilter = {}): Promise<DeviceConnection> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new InvalidDeviceInputException(`first must be between 1 and ${MAX_PAGE_SIZE}`, { first });
    }
    const afterId = after === null ? null : decodeCursor(after);
    if (after !== null && afterId === null) throw new InvalidDeviceInputException('after is not a valid cursor');
    const query = {
      ...(filter.online != null ? { online: filter.online } : {}),
      ...(filter.module != null ? { module: filter.module } : {}),
      ...(filter.tag != null ? { tag: filter.tag } : {}),
    };
    const [rows, totalCount] = await Promise.all([this.repo.findPage(query, first, afterId), this.repo.count(query)]);
    const page = rows.slice(0, first);
    const edges = page.map((row) => ({ cursor: encodeCursor(row.id), node: toDevice(row) }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    };
  }

  async get(id: string): Promise<Device | null> {
    const row = await this.repo.findById(id);
    return row ? toDevice(row) : null;
  }

  async setTags(id: string, tags: string[]): Promise<Device> {
    const unique = [...new Set(tags)];
    if (unique.length > MAX_TAGS) throw new InvalidDeviceInputException(`at most ${MAX_TAGS} tags per device`);
    const bad = unique.filter((t) => !TAG_PATTERN.test(t));
    if (bad.length) {
      throw new InvalidDeviceInputException(
        `invalid tag(s): ${bad.map((t) => JSON.stringify(t)).join(', ')}; tags are 1-63 chars of [A-Za-z0-9:_.=-]`,
        { invalid: bad },
      );
    }
    const row = await this.repo.setTags(id, unique.sort());
    if (!row) throw new DeviceNotFoundException(id);
    return toDevice(row);
  }
}
