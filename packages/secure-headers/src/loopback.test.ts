import { describe, expect, it } from 'vitest';
import { isLoopbackHost, isPlainHttpLocalhost } from './loopback.js';

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST:3000', true],
    ['localhost.', true],
    ['api.localhost:8080', true],
    ['127.0.0.1', true],
    ['127.255.0.9:1', true],
    ['[::1]:3000', true],
    ['[::1]', true],
    ['[0:0:0:0:0:0:0:1]', true],
    ['localhost.example.com', false],
    ['example.com', false],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['[::2]', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('isPlainHttpLocalhost', () => {
  it('needs plain HTTP and a loopback host; a TLS proxy header counts as HTTPS', () => {
    expect(isPlainHttpLocalhost(false, 'localhost:3000')).toBe(true);
    expect(isPlainHttpLocalhost(true, 'localhost:3000')).toBe(false);
    expect(isPlainHttpLocalhost(false, 'example.com')).toBe(false);
    expect(isPlainHttpLocalhost(false, 'localhost', 'https')).toBe(false);
    expect(isPlainHttpLocalhost(false, 'localhost', 'HTTPS, http')).toBe(false);
    expect(isPlainHttpLocalhost(false, 'localhost', 'http')).toBe(true);
  });
});
