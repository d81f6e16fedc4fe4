// The shared tests of tests/js/service.mjs, run on this package.
import { binding } from "./helpers.mjs";
import serviceTests from "../../tests/js/service.mjs";

serviceTests(binding);
