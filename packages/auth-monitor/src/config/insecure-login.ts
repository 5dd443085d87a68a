import { describeValue } from '@mana/internal';
import { MonitorError } from '../monitor-error.js';

/**
 * True when `url` names this machine: `localhost` (and `*.localhost`), `127.0.0.0/8`, `::1` or
 * an IPv4-mapped `127.x` address. Traffic to it never leaves the host.
 *
 * @example
 * ```ts
 * import { isLoopbackUrl } from './insecure-login.js';
 * isLoopbackUrl(new URL('http://127.0.0.1:3001/api/v1/auth')); // true
 * isLoopbackUrl(new URL('http://auth.internal/api/v1/auth')); // false
 * ```
 */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '[::1]' ||
    /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host)
  );
}

/**
 * Refuses to send the login smoke test's password in clear text: a plain `http://` base URL
 * that is not loopback needs `allowInsecureHttp: true` (the `--allow-insecure-login` flag, or
 * `"allowInsecureHttp": true` in the config file's `login` object).
 *
 * @throws {MonitorError} `INVALID_OPTION` naming the target, the URL and the opt-in.
 * @example
 * ```ts
 * import { checkLoginTransport } from './insecure-login.js';
 * checkLoginTransport('https://auth.example.com/api/v1/auth', undefined, 'target #1'); // passes
 * ```
 */
export function checkLoginTransport(baseUrl: string, allowInsecureHttp: unknown, where: string): void {
  if (allowInsecureHttp !== undefined && typeof allowInsecureHttp !== 'boolean') {
    throw new MonitorError(
      'INVALID_OPTION',
      `${where}: "login.allowInsecureHttp" must be true or false, got ${describeValue(allowInsecureHttp)}.`,
    );
  }
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' || isLoopbackUrl(url) || allowInsecureHttp === true) return;
  throw new MonitorError(
    'INVALID_OPTION',
    `${where}: refusing to send the login password in clear text to ${url.origin} (plain http:// to a host that is not loopback); use https://, or pass --allow-insecure-login (config: "login": { "allowInsecureHttp": true }) if the network to it is trusted.`,
  );
}
