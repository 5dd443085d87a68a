/** A tiny HTTP client with a cookie jar, talking to a real server over loopback. */
// The workspace's one cookie jar; this private suite reaches it by path (it is not a dependency).
import { CookieJar } from '@mana/internal';

export interface HttpResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test code reads arbitrary JSON
  body: any;
  text: string;
}

// Each new client gets its own address (198.18.0.0/15, the benchmarking range), so no two
// clients of a test file ever share a limiter bucket, as random addresses sometimes did.
let clients = 0;
const nextClientIp = () => {
  clients++;
  return `198.${18 + ((clients >> 16) & 1)}.${(clients >> 8) & 255}.${clients & 255}`;
};

export class Client {
  /** The cookies this client keeps, like a browser would. */
  readonly jar: CookieJar;

  constructor(
    public baseUrl: string,
    /** Sent as X-Forwarded-For so each scenario is its own client for the limiter. */
    readonly ip = nextClientIp(),
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
    const headers = new Headers({ origin: this.origin, 'x-forwarded-for': this.ip, ...options.headers });
    if (!headers.has('cookie')) this.jar.applyTo(headers);
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers.set('content-type', 'application/json');
    } else if (options.raw !== undefined) {
      body = options.raw;
      headers.set('content-type', options.contentType ?? 'application/json');
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    this.jar.storeFrom(response);
    const text = await response.text();
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
