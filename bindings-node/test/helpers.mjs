// The Node package under test, described for the shared runners of ../../tests/js (one per
// capability, run by this package and by bindings-wasm alike).
import { createRequire } from "node:module";

export const sportello = createRequire(import.meta.url)("..");

/** What differs between the Node and the WASM package, as the runners see it. */
export const binding = {
  name: "node",
  sportello,
  bytes: (u8) => Buffer.from(u8), // byte arguments are `Buffer`s
  chainVerification: true, // access: X.509 signature verification is compiled in
};
