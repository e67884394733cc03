/** The page's whole style sheet: system fonts only, light and dark from the reader's setting, a visible focus ring. */
export const PAGE_STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1c1e21; --muted: #5f6368; --rule: #d7dbe0; --head: #f3f5f7;
  --focus: #1a73e8; --bad: #c5221f; --good: #188038; --warn: #a05a00; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #15171a; --fg: #e6e8eb; --muted: #a2a9b1; --rule: #3a3f45; --head: #202328;
    --focus: #8ab4f8; --bad: #f28b82; --good: #81c995; --warn: #fdd663; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 1.5rem; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin: 2.2rem 0 .25rem; border-top: 1px solid var(--rule); padding-top: 1rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
.muted, figcaption, .notes { color: var(--muted); }
a { color: var(--focus); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
nav ul { padding-left: 1.2rem; columns: 2; }
figure { margin: 1rem 0; } figcaption { font-size: .9rem; }
.plot { min-height: 2rem; overflow-x: auto; }
.plot svg { max-width: 100%; height: auto; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: .5rem 0; }
th, td { border: 1px solid var(--rule); padding: .2rem .55rem; text-align: right; white-space: nowrap; }
th { background: var(--head); } th.left, td.left { text-align: left; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
.regression, .contradicted, .failed, .timeout, .SUSPECT { color: var(--bad); font-weight: 600; }
.improvement, .confirmed { color: var(--good); font-weight: 600; }
.inconclusive, .warning { color: var(--warn); }
.chart-error { color: var(--bad); }
footer { margin-top: 3rem; font-size: .85rem; color: var(--muted); }
`;
