// In this repository sportello-web is linked from ../../bindings-wasm/pkg, outside this folder,
// so the dev server must be allowed to serve it. Installed from npm, the example needs no config.
export default { server: { fs: { allow: [".", "../../bindings-wasm/pkg"] } } };
