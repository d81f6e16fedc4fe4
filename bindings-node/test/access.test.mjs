// The shared tests of tests/js/access.mjs, run on this package.
import { binding } from "./helpers.mjs";
import accessTests from "../../tests/js/access.mjs";

accessTests(binding);
