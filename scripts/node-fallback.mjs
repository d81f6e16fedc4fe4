// Issue 20 item 2: on a platform without a native build the Node package `sportello` loads the
// WebAssembly build it ships (wasm/), with the same API, and says so once. This builds that
// situation: a copy of the built package (bindings-node) without its `.node` binary, with wasm/
// taken from the WASM package's Node build (bindings-wasm/pkg-node), and runs the shared tests of
// tests/js on it (as a binding without X.509 chain verification, like the WASM package).
// Run after both packages are built: node scripts/node-fallback.mjs
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const node = path.join(root, "bindings-node");
const wasm = path.join(root, "bindings-wasm/pkg-node");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-fallback-"));
const pkg = path.join(tmp, "sportello");
fs.mkdirSync(path.join(pkg, "wasm"), { recursive: true });
for (const f of ["package.json", "index.js", "index.d.ts", "native.js", "native.d.ts"]) fs.copyFileSync(path.join(node, f), path.join(pkg, f));
fs.cpSync(path.join(node, "types"), path.join(pkg, "types"), { recursive: true });
for (const f of fs.readdirSync(wasm)) if (f === "native.js" || f.endsWith(".wasm") || f === "snippets") fs.cpSync(path.join(wasm, f), path.join(pkg, "wasm", f), { recursive: true });
// (a CommonJS marker: wasm-bindgen's Node build is CommonJS)
fs.writeFileSync(path.join(pkg, "wasm", "package.json"), '{ "type": "commonjs" }\n');

const caps = ["cf", "access", "practice", "forms", "payments", "slots", "workdays", "service", "notify", "contract", "strict"];
const shared = (c) => JSON.stringify(path.join(root, "tests/js", `${c}.mjs`));
// The package as the shared runners see it (the hostile suite imports this file in its child).
const helpers = path.join(tmp, "helpers.mjs");
fs.writeFileSync(
  helpers,
  `import { createRequire } from "node:module";
export const sportello = createRequire(import.meta.url)(${JSON.stringify(pkg)});
export const binding = { name: "node-wasm-fallback", sportello, bytes: (u8) => u8, chainVerification: false };
`,
);
const test = path.join(tmp, "fallback.test.mjs");
fs.writeFileSync(
  test,
  `const warnings = [];
process.on("warning", (w) => warnings.push(w));
const { binding } = await import(${JSON.stringify(helpers)});
${caps.map((c, i) => `const { default: t${i} } = await import(${shared(c)});\nt${i}(binding);`).join("\n")}
const { default: hostile } = await import(${shared("hostile")});
hostile(${JSON.stringify(helpers)});
import { test } from "node:test";
import assert from "node:assert/strict";
test("the fallback says so once, with its code", async () => {
  await new Promise((r) => setImmediate(r));
  const ours = warnings.filter((w) => w.code === "SPORTELLO_WASM_FALLBACK");
  assert.equal(ours.length, 1);
  assert.match(ours[0].message, /WebAssembly build/);
});
`,
);
const r = spawnSync(process.execPath, ["--test", test], { stdio: "inherit" });
fs.rmSync(tmp, { recursive: true, force: true });
if (r.status !== 0) process.exit(r.status ?? 1);
console.log("node-fallback: the Node package without its binary runs the shared tests on its WebAssembly build");
