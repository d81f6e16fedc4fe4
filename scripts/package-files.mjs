// Copies the repository's licence files and NOTICE into a package folder before it is built or
// packed (npm and the wheel ship them; the copies are not committed):
//   node scripts/package-files.mjs <package dir> [extra file to copy as README.md]
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const [dir, readme] = process.argv.slice(2);
if (!dir) throw new Error("usage: package-files.mjs <package dir> [readme]");
for (const f of ["LICENSE-MIT", "LICENSE-APACHE", "NOTICE"]) fs.copyFileSync(path.join(root, f), path.join(dir, f));
if (readme) fs.copyFileSync(readme, path.join(dir, "README.md"));
