// Shared by every test file: the Node build of the package (pkg-node/) and the reference cases.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const sportello = createRequire(import.meta.url)("../pkg-node/sportello_web.js");
export function loadCases(name) {
  const file = path.join(here, "..", "..", "tests", "cases", name.endsWith(".json") ? name : `${name}.json`);
  return JSON.parse(fs.readFileSync(file, "utf8"));
}
