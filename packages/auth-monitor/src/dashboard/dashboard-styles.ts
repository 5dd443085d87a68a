/**
 * The dashboard's stylesheet. It is inlined and allowed by its SHA-256 hash in the page's own
 * Content-Security-Policy, so the page needs no `'unsafe-inline'` and no external file.
 *
 * @example
 * ```ts
 * import { DASHBOARD_CSS } from './dashboard-styles.js';
 * console.log(DASHBOARD_CSS.length > 0); // true
 * ```
 */
export const DASHBOARD_CSS = `
:root{--bg:#f6f7f9;--card:#fff;--text:#1b1f24;--muted:#5c6670;--line:#e3e7eb;
--healthy:#1f9d55;--degraded:#d69e2e;--partial:#dd6b20;--down:#d64545;--none:#cfd6dd;--skip:#8a96a3;
--p50:#2b6cb0;--p95:#b83280;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0f1317;--card:#171c21;--text:#e6e9ec;--muted:#98a4b0;
--line:#2a3138;--none:#39424b;--healthy:#38b26b;--down:#e25c5c;--p50:#63a4e8;--p95:#e57ab8}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.page{max-width:1040px;margin:0 auto;padding:24px 16px 40px}
header.top{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:8px}
h1{font-size:24px;margin:0}
h2{font-size:19px;margin:0}
h3{font-size:13px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:20px 0 8px}
.muted,.generated{color:var(--muted);font-size:13px;margin:0}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.banner{margin:16px 0;padding:14px 18px;border-radius:8px;font-weight:600;color:#fff}
.banner-healthy{background:var(--healthy)}.banner-degraded{background:var(--degraded)}
.banner-down{background:var(--down)}.banner-unknown,.banner-stale{background:var(--skip)}
.target{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:16px 0}
.target-head{display:flex;flex-wrap:wrap;align-items:center;gap:10px}
.target-head code{color:var(--muted)}
.pill{display:inline-block;padding:2px 10px;border-radius:999px;font-size:12px;font-weight:700;color:#fff;text-transform:uppercase;letter-spacing:.03em}
.pill-healthy,.pill-pass{background:var(--healthy)}.pill-degraded,.pill-warn{background:var(--degraded)}
.pill-down,.pill-fail{background:var(--down)}.pill-unknown,.pill-skip,.pill-stale{background:var(--skip)}
.stale-note{margin:10px 0 0;padding:8px 12px;border-left:4px solid var(--degraded);background:rgba(214,158,46,.12);border-radius:4px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:0 28px}
dl.uptime{display:grid;grid-template-columns:repeat(4,1fr);gap:8px;margin:14px 0 0}
dl.uptime div{border:1px solid var(--line);border-radius:8px;padding:8px 10px}
dl.uptime dt{color:var(--muted);font-size:12px}
dl.uptime dd{margin:0;font-size:20px;font-weight:650;font-variant-numeric:tabular-nums}
table{width:100%;border-collapse:collapse;font-size:13.5px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600}
td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
.problems{margin:4px 0 0;padding-left:18px;color:var(--down)}
svg{display:block;width:100%;height:auto}
.strip rect.none{fill:var(--none)}.strip rect.healthy{fill:var(--healthy)}.strip rect.degraded{fill:var(--degraded)}
.strip rect.partial{fill:var(--partial)}.strip rect.down{fill:var(--down)}
.strip-axis{display:flex;justify-content:space-between;color:var(--muted);font-size:12px;margin-top:4px}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12px;color:var(--muted);margin-top:6px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.legend .healthy{background:var(--healthy)}.legend .degraded{background:var(--degraded)}.legend .partial{background:var(--partial)}
.legend .down{background:var(--down)}.legend .none{background:var(--none)}.legend .p50{background:var(--p50)}.legend .p95{background:var(--p95)}
.chart .grid-line{stroke:var(--line);stroke-width:1}
.chart text{fill:var(--muted);font-size:14px;font-family:system-ui,sans-serif}
.chart .p50{fill:none;stroke:var(--p50);stroke-width:1.6}
.chart .p95{fill:none;stroke:var(--p95);stroke-width:1.2;stroke-dasharray:4 2}
ul.incidents{list-style:none;margin:0;padding:0}
ul.incidents li{padding:8px 0;border-bottom:1px solid var(--line)}
footer{color:var(--muted);font-size:12px;margin-top:28px}
`;
