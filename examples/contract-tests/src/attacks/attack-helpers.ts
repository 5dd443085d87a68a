import type { ManaDatabase } from '@mana/auth-core';
import { Client } from '../http-client.js';

export const AUTH = '/api/v1/auth';
export const PASSWORD = 'SecurePassword123!';

let users = 0;
/** Registers a fresh user and logs it in: the client holds the session cookies. */
export async function loggedInClient(
  url: string,
  label: string,
): Promise<{ client: Client; email: string; accessToken: string }> {
  const client = new Client(url);
  const email = `${label}-${Date.now()}-${users++}@example.com`;
  await client.request('POST', `${AUTH}/register`, { json: { email, password: PASSWORD, name: 'Victim' } });
  const login = await client.request('POST', `${AUTH}/login`, { json: { email, password: PASSWORD } });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
  return { client, email, accessToken: login.body.accessToken as string };
}

/**
 * Counts the statements the server sends to its database while `run` runs, by wrapping the
 * service's `query` (test-only instrumentation: the example runs in this process).
 */
export async function countQueries(
  database: ManaDatabase,
  match: (sql: string) => boolean,
  run: () => Promise<unknown>,
): Promise<number> {
  const original = database.query;
  let count = 0;
  const counting = ((sql: string, params?: readonly unknown[]) => {
    if (match(sql)) count++;
    return original.call(database, sql, params);
  }) as typeof original;
  Object.defineProperty(database, 'query', { value: counting, configurable: true, writable: true });
  try {
    await run();
  } finally {
    Object.defineProperty(database, 'query', { value: original, configurable: true, writable: true });
  }
  return count;
}
