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
import { type CostResult, measureHono, measureNode, pairedDifference } from './per-request.js';

const QUICK = process.env.BENCH_QUICK === '1';
const LABELS: Record<string, string> = {
  'node:none': 'Node http, hello world, no middleware',
  'node:mana': 'Node http, hello world, @mana/secure-headers',
  'node:helmet': 'Node http, hello world, helmet 8',
  'node:spec': "Node http, hello world, the spec's hand-written middleware",
  'json:none': 'Node http, 1 KB JSON session, no middleware',
  'json:mana': 'Node http, 1 KB JSON session, @mana/secure-headers',
  'hono:none': 'Hono (@hono/node-server), hello world, no middleware',
  'hono:mana': 'Hono, hello world, @mana/secure-headers',
  'hono:hono': "Hono, hello world, hono's secureHeaders",
};
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
  const node = await measureNode(QUICK ? 5 : 15, QUICK ? 20_000 : 50_000);
  console.log(`${costTable('Per-request cost, Node http', node, 'helmet 8')}\n`);
  const hono = await measureHono(QUICK ? 5 : 15, QUICK ? 4_000 : 10_000);
  console.log(`${costTable('Per-request cost, Hono (app.fetch)', hono, "hono's secureHeaders")}\n`);
  const nonces = measureNonces(QUICK ? 3 : 7, QUICK ? 100_000 : 500_000);
  console.log(
    ['| Nonce recipe | per nonce |', '|---|---:|', ...nonces.map((n) => `| ${n.name} | ${us(n.ns)} |`)].join(
      '\n',
    ),
  );
  const duration = QUICK ? 1 : 2;
  const loadRounds = QUICK ? 3 : 9;
  const load = await measureLoad(loadRounds, duration, 32);
  console.log(
    [
      '',
      `Throughput: autocannon on loopback, 32 connections, ${loadRounds} rounds of paired ${duration} s runs (bare server next to the same framework with middleware), medians; each server in its own process`,
      '',
      '| Server | requests/s | vs no middleware | server CPU per request | server capacity vs no middleware |',
      '|---|---:|---:|---:|---:|',
      ...load.map(
        (r) =>
          `| ${LABELS[r.variant] ?? r.variant} | ${Math.round(r.rps).toLocaleString('en')} | ${(r.ratio * 100).toFixed(1)}% | ${r.cpu.toFixed(1)} µs | ${(r.capacity * 100).toFixed(1)}% |`,
      ),
    ].join('\n'),
  );
  const ratio = find(node, '@mana/secure-headers').cost / find(node, 'helmet 8').cost;
  const nonceCost = pairedDifference(
    find(node, '@mana/secure-headers + nonce'),
    find(node, '@mana/secure-headers'),
  );
  const honoNonce = pairedDifference(
    find(hono, '@mana/secure-headers + nonce'),
    find(hono, '@mana/secure-headers'),
  );
  const at = (variant: string) => load.find((r) => r.variant === variant)!;
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  console.log(
    [
      '',
      'Goals:',
      `- per-request cost ≤ 0.6× helmet (Node http, defaults): ${ratio.toFixed(2)}× — ${verdict(ratio <= 0.6)}`,
      `- a nonce < 0.3 µs (Node http, with nonce minus without, paired by round): ${us(nonceCost)} — ${verdict(nonceCost < 300)} (Hono: ${us(honoNonce)})`,
      `- ≥ 97% of the throughput without middleware (Node http, hello world): requests/s ${percent(at('node:mana').ratio)} — ${verdict(at('node:mana').ratio >= 0.97)};` +
        ` server capacity (CPU per request) ${percent(at('node:mana').capacity)} — ${verdict(at('node:mana').capacity >= 0.97)}`,
      `  for reference, the spec's hand-written 7 headers: ${percent(at('node:spec').ratio)} / ${percent(at('node:spec').capacity)};` +
        ` with a 1 KB JSON handler: ${percent(at('json:mana').ratio)} / ${percent(at('json:mana').capacity)}`,
    ].join('\n'),
  );
}

await main();
