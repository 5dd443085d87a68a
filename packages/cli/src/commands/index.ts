import type { CliCommand } from '../command.js';
import { auditStreamCommand } from './audit/stream.js';
import { migrateCommand } from './migrate.js';

/**
 * Every `mana-auth` command, in the order of the help index. Add one import and one entry per
 * command, alphabetical by path.
 */
export const COMMANDS: readonly CliCommand[] = [auditStreamCommand, migrateCommand];
