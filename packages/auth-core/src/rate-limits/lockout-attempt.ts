import { createHmac } from 'node:crypto';
import { getIP } from 'better-auth/api';
import type { LockScope } from '../mana-hooks.js';
import { type DeviceIdentity, readDeviceCookies } from './device-cookie.js';

/** One counter a sign-in attempt is checked against, and the count that locks it. */
export interface LockoutLimit {
  key: string;
  max: number;
}

/** A sign-in attempt as the lockout sees it. */
export interface LockoutAttempt {
  email: string;
  ip: string | null;
  /** `device`: a valid device cookie for this account came with it; else `unknown-devices`. */
  scope: LockScope;
  /** The verified device cookie for this account, if any. */
  device: DeviceIdentity | null;
  /** The account's id when it was looked up (only for a valid device cookie). */
  userId: string | null;
  /** The counters this attempt is checked against and counts on a failure. */
  limits: LockoutLimit[];
}

/** Thresholds and secrets an attempt's limits are built from. */
export interface AttemptPolicy {
  maxFailuresPerAccountAndIp: number;
  maxFailuresPerAccount: number;
  maxFailuresPerDevice: number;
  /** Keys are HMACs of email (+ IP or device nonce) with this secret, so no counter holds an address. */
  secret: string;
  /** Secrets older device cookies may be signed with (besides the current one). */
  previousSecrets: readonly string[];
}

/** The parts of a Better Auth hook context an attempt is read from. */
export interface AttemptContext {
  body?: unknown;
  request?: Request | undefined;
  headers?: Headers | undefined;
  context: {
    secret: string;
    options: object;
    internalAdapter: { findUserByEmail(email: string): Promise<{ user: { id: string } } | null> };
  };
}

/** The account a valid device cookie names, when it is the account being signed in to. */
async function deviceFor(
  ctx: AttemptContext,
  email: string,
  secrets: readonly string[],
): Promise<{ device: DeviceIdentity; userId: string } | null> {
  const cookies = (ctx.headers ?? ctx.request?.headers)?.get('cookie') ?? null;
  const devices = readDeviceCookies(cookies, secrets);
  // A lookup only when a cookie's signature verified: forged cookies cost no query.
  if (devices.length === 0) return null;
  const found = await ctx.context.internalAdapter.findUserByEmail(email).catch(() => null);
  const device = found && devices.find((candidate) => candidate.userId === found.user.id);
  return device ? { device, userId: device.userId } : null;
}

/**
 * Reads a sign-in attempt: who is tried, from where, and with which device. A client with a valid
 * device cookie for the account is counted on its own (account, device) counter; every other
 * client on the (account, IP) and (account, unknown devices) counters.
 */
export async function describeAttempt(
  ctx: AttemptContext,
  policy: AttemptPolicy,
): Promise<LockoutAttempt | null> {
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  if (typeof email !== 'string' || email.length === 0) return null;
  const normalised = email.trim().toLowerCase();
  const source = ctx.request ?? ctx.headers;
  const ip = source ? getIP(source, ctx.context.options as Parameters<typeof getIP>[1]) : null;
  const hash = (value: string) => createHmac('sha256', policy.secret).update(value).digest('base64url');
  const known = await deviceFor(ctx, normalised, [ctx.context.secret, ...policy.previousSecrets]);
  if (known) {
    const key = hash(`device|${known.userId}|${known.device.nonce}`);
    return {
      email: normalised,
      ip,
      scope: 'device',
      device: known.device,
      userId: known.userId,
      limits: [{ key, max: policy.maxFailuresPerDevice }],
    };
  }
  return {
    email: normalised,
    ip,
    scope: 'unknown-devices',
    device: null,
    userId: null,
    limits: [
      { key: hash(`ip|${normalised}|${ip ?? '-'}`), max: policy.maxFailuresPerAccountAndIp },
      { key: hash(`account|${normalised}`), max: policy.maxFailuresPerAccount },
    ],
  };
}
