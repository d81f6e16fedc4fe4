//! payments — stamp duty, pagoPA notices and amounts, budget split, payment states.
//!
//! Public API (all pure; "now" is always a parameter):
//! - **Money**: [`Amount`] (a `Decimal` with exactly two decimals, JSON `"16.00"`;
//!   [`Amount::parse`] accepts `"16"`, `"16.00"`, `"16,00"`), [`parse_amount`].
//! - **Notice numbers** (numero avviso, 18 digits, aux digit 0–3): [`Notice::parse`],
//!   [`Notice::build`] / [`Notice::build_aux3`] from a [`NoticeSpec`], [`notice_is_valid`]
//!   (allocation-free), [`notice_validate`], [`notice_is_valid_many`], [`notice_check_digits`],
//!   [`PagopaCheck`] (`Strict` or `StructureOnly` for fixtures with wrong check digits),
//!   [`SegregationCodes`] (configurable range and centralised codes).
//! - **RF creditor references** (ISO 11649): [`rf_build`], [`rf_validate`], [`rf_is_valid`], [`rf_printed`].
//! - **QR code** `PAGOPA|002|notice|fiscal code|cents`: [`qr_payload`], [`parse_qr_payload`] →
//!   [`QrPayload`]; the creditor's fiscal code: [`creditor_fiscal_code_validate`],
//!   [`creditor_fiscal_code_is_valid`] (partita IVA check via [`crate::cf::piva`]).
//! - **Remittance** `/RFB/...`, `/RFS/...`: [`remittance_build`], [`parse_remittance`] → [`Remittance`].
//! - **Collection data and taxonomy**: [`parse_collection_data`] → [`CollectionData`] (`[0129]/code`),
//!   [`parse_taxonomy`] → [`TaxonomyCode`] (`9/0101002IM/`).
//! - **Stamp duty**: [`StampCatalogue`] (versioned rules and exemptions with legal references;
//!   [`StampCatalogue::italy`], [`StampCatalogue::stamp_duty`] for a [`StampQuery`] → [`StampDue`]);
//!   physical stamps [`PhysicalStamp`], [`check_physical_stamp`], [`physical_stamp_key`];
//!   @e.bollo [`MarcaDaBolloRequest`], [`document_hash`].
//! - **Charges**: [`Charge`] (bollo / diritti / tariffa, request or release [`ChargePhase`]),
//!   [`payment_plan`] → [`PaymentPlan`], [`approval_outcome`] (amount 0 = exempt).
//! - **Budget split, transfers, cart**: [`check_split`] over [`BudgetEntry`], [`split_evenly`],
//!   [`check_transfers`] over [`Transfer`] (≤ 5, exact sum; @e.bollo excluded from
//!   [`reconciled_total`]), [`iban_is_valid`], [`check_cart`] over [`CartItem`] (≤ 5 notices, one fee).
//! - **Transfer routing**: [`TransferRouting`] (`creditor`, `multiBeneficiary`, or `stampAgreement`:
//!   an @e.bollo bought through the Agenzia delle Entrate agreement), [`Transfer::routing`],
//!   [`transfer_routing`], and a [`Charge`]'s explicit `routing`.
//! - **Payment states**: [`Payment`] with [`Payment::apply`] of a [`PaymentEvent`] (including the
//!   audited operator `register`, "registra pagamento", and the debt position's creation:
//!   [`Payment::creating`], "In creazione", "Creazione di pagamento fallita"), [`PaymentState`] with
//!   its Italian [`PaymentState::label`], [`next_state`].
//! - **IUD and causale**: [`iud`] (the practice id without dashes, ≤ 35), [`payment_reason`] (the
//!   form's description, else `"<practice id> - <codice fiscale>"`, ≤ 140).
//! - Errors: [`PaymentsError`], codes `payments.*` (listed in [`ERROR_CODES`]).
//!
//! # Example
//!
//! ```
//! use sportello::payments::{self, Notice, StampAct, StampCatalogue, StampChannel, StampDueStatus, StampQuery};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Amounts are exact, with two decimals; a comma is accepted.
//! let fee = payments::parse_amount("16,00")?;
//! assert_eq!((fee.to_string(), fee.cents()), ("16.00".to_string(), 1600));
//!
//! // Notice numbers (numero avviso): built with their check digits, validated allocation-free.
//! let notice = Notice::build_aux3("01", "0000000000001")?;
//! assert!(payments::notice_is_valid(&notice.number));
//! assert!(payments::notice_is_valid("301000000000000144"));
//!
//! // Stamp duty on an application sent online, from the built-in catalogue.
//! let q = StampQuery {
//!     act: StampAct::Istanza,
//!     on: "2025-02-20".parse()?,
//!     channel: StampChannel::Telematic,
//!     sheets: None,
//!     receipt_amount: None,
//!     exemption: None,
//! };
//! let due = StampCatalogue::italy().stamp_duty(&q)?;
//! assert_eq!(due.status, StampDueStatus::Due);
//! assert_eq!(due.amount, fee);
//! # Ok(())
//! # }
//! ```

mod amount;
mod charges;
mod collection;
mod error;
mod ident;
mod notice;
mod qr;
mod remittance;
mod rf;
mod split;
mod stamp;
mod state;

pub use amount::{Amount, MAX_CENTS};
pub use charges::{approval_outcome, payment_plan, ApprovalOutcome, Charge, ChargeKind, ChargePhase, PaymentPlan, PhasePlan};
pub use collection::{parse_collection_data, parse_taxonomy, CollectionData, CollectionKind, LegalReason, TaxonomyCode};
pub use error::{PaymentsError, ERROR_CODES};
pub use ident::{iud, payment_reason, IUD_MAX, REASON_MAX};
pub use notice::{
    notice_check_digits, notice_error_code, notice_is_valid, notice_is_valid_many, notice_validate, CentralisedCode, Notice, NoticeSpec, PagopaCheck,
    SegregationClass, SegregationCodes,
};
pub use qr::{creditor_fiscal_code_is_valid, creditor_fiscal_code_validate, parse_qr_payload, qr_payload, QrPayload, QR_PREFIX};
pub use remittance::{parse_remittance, remittance_build, Remittance, RemittanceKind, IUV_MAX, REMITTANCE_MAX};
pub use rf::{rf_build, rf_is_valid, rf_printed, rf_validate, RF_MAX_REFERENCE};
pub use split::{
    check_cart, check_split, check_transfers, iban_is_valid, reconciled_total, split_evenly, transfer_routing, BudgetEntry, CartItem, CartSummary,
    MetadataEntry, Transfer, TransferRouting, MAX_CART_NOTICES, MAX_SPLIT_PARTS, MAX_TRANSFERS,
};
pub use stamp::{
    check_physical_stamp, document_hash, physical_stamp_key, FactStatus, MarcaDaBolloRequest, PhysicalStamp, StampAct, StampCatalogue, StampChannel,
    StampDue, StampDueStatus, StampExemption, StampQuery, StampRule, STAMP_TYPE_IMPOSTA_DI_BOLLO,
};
pub use state::{events_from, next_state, ManualRegistration, Payment, PaymentActor, PaymentEvent, PaymentRecord, PaymentState};

/// Parses an amount: `"16"`, `"16.00"`, `"16,00"` (see [`Amount::parse`]).
pub fn parse_amount(input: &str) -> Result<Amount, PaymentsError> {
    Amount::parse(input)
}
