import { Client, type HttpResult } from './http-client.js';
import type { CapturedCredentials } from './revocation-replay.js';

const AUTH = '/api/v1/auth';
const PASSWORDS = ['SecurePassword123!', 'ChangedPassword456!'] as const;

/** Where the revocations happen: instance A, and a fresh source IP for each client. */
export interface RevocationTarget {
  /** Instance A, where victims sign in and sessions are revoked. */
  url: string;
  /** The Origin every client sends (the instances' shared BASE_URL). */
  origin: string;
  /** A source IP no client of this setup used yet (the sign-in and password limits are per IP). */
  nextIp(): string;
  /** Tells this user's e-mail apart from those of other setups and examples. */
  tag: string;
}

/** A victim signed in on instance A: the client it uses and what an attacker captured from it. */
export interface SignedIn extends CapturedCredentials {
  client: Client;
}

/** One way a session ends: logout, another session revoking it, or a password change. */
export interface RevocationKind {
  readonly label: 'logout' | 'session revoke' | 'password change';
  /** Signs a fresh session in on A (one scrypt verification) and captures its credentials. */
  signIn(): Promise<SignedIn>;
  /** Ends the victim's session on A; resolves when A's response has arrived. */
  revoke(victim: SignedIn): Promise<void>;
}

async function expectStatus<R extends HttpResult>(
  what: string,
  response: Promise<R>,
  status: number,
): Promise<R> {
  const res = await response;
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${res.text}`);
  return res;
}

/** A user of its own, with a session other than the victims' (its "other device"). */
async function registerUser(target: RevocationTarget, slug: string) {
  const email = `revocation-${target.tag}-${slug}-${Date.now()}@example.com`;
  const device = new Client(target.url, target.nextIp(), target.origin);
  await expectStatus(
    `register ${email}`,
    device.request('POST', `${AUTH}/register`, { json: { email, password: PASSWORDS[0], name: 'R' } }),
    201,
  );
  // Registration answers uniformly (the examples have a mail sender), so it does not sign in.
  await expectStatus(
    `login ${email}`,
    device.request('POST', `${AUTH}/login`, { json: { email, password: PASSWORDS[0] } }),
    200,
  );
  return { email, device };
}

async function signInAs(target: RevocationTarget, email: string, password: string): Promise<SignedIn> {
  const client = new Client(target.url, target.nextIp(), target.origin);
  const login = await expectStatus(
    `login ${email}`,
    client.request('POST', `${AUTH}/login`, { json: { email, password } }),
    200,
  );
  // The cookies as captured, cache cookie included.
  return { client, stolen: client.clone(), accessToken: login.body.accessToken as string };
}

async function logout(target: RevocationTarget): Promise<RevocationKind> {
  const { email } = await registerUser(target, 'logout');
  return {
    label: 'logout',
    signIn: () => signInAs(target, email, PASSWORDS[0]),
    revoke: async (victim) => {
      await expectStatus('logout', victim.client.request('POST', `${AUTH}/logout`), 200);
    },
  };
}

async function sessionRevoke(target: RevocationTarget): Promise<RevocationKind> {
  const { email, device } = await registerUser(target, 'revoke');
  const ids = new WeakMap<SignedIn, string>();
  return {
    label: 'session revoke',
    signIn: async () => {
      const victim = await signInAs(target, email, PASSWORDS[0]);
      const session = await expectStatus(
        'GET /session',
        victim.client.clone().request('GET', `${AUTH}/session`),
        200,
      );
      ids.set(victim, session.body.session.id as string);
      return victim;
    },
    revoke: async (victim) => {
      const id = ids.get(victim);
      await expectStatus('DELETE /sessions/:id', device.request('DELETE', `${AUTH}/sessions/${id}`), 204);
    },
  };
}

async function passwordChange(target: RevocationTarget): Promise<RevocationKind> {
  const { email, device } = await registerUser(target, 'password');
  let current = 0;
  let changer = device;
  return {
    label: 'password change',
    signIn: () => signInAs(target, email, PASSWORDS[current]!),
    revoke: async () => {
      // Same session, a fresh source IP: the password routes allow 5 requests a minute per IP.
      changer = new Client(target.url, target.nextIp(), target.origin, changer.jar);
      const next = 1 - current;
      await expectStatus(
        'POST /password/change',
        changer.request('POST', `${AUTH}/password/change`, {
          json: { currentPassword: PASSWORDS[current], newPassword: PASSWORDS[next] },
        }),
        200,
      );
      current = next;
    },
  };
}

/**
 * The three revocation kinds, each with its own user registered on `target` (a password change
 * ends every other session of its user). A kind's second session (the revoking device) lives
 * across trials, so each trial costs one sign-in, plus a change (two scrypt runs) for passwords.
 */
export async function revocationKinds(target: RevocationTarget): Promise<RevocationKind[]> {
  return [await logout(target), await sessionRevoke(target), await passwordChange(target)];
}
