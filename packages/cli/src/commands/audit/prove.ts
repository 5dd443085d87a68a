import { writeFile } from 'node:fs/promises';
import { proveEvent } from '@mana/security-events';
import { loadAuditCommitKey } from '../../audit-keys.js';
import { CLI_EXIT, CliUsageError } from '../../cli-error.js';
import type { CliCommand } from '../../command.js';
import { withIntegrityErrors } from './integrity-errors.js';

/** `mana-auth audit prove <event-id> [--out <file>]`. */
export const auditProveCommand: CliCommand = {
  path: ['audit', 'prove'],
  summary: 'print the inclusion proof of one audit event (JSON, under 1 KB)',
  usage: 'audit prove <event-id> [--out <file>]',
  description: `Prints the inclusion proof of one event of the tamper-evident audit log: its canonical
form (personal data only as a keyed commitment), its Merkle path and the signed head of its chain
record, as one line of JSON. Anyone holding the public audit key can check it offline with
"mana-auth audit verify-proof". Needs $AUDIT_COMMIT_KEY. An event in no chain record is exit 2.`,
  flags: [
    {
      name: 'out',
      type: 'string',
      valueName: '<file>',
      description: 'write the proof to this file instead of stdout (replaced if it exists)',
    },
  ],
  positionals: [{ name: 'event-id', required: true }],
  examples: ['audit prove 0194f3c2-6a1e-7c4b-9d1e-2f0a5b6c7d8e --out proof.json'],
  async run(context) {
    const eventId = context.positionals[0] as string;
    const commitKey = loadAuditCommitKey(context);
    const database = await context.database();
    const proof = await withIntegrityErrors(
      context.config.schema,
      () => proveEvent(database, eventId, { commitKey, schema: context.config.schema }),
      'pass the id of an event written with the integrity option on ("mana-auth audit query --json" shows ids)',
    );
    const text = `${JSON.stringify(proof)}\n`;
    const out = context.flags.out;
    if (typeof out !== 'string') {
      await context.out.write(text);
      return CLI_EXIT.ok;
    }
    try {
      await writeFile(out, text, 'utf8');
    } catch (error) {
      throw new CliUsageError(
        `--out ${JSON.stringify(out)} cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        'pass a path in a writable directory',
        { cause: error },
      );
    }
    context.err(`proof of event ${eventId} written to ${out} (${Buffer.byteLength(text) - 1} bytes)`);
    return CLI_EXIT.ok;
  },
};
