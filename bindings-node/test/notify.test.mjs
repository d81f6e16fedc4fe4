// The shared tests of tests/js/notify.mjs, run on this package.
import { binding } from "./helpers.mjs";
import notifyTests from "../../tests/js/notify.mjs";

notifyTests(binding);
