//! Prints the manifest of the JS API for the capabilities this build has (the browser package's
//! generator reads it: `cargo run -p sportello-js --example manifest --no-default-features
//! --features manifest,cf`).
fn main() {
    println!("{}", sportello_js::manifest());
}
