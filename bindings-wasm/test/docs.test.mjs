// The docs' JS blocks (tests/js/snippets.mjs), run on this package.
import { binding } from "./helpers.mjs";
import snippetTests from "../../tests/js/snippets.mjs";

snippetTests(binding);
