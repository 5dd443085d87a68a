import type { CliCommand } from '../command.js';
import { auditEraseCommand } from './audit/erase.js';
import { auditKeygenCommand } from './audit/keygen.js';
import { auditProveCommand } from './audit/prove.js';
import { auditPurgeCommand } from './audit/purge.js';
import { auditQueryCommand } from './audit/query.js';
import { auditStreamCommand } from './audit/stream.js';
import { auditVerifyCommand } from './audit/verify.js';
import { auditVerifyProofCommand } from './audit/verify-proof.js';
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
  auditKeygenCommand,
  auditProveCommand,
  auditPurgeCommand,
  auditQueryCommand,
  auditStreamCommand,
  auditVerifyCommand,
  auditVerifyProofCommand,
  keysListCommand,
  keysRevokeCommand,
  keysRotateCommand,
  migrateCommand,
  sessionsListCommand,
  sessionsRevokeCommand,
];
