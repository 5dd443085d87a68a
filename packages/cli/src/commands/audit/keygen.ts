import { createPublicKey } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { auditKeyId, generateAuditKeyPair } from '@mana/security-events';
import { CLI_EXIT, CliUsageError } from '../../cli-error.js';
import type { CliCommand } from '../../command.js';

const PRIVATE_FILE = 'audit-private.pem';
const PUBLIC_FILE = 'audit-public.pem';

async function writeNew(path: string, text: string, mode: number): Promise<void> {
  try {
    // `wx`: never replace a key (a lost private key makes the chains it signed unverifiable).
    await writeFile(path, text, { flag: 'wx', mode });
    await chmod(path, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliUsageError(
      code === 'EEXIST'
        ? `${path} exists; a key is never overwritten`
        : `${path} cannot be written (${code ?? 'error'})`,
      code === 'EEXIST'
        ? 'pass --out-dir to a new directory, or move the old pair away first'
        : 'pass --out-dir to a writable directory',
      { cause: error },
    );
  }
}

/** `mana-auth audit keygen [--out-dir <dir>]`. */
export const auditKeygenCommand: CliCommand = {
  path: ['audit', 'keygen'],
  summary: 'generate the Ed25519 key pair of the tamper-evident audit log',
  usage: 'audit keygen [--out-dir <dir>]',
  description: `Writes a fresh Ed25519 audit key pair: audit-private.pem (mode 0600; the service's
integrity.signingKey, $AUDIT_SIGNING_KEY; keep it in your secret store) and audit-public.pem
(give it to auditors, $AUDIT_PUBLIC_KEY). Never overwrites an existing file. Use a dedicated key,
never a JWT signing key. Prints the key id the chain records will carry.`,
  flags: [
    {
      name: 'out-dir',
      type: 'string',
      valueName: '<dir>',
      description: 'directory of the two files, created if missing (default: the current directory)',
    },
  ],
  examples: ['audit keygen --out-dir /run/secrets/mana-audit'],
  async run(context) {
    const dir = typeof context.flags['out-dir'] === 'string' ? context.flags['out-dir'] : '.';
    await mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
      throw new CliUsageError(
        `--out-dir ${JSON.stringify(dir)} cannot be created (${error.code})`,
        'pass a writable directory',
        {
          cause: error,
        },
      );
    });
    const { privateKey, publicKey } = generateAuditKeyPair();
    const privatePath = join(dir, PRIVATE_FILE);
    const publicPath = join(dir, PUBLIC_FILE);
    await writeNew(privatePath, privateKey, 0o600);
    await writeNew(publicPath, publicKey, 0o644);
    const keyId = auditKeyId(createPublicKey(publicKey));
    if (context.config.json) context.out.json({ keyId, privateKey: privatePath, publicKey: publicPath });
    else {
      context.out.line(`key id ${keyId}`);
      context.out.line(`private key: ${privatePath} (mode 0600; the service's AUDIT_SIGNING_KEY)`);
      context.out.line(`public key:  ${publicPath} (for auditors; AUDIT_PUBLIC_KEY)`);
    }
    return CLI_EXIT.ok;
  },
};
