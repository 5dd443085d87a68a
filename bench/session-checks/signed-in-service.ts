/**
 * The Hono example on a scratch database with one signed-in user, as both session-check scripts
 * (run.ts, profile.ts) measure it: rate limits lifted, the cookie and access token of a login,
 * and distinct access tokens minted by the service itself.
 */
import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHonoServer } from '@mana/example-hono-server';
import { createServices } from '@mana/example-shared';
import { benchExampleConfig, listen, BENCH_USER as USER } from '../shared/example-server.js';

export { listen };

/** The running example, a signed-in user's cookie and access token. */
export interface SignedInService {
  services: Awaited<ReturnType<typeof createServices>>;
  server: Server;
  url: string;
  cookie: string;
  accessToken: string;
}

/** Starts the Hono example on `databaseUrl`, registers and signs in the bench user. */
export async function startSignedIn(databaseUrl: string): Promise<SignedInService> {
  const config = benchExampleConfig(databaseUrl);
  const services = await createServices(config, { mailSender: async () => {} });
  const server = await startHonoServer(services, config);
  const url = await listen(server);
  const json = { 'content-type': 'application/json', origin: 'http://127.0.0.1' };
  await fetch(`${url}/api/v1/auth/register`, { method: 'POST', headers: json, body: JSON.stringify(USER) });
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email: USER.email, password: USER.password }),
  });
  if (!login.ok) throw new Error(`login answered ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { services, server, url, cookie, accessToken };
}

/**
 * `count` distinct access tokens of the signed-in session, minted by the service's own /token
 * endpoint (in process): the same key, claims and `typ: at+jwt` header as a client's (Better
 * Auth's `api.signJWT` signs without that header, and the verifier refuses such tokens), the first
 * checked at `/api/v1/me`. Written to a temporary JSON file for the load generator; returns its path.
 */
export async function mintTokensFile(
  { services, cookie, url }: SignedInService,
  count: number,
): Promise<string> {
  const tokens: string[] = [];
  const sessionHeaders = new Headers({ cookie });
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: 100 }, () => services.auth.api.getToken({ headers: sessionHeaders }));
    for (const { token } of await Promise.all(batch)) tokens.push(token);
  }
  if (new Set(tokens).size !== tokens.length) throw new Error('the minted tokens are not all distinct');
  const probe = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${tokens[0]}` } });
  if (!probe.ok) throw new Error(`a minted token was refused: ${probe.status}`);
  const file = join(tmpdir(), `mana-bench-tokens-${process.pid}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(tokens));
  return file;
}
