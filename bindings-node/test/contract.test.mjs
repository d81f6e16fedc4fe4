// The shared binding contract of tests/js/contract.mjs, run on this package.
import { binding } from "./helpers.mjs";
import contractTests from "../../tests/js/contract.mjs";

contractTests(binding);
