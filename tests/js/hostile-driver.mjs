// Calls every entry point of a JS package (from bindings-js/manifest.json) with hostile values,
// one call per line of output; run by tests/js/hostile.mjs in a child process, which puts each
// call under a timeout and reads a crash as the failure of the call that was running.
// Usage: node tests/js/hostile-driver.mjs <the package's test/helpers.mjs> [filter]
// A line is `START <id>` before a call, then `OK <id>` (a result, or an Error with a string
// `.code`) or `BAD <id> <what>`; after each call a valid call must still answer (a WASM module
// must never be left poisoned).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, "../..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "bindings-js/manifest.json"), "utf8"));
const { binding } = await import(pathToFileURL(path.resolve(process.argv[2])).href);
const filter = process.argv[3] ?? "";
const s = binding.sportello;
const camel = (n) => n.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const cases = (name) => JSON.parse(fs.readFileSync(path.join(root, "tests/cases", `${name}.json`), "utf8"));

const deep = (n, wrap) => {
  let x = 1;
  for (let i = 0; i < n; i++) x = wrap(x);
  return x;
};
const cyclicObject = {};
cyclicObject.self = cyclicObject;
const cyclicArray = [];
cyclicArray.push(cyclicArray);

const HOSTILE = {
  deep_array: deep(10_000, (x) => [x]),
  deep_object: deep(10_000, (x) => ({ a: x })),
  deep_array_200: deep(200, (x) => [x]),
  cyclic_object: cyclicObject,
  cyclic_array: cyclicArray,
  huge_string: "A".repeat(2_000_000),
  huge_array: new Array(200_000).fill("RSSMRA80A01H501U"),
  big: 2 ** 64,
  u32_wrap: 2 ** 32 + 6,
  negative: -1,
  fraction: 1.7,
  nan: NaN,
  infinity: Infinity,
  bigint: 10n ** 30n,
  surrogate: "\ud800",
  surrogate_in_object: { a: "\udfff" },
  symbol: Symbol("x"),
  function: () => 1,
  undefined: undefined,
  null: null,
  bool: true,
  empty_string: "",
  empty_object: {},
  array_for_object: ["spid", "SpidL3"],
  date_object: new Date(0),
  bytes: new Uint8Array([255, 0, 1]),
};

function samples() {
  const out = {};
  const add = (name, make) => {
    try {
      out[name] = make();
    } catch (e) {
      console.log(`SAMPLE ${name} ${e.code ?? e.name}: ${e.message}`);
    }
  };
  const NOW = "2026-03-02T09:00:00+01:00";
  add("Form", () => s.Form.fromFormio({ components: [{ type: "number", key: "eta", label: "Età" }] }));
  add("Logic", () => new s.Logic({ "==": [{ var: "a" }, 1] }));
  add("FormSession", () => new s.FormSession(s.Form.fromFormio({ components: [{ type: "number", key: "eta", label: "Età" }] }), { eta: 30 }));
  add("Calendar", () => s.Calendar.fromJson(JSON.stringify(cases("slots").calendars.seed)));
  add("Practice", () => new s.Practice("P-1", "RSSMRA80A01H501U", {}, NOW));
  add("HolidayCalendar", () => new s.HolidayCalendar());
  add("NotifySettings", () => s.NotifySettings.fromJson('{"languages": ["it", "en"]}'));
  add("ActivationPolicy", () => new s.ActivationPolicy());
  add("Policy", () => s.Policy.fromJson(JSON.stringify(cases("access").policy)));
  add("Payment", () => new s.Payment("16.00", NOW));
  add("Auditor", () => new s.Auditor({}));
  add("StampCatalogue", () => new s.StampCatalogue());
  return out;
}

