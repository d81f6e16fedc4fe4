//! `payments` namespace and the `Notice`, `StampCatalogue` and `Payment` classes. Mechanical
//! mappings of `sportello::payments`: amounts are decimal strings ("16.00"; "16,00" is parsed by
//! the core), instants RFC 3339 strings, records plain objects in the core's JSON shape.
use napi::bindgen_prelude::{Either, Function, Uint8Array};
use napi_derive::napi;
use sportello::payments as core;

use crate::{arg_err, bytes, err, from_js, from_json, from_name, instant, to_js, Result};

fn amount_arg(s: &str) -> Result<core::Amount> {
    core::Amount::parse(s).map_err(err)
}

fn mode(lenient: Option<bool>) -> core::PagopaCheck {
    if lenient.unwrap_or(false) {
        core::PagopaCheck::StructureOnly
    } else {
        core::PagopaCheck::Strict
    }
}

// ---------------------------------------------------------------------------------------- amounts

/// Parses "16", "16.00" or "16,00"; returns the amount with two decimals ("16.00").
#[napi(namespace = "payments")]
pub fn parse_amount(s: String) -> Result<String> {
    Ok(amount_arg(&s)?.to_string())
}

/// A number of cents as an amount string ("16.00").
#[napi(namespace = "payments")]
pub fn amount_from_cents(cents: i64) -> Result<String> {
    let c = u64::try_from(cents).map_err(|_| err(core::PaymentsError::AmountNegative { input: cents.to_string() }))?;
    Ok(core::Amount::from_cents(c).map_err(err)?.to_string())
}

// ---------------------------------------------------------------------------------------- notices

/// A pagoPA notice number (numero avviso) and its parts.
#[napi]
pub struct Notice {
    inner: core::Notice,
}

#[napi]
impl Notice {
    /// Parses a notice number (spaces ignored); `lenient` checks the structure only.
    #[napi(factory)]
    pub fn parse(s: String, lenient: Option<bool>) -> Result<Self> {
        Ok(Notice { inner: core::Notice::parse(&s, mode(lenient)).map_err(err)? })
    }

    /// Builds a notice from its parts, computing the check digits.
    #[napi(factory, ts_args_type = "spec: NoticeSpec")]
    pub fn build(spec: serde_json::Value) -> Result<Self> {
        let spec: core::NoticeSpec = from_js(spec)?;
        Ok(Notice { inner: core::Notice::build(&spec).map_err(err)? })
    }

    #[napi(factory)]
    pub fn from_json(json: String) -> Result<Self> {
        Ok(Notice { inner: from_json(&json)? })
    }

    #[napi(getter)]
    pub fn number(&self) -> String {
        self.inner.number.clone()
    }
    #[napi(getter)]
    pub fn aux_digit(&self) -> u32 {
        u32::from(self.inner.aux_digit)
    }
    #[napi(getter)]
    pub fn application_code(&self) -> Option<String> {
        self.inner.application_code.clone()
    }
    #[napi(getter)]
    pub fn segregation_code(&self) -> Option<String> {
        self.inner.segregation_code.clone()
    }
    #[napi(getter)]
    pub fn iuv_base(&self) -> String {
        self.inner.iuv_base.clone()
    }
    #[napi(getter)]
    pub fn check_digits(&self) -> Option<String> {
        self.inner.check_digits.clone()
    }
    #[napi(getter)]
    pub fn iuv(&self) -> String {
        self.inner.iuv.clone()
    }
    #[napi(getter)]
    pub fn check_digits_valid(&self) -> bool {
        self.inner.check_digits_valid
    }

    /// The printed "Codice Avviso": groups of 4 digits.
    #[napi]
    pub fn printed(&self) -> String {
        self.inner.printed()
    }

    #[napi]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    /// The JSON shape (also what `JSON.stringify` uses).
    #[napi(js_name = "toJSON", ts_return_type = "import('./types/payments/Notice').Notice")]
    pub fn to_object(&self) -> Result<crate::Json> {
        to_js(&self.inner)
    }
}

#[napi(namespace = "payments")]
pub fn notice_is_valid(s: String) -> bool {
    core::notice_is_valid(&s)
}

#[napi(namespace = "payments")]
pub fn notice_is_valid_many(items: Vec<String>) -> Vec<bool> {
    core::notice_is_valid_many(&items)
}

