// Issue 20 item 2: on a platform without a native build the Node package `sportello` loads the
// WebAssembly build it ships (wasm/), with the same API, and says so once. This builds that
// situation: a copy of the built package (bindings-node) without its `.node` binary, with wasm/
// taken from the WASM package's Node build (bindings-wasm/pkg-node), and runs the shared tests of
// tests/js on it (scripts/js-suite.mjs; as a binding without X.509 chain verification, like the
// WASM package).
// Run after both packages are built: node scripts/node-fallback.mjs
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runShared } from "./js-suite.mjs";

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

const status = runShared(tmp, pkg, { name: "node-wasm-fallback", bytes: "u8", chainVerification: false }, { fallback: true });
fs.rmSync(tmp, { recursive: true, force: true });
if (status !== 0) process.exit(status);
console.log("node-fallback: the Node package without its binary runs the shared tests on its WebAssembly build");
