import { isModuleId, parseNvpmodelQuery, parseTegrastatsLine, parseTrtexecLog, type ModuleId } from '@jetfleet/jetson';
import { parseArgs } from 'node:util';
import { readStream } from './read-stream.js';

const TOOLS = ['tegrastats', 'nvpmodel', 'trtexec'] as const;
type Tool = (typeof TOOLS)[number];

/**
 * `jetfleet-agent parse <tool> [--module ID]`: tool output on stdin → JSON on stdout, through the
 * same parsers the agent uses. tegrastats gives one object per line (JSON Lines).
 */
export async function runParse(
  argv: string[],
  stdin: NodeJS.ReadableStream,
  out: NodeJS.WritableStream,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { module: { type: 'string' } },
  });
  const tool = positionals[0];
  if (!tool || !(TOOLS as readonly string[]).includes(tool)) {
    console.error(`usage: jetfleet-agent parse ${TOOLS.join('|')} [--module ID] < output.txt`);
    return 2;
  }
  let module: ModuleId | undefined;
  if (values.module !== undefined) {
    if (!isModuleId(values.module)) {
      console.error(`--module: unknown module "${values.module}"`);
      return 2;
    }
    module = values.module;
  }
  const text = await readStream(stdin);
  switch (tool as Tool) {
    case 'tegrastats':
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        out.write(`${JSON.stringify(parseTegrastatsLine(line, module ? { module } : {}))}\n`);
      }
      return 0;
    case 'nvpmodel': {
      // A query with no mode is still a successful parse: the `error` field carries it.
      out.write(`${JSON.stringify(parseNvpmodelQuery(text))}\n`);
      return 0;
    }
    case 'trtexec':
      out.write(`${JSON.stringify(parseTrtexecLog(text))}\n`);
      return 0;
  }
}
