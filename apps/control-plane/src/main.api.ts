import { runMain } from './bootstrap.js';

await runMain('api');
