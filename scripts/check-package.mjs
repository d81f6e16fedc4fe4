// Checks that a package carries its licence files, NOTICE and README:
//   node scripts/check-package.mjs npm <package dir>      (what `npm pack` would ship)
//   node scripts/check-package.mjs dir <folder>            (e.g. an installed wheel's .dist-info)
import { execFileSync } from "node:child_process";
import fs from "node:fs";

const [kind, dir] = process.argv.slice(2);
const want = ["LICENSE-MIT", "LICENSE-APACHE", "NOTICE"];
let files;
if (kind === "npm") {
  const out = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--loglevel=error"], { cwd: dir, encoding: "utf8" }));
  files = out[0].files.map((f) => f.path);
  want.push("README.md");
} else {
  files = fs.readdirSync(dir, { recursive: true }).map((f) => String(f).split("/").pop());
}
const missing = want.filter((w) => !files.includes(w));
if (missing.length) {
  console.error(`${dir}: the package lacks ${missing.join(", ")}`);
  process.exit(1);
}
console.log(`${dir}: ${want.join(", ")} shipped`);
