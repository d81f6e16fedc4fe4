// The shared tests of tests/js/forms.mjs, run on this package.
import { binding } from "./helpers.mjs";
import formsTests from "../../tests/js/forms.mjs";

formsTests(binding);
