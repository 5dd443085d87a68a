import { describe, expect, it } from 'vitest';
import { requestPathname } from './request-path.js';

const CASES = [
  'http://a/b',
  'http://a',
  'http://a?x=/y',
  'http://a#/z',
  'https://a.b:8080/api/v1/auth/session?x=1#f',
  'http://a/b/../c',
  'http://a/b/%2e%2E/c',
  'http://a\\b\\c',
  'http://a/ b',
  'http://a/%zz',
  'http://a/é',
  'http://aé/x',
  'file:///x/y',
  'HTTP://a/B',
  'http://u:p@a/x/y?q',
  'http:///x',
  'http://a/./b',
  'http://a/b?c#d?e',
  'http://a/b#c?d',
  'http://a/b/.',
  'http://a/x%2F',
  'http://a/\t/x',
  'http://a/"x',
  'http://a/<x>',
  'http://a/`{}',
  'http://a/^|x;y',
  'http://[::1]:3/x/y',
];

describe('requestPathname', () => {
  it('answers what new URL(url).pathname answers, serialised or not', () => {
    for (const url of CASES) expect(requestPathname(url), url).toBe(new URL(url).pathname);
  });

  it('agrees with URL on generated request URLs, and on their serialised forms', () => {
    const alphabet = [
      '/',
      '/',
      'a',
      'b',
      '.',
      '..',
      '%',
      '%2e',
      '%41',
      '?',
      '#',
      '\\',
      ' ',
      'é',
      '"',
      ':',
      '@',
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 2000; i++) {
      const parts = Array.from({ length: 1 + (next() % 8) }, () => alphabet[next() % alphabet.length]);
      const url = `http${next() % 2 ? 's' : ''}://host:3000/${parts.join('')}`;
      expect(requestPathname(url), url).toBe(new URL(url).pathname);
      const serialised = new Request(url).url;
      expect(requestPathname(serialised), serialised).toBe(new URL(serialised).pathname);
    }
  });
});
