// The runtime of sportello's JS API, one source for the Node and the browser package:
// scripts/gen-js.mjs inlines it into each package's generated entry file, next to the
// namespaces and classes it generates from the manifest. `native` is the host module
// (napi or wasm-bindgen) exporting call, callStr and release; `check` throws if it is not ready;
// `maxDepth` is the core's nesting limit and `maxInputBytes` its limit on one call's arguments
// (the manifest's `maxDepth` and `maxInputBytes`).
function sportelloRuntime(native, check, maxDepth, maxInputBytes) {
  const H = Symbol("sportello.handle");
  const registry = typeof FinalizationRegistry === "function" ? new FinalizationRegistry((id) => native.release(id)) : null;

  // A native error carries the details JSON as its message: throw one Error, the same in both packages.
  function fail(e) {
    if (e && typeof e.code === "string" && typeof e.message === "string" && e.message.startsWith("{")) {
      let d;
      try {
        d = JSON.parse(e.message);
      } catch {
        return e;
      }
      const err = new Error(d.message);
      err.code = d.code;
      err.details = d;
      return err;
    }
    return e;
  }

  function own(o, id) {
    Object.defineProperty(o, H, { value: id, writable: true });
    if (registry) registry.register(o, id, o);
    return o;
  }

  // Argument converters named by the manifest: an object of a class crosses as its handle,
  // bytes (Uint8Array, Buffer) as an array of numbers, a picked object as a copy holding only the
  // values at the paths the method's object reads (its dataPaths getter, fetched once per object).
  const PATHS = Symbol("sportello.dataPaths");
  const hasOwn = Object.prototype.hasOwnProperty;
  // A plain object: what JSON writes as an object of its own properties (no array, no toJSON).
  const plain = (v) => v !== null && typeof v === "object" && !Array.isArray(v) && typeof v.toJSON !== "function";
  function copyPath(src, dst, segs) {
    for (let i = 0; i < segs.length; i++) {
      const k = segs[i];
      if (!hasOwn.call(src, k)) return;
      const v = src[k];
      if (i === segs.length - 1 || !plain(v)) {
        dst[k] = v;
        return;
      }
      if (dst[k] === v) return; // already copied whole
      if (!hasOwn.call(dst, k)) dst[k] = {};
      src = v;
      dst = dst[k];
    }
  }
  function pathsOf(self) {
    let paths = self[PATHS];
    if (paths === undefined) {
      const p = self.dataPaths;
      paths = self[PATHS] = p ? p.map((s) => s.split(".")) : null;
    }
    return paths;
  }
  // The values at the object's data paths, read as JSON would hold them, when each is a JSON
  // scalar or absent (`undefined`): they cross as they are, without JSON (native.callPicked).
  // `null` (take the JSON path) when a path goes through anything but plain objects or ends at
  // what JSON would write otherwise or refuse (an object, NaN, a lone surrogate, a BigInt...).
  // A getter that throws on the way also gives `null`: the JSON path reports it with its code.
  function pickValues(x, self) {
    if (!plain(x) || !self) return null;
    const paths = pathsOf(self);
    if (!paths) return null;
    try {
      return valuesAt(x, paths);
    } catch {
      return null;
    }
  }
  function valuesAt(x, paths) {
    const out = new Array(paths.length);
    for (let p = 0; p < paths.length; p++) {
      const segs = paths[p];
      let v = x;
      for (let i = 0; i < segs.length; i++) {
        if (!plain(v)) return null;
        const k = segs[i];
        if (!hasOwn.call(v, k)) {
          v = undefined;
          break;
        }
        v = v[k];
      }
      const t = typeof v;
      if (t === "number" ? !Number.isFinite(v) : t === "string" ? !isWellFormed(v) : t !== "boolean" && t !== "undefined" && v !== null) return null;
      out[p] = v;
    }
    return out;
  }
  const isWellFormed = typeof String.prototype.isWellFormed === "function" ? (s) => s.isWellFormed() : (s) => !/[\uD800-\uDFFF]/.test(s);
  const conv = {
    pick: (x, self) => {
      if (!plain(x) || !self) return x;
      const paths = pathsOf(self);
      if (!paths) return x;
      const out = {};
      try {
        for (const segs of paths) copyPath(x, out, segs);
      } catch {
        return x; // a getter that throws: encoding the whole reports it with its code
      }
      return out;
    },
    obj: (x) => (x !== null && typeof x === "object" && typeof x[H] === "number" ? x[H] : x),
    // Bytes, or a list of them (certificate chains): one level, so a cyclic array cannot recurse.
    bytes: (x) => (x instanceof Uint8Array ? Array.from(x) : Array.isArray(x) ? x.map((y) => (y instanceof Uint8Array ? Array.from(y) : y)) : x),
  };

  // The converters of a method whose one parameter is picked (its object's values, above).
  const PICK = [conv.pick];

  // The arguments as JSON text. What JSON cannot hold is refused with a code, never sent changed:
  // nesting too deep for the host's stack or cyclic (code `limit`, as the core's nesting limit),
  // a BigInt, or NaN / an infinity inside an object (code `json`; JSON.stringify would write null).
  // The strict pass with a replacer runs only when the fast one failed or wrote a null.
  function coded(code, message, extra) {
    const err = new Error(message);
    err.code = code;
    err.details = { ...extra, code, message };
    return err;
  }
  function encode(args) {
    let text;
    try {
      text = JSON.stringify(args);
    } catch {
      text = null;
    }
    if (text !== null && !text.includes("null")) return text;
    for (let i = 0; i < args.length; i++) {
      const at = `argument ${i + 1}`;
      try {
        JSON.stringify(args[i], (k, v) => {
          if (typeof v === "bigint") throw coded("json", `${at}: a BigInt is not JSON data`, { path: "" });
          if (typeof v === "number" && !Number.isFinite(v) && k !== "") throw coded("json", `${at}: ${v} is not a JSON number`, { path: "" });
          return v;
        });
      } catch (e) {
        if (typeof e.code === "string") throw e;
        if (e instanceof RangeError || /circular|cyclic/i.test(String(e.message)))
          throw coded("limit", `${at}: nesting depth over the limit of ${maxDepth} (deep or cyclic)`, { what: "nesting depth", max: maxDepth, path: "" });
        throw coded("argument", `${at}: ${e.message}`);
      }
    }
    return text;
  }

  function invoke(id, self, args, convs, cls, json, build) {
    check();
    const h = self ? self[H] ?? 0 : 0;
    let r;
    try {
      if (args.length === 1 && typeof args[0] === "string" && !convs) {
        r = native.callStr(id, h, args[0]);
      } else if (args.length === 2 && typeof args[0] === "string" && typeof args[1] === "string" && !convs) {
        r = native.callStr2(id, h, args[0], args[1]);
      } else {
        // `args` is the call's own rest array: converted in place. JSON has no NaN or infinity:
        // such an argument crosses as its name, which the parameter's type then refuses
        // ("invalid type: string \"NaN\""), instead of as null.
        for (let i = 0; i < args.length; i++) {
          let a = args[i];
          if (convs !== null && convs[i]) a = args[i] = convs[i](a, self);
          if (typeof a === "number" && !Number.isFinite(a)) args[i] = String(a);
        }
        r = native.call(id, h, encode(args));
      }
    } catch (e) {
      throw fail(e);
    }
    // A record (build): built by the host already (Node), or its fields as an array (browser).
    // A `function` builder is given the method's object as `this` (it may keep what the object's
    // next result repeats).
    return cls ? own(Object.create(cls.prototype), r) : json ? JSON.parse(r) : build && Array.isArray(r) ? build.apply(self, r) : r;
  }


  // A method whose one parameter is picked (`Logic.apply`): its own small function, so that the
  // engine keeps it fast whatever else `invoke` is called with.
  function picked(id, self, args) {
    check();
    const values = args.length === 1 ? pickValues(args[0], self) : null;
    if (values === null) return invoke(id, self, args, PICK, null);
    try {
      const h = self[H] ?? 0;
      if (values.length !== 1) return native.callPicked(id, h, values);
      const v = values[0];
      // The browser's host takes one value by its kind (no JS value to inspect across the
      // boundary); Node's reads the kind itself, as cheaply.
      if (native.callPickedStr === undefined) return native.callPicked1(id, h, v);
      switch (typeof v) {
        case "string":
          return native.callPickedStr(id, h, v);
        case "number":
          return native.callPickedNum(id, h, v);
        case "boolean":
          return native.callPickedBool(id, h, v);
        default:
          return native.callPickedNull(id, h, v === null);
      }
    } catch (e) {
      throw fail(e);
    }
  }

  // A method whose data a session class can hold (bindings-js's `Held`: `Form.evaluate`, held by
  // `FormSession`, whose `update(changes, ...rest)` gives the method's result on the held data
  // with the changes merged in). An object given a second time gets a session holding it and a
  // copy of its keys and top-level values; from then on only the values that changed cross, to
  // that session. What comparing top-level values cannot vouch for crosses whole, to a new
  // session: keys added, removed or reordered; a value turned into one that JSON leaves out
  // (undefined, a function, a symbol, an object whose toJSON gives nothing) or refuses; a size
  // that could come near the input limit (an upper bound: 6 bytes a UTF-16 unit of a string, 3 of
  // an object's JSON text). An object or array value crosses every time (it may have changed
  // inside). A failed update gives way to the method on the whole object: the error is its own.
  // Keyed weakly by the method's object and by the data: the copy lives as long as the caller's
  // object. The first call on an object crosses it whole and keeps nothing but a mark (a server
  // evaluating each submission once keeps no session).
  const HELD = new WeakMap();
  const SEEN = {};
  // An upper bound of the UTF-8 bytes of `v` as JSON (a top-level value), or -1 when JSON leaves
  // it out or refuses it (then the whole object crosses, and fails as it does).
  function jsonBound(v) {
    switch (typeof v) {
      case "string":
        return 6 * v.length + 2;
      case "number":
      case "bigint":
        return 32; // a bigint is refused as it would be in the whole object
      case "boolean":
        return 5;
      case "object": {
        if (v === null) return 4;
        let t;
        try {
          t = JSON.stringify(v);
        } catch {
          return -1;
        }
        return t === undefined ? -1 : 3 * t.length;
      }
      default:
        return -1;
    }
  }
  function restBound(rest) {
    if (rest.length === 0 || (rest.length === 1 && rest[0] == null)) return 0;
    try {
      const t = JSON.stringify(rest);
      return t === undefined ? -1 : 3 * t.length;
    } catch {
      return -1;
    }
  }
  // The changed values of `keys`/`vals` against the held copy `m`, as [changes, total, at] (`at`:
  // the indices and bounds to keep once the session took them), or null (cross whole).
  function changesOf(m, keys, vals, room) {
    const old = m.keys;
    if (keys.length !== old.length) return null;
    let changes = null;
    let total = m.total;
    const at = [];
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== old[i]) return null;
      const v = vals[i];
      if (v === m.vals[i] && (v === null || typeof v !== "object")) continue;
      const b = jsonBound(v);
      if (b < 0) return null;
      (changes ??= {})[keys[i]] = v;
      total += b - m.bounds[i];
      at.push(i, b);
    }
    return total > room ? null : [changes ?? {}, total, at];
  }
  function held(id, self, args, build, arity, session) {
    const whole = () => invoke(id, self, args, null, null, false, build);
    const d = args[0];
    if (!plain(d) || !self[H] || args.length > arity) return whole();
    let mine = HELD.get(self);
    if (mine === undefined) HELD.set(self, (mine = new WeakMap()));
    const m = mine.get(d);
    if (m === undefined) {
      const r = whole();
      mine.set(d, SEEN);
      return r;
    }
    let keys, vals;
    try {
      keys = Object.keys(d);
      vals = Object.values(d);
    } catch {
      return whole(); // a getter that throws: crossing whole reports it with its code
    }
    const rest = args.slice(1);
    const rb = restBound(rest);
    if (rb < 0) return whole();
    const room = maxInputBytes - rb;
    if (m !== SEEN) {
      const c = changesOf(m, keys, vals, room);
      if (c !== null) {
        let r;
        try {
          r = m.session.update(c[0], ...rest);
        } catch {
          return whole(); // the error of the whole object, as the method gives it (the session is unchanged)
        }
        m.vals = vals;
        m.total = c[1];
        for (let j = 0; j < c[2].length; j += 2) m.bounds[c[2][j]] = c[2][j + 1];
        return r;
      }
      mine.set(d, SEEN);
      m.session.free();
    }
    // A new session holding the whole object. An update that fails gives way to the method on
    // the whole object, whose error it then is (the parameter's name, the position in the text).
    const bounds = new Array(keys.length);
    let total = 2;
    for (let i = 0; i < keys.length; i++) {
      bounds[i] = Math.max(jsonBound(vals[i]), 0);
      total += bounds[i] + 6 * keys[i].length + 4;
    }
    if (total > room) {
      mine.set(d, SEEN);
      return whole();
    }
    const s = new (session())(self);
    let r;
    try {
      r = s.update(d, ...rest);
    } catch {
      s.free();
      return whole();
    }
    mine.set(d, { session: s, keys, vals, bounds, total });
    return r;
  }

  // The base of every class: its handle, and free() to drop the Rust object before the GC does.
  class SportelloObject {
    free() {
      const id = this[H];
      if (id) {
        if (registry) registry.unregister(this);
        this[H] = 0;
        native.release(id);
      }
    }
  }
  if (typeof Symbol.dispose === "symbol") SportelloObject.prototype[Symbol.dispose] = SportelloObject.prototype.free;

  // The records' builders, by entry: a host that can call them itself (Node) is given them once.
  function builders(table) {
    if (native.setBuilders) native.setBuilders(table);
  }

  return { H, own, conv, invoke, picked, held, builders, SportelloObject };
}
