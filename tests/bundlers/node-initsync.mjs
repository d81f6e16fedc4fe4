// The package README's synchronous init for Node, server-side rendering and test runners, as
// written, on the installed package (ES modules, the browser build); run by run.mjs.
import fs from "node:fs";
import { cf, initSync } from "sportello-web";
import * as only from "sportello-web/cf";

const out = {};
try {
  cf.isValid("RSSMRA85T10A562S");
} catch (e) {
  out.beforeInit = e.code;
}
initSync({ module: fs.readFileSync(new URL(import.meta.resolve("sportello-web/native_bg.wasm"))) });
only.initSync({ module: fs.readFileSync(new URL(import.meta.resolve("sportello-web/cf/native_bg.wasm"))) });
out.cfValid = cf.isValid("RSSMRA85T10A562S");
out.cfOnlyValid = only.cf.isValid("RSSMRA85T10A562S");
console.log(JSON.stringify(out));
