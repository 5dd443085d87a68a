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
  /** Median over rounds of rps / rps of the same framework without middleware, run right before or after. */
  ratio: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Paired runs: each round measures every middleware server next to the bare server of its
 * framework (alternating which goes first), so a burst of background load hits both sides of a
 * ratio alike. Short runs, many rounds, medians.
 */
export async function measureLoad(
  count: number,
  duration: number,
  connections: number,
): Promise<LoadResult[]> {
  const servers = new Map<Variant, Running>();
  try {
    for (const variant of LOAD_VARIANTS) servers.set(variant, await start(variant));
    for (const { url } of servers.values()) await rps(url, 1, connections); // warm-up (JIT)
    const samples = new Map<Variant, number[]>(LOAD_VARIANTS.map((v) => [v, []]));
    const ratios = new Map<Variant, number[]>(LOAD_VARIANTS.map((v) => [v, []]));
    for (let round = 0; round < count; round++) {
      for (const variant of LOAD_VARIANTS) {
        if (variant.endsWith(':none')) continue;
        const bare = `${variant.split(':')[0]}:none` as Variant;
        const order: Variant[] = round % 2 === 0 ? [bare, variant] : [variant, bare];
        const [first, second] = [
          await rps(servers.get(order[0]!)!.url, duration, connections),
          await rps(servers.get(order[1]!)!.url, duration, connections),
        ];
        const [bareRps, variantRps] = order[0] === bare ? [first, second] : [second, first];
        samples.get(bare)!.push(bareRps);
        samples.get(variant)!.push(variantRps);
        ratios.get(variant)!.push(variantRps / bareRps);
      }
    }
    return LOAD_VARIANTS.map((variant) => ({
      variant,
      rps: median(samples.get(variant)!),
      ratio: variant.endsWith(':none') ? 1 : median(ratios.get(variant)!),
    }));
  } finally {
    for (const { child } of servers.values()) child.disconnect();
  }
}
