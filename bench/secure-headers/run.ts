/**
 * @mana/secure-headers benchmark, all numbers from one run:
 * 1. per-request cost next to helmet 8 (Node http) and hono's secureHeaders (Hono), defaults and
 *    with a nonce;
 * 2. the cost of one nonce;
 * 3. requests/second with and without each middleware under autocannon on loopback.
 *
 *   pnpm bench:secure-headers
 *   BENCH_QUICK=1 pnpm bench:secure-headers     (fewer rounds, shorter load runs)
 */
import { cpus } from 'node:os';
import { measureLoad } from './load.js';
import { measureNonces } from './nonce.js';
import { type CostResult, measureHono, measureNode } from './per-request.js';

const QUICK = process.env.BENCH_QUICK === '1';
const us = (ns: number) => `${(ns / 1000).toFixed(2)} µs`;
const find = (results: CostResult[], name: string) => results.find((r) => r.name === name)!;

function costTable(title: string, results: CostResult[], reference: string): string {
  const ref = find(results, reference).cost;
  const rows = results
    .filter((r) => r.name !== 'none')
    .map((r) => `| ${r.name} | ${us(r.cost)} | ${(r.cost / ref).toFixed(2)}× |`);
  return [
    `${title} (loop without middleware: ${us(find(results, 'none').total)} per request)`,
    '',
    `| Middleware | added per request | vs ${reference} |`,
    '|---|---:|---:|',
    ...rows,
  ].join('\n');
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'NOT met';
}

async function main(): Promise<void> {
  console.log(
    `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})${QUICK ? ', quick mode' : ''}\n`,
  );
  const node = await measureNode(QUICK ? 5 : 11, QUICK ? 40_000 : 100_000);
  console.log(`${costTable('Per-request cost, Node http', node, 'helmet 8')}\n`);
  const hono = await measureHono(QUICK ? 3 : 7, QUICK ? 10_000 : 25_000);
  console.log(`${costTable('Per-request cost, Hono (app.fetch)', hono, "hono's secureHeaders")}\n`);
  const nonces = measureNonces(QUICK ? 3 : 7, QUICK ? 100_000 : 500_000);
  console.log(
    ['| Nonce recipe | per nonce |', '|---|---:|', ...nonces.map((n) => `| ${n.name} | ${us(n.ns)} |`)].join(
      '\n',
    ),
  );
  const duration = QUICK ? 3 : 8;
  const load = await measureLoad(QUICK ? 3 : 5, duration, 32);
  console.log(
    [
      '',
      `Throughput: autocannon, 32 connections, ${duration} s per run, median of the rounds; server in its own process`,
      '',
      '| Server | requests/s | vs no middleware |',
      '|---|---:|---:|',
      ...load.map(
        (r) =>
          `| ${r.variant} | ${Math.round(r.rps).toLocaleString('en')} | ${(r.ratio * 100).toFixed(1)}% |`,
      ),
    ].join('\n'),
  );
  const ratio = find(node, '@mana/secure-headers').cost / find(node, 'helmet 8').cost;
  const nonceCost = find(node, '@mana/secure-headers + nonce').cost - find(node, '@mana/secure-headers').cost;
  const throughput = load.find((r) => r.variant === 'node:mana')!.ratio;
  console.log(
    [
      '',
      'Goals:',
      `- per-request cost ≤ 0.6× helmet (Node http, defaults): ${ratio.toFixed(2)}× — ${verdict(ratio <= 0.6)}`,
      `- a nonce < 0.3 µs (Node http, with nonce minus without): ${us(nonceCost)} — ${verdict(nonceCost < 300)}`,
      `- ≥ 97% of the throughput without middleware (Node http): ${(throughput * 100).toFixed(1)}% — ${verdict(throughput >= 0.97)}`,
    ].join('\n'),
  );
}

await main();