/// Throws when `s` is not a valid notice number (`lenient`: structure only).
#[napi(namespace = "payments")]
pub fn notice_validate(s: String, lenient: Option<bool>) -> Result<()> {
    core::notice_validate(&s, mode(lenient)).map_err(err)
}

#[napi(namespace = "payments")]
pub fn notice_check_digits(first16: String) -> Result<String> {
    core::notice_check_digits(&first16).map_err(err)
}

// --------------------------------------------------------------------------------------------- RF

#[napi(namespace = "payments")]
pub fn rf_build(reference: String) -> Result<String> {
    core::rf_build(&reference).map_err(err)
}

#[napi(namespace = "payments")]
pub fn rf_is_valid(s: String) -> bool {
    core::rf_is_valid(&s)
}

#[napi(namespace = "payments")]
pub fn rf_validate(s: String) -> Result<String> {
    core::rf_validate(&s).map_err(err)
}

#[napi(namespace = "payments")]
pub fn rf_printed(s: String) -> String {
    core::rf_printed(&s)
}

// --------------------------------------------------------------------------------------------- QR

/// `"PAGOPA|002|<notice>|<creditor fiscal code>|<cents>"`.
#[napi(namespace = "payments")]
pub fn qr_payload(notice: String, creditor_fiscal_code: String, amount: String) -> Result<String> {
    core::qr_payload(&notice, &creditor_fiscal_code, amount_arg(&amount)?).map_err(err)
}

#[napi(namespace = "payments", ts_return_type = "QrPayload")]
pub fn parse_qr_payload(s: String, lenient: Option<bool>) -> Result<crate::Json> {
    to_js(&core::parse_qr_payload(&s, mode(lenient)).map_err(err)?)
}

#[napi(namespace = "payments")]
pub fn creditor_fiscal_code_is_valid(s: String) -> bool {
    core::creditor_fiscal_code_is_valid(&s)
}

#[napi(namespace = "payments")]
pub fn creditor_fiscal_code_validate(s: String, lenient: Option<bool>) -> Result<String> {
    core::creditor_fiscal_code_validate(&s, mode(lenient)).map_err(err)
}

// ------------------------------------------------------------------------------------- remittance

#[napi(namespace = "payments", ts_args_type = "remittance: Remittance")]
pub fn remittance_build(remittance: serde_json::Value) -> Result<String> {
    core::remittance_build(&from_js(remittance)?).map_err(err)
}

#[napi(namespace = "payments", ts_return_type = "Remittance")]
pub fn parse_remittance(s: String) -> Result<crate::Json> {
    to_js(&core::parse_remittance(&s).map_err(err)?)
}

#[napi(namespace = "payments", ts_return_type = "CollectionData")]
pub fn parse_collection_data(s: String) -> Result<crate::Json> {
    to_js(&core::parse_collection_data(&s).map_err(err)?)
}

#[napi(namespace = "payments", ts_return_type = "TaxonomyCode")]
pub fn parse_taxonomy(s: String) -> Result<crate::Json> {
    to_js(&core::parse_taxonomy(&s).map_err(err)?)
}

// ------------------------------------------------------------------------------------ stamp duty

/// Stamp rules and exemptions as versioned data; `new StampCatalogue()` is the national one.
#[napi]
pub struct StampCatalogue {
    inner: core::StampCatalogue,
}

#[napi]
impl StampCatalogue {
    #[napi(constructor)]
    pub fn new() -> Self {
        StampCatalogue { inner: core::StampCatalogue::italy() }
    }

    #[napi(factory)]
    pub fn italy() -> Self {
        Self::new()
    }

    #[napi(factory)]
    pub fn from_json(json: String) -> Result<Self> {
        Ok(StampCatalogue { inner: from_json(&json)? })
    }

    #[napi]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    #[napi(getter)]
    pub fn version(&self) -> String {
        self.inner.version.clone()
    }

    #[napi(getter, ts_return_type = "StampRule[]")]
    pub fn rules(&self) -> Result<crate::Json> {
        to_js(&self.inner.rules)
    }

    #[napi(getter, ts_return_type = "StampExemption[]")]
    pub fn exemptions(&self) -> Result<crate::Json> {
        to_js(&self.inner.exemptions)
    }

