// The Node build of the WASM package (pkg-node/), described for the shared runners of
// ../../tests/js (one per capability, run by this package and by bindings-node alike).
import { createRequire } from "node:module";

export const sportello = createRequire(import.meta.url)("../pkg-node/sportello_web.js");

/** What differs between the WASM and the Node package, as the runners see it. */
export const binding = {
  name: "wasm",
  sportello,
  bytes: (u8) => u8, // byte arguments are `Uint8Array`s
  chainVerification: false, // access: no signature verification on wasm32 (access.verification_unavailable)
};
