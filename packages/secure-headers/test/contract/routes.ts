import type { SecureHeadersOverrides } from '../../src/policy/options.js';

/** The override every adapter applies to GET /override. */
export const ROUTE_OVERRIDES: SecureHeadersOverrides = {
  contentSecurityPolicy: { frameAncestors: ["'self'"] },
  xFrameOptions: 'SAMEORIGIN',
  permissionsPolicy: { fullscreen: 'self' },
};

/** What GET /app-headers sets itself, to see who wins. */
export const APP_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': 'default-src *',
  'X-Frame-Options': 'SAMEORIGIN',
  'Cache-Control': 'public, max-age=60',
  'X-Powered-By': 'PHP/8.3',
  Server: 'Apache',
};

/** The HTML body every adapter serves on /html and /override: it prints the nonce it was given. */
export function page(nonce: string | undefined): string {
  return `<!doctype html><p id="nonce">${nonce ?? ''}</p>`;
}

/** A running app built with one adapter. */
export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/**
 * Every adapter serves the same routes:
 * - GET /: the root (a mount pattern that misses it is a classic bug);
 * - GET /html, /json: ordinary responses (/html prints its nonce);
 * - GET /missing: the framework's own 404;
 * - GET /error: the handler throws, the framework's error handling answers 500;
 * - GET /early: a middleware mounted after the headers answers 401 before any route;
 * - GET /app-headers: the handler sets APP_HEADERS itself;
 * - GET /override: ROUTE_OVERRIDES for this route only (prints its nonce);
 * - GET /redirect: a 302 to /html;
 * - POST /logout: 204 with Clear-Site-Data.
 */
export const ROUTES = [
  '/',
  '/html',
  '/json',
  '/missing',
  '/error',
  '/early',
  '/app-headers',
  '/override',
  '/redirect',
  '/logout',
] as const;

/** One route of {@link ROUTES}. */
export type Route = (typeof ROUTES)[number];
