// The documentation site (issue 20 item 5), built offline by scripts/docs-site.sh: the README and
// the guides of docs/ as HTML pages with one navigation, next to the API references that script
// builds (Rust: rustdoc, Python: pdoc from the stubs, JS: typedoc from the .d.ts). Every relative
// link of a guide must name a file of the repository or an anchor of a page: a broken one fails.
//   node docs/site/build.mjs <out dir>
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Marked } from "marked";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const out = path.resolve(process.argv[2] ?? path.join(root, "target/site"));
// Links to repository files (sources, fixtures) go to the repository's web view.
const repo = JSON.parse(fs.readFileSync(path.join(root, "bindings-node/package.json"), "utf8")).repository.url;
fs.mkdirSync(out, { recursive: true });

// The pages: the README as the home page, then the guides in a fixed order (the rest after).
const first = ["cf", "access", "practice", "forms", "payments", "slots", "service", "notify", "cli", "scale", "LIMITS", "BINDINGS", "ARCHITECTURE"];
const guides = fs
  .readdirSync(path.join(root, "docs"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => f.slice(0, -3))
  .sort((a, b) => (first.indexOf(a) + 1 || 99) - (first.indexOf(b) + 1 || 99) || a.localeCompare(b));
const pages = [{ src: "README.md", name: "index", title: "sportello" }, ...guides.map((g) => ({ src: `docs/${g}.md`, name: g }))];

const slug = (text) =>
  text
    .toLowerCase()
    .replace(/<[^>]+>/g, "")
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .trim()
    .replace(/ /g, "-");
const unescape = (s) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const broken = [];
const anchors = new Map(); // page name -> its heading ids
const links = []; // [page, target page, anchor, raw]
for (const p of pages) {
  const md = fs.readFileSync(path.join(root, p.src), "utf8");
  const ids = new Set();
  const seen = new Map();
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth }) {
        const text = this.parser.parseInline(tokens);
        let id = slug(text);
        const n = seen.get(id) ?? 0;
        seen.set(id, n + 1);
        if (n) id = `${id}-${n}`;
        ids.add(id);
        if (!p.title && depth === 1) p.title = unescape(text.replace(/<[^>]+>/g, ""));
        return `<h${depth} id="${id}">${text}</h${depth}>\n`;
      },
      link({ href, title, tokens }) {
        const text = this.parser.parseInline(tokens);
        let target = href;
        if (!/^[a-z]+:|^#/.test(href)) {
          // A relative link from the page's own folder, to a guide (its page) or a repository file.
          const [file, anchor] = href.split("#");
          const abs = path.normalize(path.join(path.dirname(path.join(root, p.src)), file));
          const rel = path.relative(root, abs);
          const guide = pages.find((q) => path.normalize(path.join(root, q.src)) === abs);
          if (guide) {
            target = `${guide.name}.html${anchor ? `#${anchor}` : ""}`;
            if (anchor) links.push([p.name, guide.name, anchor, href]);
          } else if (fs.existsSync(abs)) {
            target = `${repo}/blob/main/${rel}${anchor ? `#${anchor}` : ""}`;
          } else {
            broken.push(`${p.src}: ${href}`);
          }
        } else if (href.startsWith("#")) {
          links.push([p.name, p.name, href.slice(1), href]);
        }
        return `<a href="${escape(target)}"${title ? ` title="${escape(title)}"` : ""}>${text}</a>`;
      },
    },
  });
  p.html = marked.parse(md);
  anchors.set(p.name, ids);
}
for (const [from, to, anchor, raw] of links) {
  if (!anchors.get(to)?.has(anchor)) broken.push(`${pages.find((p) => p.name === from).src}: ${raw} (no such heading)`);
}
if (broken.length) {
  console.error(`docs-site: ${broken.length} broken links:\n  ${broken.join("\n  ")}`);
  process.exit(1);
}

const nav = [
  ...pages.map((p) => `<a href="${p.name}.html">${escape(p.name === "index" ? "Home" : p.title ?? p.name)}</a>`),
  `<a href="api/rust/sportello/index.html">Rust API</a>`,
  `<a href="api/python/sportello.html">Python API</a>`,
  `<a href="api/js/index.html">JS API</a>`,
].join("\n");
const css = `body{font:16px/1.55 system-ui,sans-serif;margin:0;display:flex;color:#1b1b1b}
nav{flex:0 0 15rem;padding:1rem;border-right:1px solid #ddd;height:100vh;position:sticky;top:0;overflow:auto;box-sizing:border-box}
nav a{display:block;padding:.15rem 0;color:#0b5cad;text-decoration:none}
main{flex:1;max-width:60rem;padding:1rem 2rem;min-width:0}
pre{background:#f5f7fa;padding:.8rem;overflow:auto;border-radius:6px}code{font-size:.92em}
table{border-collapse:collapse;display:block;overflow:auto}td,th{border:1px solid #ddd;padding:.3rem .5rem;vertical-align:top}`;
for (const p of pages) {
  fs.writeFileSync(
    path.join(out, `${p.name}.html`),
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escape(p.title ?? p.name)} · sportello</title>\n<style>${css}</style>\n</head>\n<body>\n<nav>\n${nav}\n</nav>\n<main>\n${p.html}</main>\n</body>\n</html>\n`,
  );
}
console.log(`docs-site: ${pages.length} pages, ${links.length} anchors checked, into ${out}`);
