/**
 * What one HTTP request to a target produced. Either `response` or `error` is set.
 *
 * @example
 * ```ts
 * import { probeUrl } from './http-probe.js';
 * const probe = await probeUrl('http://127.0.0.1:3001/api/v1/auth/health', { timeoutMs: 5000 });
 * console.log(probe.response?.status ?? probe.error?.message);
 * ```
 */
export interface ProbeResult {
  /** The URL requested. */
  url: string;
  /** Milliseconds from sending the request to the last byte of the body (or to the error). */
  elapsedMs: number;
  /** Present when the server answered. */
  response?: ProbeResponse;
  /** Present when no answer arrived; the message says why and what to try. */
  error?: ProbeError;
  /** How many requests were sent (1 + retries used). */
  attempts: number;
}

/**
 * An HTTP answer, with the body read as text (at most `maxBodyBytes`).
 *
 * @example
 * ```ts
 * import type { ProbeResponse } from './http-probe.js';
 * function isJson(response: ProbeResponse): boolean {
 *   return response.headers.get('content-type')?.includes('json') ?? false;
 * }
 * ```
 */
export interface ProbeResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: string;
  /** True when the body was longer than `maxBodyBytes` and was cut. */
  truncated: boolean;
}

/**
 * Why a request got no answer.
 *
 * @example
 * ```ts
 * import type { ProbeError } from './http-probe.js';
 * const error: ProbeError = { kind: 'timeout', message: 'no response within 5000 ms' };
 * ```
 */
export interface ProbeError {
  /** Broad class, for programs. */
  kind: 'timeout' | 'refused' | 'dns' | 'tls' | 'reset' | 'network';
  /** What happened and what to try. */
  message: string;
}

/**
 * Options of {@link probeUrl}.
 *
 * @example
 * ```ts
 * import type { ProbeOptions } from './http-probe.js';
 * const options: ProbeOptions = { timeoutMs: 5000, maxBodyBytes: 65_536 };
 * ```
 */
export interface ProbeOptions {
  /** Give up after this many milliseconds (whole request including body). Default 10 000. */
  timeoutMs?: number;
  /** Read at most this many body bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Value of the User-Agent header. */
  userAgent?: string;
  /** Repeat the request this many times when it gets no answer or a 5xx. Default 0. */
  retries?: number;
  /** Wait between attempts. Default 1000. */
  retryDelayMs?: number;
  /** HTTP method. Default `GET`. */
  method?: 'GET' | 'POST';
  /** JSON request body (sets `Content-Type: application/json`). */
  json?: unknown;
  /** Extra request headers. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * Sends a request (default `GET`) without following redirects and times it to the last body
 * byte. Requests that get no answer or a 5xx are repeated `retries` times; the last attempt is
 * returned. Never throws for network problems: they come back as `error` with an explanation.
 *
 * @example
 * ```ts
 * import { probeUrl } from './http-probe.js';
 * const { response, elapsedMs } = await probeUrl('https://auth.example.com/api/v1/auth/jwks', { retries: 1 });
 * if (response) console.log(response.status, `${elapsedMs} ms`);
 * ```
 */
export async function probeUrl(url: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const retries = options.retries ?? 0;
  let result = await probeOnce(url, options);
  let attempts = 1;
  while (attempts <= retries && (result.error || (result.response?.status ?? 0) >= 500)) {
    await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 1000));
    result = await probeOnce(url, options);
    attempts++;
  }
  return { ...result, attempts };
}

async function probeOnce(url: string, options: ProbeOptions): Promise<Omit<ProbeResult, 'attempts'>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers: Record<string, string> = {
    accept: 'application/json, */*;q=0.5',
    'user-agent': options.userAgent ?? 'mana-auth-monitor',
    ...options.headers,
  };
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    const res = await fetch(url, {
      method: options.method ?? 'GET',
      redirect: 'manual',
      headers,
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
      signal,
    });
    const { text, truncated } = await readBody(res, options.maxBodyBytes ?? 1 << 20);
    const response = {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
      body: text,
      truncated,
    };
    return { url, elapsedMs: elapsed(), response };
  } catch (error) {
    return { url, elapsedMs: elapsed(), error: describeNetworkError(error, url, timeoutMs) };
  }
}

async function readBody(res: Response, limit: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: '', truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { text: Buffer.concat(chunks).subarray(0, limit).toString('utf8'), truncated: true };
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL|ALTNAME|EPROTO/;

/**
 * Turns a fetch failure into a {@link ProbeError} that names the cause and a likely fix.
 *
 * @example
 * ```ts
 * import { describeNetworkError } from './http-probe.js';
 * const error = Object.assign(new Error('boom'), { code: 'ECONNREFUSED' });
 * describeNetworkError(error, 'http://127.0.0.1:1/health', 5000).kind; // 'refused'
 * ```
 */
export function describeNetworkError(error: unknown, url: string, timeoutMs: number): ProbeError {
  const { host } = new URL(url);
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return {
      kind: 'timeout',
      message: `no complete response from ${host} within ${timeoutMs} ms; the service is hanging or overloaded (raise --timeout only if this is expected).`,
    };
  }
  const cause = rootCause(error);
  const code = cause.code ?? '';
  if (code === 'ECONNREFUSED') {
    return {
      kind: 'refused',
      message: `connection refused by ${host}: nothing listens there. Is the auth service running, and is the base URL right?`,
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {
      kind: 'dns',
      message: `cannot resolve host ${new URL(url).hostname} (${code}); check the base URL and DNS.`,
    };
  }
  if (TLS_CODES.test(code) || TLS_CODES.test(cause.message)) {
    return {
      kind: 'tls',
      message: `TLS handshake with ${host} failed: ${code || cause.message}. See the tls check for the certificate details.`,
    };
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return {
      kind: 'reset',
      message: `${host} closed the connection before answering (${code}); check the service and any proxy in front of it.`,
    };
  }
  return {
    kind: 'network',
    message: `request to ${host} failed: ${code ? `${code} ` : ''}${cause.message}`.trim(),
  };
}

function rootCause(error: unknown): { code?: string; message: string } {
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth++) {
    if (!(current instanceof Error)) break;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !(current.cause instanceof Error))
      return { code, message: current.message };
    if (!(current.cause instanceof Error))
      return { ...(typeof code === 'string' ? { code } : {}), message: current.message };
    current = current.cause;
  }
  return { message: String(error) };
}
