// Browser tests: serves bindings-wasm/ on 127.0.0.1 (wasm as application/wasm), starts Debian's
// headless Chromium through playwright-core (a fresh temporary profile each run), and runs every test/browser/*.spec.mjs. A spec exports
// `default async function (page, base, t)`: `page` is a Playwright page, `base` the server URL,
// `t.test(name, fn)` records a check. Prints "N passed, N failed" and exits non-zero on failure.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../../demo/serve.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const { server, base } = await serve();

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
