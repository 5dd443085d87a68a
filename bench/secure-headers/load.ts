/**
 * Requests per second with and without each middleware under autocannon on loopback. Each
 * server runs in its own process; rounds interleave the variants so background load hits them
 * alike, and each variant's throughput is compared with the no-middleware server of its framework
 * in the same round.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const LOAD_VARIANTS = [
  'node:none',
  'node:mana',
  'node:helmet',
  'hono:none',
  'hono:mana',
  'hono:hono',
] as const;
type Variant = (typeof LOAD_VARIANTS)[number];

interface Running {
  child: ChildProcess;
  url: string;
}

function start(variant: Variant): Promise<Running> {
  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [variant], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (data: Buffer) =>
      resolve({ child, url: `http://127.0.0.1:${data.toString().trim()}/` }),
    );
  });
}

async function rps(url: string, duration: number, connections: number): Promise<number> {
  const result = await autocannon({ url, duration, connections, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

export interface LoadResult {
  variant: Variant;
  /** Median requests/second over the rounds. */
  rps: number;
  /** Median over rounds of rps / rps of the same framework without middleware. */
  ratio: number;
  rounds: number[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function measureLoad(
  rounds: number,
  duration: number,
  connections: number,
): Promise<LoadResult[]> {
  const servers = new Map<Variant, Running>();
  try {
    for (const variant of LOAD_VARIANTS) servers.set(variant, await start(variant));
    for (const { url } of servers.values()) await rps(url, 1, connections); // warm-up (JIT)
    const samples = new Map<Variant, number[]>(LOAD_VARIANTS.map((v) => [v, []]));
    for (let round = 0; round < rounds; round++) {
      for (const variant of LOAD_VARIANTS)
        samples.get(variant)!.push(await rps(servers.get(variant)!.url, duration, connections));
    }
    return LOAD_VARIANTS.map((variant) => {
      const values = samples.get(variant)!;
      const base = samples.get(`${variant.split(':')[0]}:none` as Variant)!;
      return {
        variant,
        rps: median(values),
        ratio: median(values.map((v, i) => v / base[i]!)),
        rounds: values,
      };
    });
  } finally {
    for (const { child } of servers.values()) child.disconnect();
  }
}
