import { classifyTrtexecFailure } from './trtexec-error.util.js';
import { messageOf } from './trtexec-line.util.js';
import { TRTEXEC_NOTICE_PATTERNS } from './trtexec-notice.constant.js';
import type { TrtexecNotice, TrtexecResult } from './trtexec-result.types.js';
import { parseStatsLine } from './trtexec-stats.util.js';
import { decodeTrtVersionTag } from './trtexec-version.util.js';
import { toLines } from './text-lines.util.js';

export interface TrtexecParseOptions {
  /** Process exit status when known; 137 without a final line means the run was killed. */
  exitCode?: number | null;
}

const FINAL_LINE = /^&&&&\s+(PASSED|FAILED)\b/;
const VERSION_TAG = /\[TensorRT v(\d+)\]/;
const VERSION_LINE = /TensorRT version:\s*(\d+(?:\.\d+)*)/;
const THROUGHPUT = /(?:^|\]\s*)Throughput:\s*(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*qps/i;
const LATENCY = /(?:^|\]\s*)Latency:(.*)$/;
const GPU_COMPUTE = /(?:^|\]\s*)GPU Compute Time:(.*)$/;
const ENGINE_BUILT = /Engine built in\s*(\d+(?:\.\d+)?)\s*sec/i;
const KILLED = /(?:^|\s)Killed(?:\s|$)/;

/** A trtexec log, TensorRT 8.x or 10.x (reference §5). Never throws. */
export function parseTrtexecLog(text: string, opts: TrtexecParseOptions = {}): TrtexecResult {
  const result: TrtexecResult = {
    passed: false,
    completed: false,
    trtVersion: null,
    throughputQps: null,
    latencyMs: null,
    gpuComputeMs: null,
    engineBuildSec: null,
    errorSummary: null,
    errorKind: null,
    notices: [],
    warnings: [],
  };
  try {
    readLog(
      toLines(text).filter((line) => line !== ''),
      opts,
      result,
    );
  } catch (error) {
    result.warnings.push(`parser error: ${error instanceof Error ? error.message : String(error)}`);
  }
  return result;
}

function readLog(lines: readonly string[], opts: TrtexecParseOptions, result: TrtexecResult): void {
  if (lines.length === 0) {
    result.warnings.push('empty log');
    return;
  }
  let finalVerdict: string | null = null;
  let versionFromLine: string | null = null;
  let versionFromTag: string | null = null;
  const notices = new Set<TrtexecNotice>();
  const noticeTexts = new Set<string>();

  for (const line of lines) {
    const verdict = FINAL_LINE.exec(line)?.[1];
    if (verdict !== undefined) finalVerdict = verdict;
    const tag = VERSION_TAG.exec(line)?.[1];
    if (tag !== undefined) versionFromTag ??= decodeTrtVersionTag(tag);
    const versionText = VERSION_LINE.exec(line)?.[1];
    // 8.0 prints the integer form (`8001`) on this line too.
    if (versionText !== undefined)
      versionFromLine = versionText.includes('.') ? versionText : decodeTrtVersionTag(versionText);
    const throughput = THROUGHPUT.exec(line)?.[1];
    if (throughput !== undefined) result.throughputQps = Number(throughput);
    const latency = LATENCY.exec(line)?.[1];
    if (latency !== undefined) result.latencyMs = parseStatsLine(latency);
    const gpu = GPU_COMPUTE.exec(line)?.[1];
    if (gpu !== undefined) {
      const { mean, median, p99 } = parseStatsLine(gpu);
      result.gpuComputeMs = {
        ...(mean === undefined ? {} : { mean }),
        ...(median === undefined ? {} : { median }),
        ...(p99 === undefined ? {} : { p99 }),
      };
    }
    const built = ENGINE_BUILT.exec(line)?.[1];
    if (built !== undefined) result.engineBuildSec = Number(built);
    for (const { notice, pattern } of TRTEXEC_NOTICE_PATTERNS) {
      if (!pattern.test(line)) continue;
      notices.add(notice);
      noticeTexts.add(messageOf(line));
    }
  }

  result.trtVersion = versionFromLine ?? versionFromTag;
  result.completed = finalVerdict !== null;
  result.passed = finalVerdict === 'PASSED';
  result.notices = [...notices];
  result.warnings.push(...noticeTexts);
  if (result.passed) return;

  const killed = finalVerdict === null && (opts.exitCode === 137 || lines.slice(-3).some((line) => KILLED.test(line)));
  const failure = classifyTrtexecFailure(lines, killed);
  if (failure !== null) {
    result.errorKind = failure.kind;
    result.errorSummary = failure.summary;
    return;
  }
  const exitFailed = opts.exitCode !== undefined && opts.exitCode !== null && opts.exitCode !== 0;
  if (finalVerdict === 'FAILED' || exitFailed) {
    result.errorKind = 'other';
    result.errorSummary = 'trtexec failed without an error line';
    return;
  }
  result.warnings.push('no final &&&& PASSED/FAILED line (log incomplete?)');
}
