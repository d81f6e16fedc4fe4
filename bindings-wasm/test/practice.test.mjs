// The shared tests of tests/js/practice.mjs, run on this package.
import { binding } from "./helpers.mjs";
import practiceTests from "../../tests/js/practice.mjs";

practiceTests(binding);
