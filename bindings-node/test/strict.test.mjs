// The shared strict-shape tests of tests/js/strict.mjs, run on this package.
import { binding } from "./helpers.mjs";
import strictTests from "../../tests/js/strict.mjs";

strictTests(binding);