// The reproductions of issue 15, each a call that crashed, hung or was silently accepted; those
// named in MUST_REFUSE must throw (with a code), the others must answer.
const BANG = "show = " + "!".repeat(100_000) + "data.a";
const form = (c) => ({ components: [{ type: "textfield", key: "a", label: "A", ...c }] });
const bytes64 = () => binding.bytes(new Uint8Array(64));
const SPECIFIC = {
  "translateJs !x100000": () => s.forms.translateJs(BANG, "show"),
  "translateJs 2000 ||": () => s.forms.translateJs("show = " + Array.from({ length: 2000 }, (_, i) => `data.a${i}`).join(" || "), "show"),
  "translateJs 3000 &&": () => s.forms.translateJs("show = " + Array.from({ length: 3000 }, (_, i) => `data.a${i}`).join(" && "), "show"),
  "customConditional !x100000": () => s.Form.fromFormio(form({ customConditional: BANG })),
  "reduce 100000": () => new s.Logic({ reduce: [{ var: "xs" }, { "+": [{ var: "current" }, { var: "accumulator" }] }, 0] }).apply({ xs: Array.from({ length: 100_000 }, (_, i) => i) }),
  "generateSecret 2**64-1": () => s.access.generateSecret({ alphabet: "AB", length: 2 ** 64 - 1 }, bytes64()),
  "generateSecret 10**9": () => s.access.generateSecret({ alphabet: "AB", length: 1e9 }, bytes64()),
  "Envelope pin 2**32": () => s.Envelope.generate("B-1", "u1", s.ActivationPolicy.fromJson(JSON.stringify({ pin: { alphabet: "0123456789", length: 2 ** 32 } })), bytes64()),
  "splitEvenly 2**31": () => s.payments.splitEvenly("16.00", 2 ** 31),
  "splitEvenly -1": () => s.payments.splitEvenly("16.00", -1),
  "addWorkingDays 2**31-1": () => new s.HolidayCalendar().addWorkingDays("2026-01-01", 2 ** 31 - 1),
  "addWorkingDays -1": () => new s.HolidayCalendar().addWorkingDays("2026-01-01", -1),
  "withPatron 2**32+6": () => new s.HolidayCalendar().withPatron(2 ** 32 + 6, 29, "x"),
  "status 2**32+1900": () => s.practice.status(2 ** 32 + 1900),
  "amountFromCents 1.7": () => s.payments.amountFromCents(1.7),
  // The deepest rules JSON can carry (the core's 127 levels): compiled and evaluated recursively,
  // they must fit the host's stack (WASM's 1 MiB).
  "Logic 125 deep": () => new s.Logic(deep(125, (x) => ({ "!": [x] }))).apply({}),
  "Logic and 124 deep": () => new s.Logic(deep(62, (x) => ({ and: [x, true] }))).apply({}),
  "conditional json 120 deep": () => s.Form.fromFormio(form({ conditional: { json: deep(120, (x) => ({ "!": [x] })) } })).evaluate({ a: "x" }),
  "data 126 deep": () => new s.Logic({ var: "a" }).apply({ a: deep(124, (x) => [x]) }),
  "paymentAmount 0.1": () => new s.Practice("P-1", "RSSMRA80A01H501U", { paymentAmount: 0.1 }, "2026-03-02T09:00:00+01:00"),
};
const MUST_REFUSE = new Set(Object.keys(SPECIFIC).filter((k) => !/^(reduce|translateJs 2000|translateJs 3000|Logic|conditional|data)/.test(k)));

const objs = samples();
const sane = () => s.cf.isValid("RSSMRA80A01H501U") === true;
const ownerOf = (owner) => s[owner];

for (const e of manifest.entries) {
  const name = camel(e.name);
  const params = e.params;
  if (params.length === 0) continue;
  let target;
  if (e.kind === "fn") target = (...a) => s[e.owner][name](...a);
  else if (e.kind === "static") target = (...a) => ownerOf(e.owner)[name](...a);
  else if (e.kind === "ctor") target = (...a) => new (ownerOf(e.owner))(...a);
  else if (e.kind === "method" && objs[e.owner]) target = (...a) => objs[e.owner][name](...a);
  else continue;
  for (const [hname, h] of Object.entries(HOSTILE)) {
    for (let i = 0; i < params.length; i++) {
      const args = params.map(() => "x");
      args[i] = h;
      const id = `${e.owner}.${name}[${camel(params[i].name)}=${hname}]`;
      if (!id.includes(filter)) continue;
      console.log(`START ${id}`);
      let status = "OK";
      try {
        target(...args);
      } catch (err) {
        if (!(err instanceof Error) || typeof err.code !== "string" || !err.code) {
          status = `BAD ${err?.name}: ${String(err?.message ?? err).slice(0, 160)}`;
        }
      }
      try {
        if (!sane()) status = "BAD a valid call gives a wrong answer after this one";
      } catch (err) {
        status = `BAD the module no longer answers a valid call: ${err?.message}`;
      }
      console.log(status === "OK" ? `OK ${id}` : `BAD ${id} ${status.slice(4)}`);
    }
  }
}
for (const [name, f] of Object.entries(SPECIFIC)) {
  const id = `specific:${name}`;
  if (!id.includes(filter)) continue;
  console.log(`START ${id}`);
  let status = "OK";
  try {
    f();
    if (MUST_REFUSE.has(name)) status = "BAD accepted, must be refused";
  } catch (err) {
    if (!(err instanceof Error) || typeof err.code !== "string" || !err.code) status = `BAD ${err?.name}: ${String(err?.message ?? err).slice(0, 160)}`;
  }
  try {
    if (!sane()) status = "BAD a valid call gives a wrong answer after this one";
  } catch (err) {
    status = `BAD the module no longer answers a valid call: ${err?.message}`;
  }
  console.log(status === "OK" ? `OK ${id}` : `BAD ${id} ${status.slice(4)}`);
}
console.log("DONE");
