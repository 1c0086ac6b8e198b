import { socFromFamily } from '../catalog/soc-family.util.js';
import type { JetsonClocksClock, JetsonClocksCpu, JetsonClocksShow } from './jetson-clocks.types.js';
import { toLines } from './text-lines.util.js';

const HEADER = /^SOC family:\s*(\S+)(?:\s+Machine:\s*(.*))?$/i;
const ONLINE_CPUS = /^Online CPUs:\s*(.*)$/i;
const CPU_LINE = /^cpu(\d+):\s*(.*)$/i;
const CLOCK_LINE = /^(GPU|EMC)\s+(.*MinFreq=.*)$/;
const ENGINE_LINE = /^((?:DLA|PVA)\d+_[A-Z0-9_]+):\s*(.*)$/;
const ACTIVE_TPCS = /^Active GPU TPCs:\s*(\d+)/i;
const POWER_MODE = /^NV Power Mode:\s*(.+)$/;
const FAN_PWM = /(?:speed|PWM|hwmon\d+_pwm\d+)=(\d+)/;
const FAN_CONTROL = /Speed control=(\S+)/i;

/** `jetson_clocks --show` (reference §4), r32 … r39. Never throws. */
export function parseJetsonClocksShow(text: string): JetsonClocksShow {
  const result: JetsonClocksShow = {
    socFamily: null,
    soc: null,
    machine: null,
    onlineCpus: [],
    cpus: [],
    gpu: null,
    activeGpuTpcs: null,
    emc: null,
    engines: {},
    fan: null,
    powerModeName: null,
    pinned: false,
    warnings: [],
  };
  try {
    for (const line of toLines(text)) readLine(line, result);
    finish(result);
  } catch (error) {
    result.warnings.push(`parser error: ${error instanceof Error ? error.message : String(error)}`);
  }
  return result;
}

function readLine(line: string, result: JetsonClocksShow): void {
  if (line === '') return;
  const header = HEADER.exec(line);
  if (header !== null) {
    result.socFamily = header[1] ?? null;
    result.soc = socFromFamily(result.socFamily ?? '');
    result.machine = header[2]?.trim() || null;
    return;
  }
  const online = ONLINE_CPUS.exec(line);
  if (online !== null) {
    // r39: `Online CPUs: 0-5, Offline CPUs: `.
    result.onlineCpus = parseCpuList((online[1] ?? '').split(/Offline CPUs:/i)[0] ?? '');
    return;
  }
  const cpu = CPU_LINE.exec(line);
  if (cpu !== null) {
    result.cpus.push(readCpu(Number(cpu[1]), cpu[2] ?? ''));
    return;
  }
  const clock = CLOCK_LINE.exec(line);
  if (clock !== null) {
    const fields = readFields(clock[2] ?? '');
    const values = readClock(fields);
    if (clock[1] === 'GPU') result.gpu = values;
    else result.emc = { ...values, freqOverride: flag(fields.FreqOverride) };
    return;
  }
  const engine = ENGINE_LINE.exec(line);
  if (engine?.[1] !== undefined) {
    result.engines[engine[1]] = readClock(readFields(engine[2] ?? ''));
    return;
  }
  const tpcs = ACTIVE_TPCS.exec(line);
  if (tpcs !== null) {
    result.activeGpuTpcs = Number(tpcs[1]);
    return;
  }
  const mode = POWER_MODE.exec(line);
  if (mode !== null) {
    result.powerModeName = mode[1]?.trim() ?? null;
    return;
  }
  if (/^fan\b/i.test(line)) {
    const pwm = FAN_PWM.exec(line)?.[1];
    const control = FAN_CONTROL.exec(line)?.[1] ?? null;
    // r39 repeats the FAN line with `_enable=1`; keep the first reading.
    result.fan ??= { pwm: pwm === undefined ? null : Number(pwm), control };
    return;
  }
  if (/^CPU Cluster Switching:/i.test(line)) return;
  result.warnings.push(`unrecognised line "${line}"`);
}

function readFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of text.matchAll(/([A-Za-z0-9_]+)=(\S*)/g)) {
    if (match[1] !== undefined) fields[match[1]] = match[2] ?? '';
  }
  return fields;
}

function readCpu(id: number, text: string): JetsonClocksCpu {
  const fields = readFields(text);
  const idleText = /IdleStates:\s*(.*)$/.exec(text)?.[1] ?? '';
  const idleStates: Record<string, number> = {};
  for (const [name, value] of Object.entries(readFields(idleText))) {
    const number = toNumber(value);
    if (number !== null) idleStates[name] = number;
  }
  return {
    id,
    online: flag(fields.Online),
    governor: fields.Governor || null,
    minKHz: toNumber(fields.MinFreq),
    maxKHz: toNumber(fields.MaxFreq),
    currentKHz: toNumber(fields.CurrentFreq),
    idleStates,
  };
}

function readClock(fields: Record<string, string>): JetsonClocksClock {
  return {
    online: flag(fields.Online),
    minHz: toNumber(fields.MinFreq),
    maxHz: toNumber(fields.MaxFreq),
    currentHz: toNumber(fields.CurrentFreq),
  };
}

/** `0-3`, `0,3-5` → [0,1,2,3] / [0,3,4,5]. */
function parseCpuList(text: string): number[] {
  const cpus: number[] = [];
  for (const part of text.split(',')) {
    const range = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (range?.[1] === undefined) continue;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    for (let cpu = from; cpu <= to && cpu - from < 1024; cpu += 1) cpus.push(cpu);
  }
  return cpus;
}

function finish(result: JetsonClocksShow): void {
  // AGX Orin prints cpu0, cpu1, cpu10, cpu11, cpu2 …
  result.cpus.sort((a, b) => a.id - b.id);
  const onlineSet = new Set(result.onlineCpus);
  for (const cpu of result.cpus) {
    if (cpu.online === null && result.onlineCpus.length > 0) cpu.online = onlineSet.has(cpu.id);
  }
  if (result.socFamily === null) result.warnings.push('no "SOC family:" line');
  if (result.cpus.length === 0) result.warnings.push('no cpu lines');
  for (const cpu of result.cpus) {
    if (cpu.maxKHz === null || cpu.currentKHz === null) result.warnings.push(`cpu${cpu.id} line incomplete`);
  }
  if (result.gpu === null) result.warnings.push('no GPU line');
  const samePinned = (min: number | null, max: number | null, current: number | null): boolean =>
    min !== null && min === max && max === current;
  const onlineCpus = result.cpus.filter((cpu) => cpu.online !== false);
  result.pinned =
    onlineCpus.length > 0 &&
    onlineCpus.every((cpu) => samePinned(cpu.minKHz, cpu.maxKHz, cpu.currentKHz)) &&
    result.gpu !== null &&
    samePinned(result.gpu.minHz, result.gpu.maxHz, result.gpu.currentHz);
}

const toNumber = (value: string | undefined): number | null => {
  if (value === undefined || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
};

const flag = (value: string | undefined): boolean | null => (value === undefined ? null : value === '1');
