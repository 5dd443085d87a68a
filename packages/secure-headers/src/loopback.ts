const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * Whether a `Host` value (with or without port) names this machine: `localhost`, `*.localhost`,
 * `127.0.0.0/8` or `[::1]`.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  let name = host.toLowerCase();
  if (name.startsWith('[')) {
    const end = name.indexOf(']');
    name = name.slice(1, end === -1 ? undefined : end);
    return name === '::1' || name === '0:0:0:0:0:0:0:1';
  }
  const colon = name.indexOf(':');
  if (colon !== -1) name = name.slice(0, colon);
  if (name.endsWith('.')) name = name.slice(0, -1);
  return name === 'localhost' || name.endsWith('.localhost') || IPV4_LOOPBACK.test(name);
}

/**
 * Whether a request reached us over plain HTTP on a loopback host. A proxy's
 * `X-Forwarded-Proto: https` counts as HTTPS (that can only add HSTS, never remove it).
 */
export function isPlainHttpLocalhost(
  secure: boolean,
  host: string | undefined,
  forwardedProto?: string | null,
): boolean {
  if (secure) return false;
  if (forwardedProto && forwardedProto.split(',')[0]!.trim().toLowerCase() === 'https') return false;
  return isLoopbackHost(host);
}
