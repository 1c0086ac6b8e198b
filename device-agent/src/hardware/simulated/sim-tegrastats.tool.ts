import type { SimTool } from './sim-tool.types.js';

/** `tegrastats [--interval <ms>] [--verbose]`: one line per interval until killed, the first after one interval. */
export const simTegrastats: SimTool = async (args, env, io) => {
  let intervalMs = 1000;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--interval' && /^\d+$/.test(args[i + 1] ?? '')) {
      intervalMs = Math.max(1, Number(args[i + 1]));
      i += 1;
    } else if (arg !== '--verbose') {
      // Assumed wording: the real usage text is not captured.
      io.write('stderr', `tegrastats: unrecognised option '${arg ?? ''}'\n`);
      return { exitCode: 1 };
    }
  }
  env.device.startTegrastats();
  for (;;) {
    await io.sleep(intervalMs / 1000);
    io.sync();
    io.write('stdout', `${env.device.tegrastatsLine({ root: env.root })}\n`);
  }
};
