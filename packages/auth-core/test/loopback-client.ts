import { request as httpRequest } from 'node:http';
import { BASE_URL } from './harness.js';

/** What a client saw. */
export interface LoopbackReply {
  status: number;
  body: unknown;
  setCookies: string[];
}

/**
 * One HTTP request on its own connection from the loopback source address `from` (127.0.0.1,
 * 127.0.0.2, ...), so the server sees that socket address, as it would see a distinct client.
 * Sent with `Origin: BASE_URL` (the origin the test instances trust).
 */
export function sendFrom(
  from: string,
  url: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<LoopbackReply> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    origin: BASE_URL,
    ...(payload ? { 'content-type': 'application/json' } : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? (payload ? 'POST' : 'GET'), headers, localAddress: from, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // not JSON
          }
          const raw = res.headers['set-cookie'] ?? [];
          resolve({ status: res.statusCode ?? 0, body, setCookies: raw });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The `name=value` pairs of Set-Cookie lines, as a Cookie header. */
export function cookieHeader(setCookies: readonly string[]): string {
  return setCookies.map((line) => line.split(';')[0]).join('; ');
}
