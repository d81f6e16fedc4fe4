// Every ```js block of the README and docs/ runs, and what its comments claim holds. Shared by
// the Node package (bindings-node/test/docs.test.mjs), the WASM package in Node
// (bindings-wasm/test/docs.test.mjs) and headless Chromium (bindings-wasm/test/browser/docs.spec.mjs).
//
// A block that loads the package with `require("sportello")` runs in Node, with both packages
// (they have one API); a block that imports "sportello-web" as an ES module runs in Chromium,
// as written. Markers in an HTML comment just before a block (invisible once rendered):
//   <!-- snippet-setup ... -->       code run first, for the inputs the prose describes;
//   <!-- snippet-skip: reason -->    not run (needs a host the tests do not have).
// Claims: `expression  // value` where the comment is JSON is checked for equality;
// `console.log(...)  // text` must print exactly `text` (or the JSON string's value). A comment
// holding `...` is prose, not a claim. bindings-python/tests/test_docs.py does the same for Python.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import assert from "node:assert/strict";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const DOCS = ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`),
  "bindings-python/README.md", "bindings-node/README.md", "bindings-wasm/README.md"];
const MARKER = /<!--\s*snippet-(setup|skip)(:?)((?:(?!-->)[\s\S])*)-->$/;

/** Every ```js block: { where, code, setup, skip, esm }. */
export function blocks() {
  const found = [];
  for (const file of DOCS) {
    const lines = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n");
    for (let i = 0; i < lines.length; i++) {
      const m = /^```(\w*)\s*$/.exec(lines[i]);
      if (!m) continue;
      let j = i + 1;
      while (j < lines.length && !lines[j].startsWith("```")) j++;
      if (m[1] === "js") {
        const marker = MARKER.exec(lines.slice(0, i).join("\n").trimEnd());
        const code = lines.slice(i + 1, j).join("\n");
        found.push({
          where: `${file}:${i + 2}`,
          code,
          setup: marker?.[1] === "setup" ? marker[3].replace(/^\n|\n$/g, "") : null,
          skip: marker?.[1] === "skip" ? marker[3].trim() : null,
          esm: /^\s*import\b/m.test(code),
        });
      }
      i = j;
    }
  }
  return found;
}

/** Splits a line into code and its trailing `//` comment (quotes and regexes aside). */
function split(line) {
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "/" && line[i + 1] === "/") return [line.slice(0, i), line.slice(i + 2).trim()];
  }
  return [line, null];
}

const balanced = (s) => {
  let depth = 0;
  for (const c of s.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, "")) {
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c) && --depth < 0) return false;
  }
  return depth === 0;
};

/**
 * The block's code with its claims instrumented: a value claim becomes `__claim(line, (expr))`,
 * a log claim `__log(line, ...)`. Returns { code, claims: Map(line -> { kind, expected }) }.
 */
export function instrument(code) {
  const claims = new Map();
  const lines = code.split("\n").map((line, k) => {
    const [src, comment] = split(line);
    if (!comment || comment.includes("...")) return line;
    const n = k + 1;
    const body = src.trim().replace(/;$/, "");
    let expected;
    try {
      expected = JSON.parse(comment);
    } catch {
      expected = undefined;
    }
    if ((body.match(/console\.log\(/g) ?? []).length === 1) {
      claims.set(n, { kind: "log", expected: typeof expected === "string" ? expected : comment });
      return src.replace("console.log(", `__log(${n}, `);
    }
    if (expected === undefined || !body || !balanced(body) || /^(const|let|var|import|export|try|for|if|while|return|await|\}|\/\/)\b/.test(body)) return line;
    claims.set(n, { kind: "value", expected });
    return `${src.match(/^\s*/)[0]}__claim(${n}, (${body}));`;
  });
  return { code: lines.join("\n"), claims };
}

/** Checks what a run recorded against the claims; returns how many were checked. */
export function check(where, claims, values, logs) {
  let checked = 0;
  for (const [line, c] of claims) {
    const got = c.kind === "log" ? logs.get(line) : values.get(line);
    assert.ok(got !== undefined, `${where}+${line}: the line with a claim did not run`);
    if (c.kind === "log") assert.equal(got, c.expected, `${where}+${line}: printed ${got}, the comment says ${c.expected}`);
    else assert.deepEqual(JSON.parse(JSON.stringify(got)), c.expected, `${where}+${line}: the comment says ${JSON.stringify(c.expected)}`);
    checked++;
  }
  return checked;
}

/** A printed line as console.log writes primitives. */
export const format = (args) => args.map((a) => (typeof a === "string" ? a : typeof a === "object" && a !== null ? JSON.stringify(a) : String(a))).join(" ");

/** Runs every CommonJS block in Node with `require("sportello")` answering `sportello`. */
export default function snippetTests({ name, sportello }) {
  const all = blocks();
  test("the docs have JS blocks for Node and for the browser", () => {
    assert.ok(all.filter((b) => !b.esm).length >= 4 && all.some((b) => b.esm), JSON.stringify(all.map((b) => b.where)));
  });
  for (const b of all.filter((x) => !x.esm)) {
    test(`${name}: ${b.where}`, { skip: b.skip ?? false }, async () => {
      const { code, claims } = instrument(b.code);
      const values = new Map();
      const logs = new Map();
      const req = (id) => {
        if (id === "sportello" || id === "sportello-web") return sportello;
        if (id.startsWith("node:")) return createRequire(import.meta.url)(id);
        throw new Error(`${b.where}: the snippet requires ${id}`);
      };
      const AsyncFunction = (async () => {}).constructor;
      const setup = b.setup ? `${b.setup}\n` : "";
      const run = new AsyncFunction("require", "ROOT", "__claim", "__log", `${setup}${code}\n//# sourceURL=${b.where}`);
      await run(req, ROOT, (n, v) => (values.has(n) || values.set(n, v), v), (n, ...args) => logs.has(n) || logs.set(n, format(args)));
      check(b.where, claims, values, logs);
    });
  }
}
