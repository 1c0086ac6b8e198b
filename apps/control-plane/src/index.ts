export { configureApp, startControlPlane, type StartedApp } from './bootstrap.js';
export type { ProcessRole } from './app.module.js';
