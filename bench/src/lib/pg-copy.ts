import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import type pg from 'pg';

/** The parts of pg's Connection a COPY FROM STDIN needs; present in pg 8 but not in @types/pg. */
interface CopyConnection {
  stream: Duplex;
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(msg: string): void;
}

/**
 * `COPY … FROM STDIN` over a pg client, through pg's documented custom-query (Submittable)
 * interface: the same mechanism the pg-copy-streams package uses, in a few lines, because that
 * package is not installed here. `produce` is called with a `send` that respects back-pressure.
 */
export class CopyFromStdin implements pg.Submittable {
  private error: Error | null = null;
  private rowCount = 0;
  private settle!: { resolve: (rows: number) => void; reject: (err: Error) => void };
  readonly done: Promise<number>;

  constructor(
    private readonly text: string,
    private readonly produce: (send: (chunk: Buffer) => Promise<void>) => Promise<void>,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  submit(connection: pg.Connection): void {
    (connection as unknown as CopyConnection).query(this.text);
  }

  handleCopyInResponse(connection: pg.Connection): void {
    const c = connection as unknown as CopyConnection;
    const send = async (chunk: Buffer): Promise<void> => {
      c.sendCopyFromChunk(chunk);
      if (c.stream.writableNeedDrain) await once(c.stream, 'drain');
    };
    this.produce(send).then(
      () => c.endCopyFrom(),
      (err: Error) => c.sendCopyFail(err.message),
    );
  }

  handleCommandComplete(msg: { text?: string }): void {
    this.rowCount = Number(/(\d+)$/.exec(msg.text ?? '')?.[1] ?? 0);
  }

  handleReadyForQuery(): void {
    if (this.error) this.settle.reject(this.error);
    else this.settle.resolve(this.rowCount);
  }

  handleError(err: Error): void {
    this.error = err;
  }

  // Not sent during COPY FROM; pg calls them only for other statements.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPE = /[\\\t\n\r]/g;
const escapeChar = (ch: string): string => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r');

/** One value in COPY's text format. */
export function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  if (v instanceof Date) return v.toISOString();
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPE, escapeChar) : s;
}
