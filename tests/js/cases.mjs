// The reference cases of tests/cases, read by the shared JS runners (tests/js/<cap>.mjs).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const casesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "cases");

/** `loadCases("cf")` reads tests/cases/cf.json; `loadCases("forms/delega.json")` a file below it. */
export function loadCases(name) {
  return JSON.parse(fs.readFileSync(path.join(casesDir, name.endsWith(".json") ? name : `${name}.json`), "utf8"));
}

/** The bytes of a fixture below tests/cases (`"access/cns.pem"`). */
export const fixture = (name) => new Uint8Array(fs.readFileSync(path.join(casesDir, name)));
