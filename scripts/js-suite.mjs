// Runs the shared tests of tests/js (every capability's runner and the hostile suite) on a Node
// package folder other than bindings-node itself: the package without its binary
// (scripts/node-fallback.mjs) and the packed tarballs installed from dist/npm
// (scripts/npm-smoke.mjs). The package must load the way `expect` says:
//   { fallback: true }   its WebAssembly build, saying so once (warning SPORTELLO_WASM_FALLBACK)
//   { native: "<file>" } that native binary (its real path), and no fallback warning
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const caps = ["cf", "access", "practice", "forms", "payments", "slots", "workdays", "service", "notify", "contract", "strict"];

/**
 * Writes the runners' helpers and a test file into `tmp` and runs them with `node --test`.
 * `binding`: the package as the runners see it, `{ name, bytes: "buffer" | "u8", chainVerification }`.
 * Returns the exit status.
 */
export function runShared(tmp, pkg, binding, expect) {
  const shared = (c) => JSON.stringify(path.join(root, "tests/js", `${c}.mjs`));
  // The package as the shared runners see it (the hostile suite imports this file in its child).
  const helpers = path.join(tmp, "helpers.mjs");
  const bytes = binding.bytes === "buffer" ? "(u8) => Buffer.from(u8)" : "(u8) => u8";
  fs.writeFileSync(
    helpers,
    `import { createRequire } from "node:module";
export const sportello = createRequire(import.meta.url)(${JSON.stringify(pkg)});
export const binding = { name: ${JSON.stringify(binding.name)}, sportello, bytes: ${bytes}, chainVerification: ${binding.chainVerification} };
`,
  );
  const loaded = expect.fallback
    ? `test("the fallback says so once, with its code", async () => {
  await new Promise((r) => setImmediate(r));
  const ours = warnings.filter((w) => w.code === "SPORTELLO_WASM_FALLBACK");
  assert.equal(ours.length, 1);
  assert.match(ours[0].message, /WebAssembly build/);
});`
    : `test("the native build loads, no fallback", async () => {
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(warnings.filter((w) => w.code === "SPORTELLO_WASM_FALLBACK").map((w) => w.message), []);
  const cache = Object.keys(createRequire(import.meta.url).cache);
  assert.ok(cache.includes(${JSON.stringify(expect.native)}), "not loaded: " + ${JSON.stringify(expect.native)} + "; loaded: " + cache.filter((f) => f.endsWith(".node")).join(", "));
});`;
  const test = path.join(tmp, "shared.test.mjs");
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
import { createRequire } from "node:module";
${loaded}
`,
  );
  const r = spawnSync(process.execPath, ["--test", test], { stdio: "inherit" });
  return r.status ?? 1;
}