    /// Which stamp duty is due.
    #[napi(ts_args_type = "query: StampQuery", ts_return_type = "StampDue")]
    pub fn stamp_duty(&self, query: serde_json::Value) -> Result<crate::Json> {
        let q: core::StampQuery = from_js(query)?;
        to_js(&self.inner.stamp_duty(&q).map_err(err)?)
    }
}

impl Default for StampCatalogue {
    fn default() -> Self {
        Self::new()
    }
}

/// Checks a physical stamp and returns its single-use key; `seenBefore(key)` answers from the
/// caller's store.
#[napi(namespace = "payments", ts_args_type = "stamp: PhysicalStamp, submittedAt: string, now: string, seenBefore: (key: string) => boolean")]
pub fn check_physical_stamp(
    stamp: serde_json::Value,
    submitted_at: String,
    now: String,
    seen_before: Function<String, bool>,
) -> Result<String> {
    let stamp: core::PhysicalStamp = from_js(stamp)?;
    let mut callback_error = None;
    let r = core::check_physical_stamp(&stamp, instant(&submitted_at)?, instant(&now)?, |key| {
        seen_before.call(key.to_owned()).unwrap_or_else(|e| {
            callback_error = Some(arg_err(format!("seenBefore failed: {e}")));
            false
        })
    });
    if let Some(e) = callback_error {
        return Err(e);
    }
    r.map_err(err)
}

#[napi(namespace = "payments", ts_args_type = "stamp: PhysicalStamp")]
pub fn physical_stamp_key(stamp: serde_json::Value) -> Result<String> {
    core::physical_stamp_key(&from_js(stamp)?).map_err(err)
}

/// Base64 of the SHA-256 of a document (a string is hashed as UTF-8).
#[napi(namespace = "payments")]
pub fn document_hash(document: Either<String, Uint8Array>) -> String {
    core::document_hash(bytes(&document))
}

/// The @e.bollo request for a document (a string is hashed as UTF-8).
#[napi(namespace = "payments", ts_return_type = "MarcaDaBolloRequest")]
pub fn marca_da_bollo_request(document: Either<String, Uint8Array>, province: String) -> Result<crate::Json> {
    to_js(&core::MarcaDaBolloRequest::for_document(bytes(&document), &province).map_err(err)?)
}

/// The @e.bollo request for a hash already computed (base64 SHA-256).
#[napi(namespace = "payments", ts_return_type = "MarcaDaBolloRequest")]
pub fn marca_da_bollo_request_from_hash(document_hash: String, province: String) -> Result<crate::Json> {
    to_js(&core::MarcaDaBolloRequest::new(&document_hash, &province).map_err(err)?)
}

// ---------------------------------------------------------------------------------------- charges

#[napi(namespace = "payments", ts_args_type = "charges: Charge[]", ts_return_type = "PaymentPlan")]
pub fn payment_plan(charges: serde_json::Value) -> Result<crate::Json> {
    let charges: Vec<core::Charge> = from_js(charges)?;
    to_js(&core::payment_plan(&charges).map_err(err)?)
}

#[napi(namespace = "payments", ts_return_type = "ApprovalOutcome")]
pub fn approval_outcome(amount_due: String) -> Result<crate::Json> {
    to_js(&core::approval_outcome(amount_arg(&amount_due)?))
}

// ------------------------------------------------------------------------ split, transfers, cart

/// Throws unless the budget entries add up to `total` exactly.
#[napi(namespace = "payments", ts_args_type = "total: string, entries: BudgetEntry[]")]
pub fn check_split(total: String, entries: serde_json::Value) -> Result<()> {
    let entries: Vec<core::BudgetEntry> = from_js(entries)?;
    core::check_split(amount_arg(&total)?, &entries).map_err(err)
}

#[napi(namespace = "payments")]
pub fn split_evenly(total: String, parts: u32) -> Result<Vec<String>> {
    let v = core::split_evenly(amount_arg(&total)?, parts as usize).map_err(err)?;
    Ok(v.into_iter().map(|a| a.to_string()).collect())
}

/// Throws unless the transfers form a valid transfer list for `total`.
#[napi(namespace = "payments", ts_args_type = "total: string, transfers: Transfer[]")]
pub fn check_transfers(total: String, transfers: serde_json::Value) -> Result<()> {
    let transfers: Vec<core::Transfer> = from_js(transfers)?;
    core::check_transfers(amount_arg(&total)?, &transfers).map_err(err)
}

