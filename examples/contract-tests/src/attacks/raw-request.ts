/** Raw HTTP for the attack classes: requests a browser or `fetch` would never send. */
import { type Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';

/** What the attacker observes: status, headers (lower-case names) and the body as text. */
export interface RawResult {
  status: number;
  headers: Headers;
  text: string;
}

/** One request through `node:http` (the client checks header syntax; the rest is free). */
export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string | string[]>;
  /** A whole body (with its Content-Length unless `headers` set one), or chunks streamed one by one. */
  body?: string | Buffer | { chunks: Buffer[] };
  localAddress?: string;
  agent?: Agent | false;
}

function toHeaders(raw: NodeJS.Dict<string | string[]>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/**
 * The headers with the whole body's Content-Length, unless one was given: `node:http` sends none
 * for a DELETE or OPTIONS body, which would make the body read as the next request on the socket.
 */
function withLength(headers: RawRequest['headers'] & object, body: RawRequest['body']) {
  if (body === undefined || !(typeof body === 'string' || Buffer.isBuffer(body))) return headers;
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) return headers;
  return { ...headers, 'content-length': String(Buffer.byteLength(body)) };
}

/**
 * Sends `init` to `base` and resolves with the answer. Streamed chunks are written one per tick
 * (chunked, no Content-Length) and writing stops once an answer arrives, as a client would.
 */
export function rawRequest(base: string, init: RawRequest): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      `${base}${init.path}`,
      {
        method: init.method,
        headers: withLength(init.headers ?? {}, init.body),
        agent: init.agent ?? false,
        ...(init.localAddress ? { localAddress: init.localAddress } : {}),
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: toHeaders(res.headers),
            text: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const { body } = init;
    if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) return void req.end(body);
    const queue = [...body.chunks];
    const next = (): void => {
      if (answered || req.destroyed) return;
      const chunk = queue.shift();
      if (!chunk) return void req.end();
      req.write(chunk, () => setImmediate(next));
    };
    next();
  });
}

/**
 * Writes `head` (request line and headers, CRLF-separated, as given: any bytes at all) and
 * `body` on a fresh TCP connection and parses the answer; the connection is not ended by the
 * client, so a server that waits for a promised body is caught by the caller's timeout.
 */
export function rawSocketRequest(port: number, head: string, body = ''): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const parsed = parseAnswer(Buffer.concat(chunks));
      if (parsed) {
        socket.destroy();
        resolve(parsed);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('connection closed without a complete answer')));
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body)]));
  });
}

/** The payload of a complete chunked body. */
function dechunk(data: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) return Buffer.concat(parts).toString();
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** A complete HTTP/1.1 answer with a Content-Length body, or null while incomplete. */
function parseAnswer(data: Buffer): RawResult | null {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const rest = data.subarray(end + 4);
  if (headers.get('transfer-encoding') === 'chunked') {
    if (!rest.toString('latin1').endsWith('0\r\n\r\n')) return null;
    return { status: Number(statusLine?.split(' ')[1]), headers, text: dechunk(rest) };
  }
  const length = Number(headers.get('content-length') ?? 0);
  if (data.length < end + 4 + length) return null;
  const text = data.subarray(end + 4, end + 4 + length).toString();
  return { status: Number(statusLine?.split(' ')[1]), headers, text };
}
