//! `payments` namespace and the `Notice`, `StampCatalogue` and `Payment` classes:
//! `sportello::payments`. Amounts are decimal strings ("16.00"; "16" and "16,00" are parsed by the
//! core), instants RFC 3339 strings, records plain objects in the core's JSON shape (types
//! `QrPayload`, `Remittance`, `StampQuery`, `StampDue`, `Charge`, `PaymentPlan`, `Transfer`, ...).
use sportello::payments as core;

use crate::{from_json, to_json, ApiError, Bytes, Instant, Obj};

pub(crate) fn all(v: &mut Vec<crate::Entry>, c: &mut Vec<crate::ClassInfo>) {
    functions::entries(v, c);
    notice::entries(v, c);
    stamps::entries(v, c);
    payment::entries(v, c);
}

/// An amount argument, parsed by the core (its errors: `payments.amount_format`, ...).
fn amount(s: &str) -> Result<core::Amount, ApiError> {
    Ok(core::Amount::parse(s)?)
}

/// An event argument: the event object, or the bare name of an event without fields (which the
/// core reads as `{"type": name}`).
fn event(v: serde_json::Value) -> Result<core::PaymentEvent, ApiError> {
    match v {
        serde_json::Value::String(name) => core::PaymentEvent::from_name(&name).map_err(crate::umbrella),
        v @ serde_json::Value::Object(_) => sportello::json::from_value(v).map_err(|e| crate::api::within("event", e)),
        v => Err(ApiError::argument(format!("event: expected an event object or an event name, got {v}"))),
    }
}