#[napi(namespace = "payments", ts_args_type = "transfers: Transfer[]")]
pub fn reconciled_total(transfers: serde_json::Value) -> Result<String> {
    let transfers: Vec<core::Transfer> = from_js(transfers)?;
    Ok(core::reconciled_total(&transfers).map_err(err)?.to_string())
}

#[napi(namespace = "payments")]
pub fn iban_is_valid(s: String) -> bool {
    core::iban_is_valid(&s)
}

#[napi(namespace = "payments", ts_args_type = "items: CartItem[], fee: string", ts_return_type = "CartSummary")]
pub fn check_cart(items: serde_json::Value, fee: String) -> Result<crate::Json> {
    let items: Vec<core::CartItem> = from_js(items)?;
    to_js(&core::check_cart(&items, amount_arg(&fee)?).map_err(err)?)
}

/// Every error code of the payments module.
#[napi(namespace = "payments")]
pub fn error_codes() -> Vec<String> {
    core::ERROR_CODES.iter().map(|c| (*c).to_owned()).collect()
}

// ----------------------------------------------------------------------------------- payment state

fn event(e: serde_json::Value) -> Result<core::PaymentEvent> {
    match e {
        serde_json::Value::String(name) => from_js(serde_json::json!({ "type": name })),
        v => from_js(v),
    }
}

/// One payment with its state machine. Events: "start", "awaitOutcome", "succeed", "fail",
/// "expire", "retry", `{type: "renew", expiresAt}`, `{type: "register", operator, note}`.
#[napi]
pub struct Payment {
    inner: core::Payment,
}

#[napi]
impl Payment {
    #[napi(constructor)]
    pub fn new(amount: String, created_at: String, expires_at: Option<String>) -> Result<Self> {
        let expires = expires_at.as_deref().map(instant).transpose()?;
        Ok(Payment { inner: core::Payment::new(amount_arg(&amount)?, instant(&created_at)?, expires).map_err(err)? })
    }

    #[napi(factory)]
    pub fn from_json(json: String) -> Result<Self> {
        Ok(Payment { inner: from_json(&json)? })
    }

    #[napi]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    #[napi(js_name = "toJSON", ts_return_type = "import('./types/payments/Payment').Payment")]
    pub fn to_object(&self) -> Result<crate::Json> {
        to_js(&self.inner)
    }

    #[napi(getter, ts_return_type = "PaymentState")]
    pub fn state(&self) -> String {
        self.inner.state.as_str().to_owned()
    }

    #[napi(getter)]
    pub fn amount_arg(&self) -> String {
        self.inner.amount.to_string()
    }

    #[napi(getter)]
    pub fn expires_at(&self) -> Option<String> {
        self.inner.expires_at.map(|d| d.to_rfc3339())
    }

    #[napi(getter)]
    pub fn paid_at(&self) -> Option<String> {
        self.inner.paid_at.map(|d| d.to_rfc3339())
    }

    #[napi(getter, ts_return_type = "PaymentRecord[]")]
    pub fn history(&self) -> Result<crate::Json> {
        to_js(&self.inner.history)
    }

    /// Applies an event at `now`; returns the new state.
    #[napi(ts_args_type = "event: PaymentEvent | PaymentEvent['type'], now: string", ts_return_type = "PaymentState")]
    pub fn apply(&mut self, event: serde_json::Value, now: String) -> Result<String> {
        let e = self::event(event)?;
        Ok(self.inner.apply(e, instant(&now)?).map_err(err)?.as_str().to_owned())
    }

    #[napi]
    pub fn allowed_events(&self, now: String) -> Result<Vec<String>> {
        Ok(self.inner.allowed_events(instant(&now)?).into_iter().map(str::to_owned).collect())
    }
}

/// The state an event leads to from `state` (time guards aside).
#[napi(namespace = "payments", ts_args_type = "state: PaymentState, event: PaymentEvent | PaymentEvent['type']", ts_return_type = "PaymentState")]
pub fn next_state(state: String, event: serde_json::Value) -> Result<String> {
    let s: core::PaymentState = from_name(&state)?;
    Ok(core::next_state(s, &self::event(event)?).map_err(err)?.as_str().to_owned())
}
