import { describe, expect, it } from 'vitest';
import { expectSecureHeadersError } from '../../test/support/expect-error.js';
import { createSecureHeaders } from '../secure-headers.js';
import type { PermissionsPolicyFeatures } from './permissions-policy.js';

const PP = 'Permissions-Policy';
const permissions = (permissionsPolicy: string | PermissionsPolicyFeatures) =>
  new Map(createSecureHeaders({ permissionsPolicy }).headers()).get(PP);

describe('Permissions-Policy', () => {
  it('typed features merge into the preset features', () => {
    expect(
      permissions({ fullscreen: 'self', geolocation: ['self', 'https://maps.example.com'], syncXhr: '*' }),
    ).toBe(
      'geolocation=(self "https://maps.example.com"), microphone=(), camera=(), fullscreen=(self), sync-xhr=*',
    );
  });

  it('false drops a feature; "none" and [] both write ()', () => {
    expect(
      permissions({ microphone: false, usb: 'none', serial: [], camera: false, geolocation: false }),
    ).toBe('usb=(), serial=()');
  });

  it('client hints and multi-word features are written in kebab-case', () => {
    expect(permissions({ chUaArch: ['self'], publickeyCredentialsGet: 'none', xrSpatialTracking: '*' })).toBe(
      'geolocation=(), microphone=(), camera=(), ch-ua-arch=(self), publickey-credentials-get=(), xr-spatial-tracking=*',
    );
  });

  it('a string replaces the features and is validated', () => {
    expect(permissions('camera=(), fullscreen=(self "https://a.example"), autoplay=*, payment=self')).toBe(
      'camera=(), fullscreen=(self "https://a.example"), autoplay=*, payment=(self)',
    );
  });

  it('errors name the header, the value and the fix', () => {
    expectSecureHeadersError(() => permissions({ camra: 'none' } as PermissionsPolicyFeatures), {
      code: 'PERMISSIONS_POLICY_UNKNOWN_FEATURE',
      header: PP,
      value: 'camra',
      fix: 'did you mean "camera"?',
    });
    expectSecureHeadersError(() => permissions('camera=(), geolocaton=()'), {
      code: 'PERMISSIONS_POLICY_UNKNOWN_FEATURE',
      header: PP,
      value: 'geolocaton',
      fix: 'did you mean "geolocation"?',
    });
    expectSecureHeadersError(() => permissions('camera=none'), {
      code: 'PERMISSIONS_POLICY_INVALID_ALLOWLIST',
      header: PP,
      value: 'camera=none',
      fix: 'camera=()',
    });
    expectSecureHeadersError(() => permissions({ camera: ["'self'"] }), {
      code: 'PERMISSIONS_POLICY_INVALID_ALLOWLIST',
      header: PP,
      value: "'self'",
      fix: "'self'",
    });
    expectSecureHeadersError(() => permissions({ camera: ['*', 'self'] }), {
      code: 'PERMISSIONS_POLICY_INVALID_ALLOWLIST',
      header: PP,
      value: '["*","self"]',
      fix: "'*'",
    });
    expectSecureHeadersError(() => permissions({ camera: ['https://a.example/path'] }), {
      code: 'PERMISSIONS_POLICY_INVALID_ALLOWLIST',
      header: PP,
      value: 'https://a.example/path',
      fix: "['self', 'https://example.com']",
    });
    expectSecureHeadersError(() => permissions({ camera: ['maps.example.com'] }), {
      code: 'PERMISSIONS_POLICY_INVALID_ALLOWLIST',
      header: PP,
      value: 'maps.example.com',
      fix: "'none', 'self', '*'",
    });
    expectSecureHeadersError(() => permissions({ camera: true } as unknown as PermissionsPolicyFeatures), {
      code: 'PERMISSIONS_POLICY_INVALID_ALLOWLIST',
      header: PP,
      value: 'true',
      fix: "'none'",
    });
    expectSecureHeadersError(() => permissions(['camera'] as unknown as PermissionsPolicyFeatures), {
      code: 'INVALID_VALUE',
      header: PP,
      value: 'camera',
      fix: "{ camera: 'none', geolocation: 'self' }",
    });
  });
});
