import type { z } from 'zod';
import type { sessionViewSchema, userViewSchema } from './response-schemas.js';

/** A session as the REST API shows it: never its token. */
export type SessionView = z.infer<typeof sessionViewSchema>;

/** A user as the REST API shows it. */
export type UserView = z.infer<typeof userViewSchema>;

/** A session as Better Auth returns it (dates may be `Date` or ISO strings). */
export interface RawSession {
  id: string;
  token: string;
  createdAt: string | Date;
  updatedAt: string | Date;
  expiresAt: string | Date;
  rememberMe?: boolean | null;
  ipAddress?: string | null;
  userAgent?: string | null;
}

/** A user as Better Auth returns it. */
export interface RawUser {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  image?: string | null;
  createdAt: string | Date;
  updatedAt: string | Date;
}

const iso = (value: string | Date) => new Date(value).toISOString();

/** The public view of a session: ISO dates, `rememberMe` as a boolean, no token. */
export function sessionView(session: Omit<RawSession, 'token'>): SessionView {
  return {
    id: session.id,
    createdAt: iso(session.createdAt),
    updatedAt: iso(session.updatedAt),
    expiresAt: iso(session.expiresAt),
    rememberMe: session.rememberMe === true,
    ipAddress: session.ipAddress || null,
    userAgent: session.userAgent || null,
  };
}

/** The public view of a user: ISO dates, `image` null when unset. */
export function userView(user: RawUser): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerified,
    image: user.image ?? null,
    createdAt: iso(user.createdAt),
    updatedAt: iso(user.updatedAt),
  };
}
