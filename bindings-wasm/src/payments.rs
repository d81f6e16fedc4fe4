//! `payments` namespace and the `Notice`, `StampCatalogue` and `Payment` classes. Mechanical
//! mappings of `sportello::payments`: amounts are decimal strings ("16.00"; "16,00" is parsed by
//! the core), instants RFC 3339 strings, records plain objects in the core's JSON shape.
use sportello::payments as core;
use wasm_bindgen::prelude::*;

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

fn event(e: JsValue) -> Result<core::PaymentEvent> {
    match e.as_string() {
        Some(name) => serde_json::from_value(serde_json::json!({ "type": name })).map_err(|e| crate::json_err(e.to_string())),
        None => from_js(e),
    }
}

/// Stamp duty, pagoPA notices and amounts, budget split, payment states.
#[wasm_bindgen(js_name = "payments")]
pub struct PaymentsNs;

#[wasm_bindgen(js_class = "payments")]
impl PaymentsNs {
    /// Parses "16", "16.00" or "16,00"; returns the amount with two decimals ("16.00").
    #[wasm_bindgen(js_name = "parseAmount")]
    pub fn parse_amount(s: &str) -> Result<String> {
        Ok(amount_arg(s)?.to_string())
    }

    /// A number of cents as an amount string.
    #[wasm_bindgen(js_name = "amountFromCents")]
    pub fn amount_from_cents(cents: f64) -> Result<String> {
        if !(cents.is_finite() && cents.fract() == 0.0) {
            return Err(arg_err(format!("a whole number of cents expected, got {cents}")));
        }
        if cents < 0.0 {
            return Err(err(core::PaymentsError::AmountNegative { input: cents.to_string() }));
        }
        // Saturating float-to-int cast: anything above the maximum stays above it.
        Ok(core::Amount::from_cents(cents as u64).map_err(err)?.to_string())
    }

    #[wasm_bindgen(js_name = "noticeIsValid")]
    pub fn notice_is_valid(s: &str) -> bool {
        core::notice_is_valid(s)
    }

    /// `noticeIsValid` over an array; a non-string item is `false`.
    #[wasm_bindgen(js_name = "noticeIsValidMany", unchecked_return_type = "boolean[]")]
    pub fn notice_is_valid_many(#[wasm_bindgen(unchecked_param_type = "string[]")] items: JsValue) -> Result<JsValue> {
        let array: js_sys::Array = items.dyn_into().map_err(|_| arg_err("an array of strings expected"))?;
        let out = js_sys::Array::new_with_length(array.length());
        for (i, item) in array.iter().enumerate() {
            let ok = item.as_string().is_some_and(|s| core::notice_is_valid(&s));
            out.set(i as u32, JsValue::from_bool(ok));
        }
        Ok(out.into())
    }

    /// Throws when `s` is not a valid notice number (`lenient`: structure only).
    #[wasm_bindgen(js_name = "noticeValidate")]
    pub fn notice_validate(s: &str, lenient: Option<bool>) -> Result<()> {
        core::notice_validate(s, mode(lenient)).map_err(err)
    }

    #[wasm_bindgen(js_name = "noticeCheckDigits")]
    pub fn notice_check_digits(first16: &str) -> Result<String> {
        core::notice_check_digits(first16).map_err(err)
    }

    #[wasm_bindgen(js_name = "rfBuild")]
    pub fn rf_build(reference: &str) -> Result<String> {
        core::rf_build(reference).map_err(err)
    }

    #[wasm_bindgen(js_name = "rfIsValid")]
    pub fn rf_is_valid(s: &str) -> bool {
        core::rf_is_valid(s)
    }

    #[wasm_bindgen(js_name = "rfValidate")]
    pub fn rf_validate(s: &str) -> Result<String> {
        core::rf_validate(s).map_err(err)
    }

    #[wasm_bindgen(js_name = "rfPrinted")]
    pub fn rf_printed(s: &str) -> String {
        core::rf_printed(s)
    }

    /// `"PAGOPA|002|<notice>|<creditor fiscal code>|<cents>"`.
    #[wasm_bindgen(js_name = "qrPayload")]
    pub fn qr_payload(notice: &str, creditor_fiscal_code: &str, amount: &str) -> Result<String> {
        core::qr_payload(notice, creditor_fiscal_code, amount_arg(amount)?).map_err(err)
    }

    #[wasm_bindgen(js_name = "parseQrPayload", unchecked_return_type = "QrPayload")]
    pub fn parse_qr_payload(s: &str, lenient: Option<bool>) -> Result<JsValue> {
        to_js(&core::parse_qr_payload(s, mode(lenient)).map_err(err)?)
    }

