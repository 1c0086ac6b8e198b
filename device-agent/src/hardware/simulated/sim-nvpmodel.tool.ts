import type { SimTool } from './sim-tool.types.js';

// Assumed wording: the real usage text is not captured.
const USAGE = 'Usage: nvpmodel [-m <mode_id>] [-q] [-p] [-f <conf>] [-d <fan_mode>] [--verbose]\n';

/**
 * `nvpmodel -q [--verbose]` and `nvpmodel -m <id>`. stdin is /dev/null, not a terminal, so a mode that needs a
 * reboot gets the no-TTY answer (reference §3.3): warnings, `bad input!`, mode unchanged.
 */
export const simNvpmodel: SimTool = (args, env, io) => {
  const flags = new Set(args.filter((arg) => arg === '-q' || arg === '--verbose'));
  if (flags.has('-q') && args.length === flags.size) {
    io.write('stdout', env.device.nvpmodelQuery({ verbose: flags.has('--verbose') }));
    return Promise.resolve({ exitCode: 0 });
  }
  const modeIndex = args.indexOf('-m');
  const mode = modeIndex === -1 ? undefined : args[modeIndex + 1];
  if (mode !== undefined && /^\d+$/.test(mode) && args.length === 2) {
    const result = env.device.nvpmodelSet(Number(mode), { tty: false, root: env.root });
    io.write('stdout', result.output);
    return Promise.resolve({ exitCode: result.exitCode });
  }
  io.write('stderr', USAGE);
  return Promise.resolve({ exitCode: 1 });
};
