/** A tiny HTTP client with a cookie jar, talking to a real server over loopback. */
import { request as httpRequest } from 'node:http';
// The workspace's one cookie jar; this private suite reaches it by path (it is not a dependency).
import { CookieJar } from '@mana/internal';

export interface HttpResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test code reads arbitrary JSON
  body: any;
  text: string;
}

// Each new client connects from its own loopback source address (127.1.0.1, 127.1.0.2, ...; all
// of 127.0.0.0/8 is loopback on Linux), so the server really sees distinct socket addresses and
// no two clients of a test file share a limiter bucket. No header carries the IP: the examples
// trust none.
let clients = 0;
/** A fresh loopback source address, never 127.0.0.1. */
export const nextLoopbackAddress = (): string => {
  clients++;
  const n = clients + 0x10000;
  return `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

/** One request on its own connection from `localAddress`; redirects are not followed. */
function send(
  url: string,
  init: { method: string; headers: Headers; body?: string | undefined; localAddress: string },
): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: init.method,
        headers: Object.fromEntries(init.headers),
        localAddress: init.localAddress,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) for (const v of value) headers.append(name, v);
            else if (value !== undefined) headers.set(name, value);
          }
          resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

export class Client {
  /** The cookies this client keeps, like a browser would. */
  readonly jar: CookieJar;

  constructor(
    public baseUrl: string,
    /** The loopback source address this client connects from (its IP for the limiter). */
    readonly ip = nextLoopbackAddress(),
    /** Origin header; default the server URL. Instances behind one load balancer share one. */
    readonly origin = baseUrl,
    jar = new CookieJar(),
  ) {
    this.jar = jar;
  }

  async request(
    method: string,
    path: string,
    options: { json?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> } = {},
  ): Promise<HttpResult> {
    const headers = new Headers({ origin: this.origin, ...options.headers });
    if (!headers.has('cookie')) this.jar.applyTo(headers);
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers.set('content-type', 'application/json');
    } else if (options.raw !== undefined) {
      body = options.raw;
      headers.set('content-type', options.contentType ?? 'application/json');
    }
    if (body !== undefined) headers.set('content-length', String(Buffer.byteLength(body)));
    const response = await send(`${this.baseUrl}${path}`, { method, headers, body, localAddress: this.ip });
    this.jar.storeFrom(response);
    const { text } = response;
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  /** A copy of this client (same cookies and IP), optionally talking to another server. */
  clone(baseUrl = this.baseUrl): Client {
    return new Client(baseUrl, this.ip, this.origin, this.jar.clone());
  }
}
