// The shared hostile-input suite of tests/js/hostile.mjs, run on this package.
import path from "node:path";
import { fileURLToPath } from "node:url";
import hostileTests from "../../tests/js/hostile.mjs";

hostileTests(path.join(path.dirname(fileURLToPath(import.meta.url)), "helpers.mjs"));
