import { getTableColumns, getTableName, isTable, type Table } from 'drizzle-orm';
import { ManaAuthConfigError } from '../errors.js';

/**
 * Drizzle tables of Better Auth plugins, keyed by the model name the plugin uses (`twoFactor`
 * for `twoFactor()`), for the tables you define and migrate yourself (drizzle-kit or SQL; see
 * docs/plugin-tables.md). A plugin that adds fields to users or sessions gets them through a
 * replacement under `users` or `sessions`: the same table with every column of ours plus its own.
 */
export type PluginTables = Record<string, Table>;

/** Our tables a plugin may extend with columns (keys of the drizzle schema given to Better Auth). */
const EXTENDABLE = ['users', 'sessions', 'accounts', 'verifications'] as const;

function columnNames(table: Table): Set<string> {
  return new Set(Object.values(getTableColumns(table)).map((column) => column.name));
}

/**
 * Checks `pluginTables` against our own tables (`core`, the drizzle schema Better Auth gets):
 * each value a drizzle table; a key of ours only to extend that table (same name, all our
 * columns); none of our other tables replaced. Throws {@link ManaAuthConfigError}.
 */
export function checkPluginTables(tables: PluginTables | undefined, core: Record<string, Table>): void {
  for (const [key, table] of Object.entries(tables ?? {})) {
    const field = `pluginTables.${key}`;
    if (!isTable(table)) {
      throw new ManaAuthConfigError(
        field,
        'is not a drizzle table',
        'define it with pgTable() or pgSchema().table()',
      );
    }
    const ours = core[key];
    if (!ours) continue;
    if (!(EXTENDABLE as readonly string[]).includes(key)) {
      throw new ManaAuthConfigError(field, 'replaces a table the library manages', 'use another model name');
    }
    const missing = [...columnNames(ours)].filter((name) => !columnNames(table).has(name));
    if (getTableName(table) !== getTableName(ours) || missing.length > 0) {
      throw new ManaAuthConfigError(
        field,
        `must be the table "${getTableName(ours)}" with all its columns${missing.length ? ` (missing ${missing.join(', ')})` : ''}`,
        "copy the table from @mana/auth-core/schema and add only the plugin's columns (docs/plugin-tables.md)",
      );
    }
  }
}
