import type { CliCommand } from '../command.js';
import { keysListCommand } from './keys/list.js';
import { keysRevokeCommand } from './keys/revoke.js';
import { keysRotateCommand } from './keys/rotate.js';
import { migrateCommand } from './migrate.js';

/**
 * Every `mana-auth` command, in the order of the help index. Add one import and one entry per
 * command, alphabetical by path.
 */
export const COMMANDS: readonly CliCommand[] = [
  keysListCommand,
  keysRevokeCommand,
  keysRotateCommand,
  migrateCommand,
];
