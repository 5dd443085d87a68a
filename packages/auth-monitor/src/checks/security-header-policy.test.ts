import { describe, expect, it } from 'vitest';
import { readmeHeaderPolicy } from '../../test/readme-headers.js';
import { MonitorError } from '../monitor-error.js';
import { evaluateSecurityHeaders } from './evaluate-security-headers.js';
import {
  compileHeaderPolicy,
  DEFAULT_SECURITY_HEADERS,
  normalizeHeaderValue,
} from './security-header-policy.js';

describe('security header policy', () => {
  it("defaults to the spec's seven headers with the exact values the README documents", () => {
    const documented = readmeHeaderPolicy();
    expect(Object.keys(documented)).toHaveLength(7);
    expect(DEFAULT_SECURITY_HEADERS).toEqual(documented);
    expect(compileHeaderPolicy()).toHaveLength(7);
  });

  it('merges overrides case-insensitively: replace, require presence, switch off, add', () => {
    const rules = compileHeaderPolicy({
      'x-frame-options': 'SAMEORIGIN',
      'X-XSS-Protection': false,
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Referrer-Policy': true,
    });
    expect(rules.map((r) => [r.name, r.expected])).toEqual([
      ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains; preload'],
      ['X-Content-Type-Options', 'nosniff'],
      ['X-Frame-Options', 'SAMEORIGIN'],
      ['Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'"],
      ['Referrer-Policy', null],
      ['Permissions-Policy', 'geolocation=(), microphone=(), camera=()'],
      ['Cross-Origin-Opener-Policy', 'same-origin'],
    ]);
  });

  it('rejects bad names and values with a message naming them', () => {
    expect(() => compileHeaderPolicy({ 'Bad Header': 'x' })).toThrow(MonitorError);
    expect(() => compileHeaderPolicy({ 'Bad Header': 'x' })).toThrow(
      /"Bad Header" is not a valid HTTP header name/,
    );
    expect(() => compileHeaderPolicy({ 'X-Test': 5 as unknown as string })).toThrow(
      /header "X-Test" must be a string/,
    );
  });

  it('compares list-valued headers semantically', () => {
    expect(
      normalizeHeaderValue(
        'Content-Security-Policy',
        "style-src 'unsafe-inline'  'self';default-src 'self'; script-src 'self';",
      ),
    ).toBe(
      normalizeHeaderValue(
        'Content-Security-Policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'",
      ),
    );
    expect(
      normalizeHeaderValue('Strict-Transport-Security', 'preload; includeSubDomains;max-age = 31536000'),
    ).toBe('includesubdomains; max-age=31536000; preload');
    expect(normalizeHeaderValue('Permissions-Policy', 'camera=( ), geolocation=(),microphone=()')).toBe(
      'camera=(), geolocation=(), microphone=()',
    );
    expect(normalizeHeaderValue('X-Frame-Options', ' deny ')).toBe('deny');
  });

  it('evaluates Fetch Headers and plain objects', () => {
    const rules = compileHeaderPolicy({ 'Referrer-Policy': true });
    const fromFetch = evaluateSecurityHeaders(
      new Headers({ 'x-frame-options': 'deny', 'referrer-policy': 'no-referrer' }),
      rules,
    );
    expect(fromFetch.find((f) => f.name === 'X-Frame-Options')).toEqual({
      name: 'X-Frame-Options',
      expected: 'DENY',
      actual: 'deny',
      ok: true,
    });
    expect(fromFetch.find((f) => f.name === 'Referrer-Policy')?.ok).toBe(true);
    expect(fromFetch.find((f) => f.name === 'X-XSS-Protection')).toMatchObject({ actual: null, ok: false });
    const fromNode = evaluateSecurityHeaders({ 'content-security-policy': 'default-src *' }, rules);
    expect(fromNode.find((f) => f.name === 'Content-Security-Policy')).toMatchObject({
      actual: 'default-src *',
      ok: false,
    });
  });
});
