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

export class Client {
  /** The cookies this client keeps, like a browser would. */
  readonly jar: CookieJar;

  constructor(
    public baseUrl: string,
    /** Sent as X-Forwarded-For so each scenario is its own client for the limiter. */
    readonly ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`,
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
