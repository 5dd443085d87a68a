// A hostile target answers with terminal escape sequences (ANSI CSI, OSC window titles and
// hyperlinks, BEL, backspace, CR, 8-bit C1 controls) in its body, its headers and its JWKS kid.
// Nothing of it may reach the terminal of whoever runs mana-auth-health.
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigningKey, SPEC_HEADERS } from './auth-server.js';
import { assertBuilt, runHealth } from './run-cli.js';
import { parseReport } from './server-pool.js';

const ESC = '\u001b';
/** Retitles the window, plants a hyperlink, clears the line, returns the cursor, rings, erases. */
const HOSTILE = `${ESC}]0;owned${'\u0007'}${ESC}]8;;https://evil.example/${'\u0007'}click-me${ESC}]8;;${ESC}\\${ESC}[2K\r\u0008\u009b31m\u009d52;c;Y2xpcA==\u0007${ESC}[?1049h!`;
/** What a terminal-safe rendering of HOSTILE keeps. */
const VISIBLE = 'click-me !';
/**
 * HTTP parsers refuse C0 controls in header values but pass bytes 0x80-0xFF, which a terminal in
 * 8-bit mode reads as C1 controls: an OSC title (ended by ST) and CSI erase / colour sequences.
 */
const HOSTILE_HEADER = '\u009d0;owned\u009c\u009b2Jclick-me\u009b31m!';
/** Any control character other than a line feed. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

let url: string;
const sockets = new Set<Socket>();
const server = createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.once('data', (chunk) => {
    const path = chunk.toString('latin1').split(' ')[1] ?? '/';
    const key = createSigningKey();
    const body = path.endsWith('/jwks')
      ? JSON.stringify({ keys: [{ ...key.publicJwk, kid: HOSTILE }] })
      : `${HOSTILE} database down`;
    const headers = { ...SPEC_HEADERS, 'X-Frame-Options': `DENY${HOSTILE_HEADER}` };
    const head = [
      `HTTP/1.1 ${path.endsWith('/jwks') ? '200 OK' : '503 Service Unavailable'}`,
      'Content-Type: application/json',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
    ];
    // latin1: the C1 controls go out as the single bytes a terminal would act on.
    socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), Buffer.from(body)]));
  });
});

beforeAll(async () => {
  assertBuilt();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  url = `http://127.0.0.1:${address.port}/api/v1/auth`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('mana-auth-health against a target that sends terminal escape sequences', () => {
  it('prints the table with every control character stripped', async () => {
    const { code, stdout, stderr } = await runHealth([url]);
    expect(code).toBe(2);
    expect(stdout + stderr).not.toMatch(CONTROL);
    expect(stdout).not.toContain('owned');
    expect(stdout).toContain(`kid "${VISIBLE}"`); // the JWKS kid
    expect(stdout).toContain(`503 Service Unavailable, expected 200: ${VISIBLE} database down`); // the body
    expect(stdout).toContain('DENYclick-me!'); // the header value
  });

  it('with colour forced, prints only its own colour codes', async () => {
    const { stdout } = await runHealth([url], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(stdout).toContain(`${ESC}[31m`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    const withoutOwnColours = stdout.replace(/\u001b\[(?:0|1|2|31|32|33)m/g, '');
    expect(withoutOwnColours).not.toMatch(CONTROL);
    expect(withoutOwnColours).toContain(`kid "${VISIBLE}"`);
  });

  it('writes --json with the controls escaped, and the values intact for a JSON reader', async () => {
    const { stdout } = await runHealth(['--json', url]);
    expect(stdout).not.toMatch(CONTROL);
    const jwks = parseReport(stdout).targets[0]!.checks.find((c) => c.name === 'jwks')!;
    expect(jwks.summary).toContain(HOSTILE);
  });
});
