import type { IncomingMessage, ServerResponse } from 'node:http';
import { chromiumLaunchOptions, type StartedServer, startServer } from '@mana/test-utils';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspNonce, secureHeaders } from '../src/adapters/node/index.js';
import { NONCE } from '../src/csp/types.js';

/**
 * Real Chromium, real servers: what the page *did* under each policy, not just what was sent.
 * Each assertion has a control (the same page without the protection) that must behave the other
 * way, so the test fails if the browser simply never ran anything.
 */

const RECORDER = `
window.__violations = [];
window.__messages = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI });
});
window.addEventListener('message', (e) => window.__messages.push(e.data));
window.__externalRan = true;
`;

const POST_LOADED = `parent.postMessage(document.body.dataset.id, '*');`;

function inlinePage(nonce: string | undefined): string {
  return `<!doctype html><html><head><script src="/recorder.js"></script></head><body>
<script>window.__inlineRan = true;</script>
${nonce === undefined ? '' : `<script nonce="${nonce}">window.__nonceRan = true;</script>`}
<script nonce="not-the-nonce">window.__wrongNonceRan = true;</script>
</body></html>`;
}

function framedPage(id: string): string {
  return `<!doctype html><html><body data-id="${id}"><script src="/post-loaded.js"></script></body></html>`;
}

function send(res: ServerResponse, type: string, body: string): void {
  res.setHeader('Content-Type', type);
  res.end(body);
}

/** The app under test: every route behind one secureHeaders() middleware, some with overrides. */
function app(): (req: IncomingMessage, res: ServerResponse) => void {
  const headers = secureHeaders();
  const withNonce = headers.route({ contentSecurityPolicy: { scriptSrc: ["'self'", NONCE] } });
  // X-Frame-Options off, so only CSP frame-ancestors 'none' stands between the page and the framer.
  const owasp = secureHeaders({ preset: 'owasp', xFrameOptions: false });
  const framable = headers.route({ xFrameOptions: false });
  return (req, res) => {
    headers(req, res);
    switch (req.url) {
      case '/recorder.js':
        return send(res, 'text/javascript', RECORDER);
      case '/post-loaded.js':
        return send(res, 'text/javascript', POST_LOADED);
      case '/inline':
        return send(res, 'text/html', inlinePage(undefined));
      case '/nonce':
        withNonce(req, res);
        return send(res, 'text/html', inlinePage(cspNonce(res)));
      case '/frame/default':
        return send(res, 'text/html', framedPage('default'));
      case '/frame/owasp':
        owasp(req, res);
        return send(res, 'text/html', framedPage('owasp'));
      case '/frame/framable':
        framable(req, res);
        return send(res, 'text/html', framedPage('framable'));
      default:
        res.statusCode = 404;
        res.end();
    }
  };
}

/** Another origin (other port) serving pages with no policy at all. */
function otherOrigin(target: () => string): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.url === '/recorder.js') return send(res, 'text/javascript', RECORDER);
    if (req.url === '/inline') return send(res, 'text/html', inlinePage(undefined));
    if (req.url === '/post-loaded.js') return send(res, 'text/javascript', POST_LOADED);
    const frames = ['default', 'owasp', 'framable'].map(
      (id) => `<iframe src="${target()}/frame/${id}"></iframe>`,
    );
    send(
      res,
      'text/html',
      `<!doctype html><html><head><script src="/recorder.js"></script></head><body>${frames.join('')}</body></html>`,
    );
  };
}

describe('in a real browser (headless Chromium)', () => {
  let browser: Browser;
  let page: Page;
  let server: StartedServer;
  let other: StartedServer;

  beforeAll(async () => {
    server = await startServer(app());
    other = await startServer(otherOrigin(() => server.url));
    browser = await chromium.launch(chromiumLaunchOptions());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await other?.close();
  });

  async function open(url: string): Promise<Page> {
    page = await browser.newPage();
    const response = await page.goto(url, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    return page;
  }

  const state = (p: Page) =>
    p.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return {
        external: w.__externalRan === true,
        inline: w.__inlineRan === true,
        nonce: w.__nonceRan === true,
        wrongNonce: w.__wrongNonceRan === true,
        violations: w.__violations as { directive: string; blocked: string }[],
      };
    });

  it('control: without the policy the same page runs its inline scripts', async () => {
    const p = await open(`${other.url}/inline`);
    expect(await state(p)).toMatchObject({ external: true, inline: true, wrongNonce: true, violations: [] });
    await p.close();
  });

  it('default policy: a same-origin script runs, an inline script does not', async () => {
    const p = await open(`${server.url}/inline`);
    await p.waitForFunction(
      () => (window as unknown as { __violations: unknown[] }).__violations.length >= 2,
    );
    const result = await state(p);
    expect(result).toMatchObject({ external: true, inline: false, nonce: false, wrongNonce: false });
    expect(result.violations).toEqual([
      { directive: 'script-src-elem', blocked: 'inline' },
      { directive: 'script-src-elem', blocked: 'inline' },
    ]);
    await p.close();
  });

  it("nonce policy: the nonce'd script runs; plain and wrong-nonce inline scripts do not", async () => {
    const p = await open(`${server.url}/nonce`);
    await p.waitForFunction(
      () => (window as unknown as { __violations: unknown[] }).__violations.length >= 2,
    );
    const result = await state(p);
    expect(result).toMatchObject({ external: true, inline: false, nonce: true, wrongNonce: false });
    expect(result.violations.map((v) => v.blocked)).toEqual(['inline', 'inline']);
    await p.close();
  });

  it("cannot be framed by another origin (default: X-Frame-Options DENY; owasp: frame-ancestors 'none' alone)", async () => {
    const p = await open(`${other.url}/frames`);
    // The control frame proves cross-origin framing works at all in this browser.
    await p.waitForFunction(() =>
      (window as unknown as { __messages: string[] }).__messages.includes('framable'),
    );
    // Give the blocked frames every chance to load too.
    await p.waitForTimeout(500);
    const messages = await p.evaluate(() => (window as unknown as { __messages: string[] }).__messages);
    expect(messages).toEqual(['framable']);
    const frameUrls = p.frames().map((frame) => frame.url());
    expect(frameUrls).toContain(`${server.url}/frame/framable`);
    expect(frameUrls).not.toContain(`${server.url}/frame/default`);
    expect(frameUrls).not.toContain(`${server.url}/frame/owasp`);
    await p.close();
  });
});
