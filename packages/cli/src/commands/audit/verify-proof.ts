import { readFile } from 'node:fs/promises';
import { type AuditProof, verifyProof } from '@mana/security-events';
import { AUDIT_PUBLIC_KEY_FLAG, loadAuditPublicKey } from '../../audit-keys.js';
import { CLI_EXIT, CliUsageError } from '../../cli-error.js';
import type { CliCommand } from '../../command.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

async function readProof(source: string): Promise<unknown> {
  let text: string;
  try {
    text = source === '-' ? await readStdin() : await readFile(source, 'utf8');
  } catch (error) {
    throw new CliUsageError(
      `${JSON.stringify(source)} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      'pass the file "mana-auth audit prove --out" wrote, or - to read the proof from stdin',
      { cause: error },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliUsageError(
      `${source === '-' ? 'stdin' : JSON.stringify(source)} is not JSON`,
      'pass the proof "mana-auth audit prove" printed, unchanged',
    );
  }
}

/** `mana-auth audit verify-proof <file|-> [--public-key <file>]`: offline, no database. */
export const auditVerifyProofCommand: CliCommand = {
  path: ['audit', 'verify-proof'],
  summary: 'check an inclusion proof offline with the public audit key (exit 3 if invalid)',
  usage: 'audit verify-proof <file|-> [--public-key <file>]',
  description: `Checks an inclusion proof made by "mana-auth audit prove" with the public audit key
alone: the event's hash, its Merkle path, the chain head and the head's signature. No database is
needed (DATABASE_URL may be unset). Prints "valid: event <id>, chain <id>, sequence <n>" (exit 0)
or "invalid: <why>" (exit 3). The key: --public-key, else $AUDIT_PUBLIC_KEY.`,
  flags: [
    {
      ...AUDIT_PUBLIC_KEY_FLAG,
      description: 'PEM file of the public audit key (default: $AUDIT_PUBLIC_KEY)',
    },
  ],
  positionals: [{ name: 'file|-', required: true }],
  examples: [
    'audit verify-proof proof.json --public-key audit-public.pem',
    'audit verify-proof - < proof.json',
  ],
  async run(context) {
    const publicKey = loadAuditPublicKey(context, { fromSigningKey: false });
    const proof = await readProof(context.positionals[0] as string);
    const verdict = verifyProof(proof as AuditProof, publicKey);
    const about = proof as Partial<AuditProof> | null;
    const eventId = typeof about?.event?.id === 'string' ? about.event.id : null;
    if (context.config.json) {
      context.out.json({
        ...verdict,
        eventId,
        chainId: about?.chainId ?? null,
        sequence: about?.sequence ?? null,
      });
    } else if (verdict.valid) {
      context.out.line(`valid: event ${eventId}, chain ${about?.chainId}, sequence ${about?.sequence}`);
    } else {
      context.out.line(`invalid: ${verdict.reason}`);
    }
    return verdict.valid ? CLI_EXIT.ok : CLI_EXIT.problem;
  },
};
