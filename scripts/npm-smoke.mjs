// Issue 20 item 2: the packed Node packages as a user gets them. A fresh folder installs the
// `sportello` tarball and one platform package's tarball from dist/npm (offline, an empty cache:
// no registry), and the shared tests of tests/js run on the installed package (scripts/js-suite.mjs),
// which must load that platform package's binary (not the WebAssembly fallback).
//   node scripts/npm-smoke.mjs <dir of the tarballs> <platform package, e.g. sportello-linux-x64-gnu>
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runShared } from "./js-suite.mjs";

const [dir, platform] = process.argv.slice(2);
if (!platform) throw new Error("usage: npm-smoke.mjs <tarballs dir> <platform package>");
const tarball = (name) => {
  const found = fs.readdirSync(dir).filter((f) => new RegExp(`^${name}-\\d+\\.\\d+\\.\\d+.*\\.tgz$`).test(f));
  if (found.length !== 1) throw new Error(`${dir}: ${found.length} tarballs of ${name}`);
  return path.resolve(dir, found[0]);
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-npm-smoke-"));
const app = path.join(tmp, "app");
fs.mkdirSync(app);
fs.writeFileSync(path.join(app, "package.json"), '{ "name": "smoke", "private": true }\n');
// --offline with an empty cache: the other platform packages (optional, for other machines) are
// not fetched, and nothing comes from a registry.
execFileSync(
  "npm",
  ["install", "--offline", "--cache", path.join(tmp, "cache"), "--no-audit", "--no-fund", "--loglevel=error", tarball("sportello"), tarball(platform)],
  { cwd: app, stdio: "inherit" },
);
const pkg = path.join(app, "node_modules/sportello");
const shipped = fs.readdirSync(pkg, { recursive: true }).filter((f) => String(f).endsWith(".node"));
if (shipped.length) throw new Error(`sportello ships ${shipped.join(", ")}`);
const installed = path.join(app, "node_modules", platform);
const native = fs.realpathSync(path.join(installed, JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")).main));
const status = runShared(tmp, pkg, { name: `npm-${platform}`, bytes: "buffer", chainVerification: true }, { native });
fs.rmSync(tmp, { recursive: true, force: true });
if (status !== 0) process.exit(status);
console.log(`npm-smoke: sportello installed with ${platform} from their tarballs runs the shared tests on ${path.basename(native)}`);

