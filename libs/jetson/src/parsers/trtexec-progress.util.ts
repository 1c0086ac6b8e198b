import { toLines } from './text-lines.util.js';

export type TrtexecPhase =
  'starting' | 'parsing' | 'building' | 'built' | 'loaded' | 'inference' | 'summary' | 'passed' | 'failed';

/** Markers in log order (reference §5.1); the latest one seen wins. */
const PHASE_MARKERS: readonly { phase: TrtexecPhase; pattern: RegExp }[] = [
  { phase: 'parsing', pattern: /Start parsing network model/ },
  { phase: 'building', pattern: /Finish parsing network model/ },
  { phase: 'built', pattern: /Engine built in/ },
  { phase: 'loaded', pattern: /Engine (?:loaded|deserialized) in/ },
  { phase: 'inference', pattern: /Starting inference/ },
  { phase: 'summary', pattern: /=== Performance summary ===/ },
  { phase: 'passed', pattern: /^&&&&\s+PASSED/ },
  { phase: 'failed', pattern: /^&&&&\s+FAILED/ },
];

/** Where a (possibly still running) trtexec log has got to; builds are silent for minutes after `building`. */
export function trtexecPhase(text: string): TrtexecPhase {
  let phase: TrtexecPhase = 'starting';
  for (const line of toLines(text)) {
    for (const marker of PHASE_MARKERS) {
      if (marker.pattern.test(line)) phase = marker.phase;
    }
  }
  return phase;
}
