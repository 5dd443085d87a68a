import {
  type AuditCheckpoint,
  type AuditVerification,
  readCheckpointFile,
  verifyAuditLog,
} from '@mana/security-events';
import { AUDIT_PUBLIC_KEY_FLAG, loadAuditCommitKey, loadAuditPublicKey } from '../../audit-keys.js';
import { CLI_EXIT, CliUsageError } from '../../cli-error.js';
import type { CliCommand } from '../../command.js';
import { parseCliTime } from '../../duration.js';
import { divergenceLine, withIntegrityErrors } from './integrity-errors.js';

async function checkpointFile(path: unknown): Promise<AuditCheckpoint[]> {
  if (typeof path !== 'string') return [];
  try {
    return await readCheckpointFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliUsageError(
      `--checkpoints ${JSON.stringify(path)} cannot be read (${reason})`,
      "pass the JSON-lines file the service's appendCheckpointFile() writes",
      { cause: error },
    );
  }
}

const summary = (result: AuditVerification) =>
  `${result.events} events in ${result.chains} chains, ${result.checkpoints} checkpoints`;

/** `mana-auth audit verify [--checkpoints <file>] [--public-key <file>] [--since <time>]`. */
export const auditVerifyCommand: CliCommand = {
  path: ['audit', 'verify'],
  summary: 'verify the tamper-evident audit log (exit 3 on a divergence)',
  usage: 'audit verify [--checkpoints <file>] [--public-key <file>] [--since <duration|time>]',
  description: `Recomputes every chain of the tamper-evident audit log (the integrity option of
@mana/security-events): each chain record's link, Merkle root, head and signature, each event's
hash, rows no chain covers, and the signed checkpoints (those in the database and, with
--checkpoints, the copy kept outside it). Prints "clean: N events in M chains, K checkpoints"
(exit 0), or the first divergence with its kind, chain, sequence and event (exit 3).
Needs $AUDIT_COMMIT_KEY (the writer's integrity.commitKey) and the public audit key. A
progress line shows on stderr; interrupted (Ctrl-C, SIGTERM) it stops between pages with exit
130 and no verdict.`,
  flags: [
    {
      name: 'checkpoints',
      type: 'string',
      valueName: '<file>',
      description:
        'checkpoints kept outside the database (appendCheckpointFile), checked too (default: none)',
    },
    AUDIT_PUBLIC_KEY_FLAG,
    {
      name: 'since',
      type: 'string',
      valueName: '<duration|time>',
      description:
        'rows older than this were written before integrity was on (default: every row must be chained)',
    },
  ],
  examples: [
    'audit verify --public-key audit-public.pem',
    'audit verify --checkpoints /mnt/worm/checkpoints.jsonl --json',
  ],
  async run(context) {
    const publicKey = loadAuditPublicKey(context);
    const commitKey = loadAuditCommitKey(context);
    const since =
      typeof context.flags.since === 'string' ? parseCliTime(context.flags.since, 'since') : undefined;
    const checkpoints = await checkpointFile(context.flags.checkpoints);
    const database = await context.database();
    const progress = context.progress('verifying the audit log');
    let reported = 0;
    const verifying = withIntegrityErrors(context.config.schema, () =>
      verifyAuditLog(database, {
        publicKey,
        commitKey,
        checkpoints,
        schema: context.config.schema,
        ...(since ? { since } : {}),
        signal: context.signal,
        onProgress: ({ events }) => {
          progress.tick(events - reported);
          reported = events;
        },
      }),
    );
    const result = await verifying.catch((error: unknown) => {
      if (context.signal.aborted) return null;
      throw error;
    });
    if (result === null) {
      // Reading only: nothing to keep or undo, and no verdict either way.
      progress.done(`interrupted after ${reported} events: no verdict, run it again`);
      return CLI_EXIT.interrupted;
    }
    progress.tick(result.events - reported);
    progress.done(result.ok ? 'clean' : `divergence found after ${result.events} events`);
    if (context.config.json) context.out.json(result);
    else if (result.divergence === null) context.out.line(`clean: ${summary(result)}`);
    else context.out.line(divergenceLine(result.divergence));
    return result.ok ? CLI_EXIT.ok : CLI_EXIT.problem;
  },
};
