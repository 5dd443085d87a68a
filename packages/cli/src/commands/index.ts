import type { CliCommand } from '../command.js';
import { auditEraseCommand } from './audit/erase.js';
import { auditPurgeCommand } from './audit/purge.js';
import { auditQueryCommand } from './audit/query.js';
import { auditStreamCommand } from './audit/stream.js';
import { keysListCommand } from './keys/list.js';
import { keysRevokeCommand } from './keys/revoke.js';
import { keysRotateCommand } from './keys/rotate.js';
import { migrateCommand } from './migrate.js';
import { sessionsListCommand } from './sessions/list.js';
import { sessionsRevokeCommand } from './sessions/revoke.js';

/**
 * Every `mana-auth` command, in the order of the help index. Add one import and one entry per
 * command, alphabetical by path.
 */
export const COMMANDS: readonly CliCommand[] = [
  auditEraseCommand,
  auditPurgeCommand,
  auditQueryCommand,
  auditStreamCommand,
  keysListCommand,
  keysRevokeCommand,
  keysRotateCommand,
  migrateCommand,
  sessionsListCommand,
  sessionsRevokeCommand,
];
