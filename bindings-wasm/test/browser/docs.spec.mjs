import { blocks, instrument, check } from "../../../tests/js/snippets.mjs";

// Every ```js block of the docs that imports "sportello-web" as an ES module runs in a real
// Chromium as written: an import map points "sportello-web" at pkg/, `await init()` fetches the
// wasm. Claims in comments are checked as in Node (tests/js/snippets.mjs).
export default async function (page, base, t) {
  for (const b of blocks().filter((x) => x.esm)) {
    if (b.skip) {
      console.log(`skip - docs.spec.mjs: ${b.where} (${b.skip})`);
      continue;
    }
    await t.test(b.where, async () => {
      const { code, claims } = instrument(b.code);
      // Import declarations must be top-level: they go first, the rest runs inside try.
      const lines = code.split("\n");
      const imports = lines.filter((l) => /^import\b/.test(l)).join("\n");
      const body = lines.map((l) => (/^import\b/.test(l) ? "" : l)).join("\n");
      const map = { "sportello-web": `${base}/pkg/sportello_web.js`, "sportello-web/cf": `${base}/pkg/cf/sportello_web.js`,
        "sportello-web/forms": `${base}/pkg/forms/sportello_web.js` };
      const html = `<!doctype html><meta charset="utf-8"><body>
<script type="importmap">${JSON.stringify({ imports: map })}</script>
<script>
window.__values = {}; window.__logs = {}; window.__errors = [];
window.__claim = (n, v) => { if (!(n in __values)) __values[n] = JSON.parse(JSON.stringify(v ?? null)); return v; };
window.__log = (n, ...a) => { if (!(n in __logs)) __logs[n] = a.map((x) => typeof x === "string" ? x : typeof x === "object" && x !== null ? JSON.stringify(x) : String(x)).join(" "); };
addEventListener("error", (e) => __errors.push(String(e.error?.stack ?? e.message)));
addEventListener("unhandledrejection", (e) => __errors.push(String(e.reason?.stack ?? e.reason)));
</script>
<script type="module">
${imports}
try {
${b.setup ?? ""}
${body}
} catch (e) { __errors.push(String(e?.stack ?? e)); }
await new Promise((r) => setTimeout(r, 50));
window.__done = true;
</script>`;
      await page.route(`${base}/__snippet.html`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: html }));
      await page.goto(`${base}/__snippet.html`);
      await page.waitForFunction(() => window.__done === true || window.__errors.length > 0, null, { timeout: 15000 });
      const r = await page.evaluate(() => ({ values: window.__values, logs: window.__logs, errors: window.__errors }));
      await page.unroute(`${base}/__snippet.html`);
      if (r.errors.length) throw new Error(`${b.where}: ${r.errors.join("\n")}`);
      const toMap = (o) => new Map(Object.entries(o).map(([k, v]) => [Number(k), v]));
      check(b.where, claims, toMap(r.values), toMap(r.logs));
    });
  }
}
