import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ProfileSummary } from './cpuprofile.js';
import type { MachineInfo } from './proc.js';
import type { BenchmarkResult } from './result.js';
import { RESULTS_DIR } from './paths.js';

export interface RunReport {
  startedAt: string;
  finishedAt: string;
  durationSec: number;
  command: string;
  size: string;
  machine: MachineInfo;
  benchmarks: BenchmarkResult[];
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export function writeReport(report: RunReport): { json: string; md: string } {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = path.join(RESULTS_DIR, 'latest.json');
  const md = path.join(RESULTS_DIR, 'latest.md');
  writeAtomic(json, `${JSON.stringify(report, null, 2)}\n`);
  writeAtomic(md, toMarkdown(report));
  return { json, md };
}

const fmt = (v: unknown): string => {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 'n/a';
    if (Math.abs(v) >= 100) return Math.round(v).toLocaleString('en-US');
    return String(Math.round(v * 1000) / 1000);
  }
  if (v === null || v === undefined) return 'n/a';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
};

const met = (v: boolean | null | undefined): string => (v === true ? 'yes' : v === false ? '**no**' : '–');

/** Flattens nested extra figures to `a.b.c: value` lines. */
function flatten(obj: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) out.push(...flatten(v as Record<string, unknown>, key));
    else out.push([key, v]);
  }
  return out;
}

export function toMarkdown(r: RunReport): string {
  const m = r.machine;
  const lines: string[] = [
    '# Benchmark results',
    '',
    `Run \`${r.command}\` (size \`${r.size}\`) from ${r.startedAt} to ${r.finishedAt} (${Math.round(r.durationSec)} s).`,
    '',
    `Machine: ${m.nproc} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, PostgreSQL ${m.postgres}, ` +
      `Mosquitto ${m.mosquitto}, ${m.os}; load average ${m.loadAverage1m} at the start.`,
    '',
    'Each ratio is jetfleet ÷ baseline, both measured in this run on the same services (see docs/benchmarks.md).',
    '',
    '| benchmark | baseline | jetfleet | ratio | units | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const b of r.benchmarks) {
    if (b.status !== 'ok') {
      lines.push(
        `| ${b.name} | – | – | – | – | ${b.target} | ${b.status}${b.error ? `: ${b.error.split('\n')[0]}` : ''} |`,
      );
      continue;
    }
    lines.push(
      `| ${b.name} | ${fmt(b.baseline?.value)} | ${fmt(b.jetfleet?.value)} | **${fmt(b.ratio)}** | ${b.units} | ${b.target} | ${met(b.targetMet)} |`,
    );
    for (const s of b.secondary) {
      lines.push(
        `| ${b.name}: ${s.name} | ${fmt(s.baseline)} | ${fmt(s.jetfleet)} | **${fmt(s.ratio)}** | ${s.units} | ${s.target ?? '–'} | ${met(s.targetMet)} |`,
      );
    }
  }
  for (const b of r.benchmarks) {
    lines.push('', `## ${b.name}`, '');
    if (b.measures) lines.push(b.measures, '');
    if (b.status === 'not-built') {
      lines.push(`Not measured: ${b.notes.join(' ')}`);
      continue;
    }
    if (b.status === 'failed') {
      lines.push('Failed:', '', '```', b.error ?? 'unknown error', '```');
      continue;
    }
    lines.push(
      `- baseline: ${b.baseline?.label} = **${fmt(b.baseline?.value)}** ${b.units}`,
      `- jetfleet: ${b.jetfleet?.label} = **${fmt(b.jetfleet?.value)}** ${b.units}`,
      `- ratio: **${fmt(b.ratio)}** (target ${b.target}: ${met(b.targetMet)})`,
      `- parameters: ${Object.entries(b.parameters)
        .map(([k, v]) => `${k}=${fmt(v)}`)
        .join(', ')}`,
      `- took ${Math.round(b.durationSec)} s`,
    );
    const extra = flatten(b.extra).filter(([k]) => !k.startsWith('profiles'));
    if (extra.length) {
      lines.push('', '| figure | value |', '| --- | --- |');
      for (const [k, v] of extra) lines.push(`| ${k} | ${fmt(v)} |`);
    }
    const phases = Object.entries(b.cpu);
    if (phases.length) {
      const comps = [...new Set(phases.flatMap(([, c]) => Object.keys(c.cores)))];
      lines.push(
        '',
        'CPU during each measured phase, in cores busy on average (1.0 = one core saturated); other = every other process on the machine (other users included), machine = all of it:',
        '',
        `| phase | wall s | ${comps.join(' | ')} | other | machine (of ${phases[0]![1].machineCoresAvailable}) |`,
        `| --- | --- | ${comps.map(() => '---').join(' | ')} | --- | --- |`,
      );
      for (const [phase, c] of phases) {
        lines.push(
          `| ${phase} | ${fmt(c.wallSec)} | ${comps.map((k) => fmt(c.cores[k])).join(' | ')} | ${fmt(c.otherCores)} | ${fmt(c.machineCores)} |`,
        );
      }
    }
    const profiles = Object.entries((b.extra.profiles ?? {}) as Record<string, ProfileSummary>);
    for (const [label, p] of profiles) {
      lines.push(
        '',
        `CPU profile of ${label} (${fmt(p.busyMs)} ms busy, ${p.idlePct} % idle), self time by package: ` +
          p.byPackage.map((h) => `${h.name} ${h.selfPct} %`).join(', ') +
          '; top functions: ' +
          p.byFunction
            .slice(0, 8)
            .map((h) => `\`${h.name}\` ${h.selfPct} %`)
            .join(', ') +
          '.',
      );
    }
    if (b.notes.length) lines.push('', ...b.notes.map((n) => `- ${n}`));
  }
  return `${lines.join('\n')}\n`;
}