    #[wasm_bindgen(js_name = "creditorFiscalCodeIsValid")]
    pub fn creditor_fiscal_code_is_valid(s: &str) -> bool {
        core::creditor_fiscal_code_is_valid(s)
    }

    #[wasm_bindgen(js_name = "creditorFiscalCodeValidate")]
    pub fn creditor_fiscal_code_validate(s: &str, lenient: Option<bool>) -> Result<String> {
        core::creditor_fiscal_code_validate(s, mode(lenient)).map_err(err)
    }

    #[wasm_bindgen(js_name = "remittanceBuild")]
    pub fn remittance_build(#[wasm_bindgen(unchecked_param_type = "Remittance")] remittance: JsValue) -> Result<String> {
        core::remittance_build(&from_js(remittance)?).map_err(err)
    }

    #[wasm_bindgen(js_name = "parseRemittance", unchecked_return_type = "Remittance")]
    pub fn parse_remittance(s: &str) -> Result<JsValue> {
        to_js(&core::parse_remittance(s).map_err(err)?)
    }

    #[wasm_bindgen(js_name = "parseCollectionData", unchecked_return_type = "CollectionData")]
    pub fn parse_collection_data(s: &str) -> Result<JsValue> {
        to_js(&core::parse_collection_data(s).map_err(err)?)
    }

    #[wasm_bindgen(js_name = "parseTaxonomy", unchecked_return_type = "TaxonomyCode")]
    pub fn parse_taxonomy(s: &str) -> Result<JsValue> {
        to_js(&core::parse_taxonomy(s).map_err(err)?)
    }

    /// Checks a physical stamp and returns its single-use key; `seenBefore(key)` answers from the
    /// caller's store.
    #[wasm_bindgen(js_name = "checkPhysicalStamp")]
    pub fn check_physical_stamp(
        #[wasm_bindgen(unchecked_param_type = "PhysicalStamp")] stamp: JsValue,
        submitted_at: &str,
        now: &str,
        #[wasm_bindgen(unchecked_param_type = "(key: string) => boolean")] seen_before: js_sys::Function,
    ) -> Result<String> {
        let stamp: core::PhysicalStamp = from_js(stamp)?;
        let mut callback_error = None;
        let r = core::check_physical_stamp(&stamp, instant(submitted_at)?, instant(now)?, |key| {
            match seen_before.call1(&JsValue::NULL, &JsValue::from_str(key)) {
                Ok(v) => v.is_truthy(),
                Err(e) => {
                    callback_error = Some(e);
                    false
                }
            }
        });
        if let Some(e) = callback_error {
            return Err(e);
        }
        r.map_err(err)
    }

    #[wasm_bindgen(js_name = "physicalStampKey")]
    pub fn physical_stamp_key(#[wasm_bindgen(unchecked_param_type = "PhysicalStamp")] stamp: JsValue) -> Result<String> {
        core::physical_stamp_key(&from_js(stamp)?).map_err(err)
    }

    /// Base64 of the SHA-256 of a document (a string is hashed as UTF-8).
    #[wasm_bindgen(js_name = "documentHash")]
    pub fn document_hash(#[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] document: JsValue) -> Result<String> {
        Ok(core::document_hash(&bytes(&document)?))
    }

