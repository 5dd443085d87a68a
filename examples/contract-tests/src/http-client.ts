/** A tiny HTTP client with a cookie jar, talking to a real server over loopback. */
export interface HttpResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test code reads arbitrary JSON
  body: any;
  text: string;
}

export class Client {
  readonly cookies = new Map<string, string>();

  constructor(
    public baseUrl: string,
    /** Sent as X-Forwarded-For so each scenario is its own client for the limiter. */
    readonly ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`,
    /** Origin header; default the server URL. Instances behind one load balancer share one. */
    readonly origin = baseUrl,
  ) {}

  async request(
    method: string,
    path: string,
    options: { json?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> } = {},
  ): Promise<HttpResult> {
    const headers = new Headers({ origin: this.origin, 'x-forwarded-for': this.ip, ...options.headers });
    if (this.cookies.size > 0 && !headers.has('cookie')) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers.set('content-type', 'application/json');
    } else if (options.raw !== undefined) {
      body = options.raw;
      headers.set('content-type', options.contentType ?? 'application/json');
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0]!;
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
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
    const copy = new Client(baseUrl, this.ip, this.origin);
    for (const [k, v] of this.cookies) copy.cookies.set(k, v);
    return copy;
  }
}
