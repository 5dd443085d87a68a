// The expected header policy as the README documents it ("The expected header policy" table):
// the one place the spec's seven header values are written down for this package. The policy
// test compares DEFAULT_SECURITY_HEADERS with it, and the test auth server sends it.
import { readFileSync } from 'node:fs';

const README = new URL('../README.md', import.meta.url);

/** Header name → exact value, from the README's table, in table order. */
export function readmeHeaderPolicy(): Record<string, string> {
  const text = readFileSync(README, 'utf8');
  const section = text.split('### The expected header policy')[1]?.split('\n#')[0] ?? '';
  const rows = [...section.matchAll(/^\| `([A-Za-z-]+)`\s*\| `([^`]+)`\s*\|$/gm)];
  if (rows.length === 0) throw new Error(`no header table under "The expected header policy" in ${README}`);
  return Object.fromEntries(rows.map(([, name, value]) => [name!, value!]));
}
