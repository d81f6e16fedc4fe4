// Issue 20 item 2: the Node packages the napi way, from the binaries scripts/packages.sh cross-built:
//   node scripts/npm-packages.mjs <dir of the sportello.<platform>.node files> <out dir> <min glibc>
// - one package per napi target of bindings-node/package.json (`sportello-linux-x64-gnu`, ...):
//   `napi create-npm-dirs` writes its package.json (os, cpu, libc, main, files, licence) into
//   bindings-node/npm/<platform>/ (napi's place for them; not committed); this adds the binary, a
//   README, the licence files and NOTICE;
// - `sportello`: bindings-node as `npm pack` ships it (the generated entry, napi's loader
//   native.js, types, wasm/; no binary), with every platform package as an optionalDependency of
//   its own version: npm installs the one whose os/cpu/libc fit, and native.js requires it. The
//   optionalDependencies are added here, not in bindings-node/package.json, so that the development
//   install (npm ci) never asks the registry for them.
// Each package is checked by check-package.mjs and packed into <out dir>; prints the sizes.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const node = path.join(root, "bindings-node");
const [bin, out, glibc] = process.argv.slice(2).map((a, i) => (i < 2 ? path.resolve(a) : a));
if (!glibc) throw new Error("usage: npm-packages.mjs <binaries dir> <out dir> <min glibc>");
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
const readJson = (f) => JSON.parse(fs.readFileSync(f, "utf8"));
const writeJson = (f, v) => fs.writeFileSync(f, JSON.stringify(v, null, 2) + "\n");
const main = readJson(path.join(node, "package.json"));
const extra = ["README.md", "LICENSE-MIT", "LICENSE-APACHE", "NOTICE"];

const npmDir = path.join(node, "npm");
fs.rmSync(npmDir, { recursive: true, force: true });
run(path.join(node, "node_modules/.bin/napi"), ["create-npm-dirs", "--npm-dir", "npm"], node);
const cpu = { x64: "x64", arm64: "arm64" };
const dirs = [];
for (const platform of fs.readdirSync(npmDir).sort()) {
  const dir = path.join(npmDir, platform);
  const pkg = readJson(path.join(dir, "package.json"));
  const binary = `${main.napi.binaryName}.${platform}.node`;
  if (pkg.main !== binary) throw new Error(`${pkg.name}: main is ${pkg.main}, expected ${binary}`);
  fs.copyFileSync(path.join(bin, binary), path.join(dir, binary));
  const libc = pkg.libc?.[0] === "musl" ? "musl (Alpine and the like)" : `glibc ${glibc} or later`;
  const where = `Linux ${cpu[pkg.cpu[0]] ?? pkg.cpu[0]} with ${libc}`;
  pkg.description = `The native build of sportello (Node.js) for ${where}: installed by the \`sportello\` package, not on its own.`;
  pkg.files = [binary, ...extra];
  writeJson(path.join(dir, "package.json"), pkg);
  fs.writeFileSync(
    path.join(dir, "README.md"),
    `# ${pkg.name}

The native build (a Node-API addon) of [\`sportello\`](${main.homepage}) for ${where}.

Install \`sportello\`, not this package: \`sportello\` lists it as an optional dependency, npm
installs it only on a machine it fits (\`os\`, \`cpu\`, \`libc\` of its package.json), and the
package's loader finds it. On a machine without a native build, \`sportello\` runs its
WebAssembly build instead (the same API) and says so once.

Licensed under MIT OR Apache-2.0; the bundled data of Italian municipalities is credited in
\`NOTICE\`.
`,
  );
  run(process.execPath, [path.join(root, "scripts/package-files.mjs"), dir], root);
  dirs.push(dir);
}

// `sportello` itself: what `npm pack` of bindings-node ships, plus the optionalDependencies.
const stage = path.join(npmDir, "sportello");
const files = JSON.parse(run("npm", ["pack", "--dry-run", "--json", "--loglevel=error"], node))[0].files.map((f) => f.path);
const binaries = files.filter((f) => f.endsWith(".node"));
if (binaries.length) throw new Error(`sportello would ship ${binaries.join(", ")}: the binaries belong in the platform packages`);
for (const f of files) {
  fs.mkdirSync(path.dirname(path.join(stage, f)), { recursive: true });
  fs.copyFileSync(path.join(node, f), path.join(stage, f));
}
const platforms = dirs.map((d) => readJson(path.join(d, "package.json")));
for (const p of platforms) if (p.version !== main.version) throw new Error(`${p.name} ${p.version} is not ${main.version}`);
writeJson(path.join(stage, "package.json"), { ...main, optionalDependencies: Object.fromEntries(platforms.map((p) => [p.name, main.version])) });
dirs.push(stage);

fs.mkdirSync(out, { recursive: true });
for (const dir of dirs) {
  run(process.execPath, [path.join(root, "scripts/check-package.mjs"), "npm", dir], root);
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--loglevel=error", "--pack-destination", out], dir));
  console.log(`${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} KB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KB unpacked`);
}
