// The shared tests of tests/js/slots.mjs, run on this package.
import { binding } from "./helpers.mjs";
import slotsTests from "../../tests/js/slots.mjs";

slotsTests(binding);