mod functions {
    use super::*;
    crate::functions! { "payments";
        /// Parses "16", "16.00" or "16,00"; returns the amount with two decimals ("16.00").
        fn parse_amount(s: String) -> String { amount(&s)?.to_string() }
        /// A whole number of cents as an amount string ("16.00").
        fn amount_from_cents(cents: i64) -> String { core::Amount::from_signed_cents(cents)?.to_string() }
        /// Whether `s` is a valid notice number (numero avviso; strict).
        fn notice_is_valid(s: String) -> bool { core::notice_is_valid(&s) }
        /// `noticeIsValid` over an array; a `null` item answers `null`.
        fn notice_is_valid_many(items: Vec<Option<String>> as "(string | null)[]") -> Vec<Option<bool>> as "(boolean | null)[]" {
            items.iter().map(|s| s.as_deref().map(core::notice_is_valid)).collect::<Vec<_>>()
        }
        /// The error code of each notice number of an array: `null` where valid (or `null`); `lenient`: structure only.
        fn notice_validate_many(items: Vec<Option<String>> as "(string | null)[]", lenient: Option<bool>) -> Vec<Option<&'static str>> as "(string | null)[]" {
            let mode = core::PagopaCheck::from_lenient(lenient);
            items.iter().map(|s| s.as_deref().and_then(|s| core::notice_error_code(s, mode))).collect::<Vec<_>>()
        }
        /// Throws when `s` is not a valid notice number (`lenient`: structure only).
        fn notice_validate(s: String, lenient: Option<bool>) -> () { core::notice_validate(&s, core::PagopaCheck::from_lenient(lenient))? }
        /// The two check digits of the first 16 digits of a notice number.
        fn notice_check_digits(first16: String) -> String { core::notice_check_digits(&first16)? }
        /// The RF creditor reference (ISO 11649) of `reference`.
        fn rf_build(reference: String) -> String { core::rf_build(&reference)? }
        /// Whether `s` is a valid RF creditor reference.
        fn rf_is_valid(s: String) -> bool { core::rf_is_valid(&s) }
        /// The normalised RF reference; throws `payments.rf_format` or `payments.rf_check_digits`.
        fn rf_validate(s: String) -> String { core::rf_validate(&s)? }
        /// The printed form of an RF reference: groups of 4 characters.
        fn rf_printed(s: String) -> String { core::rf_printed(&s) }
        /// `"PAGOPA|002|<notice>|<creditor fiscal code>|<cents>"`.
        fn qr_payload(notice: String, creditor_fiscal_code: String, amount: String) -> String {
            core::qr_payload(&notice, &creditor_fiscal_code, super::amount(&amount)?)?
        }
        /// The parts of a pagoPA QR payload (`lenient`: structure only).
        fn parse_qr_payload(s: String, lenient: Option<bool>) -> core::QrPayload as "QrPayload" {
            core::parse_qr_payload(&s, core::PagopaCheck::from_lenient(lenient))?
        }
        /// Whether `s` is a valid creditor fiscal code (11 digits, partita IVA check).
        fn creditor_fiscal_code_is_valid(s: String) -> bool { core::creditor_fiscal_code_is_valid(&s) }
        /// The creditor fiscal code; throws `payments.creditor_fiscal_code` (`lenient`: structure only).
        fn creditor_fiscal_code_validate(s: String, lenient: Option<bool>) -> String {
            core::creditor_fiscal_code_validate(&s, core::PagopaCheck::from_lenient(lenient))?
        }
        /// Builds `/RFS/...` (kind "rfs", an RF and an amount) or `/RFB/...` (kind "rfb").
        fn remittance_build(remittance: core::Remittance as "Remittance") -> String { core::remittance_build(&remittance)? }
        /// The content of a remittance string (`/RFB/...`, `/RFS/...`).
        fn parse_remittance(s: String) -> core::Remittance as "Remittance" { core::parse_remittance(&s)? }
        /// The dati specifici di riscossione such as "9/3300.1".
        fn parse_collection_data(s: String) -> core::CollectionData as "CollectionData" { core::parse_collection_data(&s)? }
        /// The parts of a taxonomy code such as "9/0101002IM/".
        fn parse_taxonomy(s: String) -> core::TaxonomyCode as "TaxonomyCode" { core::parse_taxonomy(&s)? }
        /// Checks a physical stamp and returns its single-use key; `seenBefore` holds the keys of
        /// the stamps already used (from the caller's store).
        fn check_physical_stamp(stamp: core::PhysicalStamp as "PhysicalStamp", submitted_at: Instant, now: Instant, seen_before: Vec<String>) -> String {
            core::check_physical_stamp(&stamp, submitted_at.0, now.0, |key| seen_before.iter().any(|k| k == key))?
        }
        /// The single-use key of a physical stamp: "<14 digits>/<issue date in Europe/Rome>".
        fn physical_stamp_key(stamp: core::PhysicalStamp as "PhysicalStamp") -> String { core::physical_stamp_key(&stamp)? }
        /// Base64 of the SHA-256 of a document (a string is hashed as UTF-8).
        fn document_hash(document: Bytes) -> String { core::document_hash(&document.0) }
        /// The @e.bollo request for a document (a string is hashed as UTF-8).
        fn marca_da_bollo_request(document: Bytes, province: String) -> core::MarcaDaBolloRequest as "MarcaDaBolloRequest" {
            core::MarcaDaBolloRequest::for_document(&document.0, &province)?
        }
        /// The @e.bollo request for a hash already computed (base64 SHA-256).
        fn marca_da_bollo_request_from_hash(document_hash: String, province: String) -> core::MarcaDaBolloRequest as "MarcaDaBolloRequest" {
            core::MarcaDaBolloRequest::new(&document_hash, &province)?
        }
        /// Splits charges into what is due with the request and at release.
        fn payment_plan(charges: Vec<core::Charge> as "Charge[]") -> core::PaymentPlan as "PaymentPlan" { core::payment_plan(&charges)? }
        /// `{kind: "exempt"}` for an approval with amount 0.00, else `{kind: "paymentDue", amount}`.
        fn approval_outcome(amount_due: String) -> core::ApprovalOutcome as "ApprovalOutcome" { core::approval_outcome(amount(&amount_due)?) }
        /// Throws unless the budget entries add up to `total` exactly.
        fn check_split(total: String, entries: Vec<core::BudgetEntry> as "BudgetEntry[]") -> () { core::check_split(amount(&total)?, &entries)? }
        /// `total` in `parts` amounts at most one cent apart, adding up exactly.
        fn split_evenly(total: String, parts: u32) -> Vec<String> {
            core::split_evenly(amount(&total)?, parts as usize)?.iter().map(ToString::to_string).collect()
        }
        /// Throws unless the transfers form a valid transfer list for `total`.
        fn check_transfers(total: String, transfers: Vec<core::Transfer> as "Transfer[]") -> () { core::check_transfers(amount(&total)?, &transfers)? }
        /// The part of the transfers the entity reconciles (@e.bollo left out).
        fn reconciled_total(transfers: Vec<core::Transfer> as "Transfer[]") -> String { core::reconciled_total(&transfers)?.to_string() }
        /// Whether `s` is a valid IBAN (mod 97).
        fn iban_is_valid(s: String) -> bool { core::iban_is_valid(&s) }
        /// Checks a cart of 1 to 5 notices paid with one fee; its totals.
        fn check_cart(items: Vec<core::CartItem> as "CartItem[]", fee: String) -> core::CartSummary as "CartSummary" {
            core::check_cart(&items, amount(&fee)?)?
        }
        /// Every error code of the payments module.
        fn error_codes() -> Vec<&'static str> as "string[]" { core::ERROR_CODES.to_vec() }
        /// The Italian label the platform shows for a payment state ("creationFailed" → "Creazione di pagamento fallita").
        fn state_label(state: String) -> String { core::PaymentState::from_name(&state)?.label().to_owned() }
        /// The IUD of a practice's payment: the practice id without dashes (at most 35 characters).
        fn iud(practice_id: String) -> String { core::iud(&practice_id)? }
        /// The causale: `description` when given and not blank, else "<practice id> - <codice fiscale>".
        fn payment_reason(practice_id: String, fiscal_code: String, description: Option<String>) -> String {
            core::payment_reason(&practice_id, &fiscal_code, description.as_deref())?
        }
        /// Where each transfer's money goes for a payment of `creditorFiscalCode`: "creditor", "multiBeneficiary" or "stampAgreement" (an @e.bollo).
        fn transfer_routing(creditor_fiscal_code: String, transfers: Vec<core::Transfer> as "Transfer[]") -> Vec<core::TransferRouting> as "TransferRouting[]" {
            core::transfer_routing(&creditor_fiscal_code, &transfers)?
        }
        /// The state an event leads to from `state` (time guards aside).
        fn next_state(state: core::PaymentState as "PaymentState", event: serde_json::Value as "PaymentEvent | PaymentEvent['type']") -> core::PaymentState as "PaymentState" {
            core::next_state(state, &super::event(event)?)?
        }
    }
}

