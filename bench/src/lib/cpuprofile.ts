import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  name: string;
  /** Share of the busy (non-idle) time spent in this function or package itself, in %. */
  selfPct: number;
}

export interface ProfileSummary {
  file: string;
  busyMs: number;
  idlePct: number;
  byPackage: HotSpot[];
  byFunction: HotSpot[];
}

/** Where a frame's code lives: an npm package, a jetfleet package, Node internals or V8. */
function packageOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0]!;
  const ours = /\/(apps\/[^/]+|libs\/[^/]+|device-agent|bench)\/(?:dist|src)\/([^/]+)/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]!.replace(/\.js$/, '')}`;
  return url;
}

/** Self time by function and by package of a V8 `.cpuprofile`, idle time excluded. */
export function summarizeProfile(file: string, top = 12): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const fnTime = new Map<string, number>();
  const pkgTime = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i]!);
    // As DevTools does: a sample stands for the time until the next one (the first delta is the
    // profiler starting up, inside the inspector call that started it).
    const dt = p.timeDeltas[i + 1] ?? 0;
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += dt;
      continue;
    }
    busy += dt;
    const short = url
      .replace(/^.*node_modules\//, '')
      .replace(/^file:\/\/.*?\/(apps|libs|device-agent|bench)\//, '$1/');
    const fname = `${functionName || '(anonymous)'} ${short ? `${short}:${lineNumber + 1}` : ''}`.trim();
    fnTime.set(fname, (fnTime.get(fname) ?? 0) + dt);
    const pkg = packageOf(url, functionName);
    pkgTime.set(pkg, (pkgTime.get(pkg) ?? 0) + dt);
  }
  const rank = (m: Map<string, number>): HotSpot[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, t]) => ({ name, selfPct: Math.round((t / Math.max(1, busy)) * 1000) / 10 }));
  return {
    file,
    busyMs: Math.round(busy / 1000),
    idlePct: Math.round((idle / Math.max(1, idle + busy)) * 1000) / 10,
    byPackage: rank(pkgTime),
    byFunction: rank(fnTime),
  };
}
