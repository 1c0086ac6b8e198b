export * from './catalog/index.js';
export * from './identify/index.js';
export * from './parsers/index.js';
export * from './ap50/index.js';
export * from './trtexec-args/index.js';
export * from './sim/index.js';
