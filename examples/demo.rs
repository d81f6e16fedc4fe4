//! The main job: a tour of the library on built-in data. Run with `cargo run --example demo`.
//! Each capability prints its own section (`examples/demo/<capability>.rs`).
#[path = "demo/access.rs"]
mod access;
#[path = "demo/cf.rs"]
mod cf;
#[path = "demo/forms.rs"]
mod forms;
#[path = "demo/payments.rs"]
mod payments;
#[path = "demo/practice.rs"]
mod practice;
#[path = "demo/service.rs"]
mod service;
#[path = "demo/slots.rs"]
mod slots;

fn main() {
    println!("sportello {} — the rules of an Italian municipality's online services\n", sportello::VERSION);
    cf::run();
    access::run();
    practice::run();
    forms::run();
    payments::run();
    slots::run();
    service::run();
}
