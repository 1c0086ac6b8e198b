import { Ap50Error, type Ap50ErrorCode } from './ap50-error.js';
import type { CocoBox, CocoImageId } from './coco.types.js';

/** Field readers shared by the ground-truth and detection validators; each throws `Ap50Error` naming `path`. */
export class CocoReaders {
  constructor(private readonly defaultCode: Ap50ErrorCode) {}

  fail(path: string, message: string, code: Ap50ErrorCode = this.defaultCode): never {
    throw new Ap50Error(code, path, message);
  }

  record(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'must be an object');
    return value as Record<string, unknown>;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'must be an array');
    return value as unknown[];
  }

  imageId(value: unknown, path: string): CocoImageId {
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    return this.fail(path, 'must be a finite number or a non-empty string');
  }

  integer(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value)) this.fail(path, 'must be an integer');
    return value;
  }

  finite(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(path, 'must be a finite number');
    return value;
  }

  box(value: unknown, path: string): CocoBox {
    if (!Array.isArray(value) || value.length !== 4) this.fail(path, 'must be [x, y, w, h]');
    const [x, y, w, h] = (value as unknown[]).map((n, i) => this.finite(n, `${path}[${i}]`)) as [
      number,
      number,
      number,
      number,
    ];
    if (w < 0 || h < 0) this.fail(path, 'width and height must be >= 0');
    return [x, y, w, h];
  }

  crowd(value: unknown, path: string): boolean {
    if (value === undefined || value === 0 || value === false) return false;
    if (value === 1 || value === true) return true;
    return this.fail(path, 'must be 0, 1 or a boolean');
  }
}

/** Distinguishes image id `1` from `'1'`, which COCO tooling also treats as different images. */
export const imageKey = (id: CocoImageId): string => `${typeof id}:${String(id)}`;
