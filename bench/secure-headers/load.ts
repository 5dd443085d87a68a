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
  'node:spec',
  'json:none',
  'json:mana',
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

function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (usage: NodeJS.CpuUsage) => resolve(usage.user + usage.system));
    child.send('cpu');
  });
}

interface Run {
  rps: number;
  /** Server CPU time per request, µs: what the server process itself spent. */
  cpu: number;
}

async function run(server: Running, duration: number, connections: number): Promise<Run> {
  const before = await serverCpu(server.child);
  const result = await autocannon({ url: server.url, duration, connections, pipelining: 1 });
  const cpu = (await serverCpu(server.child)) - before;
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${server.url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return { rps: result.requests.average, cpu: cpu / result.requests.total };
}

export interface LoadResult {
  variant: Variant;
  /** Median requests/second over the rounds. */
  rps: number;
  /** Median over rounds of rps / rps of the same framework without middleware, run right before or after. */
  ratio: number;
  /** Median server CPU time per request, µs. */
  cpu: number;
  /** Median over rounds of (server CPU per request without middleware) / (with): the server's own capacity. */
  capacity: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Paired runs: each round measures every middleware server next to the bare server of its
 * framework (alternating which goes first), so a burst of background load hits both sides of a
 * ratio alike. Short runs, many rounds, medians. Besides requests/second (which on a shared
 * 2-core machine also includes the load generator parsing bigger responses), the server
 * process's own CPU time per request is recorded.
 */
export async function measureLoad(
  count: number,
  duration: number,
  connections: number,
): Promise<LoadResult[]> {
  const servers = new Map<Variant, Running>();
  try {
    for (const variant of LOAD_VARIANTS) servers.set(variant, await start(variant));
    for (const server of servers.values()) await run(server, 1, connections); // warm-up (JIT)
    const runs = new Map<Variant, Run[]>(LOAD_VARIANTS.map((v) => [v, []]));
    const paired = new Map<Variant, { ratio: number; capacity: number }[]>(LOAD_VARIANTS.map((v) => [v, []]));
    for (let round = 0; round < count; round++) {
      for (const variant of LOAD_VARIANTS) {
        if (variant.endsWith(':none')) continue;
        const bare = `${variant.split(':')[0]}:none` as Variant;
        const first = round % 2 === 0 ? bare : variant;
        const a = await run(servers.get(first)!, duration, connections);
        const b = await run(servers.get(first === bare ? variant : bare)!, duration, connections);
        const [bareRun, variantRun] = first === bare ? [a, b] : [b, a];
        runs.get(bare)!.push(bareRun);
        runs.get(variant)!.push(variantRun);
        paired
          .get(variant)!
          .push({ ratio: variantRun.rps / bareRun.rps, capacity: bareRun.cpu / variantRun.cpu });
      }
    }
    return LOAD_VARIANTS.map((variant) => {
      const pairs = paired.get(variant)!;
      return {
        variant,
        rps: median(runs.get(variant)!.map((r) => r.rps)),
        cpu: median(runs.get(variant)!.map((r) => r.cpu)),
        ratio: pairs.length === 0 ? 1 : median(pairs.map((p) => p.ratio)),
        capacity: pairs.length === 0 ? 1 : median(pairs.map((p) => p.capacity)),
      };
    });
  } finally {
    for (const { child } of servers.values()) child.disconnect();
  }
}
