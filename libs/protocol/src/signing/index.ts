export * from './envelope.schema.js';
export * from './signing-input.util.js';
export * from './signing-keys.util.js';
export * from './sign-envelope.js';
export * from './open-envelope.js';
