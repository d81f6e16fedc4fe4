// Does sportello-web work, unchanged, however people load it? One page (src/main.js: both entries,
// `await init()` with no URL and no plugin) is built by Vite (production build, and the dev
// server with its dependency pre-bundling) and webpack with their default settings, and loaded
// without a bundler through an import map (plain/index.html). esbuild copies no file named by
// `new URL(…, import.meta.url)`: its page (src/esbuild.js) imports the .wasm files with the `file`
// loader and passes their URLs to init, as the package README says; without that, init throws
// code `init` naming the fix (checked too). examples/web (the Vite example with the cf-only
// entry) is built as its README says. Each page runs in headless Chromium and must show the
// expected results with no page error and no failed request. Prints "N passed, N failed".
// The package is installed here as npm installs it from the registry: `npm pack` of
// bindings-wasm/pkg (build it first: `cd bindings-wasm && npm run build`) unpacked into
// node_modules/sportello-web, a directory and not a link, so that bundlers see what users get.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { chromium } from "../../bindings-wasm/node_modules/playwright-core/index.mjs";
import { serve } from "../../bindings-wasm/demo/serve.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const dist = path.join(here, "dist");
fs.rmSync(dist, { recursive: true, force: true });
const expected = { cfValid: true, cfError: "cf.check_char", formErrors: ["required"], sessionHidden: ["delegato"] };

// Install the packed package (only its "files") as node_modules/sportello-web.
const packDir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-web-"));
const pack = spawnSync("npm", ["pack", "--silent", "--pack-destination", packDir, path.join(repo, "bindings-wasm/pkg")], { encoding: "utf8" });
if (pack.status !== 0) throw new Error(`npm pack bindings-wasm/pkg: ${pack.stderr}`);
const installed = path.join(here, "node_modules/sportello-web");
fs.rmSync(installed, { recursive: true, force: true });
fs.mkdirSync(installed, { recursive: true });
const untar = spawnSync("tar", ["-xzf", path.join(packDir, pack.stdout.trim()), "-C", installed, "--strip-components=1"], { encoding: "utf8" });
if (untar.status !== 0) throw new Error(`tar: ${untar.stderr}`);
fs.rmSync(packDir, { recursive: true, force: true });

// Each build writes dist/<name>/index.html and what it loads; returns the page's path on the server.
async function vite() {
  const { build } = await import("vite");
  // base "./": the test serves the page under /dist/vite/ (a site at its root needs nothing).
  await build({ root: path.join(here, "src"), base: "./", logLevel: "warn", build: { outDir: path.join(dist, "vite"), emptyOutDir: true } });
  return "/dist/vite/";
}
async function esbuild(entry = "esbuild.js", out = "esbuild") {
  const { build } = await import("esbuild");
  const outdir = path.join(dist, out);
  await build({ entryPoints: { main: path.join(here, "src", entry) }, bundle: true, format: "esm", splitting: true, outdir, loader: { ".wasm": "file" }, logLevel: "warning" });
  fs.copyFileSync(path.join(here, "src/index.html"), path.join(outdir, "index.html"));
  return `/dist/${out}/`;
}
async function webpack() {
  const { default: webpack } = await import("webpack");
  const stats = await new Promise((resolve, reject) =>
    webpack({ mode: "production", context: here, entry: "./src/main.js", output: { path: path.join(dist, "webpack"), filename: "main.js" } }, (e, s) => (e ? reject(e) : resolve(s))),
  );
  if (stats.hasErrors()) throw new Error(stats.toString("errors-only"));
  fs.copyFileSync(path.join(here, "src/index.html"), path.join(dist, "webpack/index.html"));
  return "/dist/webpack/";
}
function example() {
  const dir = path.join(repo, "examples/web");
  const r = spawnSync("npm", ["run", "--silent", "build", "--", "--outDir", path.join(dist, "example"), "--emptyOutDir", "--base", "./", "--logLevel", "warn"], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`examples/web: npm run build failed\n${r.stdout}${r.stderr}`);
  return "/dist/example/";
}

