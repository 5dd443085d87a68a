// C0 and C1 control characters (CR, LF, TAB, NUL, ESC, ...) and the Unicode bidirectional
// and zero-width formatting characters that can disguise what a log line says.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]+/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// A surrogate without its pair: not valid UTF-8, and PostgreSQL refuses it in text and jsonb.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Makes a value safe to store and print: converts it to a string, replaces lone surrogates
 * (which PostgreSQL rejects), strips control and bidi characters (no forged log lines), trims
 * and cuts it to `maxLength` characters without splitting a surrogate pair. Empty → null.
 *
 * @example
 * ```ts
 * sanitizeText('Mozilla/5.0\r\nX-Injected: 1', 512); // 'Mozilla/5.0X-Injected: 1'
 * sanitizeText('   ', 10); // null
 * ```
 */
export function sanitizeText(value: unknown, maxLength: number): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value : String(value);
  // Fast path: printable ASCII has nothing to strip or replace (most user agents and ids).
  let cleaned = PRINTABLE_ASCII.test(text)
    ? text.trim()
    : text.replace(LONE_SURROGATE, '\ufffd').replace(UNSAFE_CHARACTERS, '').trim();
  if (cleaned.length > maxLength) {
    cleaned = cleaned.slice(0, maxLength);
    const last = cleaned.charCodeAt(cleaned.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) cleaned = cleaned.slice(0, -1);
  }
  return cleaned.length > 0 ? cleaned : null;
}
