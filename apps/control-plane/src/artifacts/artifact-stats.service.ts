import { Injectable, Logger } from '@nestjs/common';

export type Direction = 'upload' | 'download';

/**
 * Counts this process's artifact transfers and refusals by reason (`artifactStats` query). Every
 * refusal is also logged, with a cap per minute so a misconfigured fleet cannot flood the logs.
 */
@Injectable()
export class ArtifactStatsService {
  private readonly logger = new Logger('Artifacts');
  private readonly refused: Record<Direction, Map<string, number>> = { upload: new Map(), download: new Map() };
  private uploads = 0;
  private uploadedBytes = 0;
  private downloads = 0;
  private windowStart = 0;
  private logged = 0;

  countUpload(sizeBytes: number): void {
    this.uploads++;
    this.uploadedBytes += sizeBytes;
  }

  countDownload(): void {
    this.downloads++;
  }

  countRefusal(direction: Direction, reason: string, message: string): void {
    const counts = this.refused[direction];
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
    const now = Date.now();
    if (now - this.windowStart > 60_000) {
      this.windowStart = now;
      this.logged = 0;
    }
    if (this.logged++ < 20) this.logger.warn({ reason, direction }, `${direction} refused: ${message}`);
  }

  snapshot() {
    const list = (m: Map<string, number>) => [...m].map(([key, count]) => ({ key, count }));
    return {
      uploadsAccepted: this.uploads,
      bytesAccepted: this.uploadedBytes,
      uploadsRefused: list(this.refused.upload),
      downloadsServed: this.downloads,
      downloadsRefused: list(this.refused.download),
    };
  }
}
