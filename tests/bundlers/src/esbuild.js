// esbuild does not copy files named by `new URL("native_bg.wasm", import.meta.url)` (Vite and
// webpack do): import each .wasm with esbuild's `file` loader (`loader: { ".wasm": "file" }`)
// and pass its URL to init. Everything else is src/main.js.
import cfWasm from "sportello-web/cf/native_bg.wasm";
import formsWasm from "sportello-web/forms/native_bg.wasm";
import wasm from "sportello-web/native_bg.wasm";
import initCf from "sportello-web/cf";
import initForms from "sportello-web/forms";
import init from "sportello-web";

await initCf({ module_or_path: cfWasm });
await init({ module_or_path: wasm });
await initForms({ module_or_path: formsWasm });
await import("./main.js");
