import type { ServerResponse } from 'node:http';
import { CLEAR_SITE_DATA, type ClearSiteDataType, clearSiteData } from '../../headers/clear-site-data.js';

/**
 * Adds `Clear-Site-Data` to a Node/Express response, typically on logout, so the browser drops
 * this origin's cookies, storage and cache (default `"cache", "cookies", "storage"`).
 *
 * @example
 * ```ts
 * app.post('/logout', (req, res) => {
 *   setClearSiteData(res);
 *   res.status(204).end();
 * });
 * ```
 */
export function setClearSiteData(res: ServerResponse, types?: readonly ClearSiteDataType[]): void {
  res.setHeader(CLEAR_SITE_DATA, clearSiteData(types));
}
