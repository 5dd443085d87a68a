import { requestPathname } from '../rest-api/request-path.js';
import type { AuthMetrics } from './auth-metrics.js';

type FetchHandler = (request: Request) => Promise<Response>;

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
    const path = requestPathname(request.url);
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
