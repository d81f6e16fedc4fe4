//! Build script: turns the data files in `data/` into compact static tables (see `data/README.md`).
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
}
