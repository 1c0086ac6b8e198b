/**
 * Which fields of a message to look at. A field mapped to a plan is descended into; one mapped
 * to `{ capture }` is handed to the caller (a length-delimited field as its bytes, up to `capture`
 * bytes; with `varint: true`, a varint field as a bigint); every other field is skipped without
 * being buffered. A planned field with another wire type is an error.
 */
export interface ScanPlan {
  readonly [field: number]: ScanPlan | CapturePlan;
}

export interface CapturePlan {
  readonly capture: number;
  readonly varint?: boolean;
}

export interface ScanEvents {
  /** A captured field; `path` holds the field numbers from the root message down to it. */
  field(path: readonly number[], value: bigint | Uint8Array): void;
  /** A descended-into message begins. */
  message?(path: readonly number[]): void;
}

export class ProtobufScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
    this.name = 'ProtobufScanError';
  }
}

interface Frame {
  plan: ScanPlan;
  /** Absolute offset where this message ends; Infinity for the root. */
  end: number;
  path: readonly number[];
}

type State =
  | { at: 'tag' }
  | { at: 'varint'; field: number; capture: boolean }
  | { at: 'length'; field: number; target: ScanPlan | CapturePlan | undefined }
  | { at: 'skip'; remaining: number }
  | { at: 'capture'; field: number; buffer: Uint8Array; filled: number };

const isCapture = (p: ScanPlan | CapturePlan | undefined): p is CapturePlan =>
  p !== undefined && typeof (p as CapturePlan).capture === 'number';
const MAX_VARINT_BYTES = 10;
const MAX_FIELD_NUMBER = 2 ** 29 - 1;

/**
 * A push parser for the protobuf wire format: it walks a message as its bytes arrive, in chunks
 * of any size, and keeps only what the plan asks for, so a multi-gigabyte ONNX file is checked
 * while it streams to disk without being held in memory. Structural errors (bad wire types, a
 * field overrunning its message, a file ending mid-field) throw `ProtobufScanError`.
 */
export class ProtobufScanner {
  private readonly frames: Frame[];
  private state: State = { at: 'tag' };
  private offset = 0;
  private varint = 0n;
  private varintBytes = 0;

  constructor(
    plan: ScanPlan,
    private readonly events: ScanEvents,
  ) {
    this.frames = [{ plan, end: Infinity, path: [] }];
  }

  get bytesRead(): number {
    return this.offset;
  }

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      const state = this.state;
      switch (state.at) {
        case 'tag':
        case 'varint':
        case 'length': {
          if (state.at === 'tag') this.closeFinishedFrames();
          const byte = chunk[i++] as number;
          this.offset++;
          this.checkInsideFrame();
          if (this.varintBytes === MAX_VARINT_BYTES) throw new ProtobufScanError('malformed varint', this.offset);
          this.varint |= BigInt(byte & 0x7f) << BigInt(7 * this.varintBytes++);
          if (byte & 0x80) break;
          const value = this.varint;
          this.varint = 0n;
          this.varintBytes = 0;
          this.onVarint(state, value);
          break;
        }
        case 'skip': {
          const n = Math.min(state.remaining, chunk.length - i);
          i += n;
          this.offset += n;
          state.remaining -= n;
          if (state.remaining === 0) this.state = { at: 'tag' };
          break;
        }
        case 'capture': {
          const n = Math.min(state.buffer.length - state.filled, chunk.length - i);
          state.buffer.set(chunk.subarray(i, i + n), state.filled);
          state.filled += n;
          i += n;
          this.offset += n;
          if (state.filled === state.buffer.length) {
            this.state = { at: 'tag' };
            this.events.field([...this.top().path, state.field], state.buffer);
          }
          break;
        }
        default:
          state satisfies never;
      }
    }
  }

  /** Declares the input complete; throws if it ended inside a field or a message. */
  finish(): void {
    if (this.state.at !== 'tag' || this.varintBytes > 0) {
      throw new ProtobufScanError('input ends in the middle of a field (truncated?)', this.offset);
    }
    this.closeFinishedFrames();
    if (this.frames.length > 1) {
      const path = this.top().path.join('.');
      throw new ProtobufScanError(`input ends inside the message at field path ${path} (truncated?)`, this.offset);
    }
  }

  private onVarint(state: Exclude<State, { at: 'skip' | 'capture' }>, value: bigint): void {
    switch (state.at) {
      case 'tag':
        this.onTag(value);
        return;
      case 'varint':
        this.state = { at: 'tag' };
        if (state.capture) this.events.field([...this.top().path, state.field], value);
        return;
      case 'length':
        this.onLength(state.field, state.target, value);
        return;
      default:
        state satisfies never;
    }
  }

  private onTag(tag: bigint): void {
    const field = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (field === 0 || field > MAX_FIELD_NUMBER) {
      throw new ProtobufScanError(`invalid field number ${field}`, this.offset);
    }
    const target = this.top().plan[field];
    const mismatch = (): ProtobufScanError =>
      new ProtobufScanError(`field ${field} has wire type ${wireType}, not the one its message defines`, this.offset);
    switch (wireType) {
      case 0:
        if (target !== undefined && !(isCapture(target) && target.varint)) throw mismatch();
        this.state = { at: 'varint', field, capture: target !== undefined };
        return;
      case 1:
      case 5:
        if (target !== undefined) throw mismatch();
        this.state = { at: 'skip', remaining: wireType === 1 ? 8 : 4 };
        this.checkFits(wireType === 1 ? 8 : 4, field);
        return;
      case 2:
        if (isCapture(target) && target.varint) throw mismatch();
        this.state = { at: 'length', field, target };
        return;
      default:
        throw new ProtobufScanError(`field ${field} uses wire type ${wireType}, which is not valid here`, this.offset);
    }
  }

  private onLength(field: number, target: ScanPlan | CapturePlan | undefined, length: bigint): void {
    if (length > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProtobufScanError('length out of range', this.offset);
    const n = Number(length);
    this.checkFits(n, field);
    if (target === undefined) {
      this.state = n === 0 ? { at: 'tag' } : { at: 'skip', remaining: n };
    } else if (isCapture(target)) {
      if (n > target.capture) {
        throw new ProtobufScanError(
          `field ${field} is ${n} bytes, more than the ${target.capture} expected`,
          this.offset,
        );
      }
      if (n === 0) {
        this.state = { at: 'tag' };
        this.events.field([...this.top().path, field], new Uint8Array(0));
      } else {
        this.state = { at: 'capture', field, buffer: new Uint8Array(n), filled: 0 };
      }
    } else {
      const path = [...this.top().path, field];
      this.frames.push({ plan: target, end: this.offset + n, path });
      this.events.message?.(path);
      this.state = { at: 'tag' };
    }
  }

  private checkFits(n: number, field: number): void {
    if (this.offset + n > this.top().end) {
      throw new ProtobufScanError(`field ${field} (${n} bytes) runs past the end of its message`, this.offset);
    }
  }

  private checkInsideFrame(): void {
    if (this.offset > this.top().end) {
      throw new ProtobufScanError('a varint runs past the end of its message', this.offset);
    }
  }

  private closeFinishedFrames(): void {
    while (this.frames.length > 1 && this.top().end === this.offset) this.frames.pop();
  }

  private top(): Frame {
    return this.frames[this.frames.length - 1] as Frame;
  }
}
