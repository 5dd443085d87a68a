import { request } from 'node:http';

/** What a client observed. */
export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

/** Options of {@link send}. */
export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Loopback source address, e.g. `127.0.0.2`: a different client to the server. */
  from?: string;
}

/**
 * One HTTP request from a chosen loopback source address (`http.request`'s `localAddress`), so
 * a server that keys on the socket address sees distinct clients without any proxy header.
 */
export function send(url: string, options: SendOptions = {}): Promise<HttpResult> {
  const target = new URL(url);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    origin: target.origin,
    ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: options.method ?? (payload ? 'POST' : 'GET'),
        headers,
        localAddress: options.from ?? '127.0.0.1',
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The `name=value` pairs of a response's `Set-Cookie` headers, as one `Cookie` header. */
export function cookieHeader(result: HttpResult): string {
  const setCookie = result.headers['set-cookie'] ?? [];
  return (Array.isArray(setCookie) ? setCookie : [setCookie])
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}
