export { chromiumLaunchOptions } from './chromium.js';
export type { TestDatabase, TestDatabaseKind } from './database.js';
export { containerRuntimeAnswers, createTestDatabase, hasPostgresServer, withDatabase } from './database.js';
export type { TestMeter } from './metrics.js';
export { createTestMeter } from './metrics.js';
export type { NodeMajor } from './node-binary.js';
export { NODE_BINARY_CACHE, nodeBinary, npmCliPath } from './node-binary.js';
export type { PackageLint } from './package-lint.js';
export { lintPackedPackage } from './package-lint.js';
export type { TestRedis } from './redis.js';
export { createTestRedis } from './redis.js';
export type { StartedServer } from './server.js';
export { startServer } from './server.js';
export type { InstalledProject } from './tarball.js';
export {
  engineWarnings,
  installTarballs,
  packPackage,
  packWithWorkspaceDependencies,
  typesReferencingInternal,
} from './tarball.js';
export { within } from './within.js';
