export { createDatabase, redactUrl } from './database.js';
export type { AuthDrizzle, CreateDatabaseOptions, ManaDatabase, SqlQuery } from './database.js';
export { ManaAuthConfigError } from './errors.js';
export { migrate } from './migrate.js';
export type { MigrateOptions, MigrateResult } from './migrate.js';
export type { Migration } from './migration-types.js';
export { authCoreMigrations } from './migrations.generated.js';
export * from './schema.js';
