import { request } from 'node:http';

/** What `curl -i` shows: status, headers, body. */
export interface CurlResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A request as curl sends it: only Host, the given headers and a body; no Origin and no
 * Sec-Fetch-* headers (which Node's fetch adds, and which make Better Auth demand an Origin).
 */
export function curl(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<CurlResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: { 'user-agent': 'curl/8.5.0', accept: '*/*', ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
