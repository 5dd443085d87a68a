import type { AuthMetrics } from './auth-metrics.js';

type FetchHandler = (request: Request) => Promise<Response>;

/** The path of `url` without its query (no `URL` parse on the request path). */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const query = url.indexOf('?', start);
  return query === -1 ? url.slice(start) : url.slice(start, query);
}

/**
 * Times every HTTP sign-in (`POST <basePath>/login` and `POST <basePath>/sign-in/*`) into
 * `mana_auth.login.duration`, with the answer's status. Without a meter provider it returns
 * `handle` itself: no cost at all.
 */
export function withLoginTiming(handle: FetchHandler, metrics: AuthMetrics, basePath: string): FetchHandler {
  if (!metrics.enabled) return handle;
  const login = `${basePath}/login`;
  const signIn = `${basePath}/sign-in/`;
  return async (request) => {
    if (request.method !== 'POST') return handle(request);
    const path = pathOf(request.url);
    if (path !== login && !path.startsWith(signIn)) return handle(request);
    const started = performance.now();
    try {
      const response = await handle(request);
      metrics.loginAnswered(started, response.status);
      return response;
    } catch (error) {
      metrics.loginAnswered(started, 500);
      throw error;
    }
  };
}
