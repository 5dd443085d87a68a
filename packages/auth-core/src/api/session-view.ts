/** A session as the facade shows it: never its token. */
export interface SessionView {
  id: string;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  rememberMe: boolean;
  ipAddress: string | null;
  userAgent: string | null;
}

/** A user as the facade shows it. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  image: string | null;
  createdAt: string;
  updatedAt: string;
}

interface RawSession {
  id: string;
  createdAt: string | Date;
  updatedAt: string | Date;
  expiresAt: string | Date;
  rememberMe?: boolean | null;
  ipAddress?: string | null;
  userAgent?: string | null;
}

interface RawUser {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  image?: string | null;
  createdAt: string | Date;
  updatedAt: string | Date;
}

const iso = (value: string | Date) => new Date(value).toISOString();

export function sessionView(session: RawSession): SessionView {
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
