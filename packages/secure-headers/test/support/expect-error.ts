import { expect } from 'vitest';
import { SecureHeadersError, type SecureHeadersErrorCode } from '../../src/errors.js';

/** What a validation error must say: its code, header, the bad value and a fix. */
export interface ExpectedError {
  code: SecureHeadersErrorCode;
  header: string;
  value: string;
  /** A fragment the fix must contain. */
  fix: string;
}

/** Runs `fn`, asserts it throws a SecureHeadersError that names the header, the value and the fix. */
export function expectSecureHeadersError(fn: () => unknown, expected: ExpectedError): SecureHeadersError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a SecureHeadersError').toBeInstanceOf(SecureHeadersError);
  const error = thrown as SecureHeadersError;
  expect({ code: error.code, header: error.header, value: error.value }).toEqual({
    code: expected.code,
    header: expected.header,
    value: expected.value,
  });
  expect(error.fix).toContain(expected.fix);
  expect(error.message.startsWith(`${expected.header}: `)).toBe(true);
  expect(error.message).toContain(`(got ${JSON.stringify(expected.value)})`);
  expect(error.message).toContain(`Fix: ${error.fix}`);
  return error;
}