mod notice {
    use super::*;
    crate::class! {
        /// A pagoPA notice number (numero avviso) and its parts.
        Notice = core::Notice;
        /// Parses a notice number (spaces ignored); `lenient` checks the structure only.
        static fn parse(s: String, lenient: Option<bool>) -> Obj<core::Notice> {
            Obj(core::Notice::parse(&s, core::PagopaCheck::from_lenient(lenient))?)
        }
        /// Builds a notice from its parts, computing the check digits.
        static fn build(spec: core::NoticeSpec as "NoticeSpec") -> Obj<core::Notice> { Obj(core::Notice::build(&spec)?) }
        /// A notice from its JSON text.
        static fn from_json(json: String) -> Obj<core::Notice> { Obj(from_json(&json)?) }
        /// A notice from its plain object (what `toObject` gives).
        static fn from_object(value: core::Notice as "import('./types/index').Notice") -> Obj<core::Notice> { Obj(value) }
        /// The 18 digits.
        get number(this) -> String { this.number.clone() }
        /// The aux digit (0 to 3).
        get aux_digit(this) -> u8 { this.aux_digit }
        /// The application code (aux 0), or `null`.
        get application_code(this) -> Option<String> { this.application_code.clone() }
        /// The segregation code (aux 3), or `null`.
        get segregation_code(this) -> Option<String> { this.segregation_code.clone() }
        /// The IUV base.
        get iuv_base(this) -> String { this.iuv_base.clone() }
        /// The check digits, or `null`.
        get check_digits(this) -> Option<String> { this.check_digits.clone() }
        /// The IUV.
        get iuv(this) -> String { this.iuv.clone() }
        /// Whether the check digits are right (false only when parsed leniently).
        get check_digits_valid(this) -> bool { this.check_digits_valid }
        /// The printed "Codice Avviso": groups of 4 digits.
        fn printed(this) -> String { this.printed() }
        /// The notice's JSON text.
        fn to_json(this) -> String { to_json(this) }
        /// The notice as a plain object.
        fn to_object(this) -> core::Notice as "import('./types/index').Notice" { this.clone() }
        /// The JSON shape: what `JSON.stringify` uses (which passes `key`, unused).
        fn toJSON(this, key: Option<String>) -> core::Notice as "import('./types/payments/Notice').Notice" {
            let _ = key;
            this.clone()
        }
    }
}

