import { isIP } from 'node:net';
import { connect, type PeerCertificate } from 'node:tls';

/**
 * What a TLS handshake with a target showed. Dates are ISO 8601.
 *
 * @example
 * ```ts
 * import { inspectTls } from './inspect-tls.js';
 * const tls = await inspectTls('https://auth.example.com/api/v1/auth', { timeoutMs: 5000 });
 * console.log(tls.protocol, tls.validTo, tls.authorizationError);
 * ```
 */
export interface TlsInspection {
  /** True when the chain is trusted and the certificate matches the host name. */
  authorized: boolean;
  /** OpenSSL/Node code when not authorized, e.g. `CERT_HAS_EXPIRED`, `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  authorizationError: string | null;
  /** Negotiated protocol, e.g. `TLSv1.3`. */
  protocol: string | null;
  validFrom: string;
  validTo: string;
  /** Subject common name. */
  subject: string;
  /** Issuer organisation or common name. */
  issuer: string;
}

/**
 * Opens a TLS connection to the URL's host and port (SNI set to the host name), reads the peer
 * certificate without trusting it blindly, and closes the connection. Trust failures are reported
 * in the result, not thrown.
 *
 * @throws Error when no TLS connection can be made at all (refused, DNS, timeout, handshake).
 * @example
 * ```ts
 * import { inspectTls } from './inspect-tls.js';
 * const { authorized, validTo } = await inspectTls('https://auth.example.com', { timeoutMs: 5000 });
 * ```
 */
export function inspectTls(url: string, options: { timeoutMs: number }): Promise<TlsInspection> {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port: Number(port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    const timer = setTimeout(
      () => socket.destroy(new Error(`no TLS handshake with ${host} within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const cert = socket.getPeerCertificate();
      const error = socket.authorizationError;
      resolve({
        authorized: socket.authorized,
        authorizationError: error ? String((error as Error & { code?: string }).code ?? error) : null,
        protocol: socket.getProtocol(),
        ...certificateFacts(cert),
      });
      socket.end();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function certificateFacts(
  cert: PeerCertificate,
): Pick<TlsInspection, 'validFrom' | 'validTo' | 'subject' | 'issuer'> {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';
  return {
    validFrom: new Date(cert.valid_from).toISOString(),
    validTo: new Date(cert.valid_to).toISOString(),
    subject: first(cert.subject?.CN),
    issuer: first(cert.issuer?.O) || first(cert.issuer?.CN),
  };
}
