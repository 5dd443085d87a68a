import { describe, expect, it } from 'vitest';
import { expectSecureHeadersError } from '../../test/support/expect-error.js';
import { type ClearSiteDataType, clearSiteData, withClearSiteData } from './clear-site-data.js';

describe('Clear-Site-Data', () => {
  it('defaults to cache, cookies and storage (OWASP)', () => {
    expect(clearSiteData()).toBe('"cache", "cookies", "storage"');
  });

  it('writes the given types, once each', () => {
    expect(clearSiteData(['cookies', 'cookies', 'executionContexts'])).toBe('"cookies", "executionContexts"');
    expect(clearSiteData(['*'])).toBe('"*"');
  });

  it('rejects unknown or missing types', () => {
    expectSecureHeadersError(() => clearSiteData(['cookie' as ClearSiteDataType]), {
      code: 'CLEAR_SITE_DATA_INVALID',
      header: 'Clear-Site-Data',
      value: 'cookie',
      fix: 'did you mean "cookies"?',
    });
    expectSecureHeadersError(() => clearSiteData([]), {
      code: 'CLEAR_SITE_DATA_INVALID',
      header: 'Clear-Site-Data',
      value: '',
      fix: "['cookies', 'storage']",
    });
  });

  it('withClearSiteData sets the header, copying responses with immutable headers', async () => {
    const mutable = new Response('bye', { status: 200 });
    expect(withClearSiteData(mutable)).toBe(mutable);
    expect(mutable.headers.get('clear-site-data')).toBe('"cache", "cookies", "storage"');

    const redirect = Response.redirect('https://example.com/', 303);
    const copy = withClearSiteData(redirect, ['cookies']);
    expect(copy).not.toBe(redirect);
    expect(copy.status).toBe(303);
    expect(copy.headers.get('location')).toBe('https://example.com/');
    expect(copy.headers.get('clear-site-data')).toBe('"cookies"');
  });
});