mod stamps {
    use super::*;
    crate::class! {
        /// Stamp rules and exemptions as versioned data; `new StampCatalogue()` is the national one.
        StampCatalogue = core::StampCatalogue;
        /// The national catalogue.
        new() { core::StampCatalogue::italy() }
        /// The national catalogue.
        static fn italy() -> Obj<core::StampCatalogue> { Obj(core::StampCatalogue::italy()) }
        /// A catalogue from its JSON text.
        static fn from_json(json: String) -> Obj<core::StampCatalogue> { Obj(from_json(&json)?) }
        /// A catalogue from its plain object (what `toObject` gives).
        static fn from_object(value: core::StampCatalogue as "import('./types/index').StampCatalogue") -> Obj<core::StampCatalogue> { Obj(value) }
        /// The catalogue's JSON text.
        fn to_json(this) -> String { to_json(this) }
        /// The catalogue as a plain object.
        fn to_object(this) -> core::StampCatalogue as "import('./types/index').StampCatalogue" { this.clone() }
        /// The JSON shape: what `JSON.stringify` uses (which passes `key`, unused).
        fn toJSON(this, key: Option<String>) -> core::StampCatalogue as "import('./types/payments/StampCatalogue').StampCatalogue" {
            let _ = key;
            this.clone()
        }
        /// The catalogue's version (the date its facts were last reviewed).
        get version(this) -> String { this.version.clone() }
        /// The duty rules.
        get rules(this) -> Vec<core::StampRule> as "StampRule[]" { this.rules.clone() }
        /// The exemptions.
        get exemptions(this) -> Vec<core::StampExemption> as "StampExemption[]" { this.exemptions.clone() }
        /// Which stamp duty is due (`query`: `{act, on, channel?, sheets?, receiptAmount?, exemption?}`; an unknown key is refused).
        fn stamp_duty(this, query: core::StampQuery as "StampQuery") -> core::StampDue as "StampDue" { this.stamp_duty(&query)? }
    }
}

mod payment {
    use super::*;
    crate::class! {
        /// One payment with its state machine. Events: "start", "awaitOutcome", "succeed", "fail",
        /// "expire", "retry", "confirmCreation", "failCreation", "retryCreation",
        /// `{type: "renew", expiresAt}`, `{type: "register", operator, note}`.
        Payment = core::Payment;
        /// A new payment in state `created` (`expiresAt`: none when absent).
        new(amount: String, created_at: Instant, expires_at: Option<Instant>) {
            core::Payment::new(super::amount(&amount)?, created_at.0, expires_at.map(|e| e.0))?
        }
        /// A new payment in state `creating` ("In creazione"): the debt position was asked of the intermediary.
        static fn creating(amount: String, created_at: Instant, expires_at: Option<Instant>) -> Obj<core::Payment> {
            Obj(core::Payment::creating(super::amount(&amount)?, created_at.0, expires_at.map(|e| e.0))?)
        }
        /// A payment from its JSON text.
        static fn from_json(json: String) -> Obj<core::Payment> { Obj(from_json(&json)?) }
        /// A payment from its plain object (what `toObject` gives).
        static fn from_object(value: core::Payment as "import('./types/index').Payment") -> Obj<core::Payment> { Obj(value) }
        /// The payment's JSON text.
        fn to_json(this) -> String { to_json(this) }
        /// The payment as a plain object.
        fn to_object(this) -> core::Payment as "import('./types/index').Payment" { this.clone() }
        /// The JSON shape: what `JSON.stringify` uses (which passes `key`, unused).
        fn toJSON(this, key: Option<String>) -> core::Payment as "import('./types/payments/Payment').Payment" {
            let _ = key;
            this.clone()
        }
        /// The current state.
        get state(this) -> core::PaymentState as "PaymentState" { this.state }
        /// The Italian label the platform shows for the current state ("Da pagare").
        get label(this) -> String { this.label().to_owned() }
        /// The amount ("16.00").
        get amount(this) -> String { this.amount.to_string() }
        /// When the debt position was created (RFC 3339).
        get created_at(this) -> String { this.created_at.to_rfc3339() }
        /// The expiry (RFC 3339), or `null` for none.
        get expires_at(this) -> Option<String> { this.expires_at.map(|d| d.to_rfc3339()) }
        /// When it was paid (RFC 3339), or `null` until paid.
        get paid_at(this) -> Option<String> { this.paid_at.map(|d| d.to_rfc3339()) }
        /// The operator's registration of a payment made outside pagoPA, or `null`.
        get registration(this) -> Option<core::ManualRegistration> as "ManualRegistration | null" { this.registration.clone() }
        /// Every transition, oldest first.
        get history(this) -> Vec<core::PaymentRecord> as "PaymentRecord[]" { this.history.clone() }
        /// Applies an event at `now`; returns the new state (on error nothing changes).
        fn apply(mut this, event: serde_json::Value as "PaymentEvent | PaymentEvent['type']", now: Instant) -> core::PaymentState as "PaymentState" {
            this.apply(super::event(event)?, now.0)?
        }
        /// The names of the events `apply` accepts at `now`.
        fn allowed_events(this, now: Instant) -> Vec<&'static str> as "string[]" { this.allowed_events(now.0) }
        /// Whether the expiry has passed at `now`.
        fn is_expired_at(this, now: Instant) -> bool { this.is_expired_at(now.0) }
    }
}
