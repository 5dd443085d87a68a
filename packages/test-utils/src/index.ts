export { createTestDatabase, hasPostgresServer, withDatabase, containerRuntimeAnswers } from './database.js';
export type { TestDatabase, TestDatabaseKind } from './database.js';
export { createTestRedis } from './redis.js';
export type { TestRedis } from './redis.js';
export { startServer } from './server.js';
export type { StartedServer } from './server.js';
export { installTarballs, packPackage } from './tarball.js';
export type { InstalledProject } from './tarball.js';
