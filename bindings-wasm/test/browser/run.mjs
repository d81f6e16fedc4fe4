// Browser tests: serves bindings-wasm/ on 127.0.0.1 (wasm as application/wasm), starts Debian's
// headless Chromium through playwright-core (a fresh temporary profile each run), and runs every test/browser/*.spec.mjs. A spec exports
// `default async function (page, base, t)`: `page` is a Playwright page, `base` the server URL,
// `t.test(name, fn)` records a check. Prints "N passed, N failed" and exits non-zero on failure.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".css": "text/css", ".ts": "text/plain" };

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  let file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
  if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!fs.existsSync(file)) { res.writeHead(404).end("not found"); return; }
  res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const browser = await chromium.launch({
  executablePath,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let passed = 0;
let failed = 0;
const only = process.argv[2];
try {
  for (const spec of fs.readdirSync(here).filter((f) => f.endsWith(".spec.mjs")).sort()) {
    if (only && !spec.startsWith(only)) continue;
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const t = {
      async test(name, fn) {
        try {
          await fn();
          passed++;
          console.log(`ok - ${spec}: ${name}`);
        } catch (e) {
          failed++;
          console.log(`not ok - ${spec}: ${name}\n  ${String(e?.stack ?? e).split("\n").join("\n  ")}${errors.length ? `\n  page errors: ${errors.join("; ")}` : ""}`);
        }
      },
    };
    const { default: run } = await import(pathToFileURL(path.join(here, spec)));
    await run(page, base, t);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed || !passed ? 1 : 0);
