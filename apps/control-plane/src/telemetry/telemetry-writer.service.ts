import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { TelemetrySample } from '@jetfleet/protocol';
import { AppConfig } from '../config/app-config.service.js';
import { toTelemetryRow, type TelemetryRow } from './telemetry-row.js';
import { TelemetryRepository } from './telemetry.repository.js';

export interface TelemetryWriterStats {
  accepted: number;
  written: number;
  dropped: number;
  buffered: number;
  flushErrors: number;
  lastFlushMs: number | null;
}

/**
 * Batches telemetry into PostgreSQL. Samples wait in a bounded in-memory buffer and are written
 * by one flush at a time, as soon as a batch is full or every TELEMETRY_FLUSH_MS. When the
 * database falls behind, the buffer stops at TELEMETRY_BUFFER_MAX rows and further samples are
 * dropped and counted: memory stays bounded and the loss is visible in `telemetryStats`.
 * A failed batch is retried (it stays at the head of the buffer), so a database restart loses
 * nothing that was already buffered.
 */
@Injectable()
export class TelemetryWriter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TelemetryWriter.name);
  private buffer: TelemetryRow[] = [];
  private flushing = false;
  private timer: NodeJS.Timeout | null = null;
  private backoffMs = 0;
  private pausedUntil = 0;
  private readonly stats: Omit<TelemetryWriterStats, 'buffered'> = {
    accepted: 0,
    written: 0,
    dropped: 0,
    flushErrors: 0,
    lastFlushMs: null,
  };

  constructor(
    private readonly repo: TelemetryRepository,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.config.get('TELEMETRY_FLUSH_MS'));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    // Drain what is buffered; bounded so a dead database cannot block shutdown forever.
    const deadline = Date.now() + 5000;
    while (this.buffer.length > 0 && Date.now() < deadline) {
      await this.flush();
      if (this.buffer.length > 0) await new Promise((r) => setTimeout(r, 100));
    }
  }

  enqueue(deviceId: string, samples: TelemetrySample[], receivedAt = new Date()): void {
    const room = this.config.get('TELEMETRY_BUFFER_MAX') - this.buffer.length;
    const take = Math.max(0, Math.min(room, samples.length));
    for (let i = 0; i < take; i++) this.buffer.push(toTelemetryRow(deviceId, samples[i]!, receivedAt));
    this.stats.accepted += take;
    if (take < samples.length) this.stats.dropped += samples.length - take;
    if (this.buffer.length >= this.config.get('TELEMETRY_BATCH_SIZE')) void this.flush();
  }

  snapshot(): TelemetryWriterStats {
    return { ...this.stats, buffered: this.buffer.length };
  }

  /** Writes buffered rows batch by batch; returns false if a batch failed. Never runs twice at once. */
  async flush(): Promise<boolean> {
    if (this.flushing || this.buffer.length === 0 || Date.now() < this.pausedUntil) return true;
    this.flushing = true;
    const batchSize = this.config.get('TELEMETRY_BATCH_SIZE');
    try {
      while (this.buffer.length > 0) {
        const batch = this.buffer.slice(0, batchSize);
        const started = performance.now();
        await this.repo.insertBatch(batch);
        this.buffer.splice(0, batch.length);
        this.stats.written += batch.length;
        this.stats.lastFlushMs = Math.round(performance.now() - started);
      }
      this.backoffMs = 0;
      return true;
    } catch (err) {
      this.stats.flushErrors++;
      this.backoffMs = Math.min(5000, this.backoffMs ? this.backoffMs * 2 : 100);
      this.pausedUntil = Date.now() + this.backoffMs;
      this.logger.error(
        { err },
        `telemetry flush failed; ${this.buffer.length} rows kept, retrying in ${this.backoffMs} ms`,
      );
      return false;
    } finally {
      this.flushing = false;
    }
  }
}