let passed = 0;
let failed = 0;
{
  // Not a page: the README's initSync in Node, on the same installed package.
  const r = spawnSync(process.execPath, [path.join(here, "node-initsync.mjs")], { cwd: here, encoding: "utf8" });
  const want = JSON.stringify({ beforeInit: "init", cfValid: true, cfOnlyValid: true });
  if (r.status === 0 && r.stdout.trim() === want) {
    passed++;
    console.log("ok - Node ES module, initSync from import.meta.resolve");
  } else {
    failed++;
    console.log(`not ok - Node ES module, initSync from import.meta.resolve\n  ${r.stdout}${r.stderr}`);
  }
}

const { server, base } = await serve(0, here);
// The Vite dev server (what `npm run dev` opens first), pre-bundling on.
const { createServer } = await import("vite");
const dev = await createServer({ root: path.join(here, "src"), logLevel: "warn", server: { port: 0, host: "127.0.0.1" } });
await dev.listen();
const devBase = `http://127.0.0.1:${dev.httpServer.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const cases = [
  ["vite build", vite, base, expected],
  ["vite dev server", async () => "/", devBase, expected],
  ["esbuild (the .wasm imported with the file loader)", () => esbuild(), base, expected],
  ["esbuild without the .wasm: init throws code init", () => esbuild("main.js", "esbuild-plain"), base, { error: "init" }],
  ["webpack", webpack, base, expected],
  ["plain <script type=module>, import map", async () => "/plain/", base, expected],
  ["examples/web (Vite, cf-only entry)", example, base, async (page) => {
    const seen = [];
    for (const [code, want] of [["RSSMRA85T10A562S", /^ok: male, born on 1985-12-10 in /], ["RSSMRA85T10A562X", /^cf\.check_char: /]]) {
      await page.fill("#cf", code);
      const text = await page.locator("#out").textContent();
      if (!want.test(text)) seen.push(`${code}: ${text}`);
    }
    return seen;
  }],
];
try {
  for (const [name, make, at, want] of cases) {
    const page = await browser.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
    page.on("response", (r) => r.status() >= 400 && problems.push(`${r.status()}: ${r.url()}`));
    try {
      const started = Date.now();
      const url = at + (await make());
      await page.goto(url);
      await page.waitForFunction(() => document.getElementById("out")?.dataset.done === "1" || !/^loading/.test(document.getElementById("out")?.textContent ?? "loading"), null, { timeout: 60_000 });
      const text = await page.locator("#out").textContent();
      if (typeof want === "function") {
        problems.push(...(await want(page)));
      } else if (want?.error) {
        // The wasm is missing on purpose: the 404 is expected, the page must report code `init`.
        problems.splice(0, problems.length, ...problems.filter((p) => !/native_bg\.wasm$/.test(p)));
        const got = JSON.parse(text);
        if (!got.error?.startsWith(`${want.error} `) || !got.error.includes("module_or_path")) problems.push(`expected code ${want.error} naming the fix: ${text}`);
      } else {
        const got = JSON.parse(text);
        for (const [k, v] of Object.entries(want)) {
          if (JSON.stringify(got[k]) !== JSON.stringify(v)) problems.push(`${k}: ${JSON.stringify(got[k])}, expected ${JSON.stringify(v)} (${text})`);
        }
      }
      if (problems.length) throw new Error(problems.join("\n"));
      passed++;
      console.log(`ok - ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      const all = [String(e?.message ?? e), ...(problems.length && !String(e?.message).includes(problems[0]) ? problems : [])];
      console.log(`not ok - ${name}\n  ${all.join("\n").split("\n").join("\n  ")}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await dev.close();
  server.close();
}
console.log(`bundlers: ${passed} passed, ${failed} failed`);
process.exit(failed || !passed ? 1 : 0);
