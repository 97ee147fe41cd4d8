// tests/browser/check.js — opens one report.html (or compare.html) in
// headless Chromium with every request but the file itself blocked, and
// checks what a reader gets: no console error, no request outside the file,
// every finding of report.json in the page with its team's display name,
// every diagram and chart drawn, tables that sort, and (with --forbid) no
// forbidden string anywhere in the file. Saves screenshots as artifacts.
//
//   node check.js --page out/report.html --name sample [--report out/report.json]
//        [--forbid words.txt] [--max-ms 3000] [--artifacts DIR] [--chromium PATH]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

function parseArgs(argv) {
  const a = { chromium: '/usr/bin/chromium', artifacts: 'browser-artifacts', maxMs: 0 };
  for (let i = 2; i < argv.length; i += 2) {
    const k = argv[i], v = argv[i + 1];
    if (v === undefined) throw new Error(`${k}: missing value`);
    if (k === '--page') a.page = v;
    else if (k === '--name') a.name = v;
    else if (k === '--report') a.report = v;
    else if (k === '--forbid') a.forbid = v;
    else if (k === '--max-ms') a.maxMs = Number(v);
    else if (k === '--artifacts') a.artifacts = v;
    else if (k === '--chromium') a.chromium = v;
    else throw new Error(`unknown option ${k}`);
  }
  if (!a.page || !a.name) throw new Error('--page and --name are required');
  return a;
}

const failures = [];
function check(ok, what) {
  if (!ok) failures.push(what);
}

// The subject of a finding as the page writes it in data-subject: the
// values of its subject keys (every top-level key but these) joined by "|".
const NOT_SUBJECT = new Set(['type', 'severity', 'metrics', 'explanation']);
function subjectKey(f) {
  return Object.keys(f)
    .filter((k) => !NOT_SUBJECT.has(k))
    .map((k) => (Array.isArray(f[k]) ? f[k].join(',') : String(f[k])))
    .join('|');
}

function displayNames(report) {
  const names = new Map();
  for (const list of [report.teams || [], report.units || []]) {
    for (const u of list) {
      const id = u.team || u.unit;
      if (id && u.name && !names.has(id)) names.set(id, u.name);
    }
  }
  return (id) => names.get(id) || id;
}

