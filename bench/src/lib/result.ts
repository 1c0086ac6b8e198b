import type { CpuReport } from './proc.js';

/** A second comparison inside one benchmark (e.g. the agent's memory next to its CPU). */
export interface Comparison {
  name: string;
  units: string;
  baseline: number;
  jetfleet: number;
  ratio: number;
  target?: string;
  targetMet?: boolean;
}

export interface Figure {
  label: string;
  value: number;
}

export interface BenchmarkResult {
  name: string;
  status: 'ok' | 'failed' | 'not-built';
  /** What the ratio compares, in one sentence. */
  measures: string;
  parameters: Record<string, unknown>;
  baseline: Figure | null;
  jetfleet: Figure | null;
  /** jetfleet ÷ baseline, both measured in this run on the same services. */
  ratio: number | null;
  units: string;
  target: string;
  targetMet: boolean | null;
  secondary: Comparison[];
  /** Further figures (latencies, losses, queries per request, …). */
  extra: Record<string, unknown>;
  /** CPU per component during each measured phase. */
  cpu: Record<string, CpuReport>;
  notes: string[];
  error?: string;
  durationSec: number;
}

/** What a benchmark returns; the runner adds name, status and timing. */
export type BenchmarkOutput = Omit<BenchmarkResult, 'name' | 'status' | 'durationSec' | 'error'>;