    /// The @e.bollo request for a document (a string is hashed as UTF-8).
    #[wasm_bindgen(js_name = "marcaDaBolloRequest", unchecked_return_type = "MarcaDaBolloRequest")]
    pub fn marca_da_bollo_request(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] document: JsValue,
        province: &str,
    ) -> Result<JsValue> {
        to_js(&core::MarcaDaBolloRequest::for_document(&bytes(&document)?, province).map_err(err)?)
    }

    /// The @e.bollo request for a hash already computed (base64 SHA-256).
    #[wasm_bindgen(js_name = "marcaDaBolloRequestFromHash", unchecked_return_type = "MarcaDaBolloRequest")]
    pub fn marca_da_bollo_request_from_hash(document_hash: &str, province: &str) -> Result<JsValue> {
        to_js(&core::MarcaDaBolloRequest::new(document_hash, province).map_err(err)?)
    }

    #[wasm_bindgen(js_name = "paymentPlan", unchecked_return_type = "PaymentPlan")]
    pub fn payment_plan(#[wasm_bindgen(unchecked_param_type = "Charge[]")] charges: JsValue) -> Result<JsValue> {
        let charges: Vec<core::Charge> = from_js(charges)?;
        to_js(&core::payment_plan(&charges).map_err(err)?)
    }

    #[wasm_bindgen(js_name = "approvalOutcome", unchecked_return_type = "ApprovalOutcome")]
    pub fn approval_outcome(amount_due: &str) -> Result<JsValue> {
        to_js(&core::approval_outcome(amount_arg(amount_due)?))
    }

    /// Throws unless the budget entries add up to `total` exactly.
    #[wasm_bindgen(js_name = "checkSplit")]
    pub fn check_split(total: &str, #[wasm_bindgen(unchecked_param_type = "BudgetEntry[]")] entries: JsValue) -> Result<()> {
        let entries: Vec<core::BudgetEntry> = from_js(entries)?;
        core::check_split(amount_arg(total)?, &entries).map_err(err)
    }

    #[wasm_bindgen(js_name = "splitEvenly", unchecked_return_type = "string[]")]
    pub fn split_evenly(total: &str, parts: u32) -> Result<JsValue> {
        let v: Vec<String> = core::split_evenly(amount_arg(total)?, parts as usize).map_err(err)?.iter().map(|a| a.to_string()).collect();
        to_js(&v)
    }

    /// Throws unless the transfers form a valid transfer list for `total`.
    #[wasm_bindgen(js_name = "checkTransfers")]
    pub fn check_transfers(total: &str, #[wasm_bindgen(unchecked_param_type = "Transfer[]")] transfers: JsValue) -> Result<()> {
        let transfers: Vec<core::Transfer> = from_js(transfers)?;
        core::check_transfers(amount_arg(total)?, &transfers).map_err(err)
    }

    #[wasm_bindgen(js_name = "reconciledTotal")]
    pub fn reconciled_total(#[wasm_bindgen(unchecked_param_type = "Transfer[]")] transfers: JsValue) -> Result<String> {
        let transfers: Vec<core::Transfer> = from_js(transfers)?;
        Ok(core::reconciled_total(&transfers).map_err(err)?.to_string())
    }

    #[wasm_bindgen(js_name = "ibanIsValid")]
    pub fn iban_is_valid(s: &str) -> bool {
        core::iban_is_valid(s)
    }

    #[wasm_bindgen(js_name = "checkCart", unchecked_return_type = "CartSummary")]
    pub fn check_cart(#[wasm_bindgen(unchecked_param_type = "CartItem[]")] items: JsValue, fee: &str) -> Result<JsValue> {
        let items: Vec<core::CartItem> = from_js(items)?;
        to_js(&core::check_cart(&items, amount_arg(fee)?).map_err(err)?)
    }

    #[wasm_bindgen(js_name = "errorCodes", unchecked_return_type = "string[]")]
    pub fn error_codes() -> Result<JsValue> {
        to_js(core::ERROR_CODES)
    }

    /// The state an event leads to from `state` (time guards aside).
    #[wasm_bindgen(js_name = "nextState", unchecked_return_type = "PaymentState")]
    pub fn next_state(
        #[wasm_bindgen(unchecked_param_type = "PaymentState")] state: &str,
        #[wasm_bindgen(unchecked_param_type = "PaymentEvent | PaymentEvent['type']")] event: JsValue,
    ) -> Result<String> {
        let s: core::PaymentState = from_name(state)?;
        Ok(core::next_state(s, &self::event(event)?).map_err(err)?.as_str().to_owned())
    }
}

/// A pagoPA notice number (numero avviso) and its parts.
#[wasm_bindgen]
pub struct Notice {
    inner: core::Notice,
}

#[wasm_bindgen]
impl Notice {
    /// Parses a notice number (spaces ignored); `lenient` checks the structure only.
    pub fn parse(s: &str, lenient: Option<bool>) -> Result<Notice> {
        Ok(Notice { inner: core::Notice::parse(s, mode(lenient)).map_err(err)? })
    }

    /// Builds a notice from its parts, computing the check digits.
    pub fn build(#[wasm_bindgen(unchecked_param_type = "NoticeSpec")] spec: JsValue) -> Result<Notice> {
        let spec: core::NoticeSpec = from_js(spec)?;
        Ok(Notice { inner: core::Notice::build(&spec).map_err(err)? })
    }

    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(json: &str) -> Result<Notice> {
        Ok(Notice { inner: from_json(json)? })
    }