async function main() {
  const a = parseArgs(process.argv);
  fs.mkdirSync(a.artifacts, { recursive: true });
  const file = path.resolve(a.page);
  const url = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8');

  if (a.forbid) {
    const words = fs.readFileSync(a.forbid, 'utf8').split('\n').map((w) => w.trim()).filter((w) => w.length >= 3);
    const lower = text.toLowerCase();
    const found = words.filter((w) => lower.includes(w.toLowerCase()));
    check(found.length === 0, `forbidden strings in the page: ${found.slice(0, 5).join(', ')}${found.length > 5 ? ', ...' : ''}`);
  }

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-chromium-'));
  // A fresh profile folder (Playwright passes it as --user-data-dir).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: a.chromium,
    headless: true,
    offline: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    const errors = [], outside = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u === url) return route.continue();
      outside.push(u);
      return route.abort();
    });
    // The render time: from the start of the navigation until a frame is
    // painted after the whole page was laid out, as the page's own clock
    // (performance.now()) sees it, and the CPU time the page's main thread
    // spent on it (parse, style, layout, script, paint: Chromium's
    // TaskDuration in thread ticks). The best of three loads, since the
    // other processes of a shared machine only ever add time; the CPU time
    // is always judged, the clock only on a machine with at most 1.5
    // runnable processes per CPU.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    let ms = Infinity, cpu = Infinity;
    for (let k = 0; k < (a.maxMs > 0 ? 3 : 1); k++) {
      await page.goto(url, { waitUntil: 'load' });
      const t = await page.evaluate(() => new Promise((r) => {
        void document.body.offsetHeight;
        requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())));
      }));
      // The counters start again with each document.
      const m = (await cdp.send('Performance.getMetrics')).metrics;
      ms = Math.min(ms, Math.round(t));
      cpu = Math.min(cpu, Math.round(1000 * m.find((x) => x.name === 'TaskDuration').value));
    }
    const bytes = fs.statSync(file).size;
    const load = os.loadavg()[0] / os.cpus().length;
    console.log(`${a.name}: ${bytes} bytes (${(bytes / 1048576).toFixed(2)} MiB), rendered in ${ms} ms, ${cpu} ms of main-thread CPU (load ${load.toFixed(1)} per CPU)`);
    if (a.maxMs > 0) {
      check(cpu < a.maxMs, `rendering took ${cpu} ms of CPU, more than ${a.maxMs} ms`);
      if (load <= 1.5) check(ms < a.maxMs, `rendering took ${ms} ms, more than ${a.maxMs} ms`);
      else if (ms >= a.maxMs) console.log(`${a.name}: rendering took ${ms} ms on a busy machine: the clock not judged`);
    }

    await page.screenshot({ path: path.join(a.artifacts, `${a.name}.png`) });
    // The whole page, or its first 12,000 pixels when it is longer.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({ path: path.join(a.artifacts, `${a.name}-full.png`), timeout: 120000,
      ...(height <= 12000 ? { fullPage: true } : { fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 12000 } }) });

    // Every diagram and chart has a non-empty drawing (the closed units'
    // drawings opened first).
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    const drawings = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.diagram svg, .chart svg')).map((s) => {
        const b = s.getBBox();
        return { kind: s.closest('.diagram') ? 'diagram' : 'chart', w: b.width, h: b.height,
          shapes: s.querySelectorAll('polygon, path, ellipse, rect, polyline').length };
      }));
    const diagrams = drawings.filter((d) => d.kind === 'diagram');
    check(diagrams.length > 0, 'no diagram in the page');
    drawings.forEach((d, i) => check(d.w > 0 && d.h > 0 && d.shapes > 0, `${d.kind} ${i} is empty`));

    // Every finding of the report is in the page, with its team's display name.
    if (a.report) {
      const report = JSON.parse(fs.readFileSync(a.report, 'utf8'));
      const name = displayNames(report);
      const rows = await page.evaluate(() =>
        Array.from(document.querySelectorAll('tr.finding')).map((r) => ({
          type: r.getAttribute('data-type'), subject: r.getAttribute('data-subject'), text: r.textContent })));
      const index = new Map(rows.map((r) => [`${r.type}\u0000${r.subject}`, r]));
      const findings = report.findings || [];
      check(rows.length === findings.length, `${rows.length} finding rows for ${findings.length} findings`);
      for (const f of findings) {
        const row = index.get(`${f.type}\u0000${subjectKey(f)}`);
        if (!row) { check(false, `finding not in the page: ${f.type} ${subjectKey(f)}`); continue; }
        for (const k of ['team', 'from', 'to', 'unit', 'to_unit']) {
          if (typeof f[k] === 'string') check(row.text.includes(name(f[k])), `${f.type} ${subjectKey(f)}: no '${name(f[k])}' in its row`);
        }
      }
    }

    // Tables sort: a numeric column descending then ascending, a text column ascending.
    const sorting = await page.evaluate(() => {
      const out = [];
      const val = (td, num) => { const v = td.getAttribute('data-v') ?? td.textContent.trim(); return num ? (v === '' ? -Infinity : parseFloat(v)) : v.toLowerCase(); };
      for (const t of document.querySelectorAll('table.sortable')) {
        const rows = () => Array.from(t.tBodies[0].rows);
        if (rows().length < 2) continue;
        const ths = Array.from(t.tHead.rows[0].cells);
        const numIdx = ths.findIndex((th) => th.classList.contains('num'));
        const txtIdx = ths.findIndex((th) => !th.classList.contains('num'));
        const sorted = (i, num, dir) => { const v = rows().map((r) => val(r.cells[i], num)); return v.every((x, k) => k === 0 || (dir > 0 ? v[k - 1] <= x : v[k - 1] >= x)); };
        if (numIdx >= 0) {
          ths[numIdx].click();
          out.push({ table: t.id, ok: sorted(numIdx, true, -1) && ths[numIdx].getAttribute('aria-sort') === 'descending', what: 'numeric descending' });
          ths[numIdx].click();
          out.push({ table: t.id, ok: sorted(numIdx, true, 1), what: 'numeric ascending' });
        }
        if (txtIdx >= 0) {
          ths[txtIdx].click();
          out.push({ table: t.id, ok: sorted(txtIdx, false, 1), what: 'text ascending' });
        }
      }
      return out;
    });
    if (a.report) check(sorting.length > 0, 'no sortable table with two rows');
    sorting.forEach((s) => check(s.ok, `table ${s.table} does not sort (${s.what})`));

    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
    check(outside.length === 0, `requests outside the file: ${outside.join(', ')}`);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    for (const f of failures) console.error(`${a.name}: FAIL: ${f}`);
    process.exit(1);
  }
  console.log(`${a.name}: ok`);
}

main().catch((e) => { console.error(e); process.exit(1); });
