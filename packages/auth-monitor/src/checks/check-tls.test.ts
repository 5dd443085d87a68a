import { describe, expect, it } from 'vitest';
import { checkTls, evaluateTls } from './check-tls.js';
import type { TlsInspection } from './inspect-tls.js';

const base: TlsInspection = {
  authorized: true,
  authorizationError: null,
  protocol: 'TLSv1.3',
  validFrom: '2025-01-01T00:00:00.000Z',
  validTo: '2025-04-01T00:00:00.000Z',
  subject: 'auth.example.com',
  issuer: "Let's Encrypt",
};
const options = { timeoutMs: 1000, warnDays: 21, failDays: 7 };

describe('evaluateTls', () => {
  it('passes with days left and warns, then fails, as expiry nears', () => {
    expect(evaluateTls(base, { ...options, now: new Date('2025-02-01T00:00:00Z') })).toMatchObject({
      status: 'pass',
      summary: "TLSv1.3, valid until 2025-04-01 (59 days left), issuer Let's Encrypt",
    });
    const soon = evaluateTls(base, { ...options, now: new Date('2025-03-20T00:00:00Z') });
    expect(soon.status).toBe('warn');
    expect(soon.problems[0]).toContain('in 12 days (warn threshold 21)');
    const urgent = evaluateTls(base, { ...options, now: new Date('2025-03-29T00:00:00Z') });
    expect(urgent.status).toBe('fail');
    expect(urgent.problems[0]).toContain('renew it now');
    expect(evaluateTls(base, { ...options, now: new Date('2025-05-01T00:00:00Z') }).problems[0]).toContain(
      'certificate expired on 2025-04-01',
    );
  });

  it('fails untrusted certificates with a hint per error code', () => {
    const selfSigned = evaluateTls(
      { ...base, authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      { ...options, now: new Date('2025-02-01T00:00:00Z') },
    );
    expect(selfSigned.status).toBe('fail');
    expect(selfSigned.problems[0]).toContain('self-signed');
    const wrongHost = evaluateTls(
      { ...base, authorized: false, authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID' },
      { ...options, now: new Date('2025-02-01T00:00:00Z') },
    );
    expect(wrongHost.problems[0]).toContain('does not cover this host name');
  });

  it('skips local plain HTTP and warns about remote plain HTTP', async () => {
    expect(await checkTls('http://127.0.0.1:3001/api/v1/auth', options)).toMatchObject({ status: 'skip' });
    const remote = await checkTls('http://auth.example.com/api/v1/auth', options);
    expect(remote.status).toBe('warn');
    expect(remote.problems[0]).toContain('plain HTTP');
  });
});