    #[wasm_bindgen(getter)]
    pub fn number(&self) -> String {
        self.inner.number.clone()
    }
    #[wasm_bindgen(getter, js_name = "auxDigit")]
    pub fn aux_digit(&self) -> u8 {
        self.inner.aux_digit
    }
    #[wasm_bindgen(getter, js_name = "applicationCode")]
    pub fn application_code(&self) -> Option<String> {
        self.inner.application_code.clone()
    }
    #[wasm_bindgen(getter, js_name = "segregationCode")]
    pub fn segregation_code(&self) -> Option<String> {
        self.inner.segregation_code.clone()
    }
    #[wasm_bindgen(getter, js_name = "iuvBase")]
    pub fn iuv_base(&self) -> String {
        self.inner.iuv_base.clone()
    }
    #[wasm_bindgen(getter, js_name = "checkDigits")]
    pub fn check_digits(&self) -> Option<String> {
        self.inner.check_digits.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn iuv(&self) -> String {
        self.inner.iuv.clone()
    }
    #[wasm_bindgen(getter, js_name = "checkDigitsValid")]
    pub fn check_digits_valid(&self) -> bool {
        self.inner.check_digits_valid
    }

    /// The printed "Codice Avviso": groups of 4 digits.
    pub fn printed(&self) -> String {
        self.inner.printed()
    }

    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    /// The JSON shape (also what `JSON.stringify` uses).
    #[wasm_bindgen(js_name = "toJSON", unchecked_return_type = "import('./types/payments/Notice').Notice")]
    pub fn to_object(&self) -> Result<JsValue> {
        to_js(&self.inner)
    }
}

/// Stamp rules and exemptions as versioned data; `new StampCatalogue()` is the national one.
#[wasm_bindgen]
pub struct StampCatalogue {
    inner: core::StampCatalogue,
}

#[wasm_bindgen]
impl StampCatalogue {
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> StampCatalogue {
        StampCatalogue { inner: core::StampCatalogue::italy() }
    }

    pub fn italy() -> StampCatalogue {
        Self::new()
    }

    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(json: &str) -> Result<StampCatalogue> {
        Ok(StampCatalogue { inner: from_json(json)? })
    }

    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        self.inner.version.clone()
    }

    #[wasm_bindgen(getter, unchecked_return_type = "StampRule[]")]
    pub fn rules(&self) -> Result<JsValue> {
        to_js(&self.inner.rules)
    }

    #[wasm_bindgen(getter, unchecked_return_type = "StampExemption[]")]
    pub fn exemptions(&self) -> Result<JsValue> {
        to_js(&self.inner.exemptions)
    }

    /// Which stamp duty is due.
    #[wasm_bindgen(js_name = "stampDuty", unchecked_return_type = "StampDue")]
    pub fn stamp_duty(&self, #[wasm_bindgen(unchecked_param_type = "StampQuery")] query: JsValue) -> Result<JsValue> {
        let q: core::StampQuery = from_js(query)?;
        to_js(&self.inner.stamp_duty(&q).map_err(err)?)
    }
}

/// One payment with its state machine. Events: "start", "awaitOutcome", "succeed", "fail",
/// "expire", "retry", `{type: "renew", expiresAt}`, `{type: "register", operator, note}`.
#[wasm_bindgen]
pub struct Payment {
    inner: core::Payment,
}

#[wasm_bindgen]
impl Payment {
    #[wasm_bindgen(constructor)]
    pub fn new(amount: &str, created_at: &str, expires_at: Option<String>) -> Result<Payment> {
        let expires = expires_at.as_deref().map(instant).transpose()?;
        Ok(Payment { inner: core::Payment::new(amount_arg(amount)?, instant(created_at)?, expires).map_err(err)? })
    }

    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(json: &str) -> Result<Payment> {
        Ok(Payment { inner: from_json(json)? })
    }

    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    #[wasm_bindgen(js_name = "toJSON", unchecked_return_type = "import('./types/payments/Payment').Payment")]
    pub fn to_object(&self) -> Result<JsValue> {
        to_js(&self.inner)
    }

    #[wasm_bindgen(getter, unchecked_return_type = "PaymentState")]
    pub fn state(&self) -> String {
        self.inner.state.as_str().to_owned()
    }

    #[wasm_bindgen(getter)]
    pub fn amount(&self) -> String {
        self.inner.amount.to_string()
    }

    #[wasm_bindgen(getter, js_name = "expiresAt")]
    pub fn expires_at(&self) -> Option<String> {
        self.inner.expires_at.map(|d| d.to_rfc3339())
    }

    #[wasm_bindgen(getter, js_name = "paidAt")]
    pub fn paid_at(&self) -> Option<String> {
        self.inner.paid_at.map(|d| d.to_rfc3339())
    }

    #[wasm_bindgen(getter, unchecked_return_type = "PaymentRecord[]")]
    pub fn history(&self) -> Result<JsValue> {
        to_js(&self.inner.history)
    }

    /// Applies an event at `now`; returns the new state.
    #[wasm_bindgen(unchecked_return_type = "PaymentState")]
    pub fn apply(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "PaymentEvent | PaymentEvent['type']")] event: JsValue,
        now: &str,
    ) -> Result<String> {
        let e = self::event(event)?;
        Ok(self.inner.apply(e, instant(now)?).map_err(err)?.as_str().to_owned())
    }

    #[wasm_bindgen(js_name = "allowedEvents", unchecked_return_type = "string[]")]
    pub fn allowed_events(&self, now: &str) -> Result<JsValue> {
        to_js(&self.inner.allowed_events(instant(now)?))
    }
}
