export type { ExampleConfig } from './config.js';
export { loadConfig } from './config.js';
export type { MeResponse } from './me.js';
export { INTERNAL_ERROR_BODY, NOT_FOUND_BODY, PRIVATE_HEADERS, UNAUTHORIZED_BODY } from './me.js';
export type { ServiceOverrides, Services } from './services.js';
export { createServices } from './services.js';
export { installShutdown } from './shutdown.js';
