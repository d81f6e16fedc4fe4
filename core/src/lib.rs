//! # sportello
//!
//! The rules of an Italian municipality's online services ("sportello telematico") in one pure
//! library: no I/O, no clock, no environment. "Now" and "today" are always parameters, so the same
//! input gives the same output on every target, wasm32 included.
//!
//! | module | what it holds |
//! |---|---|
//! | [`cf`] | codice fiscale and partita IVA: validation, omocodia, decode, encode, matching, Belfiore places |
//! | [`access`] | credential levels, policies, identities from SPID/CIE/CNS, roles, delegations, activation |
//! | [`practice`] | the lifecycle of an online application, its timeline and deadlines, audits |
//! | [`forms`] | Form.io forms with conditions (JSON Logic), validation and office assignment |
//! | [`payments`] | stamp duty, pagoPA notices and amounts, budget split, payment states |
//! | [`service`] | one definition per service (the "scheda servizio"), validated as a whole; catalogue; the journey |
//! | [`slots`] | appointment calendars, slot generation, bookings, iCalendar export |
//! | [`notify`] | which notifications an event makes due: recipients, channels, languages, texts |
//! | [`workdays`] | Italian national holidays and working-day arithmetic shared by the others |
//! | `arrow` | (feature `arrow`) the bulk checks over Arrow string arrays, answered as Arrow arrays |
//!
//! Every fallible function returns a typed error with a stable code ([`Error::code`]); nothing
//! panics on input. Every public type serialises with serde to a documented JSON shape
//! (camelCase keys, ISO dates, amounts as strings with two decimals).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod access;
#[cfg(feature = "arrow")]
pub mod arrow;
pub mod cf;
pub mod error;
pub mod forms;
pub mod iso;
pub mod json;
pub mod notify;
pub mod payments;
pub mod practice;
pub mod service;
pub mod slots;
pub mod workdays;

pub use error::{Coded, Error};

/// The library version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The Rust blocks of the guides run as doc tests (`cargo test --doc`), like the Python and JS
/// ones do in their test suites.
#[cfg(doctest)]
mod guides {
    #[doc = include_str!("../../README.md")]
    struct Readme;
    #[doc = include_str!("../../docs/ARCHITECTURE.md")]
    struct Architecture;
    #[doc = include_str!("../../docs/BINDINGS.md")]
    struct Bindings;
    #[doc = include_str!("../../docs/LIMITS.md")]
    struct Limits;
    #[doc = include_str!("../../docs/access.md")]
    struct Access;
    #[doc = include_str!("../../docs/cf.md")]
    struct Cf;
    #[doc = include_str!("../../docs/cli.md")]
    struct Cli;
    #[doc = include_str!("../../docs/forms.md")]
    struct Forms;
    #[doc = include_str!("../../docs/notify.md")]
    struct Notify;
    #[doc = include_str!("../../docs/payments.md")]
    struct Payments;
    #[doc = include_str!("../../docs/practice.md")]
    struct Practice;
    #[doc = include_str!("../../docs/scale.md")]
    struct Scale;
    #[doc = include_str!("../../docs/service.md")]
    struct Service;
    #[doc = include_str!("../../docs/slots.md")]
    struct Slots;
}
