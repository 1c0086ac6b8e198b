import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Ap50Error, computeAp50 } from '@jetfleet/jetson';

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`${what}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, {
      cause: err,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`${what}: ${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}

/** `jetfleet-agent eval-ap50 --gt gt.json --dets dets.json` → `{"ap50": …, "perCategory": {…}}`. */
export async function runEvalAp50(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { gt: { type: 'string' }, dets: { type: 'string' } } });
  if (!values.gt || !values.dets) {
    console.error('usage: jetfleet-agent eval-ap50 --gt ground-truth.json --dets detections.json');
    return 2;
  }
  try {
    const [gt, dets] = await Promise.all([readJson(values.gt, '--gt'), readJson(values.dets, '--dets')]);
    const result = computeAp50(gt, dets);
    out.write(`${JSON.stringify({ ap50: result.ap50, perCategory: result.perCategory })}\n`);
    return 0;
  } catch (err) {
    console.error(err instanceof Ap50Error ? `invalid input (${err.code}): ${err.message}` : (err as Error).message);
    return 1;
  }
}
