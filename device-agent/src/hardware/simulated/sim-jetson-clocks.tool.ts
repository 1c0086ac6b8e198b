import type { SimTool } from './sim-tool.types.js';

/** jetson_clocks' default store file under sudo (`${HOME}/l4t_dfs.conf`). */
const DEFAULT_STORE = '/root/l4t_dfs.conf';

/**
 * `jetson_clocks [--show | --store [file] | --restore [file] | --fan]`. Messages for the failure cases are not
 * captured in the reference; the wording here is assumed.
 */
export const simJetsonClocks: SimTool = (args, env, io) => {
  const done = (exitCode: number, stderr?: string): Promise<{ exitCode: number }> => {
    if (stderr !== undefined) io.write('stderr', `${stderr}\n`);
    return Promise.resolve({ exitCode });
  };
  if (!env.root) return done(1, 'Error: jetson_clocks must be run as root');
  const [action, file = DEFAULT_STORE, ...rest] = args;
  if (rest.length > 0) return done(1, `Error: unexpected argument ${rest.join(' ')}`);
  switch (action) {
    case undefined:
      env.device.setJetsonClocks(true);
      return done(0);
    case '--fan':
      return done(0);
    case '--show':
      if (args.length > 1) return done(1, `Error: unexpected argument ${args.slice(1).join(' ')}`);
      io.write('stdout', env.device.jetsonClocksShow());
      return done(0);
    case '--store':
      env.board.storedClocks.set(file, env.device.isPinned);
      return done(0);
    case '--restore': {
      const pinned = env.board.storedClocks.get(file);
      if (pinned === undefined) return done(1, `Error: ${file} not found. Use --store first.`);
      env.device.setJetsonClocks(pinned);
      return done(0);
    }
    default:
      return done(1, `Error: unknown option ${action}`);
  }
};
