/**
 * CPU profile of the Hono example under one session-check row of `run.ts`: the same server,
 * database and load generator (autocannon in its own process, 8 connections), with the V8
 * profiler of this process (the server's) on only while the load runs. Writes
 * `<row>.cpuprofile` into BENCH_PROFILE_DIR (default the working directory) and prints the
 * functions and files with the most self time.
 *
 *   tsx bench/session-checks/profile.ts session|me-cookie|me-bearer|me-distinct|get-session|hello|hono-hello
 *   (BENCH_SECONDS, default 5)
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { withScratchDatabase } from '../shared/scratch-database.js';
import { summarize } from './profile-summary.js';
import { listen, mintTokensFile, startSignedIn } from './signed-in-service.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const rowName = process.argv[2] ?? 'session';
const outDir = process.env.BENCH_PROFILE_DIR ?? process.cwd();
const loader = fileURLToPath(new URL('./load.ts', import.meta.url));

async function profiled(url: string, headers: Record<string, string>, tokensFile?: string) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const spec = { url, seconds: SECONDS, connections: 8, headers, ...(tokensFile ? { tokensFile } : {}) };
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--import',
    'tsx',
    loader,
    JSON.stringify(spec),
  ]);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const file = join(outDir, `${rowName}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  const load = JSON.parse(stdout) as { rps: number; total: number; errors: number };
  console.log(
    `${rowName}: ${load.rps.toFixed(0)} req/s, ${load.total} requests, ${load.errors} errors; ${file}`,
  );
  console.log(summarize(profile, load.total));
}

if (rowName === 'hello') {
  const hello = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello');
  });
  await profiled(`${await listen(hello)}/`, {});
  hello.close();
} else if (rowName === 'hono-hello') {
  const app = new Hono().get('/', (c) => c.text('hello'));
  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(started as Server),
    );
  });
  await profiled(`${await listen(server)}/`, {});
  server.close();
} else {
  await withScratchDatabase('mana_bench_session_profile', async (databaseUrl) => {
    const signedIn = await startSignedIn(databaseUrl);
    const { services, server, url, cookie, accessToken } = signedIn;
    const auth = `${url}/api/v1/auth`;
    if (rowName === 'me-distinct') {
      await profiled(`${url}/api/v1/me`, {}, await mintTokensFile(signedIn, 20_000));
    } else if (rowName === 'me-bearer') {
      await profiled(`${url}/api/v1/me`, { authorization: `Bearer ${accessToken}` });
    } else if (rowName === 'me-cookie') {
      await profiled(`${url}/api/v1/me`, { cookie });
    } else if (rowName === 'get-session') {
      await profiled(`${auth}/get-session`, { cookie });
    } else {
      await profiled(`${auth}/session`, { cookie });
    }
    await new Promise((r) => server.close(r));
    server.closeAllConnections();
    await services.close();
  });
}
