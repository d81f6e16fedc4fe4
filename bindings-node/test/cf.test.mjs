// The shared tests of tests/js/cf.mjs, run on this package.
import { binding } from "./helpers.mjs";
import cfTests from "../../tests/js/cf.mjs";

cfTests(binding);
