import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cookieHeader, send } from './http-client.js';

/** What a user sees going through an app: sign up, log in, the protected route. */
export interface SignedInUser {
  email: string;
  accessToken: string;
  cookie: string;
  statuses: { register: number; login: number };
}

const PASSWORD = 'SecurePassword123!';

/** Registers a fresh user and logs in through the REST API (from 127.0.0.1). */
export async function signUpAndLogIn(url: string): Promise<SignedInUser> {
  const email = `adopter-${randomUUID()}@example.com`;
  const register = await send(`${url}/api/v1/auth/register`, {
    body: { email, password: PASSWORD, name: 'Ada' },
  });
  const login = await send(`${url}/api/v1/auth/login`, { body: { email, password: PASSWORD } });
  const accessToken = login.status === 200 ? String(login.json().accessToken) : '';
  return {
    email,
    accessToken,
    cookie: cookieHeader(login),
    statuses: { register: register.status, login: login.status },
  };
}

/** Statuses of the protected route with a token, a cookie, nothing and a forged token. */
export async function protectedRouteStatuses(url: string, user: SignedInUser) {
  const bearer = await send(url, { headers: { authorization: `Bearer ${user.accessToken}` } });
  const cookie = await send(url, { headers: { cookie: user.cookie } });
  const anonymous = await send(url);
  const forged = await send(url, {
    headers: { authorization: `Bearer ${user.accessToken.slice(0, -4)}AAAA` },
  });
  return {
    bearer: bearer.status,
    bearerEmail: bearer.status === 200 ? bearer.json().email : undefined,
    cookie: cookie.status,
    anonymous: anonymous.status,
    anonymousBody: anonymous.status === 401 ? anonymous.json() : anonymous.body,
    forged: forged.status,
  };
}

/**
 * Exhausts the sign-in limit (10 a minute) from 127.0.0.2 with wrong passwords for unknown
 * accounts (a new email each time, so the per-account lockout is not what answers), then asks
 * what 127.0.0.2 with a spoofed `X-Forwarded-For`, and 127.0.0.3, get.
 */
export async function limiterBuckets(url: string) {
  const attempt = (from: string, headers: Record<string, string> = {}) =>
    send(`${url}/api/v1/auth/login`, {
      from,
      headers,
      body: { email: `nobody-${randomUUID()}@example.com`, password: 'WrongPassword123!' },
    }).then((result) => result.status);
  const first: number[] = [];
  for (let i = 0; i < 10; i++) first.push(await attempt('127.0.0.2'));
  const eleventh = await attempt('127.0.0.2');
  const spoofed = await attempt('127.0.0.2', {
    'x-forwarded-for': '198.51.100.7',
    'x-real-ip': '198.51.100.7',
  });
  const otherClient = await attempt('127.0.0.3');
  const otherClientSpoofing = await attempt('127.0.0.3', { 'x-forwarded-for': '127.0.0.2' });
  return { first, eleventh, spoofed, otherClient, otherClientSpoofing };
}

/** Runs the Nest app's Socket.IO check script with the Node under test. */
export function socketCall(
  node: string,
  dir: string,
  url: string,
  token?: string,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(
      node,
      ['ws-check.cjs', url, ...(token ? [token] : [])],
      { cwd: dir, timeout: 30_000 },
      (error, stdout) => {
        if (error) reject(new Error(`ws-check.cjs failed: ${error.message}\n${stdout}`));
        else resolve(JSON.parse(stdout.trim()) as Record<string, unknown>);
      },
    );
  });
}

/** Every package name installed under `dir/node_modules`, nested copies included. */
export function installedPackages(dir: string): Set<string> {
  const names = new Set<string>();
  const walk = (modules: string) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const paths = entry.startsWith('@')
        ? readdirSync(join(modules, entry)).map((sub) => join(modules, entry, sub))
        : [join(modules, entry)];
      for (const path of paths) {
        const manifest = join(path, 'package.json');
        if (existsSync(manifest))
          names.add((JSON.parse(readFileSync(manifest, 'utf8')) as { name: string }).name);
        walk(join(path, 'node_modules'));
      }
    }
  };
  walk(join(dir, 'node_modules'));
  return names;
}

/** npm problems the install output must not show (peer conflicts, engine mismatches). */
export function installProblems(output: string): string[] {
  return output.split('\n').filter((line) => /ERESOLVE|EBADENGINE/.test(line));
}
