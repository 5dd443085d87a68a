import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { HistoryCheck } from '../history/history-entry.js';
import { renderDashboard } from './render-dashboard.js';

const now = new Date('2025-03-10T12:00:00Z');
const evil: HistoryCheck = {
  type: 'check',
  at: '2025-03-10T11:55:00.000Z',
  target: '<script>alert(1)</script>',
  url: 'https://a/"><img src=x onerror=alert(1)>',
  status: 'down',
  ms: null,
  checks: { health: 'fail' },
  problems: ['health: <b>bold</b> & "quoted"'],
};

describe('renderDashboard', () => {
  it('escapes everything that comes from targets', () => {
    const html = renderDashboard({ checks: [evil], days: [] }, { now });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
    expect(html).not.toMatch(/<script/i);
  });

  it('allows its stylesheet by hash in its own CSP and has no other inline code', () => {
    const benign = { ...evil, target: 'eu', url: 'https://auth.example.com/api/v1/auth', problems: [] };
    const html = renderDashboard({ checks: [benign], days: [] }, { now, refreshSeconds: 0 });
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${hash}';`,
    );
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+=/);
    expect(html).not.toContain('http-equiv="refresh"');
  });

  it('shows an outage banner and a friendly page without results', () => {
    expect(renderDashboard({ checks: [evil], days: [] }, { now })).toContain(
      'data-overall="down">Outage</div>',
    );
    expect(renderDashboard({ checks: [], days: [] }, { now })).toContain('The history has no results yet.');
  });
});
