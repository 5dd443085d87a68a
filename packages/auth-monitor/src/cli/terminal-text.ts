/**
 * Escape sequences a terminal acts on: CSI (`ESC [` or 8-bit `0x9B` … final byte), OSC
 * (`ESC ]` or `0x9D` … BEL/ST: window titles, hyperlinks, clipboard writes), DCS/SOS/PM/APC
 * strings (`ESC P`, `ESC X`, `ESC ^`, `ESC _`, or their 8-bit forms … ST) and two-byte `ESC x`.
 * An unterminated string sequence runs to the end of the text, as it would on a terminal.
 */
const SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?|(?:\u001b[\]PX^_]|[\u009d\u0090\u0098\u009e\u009f])[\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|\u001b[\s\S]?/g;
/** C0 and C1 controls and DEL; tab, line feed and carriage return are handled separately. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** Unicode controls that reorder the text around them (bidirectional overrides and isolates). */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * Options of {@link terminalText}.
 *
 * @example
 * ```ts
 * import type { TerminalTextOptions } from './terminal-text.js';
 * const options: TerminalTextOptions = { multiline: true };
 * ```
 */
export interface TerminalTextOptions {
  /** Keep line feeds (a stack trace, a whole report). Default false: tabs and line breaks become spaces. */
  multiline?: boolean;
}

/**
 * Makes text safe to print on a terminal: removes ANSI/VT escape sequences (CSI, OSC, DCS...),
 * every other C0/C1 control character (BEL, backspace, DEL...) and bidirectional overrides, and
 * turns carriage returns (and, unless `multiline`, tabs and line feeds) into spaces, so that
 * nothing a target sends (a body snippet, a `kid`, a header value, an error message) can move
 * the cursor, rewrite earlier lines, retitle the window, plant a hyperlink or write the clipboard.
 * Every CLI output path prints through it (or through {@link terminalJson}).
 *
 * @example
 * ```ts
 * import { terminalText } from './terminal-text.js';
 * terminalText('kid \u001b]0;owned\u0007"k1"\r\u001b[2K'); // 'kid "k1" '
 * ```
 */
export function terminalText(text: string, options: TerminalTextOptions = {}): string {
  const stripped = text.replace(SEQUENCE, '').replace(CONTROL, '').replace(BIDI, '');
  return options.multiline ? stripped.replace(/\r\n?/g, '\n') : stripped.replace(/[\t\n\r]/g, ' ');
}

/**
 * `JSON.stringify(value, null, 2)` safe for a terminal and still lossless: JSON already escapes
 * C0 controls inside strings; this also writes DEL, C1 controls and bidirectional overrides as
 * `\uXXXX` escapes, which every JSON parser reads back as the same string.
 *
 * @example
 * ```ts
 * import { terminalJson } from './terminal-text.js';
 * terminalJson({ kid: '\u009b2J' }); // '{\n  "kid": "\\u009b2J"\n}'
 * ```
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
