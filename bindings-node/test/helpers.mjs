// Shared by every test file: the package under test and the reference cases of ../../tests/cases.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const sportello = createRequire(import.meta.url)("..");
export function loadCases(name) {
  const file = path.join(here, "..", "..", "tests", "cases", name.endsWith(".json") ? name : `${name}.json`);
  return JSON.parse(fs.readFileSync(file, "utf8"));
}
