export { badInputCases } from './bad-inputs.js';
export type { BadInputCase } from './bad-inputs.js';
export { SPEC_HEADERS } from './expected-headers.js';
export { Client } from './http-client.js';
export type { HttpResult } from './http-client.js';
export { createTestRedis, freePort, startExample, testEnv } from './start.js';
export type { RunningExample, StartServer } from './start.js';
export { describeExampleServer } from './suite.js';
