import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AuthFetchHandler } from '../settings/auth-settings.js';
import { mountPath } from './base-path.js';
import { manaAuthHono } from './hono/index.js';

const handlerAt = (basePath?: string): AuthFetchHandler =>
  Object.assign(async (request: Request) => Response.json({ path: new URL(request.url).pathname }), {
    ...(basePath ? { settings: { basePath } } : {}),
  });

describe('where adapters mount the auth API', () => {
  it("prefers the adapter's basePath, then the handler's settings, then the default", () => {
    expect(mountPath(handlerAt('/auth'), '/custom')).toBe('/custom');
    expect(mountPath(handlerAt('/auth'), undefined)).toBe('/auth');
    expect(mountPath(handlerAt(), undefined)).toBe('/api/v1/auth');
  });

  it('serves a handler under its own settings.basePath without being told again (Hono)', async () => {
    const app = new Hono();
    app.use(manaAuthHono(handlerAt('/auth')));
    app.get('*', (c) => c.text('app', 404));
    const inside = await app.request('http://localhost/auth/jwks');
    expect(inside.status).toBe(200);
    expect(await inside.json()).toEqual({ path: '/auth/jwks' });
    expect((await app.request('http://localhost/api/v1/auth/jwks')).status).toBe(404);
  });
});
