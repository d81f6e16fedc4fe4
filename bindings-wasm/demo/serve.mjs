// Serves bindings-wasm/ on 127.0.0.1 with the right content types (the wasm as application/wasm:
// `--target web` output cannot load from file://). `npm run demo` runs it and prints the demo's
// address; test/browser/run.mjs uses `serve` for the headless Chromium tests.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".css": "text/css", ".ts": "text/plain" };

/** Serves `dir` (default: bindings-wasm/) on `port` (0: any free one); resolves to { server, base }. */
export async function serve(port = 0, dir = root) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) { res.writeHead(404).end("not found"); return; }
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!fs.existsSync(path.join(root, "pkg", "native_bg.wasm"))) {
    console.log("pkg/ is not built yet: building it (bash build.sh, a few minutes the first time)");
    if (spawnSync("bash", ["build.sh"], { cwd: root, stdio: "inherit" }).status !== 0) process.exit(1);
  }
  const { base } = await serve(Number(process.env.PORT ?? 8080));
  console.log(`sportello-web demo: ${base}/demo/  (Ctrl-C stops it)`);
}
