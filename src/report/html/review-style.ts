// The inline style sheet of the HTML access review (no external fonts or images: the file
// works offline). Access is shown by a mark and a colour together, never by colour alone.

export const REVIEW_CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff;
  --allow: #1a7f37; --allow-bg: #dafbe1; --cond: #9a6700; --cond-bg: #fff8c5;
  --indet: #6639ba; --indet-bg: #fbefff; --deny: #8c959f; --high: #cf222e; --medium: #bc4c00; --low: #59636e; }
* { box-sizing: border-box; }
body { margin: 0; padding: 1rem 1.5rem 3rem; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 .4rem; }
h4 { font-size: .95rem; margin: .75rem 0 .25rem; }
.meta, .note { color: var(--muted); }
.meta ul { margin: .25rem 0; }
.warnings { border: 1px solid var(--medium); border-radius: 6px; padding: .4rem .7rem; margin: .5rem 0; }
.warnings.none { border-color: var(--line); color: var(--muted); }
#indeterminate-count.open { font-weight: 600; }
.warnings p { margin: .2rem 0; }
.warnings tr.info td { color: var(--muted); }
.stand-ins { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .7rem; margin: .5rem 0; }
.stand-ins p, .stand-ins ul { margin: .2rem 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
.counts { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; list-style: none; }
.counts li { border: 1px solid var(--line); border-radius: 6px; padding: .35rem .6rem; }
.counts li.has { border-color: var(--high); }
.counts a { color: inherit; }
table { border-collapse: collapse; }
.findings { width: 100%; margin-bottom: .5rem; }
.findings th, .findings td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
.sev { font-weight: 600; text-transform: uppercase; font-size: .8em; }
.sev-high { color: var(--high); } .sev-medium { color: var(--medium); } .sev-low { color: var(--low); }
ul.refs { margin: 0; padding-left: 1.1rem; }
.src { color: var(--muted); }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0; padding: .4rem .7rem; }
.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-start; margin: .5rem 0; }
.filters label.text { display: flex; flex-direction: column; font-weight: 600; }
.filters input[type=search] { min-width: 16rem; padding: .3rem .4rem; font: inherit; }
.filters fieldset label { margin-right: .6rem; white-space: nowrap; }
#status { color: var(--muted); margin: .25rem 0 .5rem; }
.scroll { position: relative; overflow: auto; max-height: 80vh; border: 1px solid var(--line); }
.matrix { table-layout: fixed; }
.matrix .label { display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.matrix td { white-space: nowrap; }
.matrix .pad, .matrix tr.spacer td { padding: 0; border: 0; }
.keys { margin: 0 0 .4rem; font-size: .9em; }
button.show-more { font: inherit; margin: .25rem 0 .75rem; padding: .25rem .6rem; cursor: pointer; }
.matrix th, .matrix td { border: 1px solid var(--line); padding: .2rem .35rem; }
.matrix thead th { position: sticky; top: 0; background: #f6f8fa; z-index: 2; font-weight: 600; text-align: left; vertical-align: bottom; }
.matrix tbody th { position: sticky; left: 0; background: #f6f8fa; z-index: 1; text-align: left; white-space: nowrap; font-weight: 600; }
.matrix thead th:first-child { left: 0; z-index: 3; }
.matrix .kind { display: block; color: var(--muted); font-weight: 400; font-size: .85em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
button.cell { font: inherit; background: none; border: 1px solid transparent; border-radius: 4px; padding: .1rem .15rem;
  cursor: pointer; display: inline-flex; gap: 2px; }
button.cell:hover, button.cell:focus-visible { border-color: #0969da; outline: none; }
button.cell[aria-expanded=true] { border-color: #0969da; background: #ddf4ff; }
.lv { display: inline-block; min-width: 1.6em; text-align: center; border-radius: 3px; font-family: ui-monospace, monospace;
  font-size: .85em; padding: 0 .1rem; }
.lv.allow { background: var(--allow-bg); color: var(--allow); font-weight: 700; }
.lv.conditional { background: var(--cond-bg); color: var(--cond); font-weight: 700; border: 1px dashed var(--cond); }
.lv.indeterminate { background: var(--indet-bg); color: var(--indet); font-weight: 700; border: 1px dotted var(--indet); }
.lv.deny { color: var(--deny); }
.lv.off { visibility: hidden; }
.lv.chg { outline: 2px solid; outline-offset: 1px; }
.lv.chg sup { font-size: .7em; margin-left: 1px; }
.lv.chg-added { outline-color: var(--allow); } .lv.chg-removed { outline-color: var(--high); }
.lv.chg-changed { outline-color: var(--cond); }
ul.changes { margin: .2rem 0 .6rem; padding-left: 1.1rem; }
tr.detail > td { background: #f6f8fa; padding: .5rem 1rem 1rem; white-space: normal; }
.explanation { position: sticky; left: 1rem; }
.explanation h3 { margin-top: .25rem; }
.explanation .level { border-left: 3px solid var(--line); padding-left: .6rem; margin: .5rem 0; }
.explanation .level.allow { border-color: var(--allow); }
.explanation .level.conditional { border-color: var(--cond); }
.explanation .level.indeterminate { border-color: var(--indet); }
.legend { display: flex; flex-wrap: wrap; gap: 1rem; margin: .25rem 0; color: var(--muted); }
.chains li { margin: .35rem 0; }
.hops { margin: .2rem 0; }
[hidden] { display: none !important; }
.findings th, .findings td { overflow-wrap: anywhere; }
figure.chain-graph { margin: .5rem 0; overflow-x: auto; }
.chains, .stand-ins, .meta, ul.changes { overflow-wrap: anywhere; }
/* A narrow window: findings as stacked blocks, full-width filters (the matrix scrolls in its box). */
@media (max-width: 640px) {
  body { padding: .5rem .75rem 2rem; }
  .findings, .findings tbody, .findings tr, .findings th, .findings td { display: block; width: 100%; }
  .findings thead { display: none; }
  .findings tr { border: 1px solid var(--line); border-radius: 6px; margin-bottom: .5rem; }
  .findings th, .findings td { border: 0; }
  .filters label.text { flex: 1 1 100%; }
  .filters input[type=search] { min-width: 0; width: 100%; }
}
`;
