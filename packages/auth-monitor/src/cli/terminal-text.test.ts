import { describe, expect, it } from 'vitest';
import { terminalJson, terminalText } from './terminal-text.js';

describe('terminalText', () => {
  it.each([
    ['CSI colour and erase', 'a\u001b[31mb\u001b[2Kc\u001b[?25l', 'abc'],
    ['8-bit CSI', 'a\u009b2Jb', 'ab'],
    ['OSC title ended by BEL', 'a\u001b]0;owned\u0007b', 'ab'],
    ['OSC hyperlink ended by ST', '\u001b]8;;https://evil/\u001b\\x\u001b]8;;\u001b\\', 'x'],
    ['8-bit OSC clipboard write ended by 8-bit ST', 'a\u009d52;c;Y2xp\u009cb', 'ab'],
    ['DCS string', 'a\u001bPq#0\u001b\\b', 'ab'],
    ['unterminated OSC', 'a\u001b]0;owned', 'a'],
    ['BEL, backspace, DEL, NUL', 'a\u0007\u0008\u007f\u0000b', 'ab'],
    ['CR, LF and tab become spaces', 'a\rb\nc\td', 'a b c d'],
    ['bidirectional override', 'a\u202eb\u2066c', 'abc'],
    ['plain text and non-ASCII stay', 'kid "k1" · ✔ é', 'kid "k1" · ✔ é'],
  ])('%s', (_name, input, output) => {
    expect(terminalText(input)).toBe(output);
  });

  it('keeps line feeds in multiline mode, and turns CR LF into LF', () => {
    expect(terminalText('a\r\nb\u001b[1Ac\n', { multiline: true })).toBe('a\nbc\n');
  });
});

describe('terminalJson', () => {
  it('escapes C0, DEL, C1 and bidi controls and reads back to the same value', () => {
    const value = { kid: '\u001b]0;x\u0007\u009b2J\u007f\u202e' };
    const text = terminalJson(value);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
