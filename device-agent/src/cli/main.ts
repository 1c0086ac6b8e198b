import { runFleet } from './fleet.command.js';
import { runAgent } from './run.command.js';

const USAGE = `usage: jetfleet-agent [run]                 run one agent (configured by environment)
       jetfleet-agent fleet --devices N     run N simulated agents in one process`;

const [command = 'run', ...rest] = process.argv.slice(2);
let code: number;
switch (command) {
  case 'run':
    code = await runAgent(process.env);
    break;
  case 'fleet':
    code = await runFleet(rest);
    break;
  case '-h':
  case '--help':
    console.log(USAGE);
    code = 0;
    break;
  default:
    console.error(`unknown command "${command}"\n${USAGE}`);
    code = 2;
}
process.exitCode = code;
