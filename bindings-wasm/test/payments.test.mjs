// The shared tests of tests/js/payments.mjs, run on this package.
import { binding } from "./helpers.mjs";
import paymentsTests from "../../tests/js/payments.mjs";

paymentsTests(binding);
