// The shared tests of tests/js/workdays.mjs, run on this package.
import { binding } from "./helpers.mjs";
import workdaysTests from "../../tests/js/workdays.mjs";

workdaysTests(binding);
