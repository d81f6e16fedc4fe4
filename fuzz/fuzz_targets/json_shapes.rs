#![no_main]
//! Fuzzes the bindings' JSON entry points: every entry of the JS API (`sportello_js::call`, the
//! one function both the Node and the browser package call) with an arbitrary JSON argument list,
//! on objects that earlier inputs created. The first byte picks the entry, the second the object
//! (`this`), the rest is the arguments' JSON text. Nothing may panic, and every refusal must carry a
//! code and serialise to details JSON.
use libfuzzer_sys::fuzz_target;
use sportello_js::{call, release, Input, Ret};
use std::cell::RefCell;

thread_local! {
    /// Handles created so far (bounded: the oldest are released).
    static HANDLES: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let [entry_lo, entry_hi, pick, rest @ ..] = data else { return };
    let Ok(args) = std::str::from_utf8(rest) else { return };
    let entry = u32::from(*entry_lo) | (u32::from(*entry_hi & 1) << 8);
    let this = HANDLES.with(|h| {
        let h = h.borrow();
        if *pick == 0 || h.is_empty() {
            0
        } else {
            h[usize::from(*pick) % h.len()]
        }
    });
    let input = if pick & 0x80 != 0 { Input::Str(args) } else { Input::Json(args) };
    match call(entry, this, input, today) {
        Ok(Ret::Obj(id)) => HANDLES.with(|h| {
            let mut h = h.borrow_mut();
            h.push(id);
            if h.len() > 64 {
                release(h.remove(0));
            }
        }),
        Ok(_) => {}
        Err(e) => {
            let details = e.into_details();
            let v: serde_json::Value = serde_json::from_str(&details).expect("error details are JSON");
            assert!(v.get("code").and_then(|c| c.as_str()).is_some_and(|c| !c.is_empty()), "error without a code: {details}");
        }
    }
});
