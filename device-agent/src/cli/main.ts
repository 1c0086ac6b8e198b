import { runEnroll } from './enroll.command.js';
import { runEvalAp50 } from './eval-ap50.command.js';
import { runFleet } from './fleet.command.js';
import { runParse } from './parse.command.js';
import { runAgent } from './run.command.js';

const USAGE = `usage: jetfleet-agent [run] [--credentials F] run one agent (configured by environment and F)
       jetfleet-agent enroll --url U --token T --device-id ID --out F   get broker credentials, save to F
       jetfleet-agent fleet --devices N     run N simulated agents in one process
       jetfleet-agent parse tegrastats|nvpmodel|trtexec [--module ID] < output   tool output → JSON
       jetfleet-agent eval-ap50 --gt gt.json --dets dets.json                   COCO AP@0.5`;

const [command = 'run', ...rest] = process.argv.slice(2);
let code: number;
switch (command) {
  case 'run':
    code = await runAgent(process.env, rest);
    break;
  case 'enroll':
    code = await runEnroll(rest);
    break;
  case 'fleet':
    code = await runFleet(rest);
    break;
  case 'parse':
    code = await runParse(rest, process.stdin, process.stdout);
    break;
  case 'eval-ap50':
    code = await runEvalAp50(rest, process.stdout);
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
