//! `sportello.payments`: amounts, pagoPA notices, RF references, QR payloads, remittance strings,
//! stamp duty, charges, budget split, transfers, cart and payment states. Mechanical mappings of
//! `sportello::payments`: amounts are `decimal.Decimal` (a `str` such as "16,00" is parsed by the
//! core; floats are refused), instants aware `datetime`, records classes with native attributes
//! plus `to_dict()`/`to_json()`, other records plain dicts in the core's JSON shape.
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
use rust_decimal::Decimal;
use sportello::payments as core;

use crate::{arg_err, bytes_arg, err, from_name, from_py, name_of, shape_or_keywords, to_py, Arg, Instant, Str};

// ----------------------------------------------------------------------------------- conversions

/// An amount parameter: `Decimal`, `str` (parsed by the core) or `int` (whole euro). Not `float`.
pub(crate) struct AmountArg(pub(crate) core::Amount);

impl<'a, 'py> FromPyObject<'a, 'py> for AmountArg {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.is_instance_of::<PyBool>() || obj.is_instance_of::<PyFloat>() {
            return Err(arg_err("an amount is a decimal.Decimal or a str, never a float"));
        }
        let amount = if let Ok(s) = obj.cast::<PyString>() {
            core::Amount::parse(&crate::text(&s)?)
        } else if obj.is_instance_of::<PyInt>() {
            // Whole euro: the core parses the digits (sign and range errors included).
            core::Amount::parse(&crate::text(&obj.str()?)?)
        } else {
            core::Amount::from_decimal(obj.extract().map_err(|_| arg_err("an amount is a decimal.Decimal or a str"))?)
        };
        amount.map(AmountArg).map_err(err)
    }
}

fn dec(a: core::Amount) -> Decimal {
    a.to_decimal()
}

/// The check of a `lenient` flag (absent: the core's default, strict).
fn mode(lenient: Option<Arg<bool>>) -> core::PagopaCheck {
    core::PagopaCheck::from_lenient(lenient.map(|l| l.0))
}

// ---------------------------------------------------------------------------------------- amounts

// ---------------------------------------------------------------------------------------- notices

crate::record! {
    /// A parsed pagoPA notice number (numero avviso).
    Notice(core::Notice) in "sportello.payments", frozen;
    |v, py| {
        number: &str = &v.number,
        aux_digit: u8 = v.aux_digit,
        application_code: Option<&str> = v.application_code.as_deref(),
        segregation_code: Option<&str> = v.segregation_code.as_deref(),
        iuv_base: &str = &v.iuv_base,
        check_digits: Option<&str> = v.check_digits.as_deref(),
        iuv: &str = &v.iuv,
        check_digits_valid: bool = v.check_digits_valid,
    }
    /// Parses a notice number (spaces ignored); `lenient=True` skips the check digits.
    #[staticmethod]
    #[pyo3(signature = (s, lenient = None))]
    fn parse(s: Str, lenient: Option<Arg<bool>>) -> PyResult<Self> { Ok(Notice { inner: core::Notice::parse(&s, mode(lenient)).map_err(err)? }) }
    /// Builds a notice from its parts (`spec`, a dict in the `NoticeSpec` shape, or its fields as
    /// keywords), computing the check digits.
    #[staticmethod]
    #[pyo3(signature = (spec = None, **fields),
        text_signature = "(spec=None, *, aux_digit=None, application_code=None, segregation_code=None, iuv_base=None)")]
    fn build(spec: Option<&Bound<'_, PyAny>>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        Ok(Notice { inner: core::Notice::build(&shape_or_keywords("spec", spec, fields)?).map_err(err)? })
    }
    /// The printed "Codice Avviso": groups of 4 digits.
    fn printed(&self) -> String { self.inner.printed() }
    fn __str__(&self) -> &str { &self.inner.number }
}

// --------------------------------------------------------------------------------------------- RF

// --------------------------------------------------------------------------------------------- QR

crate::record! {
    /// A decoded QR payload.
    QrPayload(core::QrPayload) in "sportello.payments", frozen;
    |v, py| {
        notice: &str = &v.notice,
        creditor_fiscal_code: &str = &v.creditor_fiscal_code,
        amount: Decimal = dec(v.amount),
    }
}

// ------------------------------------------------------------------------------------- remittance

crate::record! {
    /// A remittance string's content.
    Remittance(core::Remittance) in "sportello.payments", frozen;
    |v, py| {
        kind: String = name_of(&v.kind),
        iuv: &str = &v.iuv,
        amount: Option<Decimal> = v.amount.map(dec),
        text: Option<&str> = v.text.as_deref(),
    }
}

// ------------------------------------------------------------------------------------ stamp duty

crate::record! {
    /// The answer of `StampCatalogue.stamp_duty`.
    StampDue(core::StampDue) in "sportello.payments", frozen;
    |v, py| {
        status: String = name_of(&v.status),
        amount: Decimal = dec(v.amount),
        rule: Option<&str> = v.rule.as_deref(),
        exemption: Option<&str> = v.exemption.as_deref(),
        legal_ref: &str = &v.legal_ref,
    }
}

crate::record! {
    /// Stamp rules and exemptions as versioned data; `StampCatalogue()` is the national catalogue.
    StampCatalogue(core::StampCatalogue) in "sportello.payments", frozen;
    |v, py| {
        version: &str = &v.version,
        rules: PyResult<Bound<'py, PyAny>> = to_py(py, &v.rules),
        exemptions: PyResult<Bound<'py, PyAny>> = to_py(py, &v.exemptions),
    }
    #[new]
    fn new() -> Self { StampCatalogue { inner: core::StampCatalogue::italy() } }
    #[staticmethod]
    fn italy() -> Self { Self::new() }
    /// Which stamp duty is due: `query` (a dict in the `StampQuery` shape) or its fields as
    /// keywords, `act` ("istanza", "provvedimento", "ricevuta") on `on` (`channel` absent: the
    /// core's default, telematic).
    #[pyo3(signature = (query = None, **fields),
        text_signature = "($self, query=None, *, act=None, on=None, channel=None, sheets=None, receipt_amount=None, exemption=None)")]
    fn stamp_duty(&self, query: Option<&Bound<'_, PyAny>>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<StampDue> {
        Ok(StampDue { inner: self.inner.stamp_duty(&shape_or_keywords("query", query, fields)?).map_err(err)? })
    }
}

// ---------------------------------------------------------------------------------------- charges

crate::record! {
    /// The charges of one phase.
    PhasePlan(core::PhasePlan) in "sportello.payments", frozen;
    |v, py| {
        charges: PyResult<Bound<'py, PyAny>> = to_py(py, &v.charges),
        stamps_total: Decimal = dec(v.stamps_total),
        fees_total: Decimal = dec(v.fees_total),
        total: Decimal = dec(v.total),
        exempt: bool = v.exempt,
    }
}

crate::record! {
    /// What is due with the request and at release.
    PaymentPlan(core::PaymentPlan) in "sportello.payments", frozen;
    |v, py| {
        request: PhasePlan = PhasePlan { inner: v.request.clone() },
        release: PhasePlan = PhasePlan { inner: v.release.clone() },
    }
}

// ------------------------------------------------------------------------ split, transfers, cart

crate::record! {
    /// The totals of a valid cart.
    CartSummary(core::CartSummary) in "sportello.payments", frozen;
    |v, py| {
        notices: usize = v.notices,
        subtotal: Decimal = dec(v.subtotal),
        fee: Decimal = dec(v.fee),
        total: Decimal = dec(v.total),
    }
}

// ----------------------------------------------------------------------------------- payment state

/// An event: a `str` is its bare name (the core's `PaymentEvent::from_name`), a dict the event.
fn event(obj: &Bound<'_, PyAny>) -> PyResult<core::PaymentEvent> {
    match obj.cast::<PyString>() {
        Ok(name) => core::PaymentEvent::from_name(&crate::text(name)?).map_err(err),
        Err(_) => from_py(obj),
    }
}

crate::record! {
    /// One payment with its state machine; events are dicts such as `{"type": "start"}` or a bare
    /// name ("start"); `{"type": "register", "operator": ..., "note": ...}` is the operator's
    /// "registra pagamento".
    Payment(core::Payment) in "sportello.payments";
    |v, py| {
        state: &str = v.state.as_str(),
        amount: Decimal = dec(v.amount),
        created_at: Instant = Instant(v.created_at),
        expires_at: Option<Instant> = v.expires_at.map(Instant),
        paid_at: Option<Instant> = v.paid_at.map(Instant),
        registration: PyResult<Bound<'py, PyAny>> = to_py(py, &v.registration),
        history: PyResult<Bound<'py, PyAny>> = to_py(py, &v.history),
        label: &str = v.label(),
    }
    #[new]
    #[pyo3(signature = (amount, created_at, expires_at = None))]
    fn new(amount: AmountArg, created_at: Instant, expires_at: Option<Instant>) -> PyResult<Self> {
        Ok(Payment { inner: core::Payment::new(amount.0, created_at.0, expires_at.map(|e| e.0)).map_err(err)? })
    }
    /// A new payment in state `creating` ("In creazione"): the debt position was asked of the
    /// intermediary, which answers with "confirmCreation" or "failCreation".
    #[staticmethod]
    #[pyo3(signature = (amount, created_at, expires_at = None))]
    fn creating(amount: AmountArg, created_at: Instant, expires_at: Option<Instant>) -> PyResult<Self> {
        Ok(Payment { inner: core::Payment::creating(amount.0, created_at.0, expires_at.map(|e| e.0)).map_err(err)? })
    }
    /// Applies an event at `now`; returns the new state.
    fn apply(&mut self, event: &Bound<'_, PyAny>, now: Instant) -> PyResult<&'static str> {
        let e = self::event(event)?;
        self.inner.apply(e, now.0).map(core::PaymentState::as_str).map_err(err)
    }
    /// The names of the events `apply` accepts at `now`.
    fn allowed_events(&self, now: Instant) -> Vec<&'static str> { self.inner.allowed_events(now.0) }
    fn is_expired_at(&self, now: Instant) -> bool { self.inner.is_expired_at(now.0) }
}

crate::functions! { register; classes: Notice, QrPayload, Remittance, StampCatalogue, StampDue, PhasePlan, PaymentPlan, CartSummary, Payment;
    |m| {
        m.add("ERROR_CODES", PyList::new(m.py(), core::ERROR_CODES)?)?;
        m.add("MAX_TRANSFERS", core::MAX_TRANSFERS)?;
        m.add("MAX_CART_NOTICES", core::MAX_CART_NOTICES)?;
    }
    // ---------------------------------------------------------------------------------------- amounts
    /// Parses "16", "16.00" or "16,00" into a Decimal with two decimals.
    fn parse_amount(s: Str) -> PyResult<Decimal> { core::parse_amount(&s).map(dec).map_err(err) }
    /// A number of cents as a Decimal with two decimals.
    fn amount_from_cents(cents: Arg<u64>) -> PyResult<Decimal> { core::Amount::from_cents(*cents).map(dec).map_err(err) }
    // ---------------------------------------------------------------------------------------- notices
    /// Whether `s` is a valid notice number (strict).
    fn notice_is_valid(s: Str) -> bool { core::notice_is_valid(&s) }
    /// `notice_is_valid` over a list (or any iterable) of strings; `None` stays `None`; a `str` given
    /// for the list, or an item neither `str` nor `None`, raises `ArgumentError`.
    fn notice_is_valid_many(items: &Bound<'_, PyAny>) -> PyResult<Vec<Option<bool>>> { crate::map_many(items, "items", core::notice_is_valid) }
    /// Raises `PaymentsError` when `s` is not a valid notice number.
    #[pyo3(signature = (s, lenient = None))]
    fn notice_validate(s: Str, lenient: Option<Arg<bool>>) -> PyResult<()> { core::notice_validate(&s, mode(lenient)).map_err(err) }
    /// The error code of each notice number of a list (or any iterable, or an Arrow column): `None`
    /// where valid (or `None`).
    #[pyo3(signature = (items, lenient = None))]
    fn notice_validate_many(items: &Bound<'_, PyAny>, lenient: Option<Arg<bool>>) -> PyResult<Vec<Option<&'static str>>> {
        let mode = mode(lenient);
        Ok(crate::map_many(items, "items", |s| core::notice_error_code(s, mode))?.into_iter().map(Option::flatten).collect())
    }
    /// `notice_is_valid` over an Arrow string column: a boolean column, nulls kept.
    fn notice_is_valid_arrow<'py>(items: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        crate::arrow::map_bool(items, "items", core::notice_is_valid)
    }
    /// The error code of each row of an Arrow string column (`payments.notice_format`,
    /// `payments.aux_digit`, `payments.check_digits`), null where valid or null.
    #[pyo3(signature = (items, lenient = None))]
    fn notice_validate_arrow<'py>(items: &Bound<'py, PyAny>, lenient: Option<Arg<bool>>) -> PyResult<Bound<'py, PyAny>> {
        let mode = mode(lenient);
        crate::arrow::map_code(items, "items", move |s| core::notice_error_code(s, mode))
    }
    /// The two check digits of the first 16 digits of a notice number.
    fn notice_check_digits(first16: Str) -> PyResult<String> { core::notice_check_digits(&first16).map_err(err) }
    // --------------------------------------------------------------------------------------------- RF
    fn rf_build(reference: Str) -> PyResult<String> { core::rf_build(&reference).map_err(err) }
    fn rf_is_valid(s: Str) -> bool { core::rf_is_valid(&s) }
    fn rf_validate(s: Str) -> PyResult<String> { core::rf_validate(&s).map_err(err) }
    fn rf_printed(s: Str) -> String { core::rf_printed(&s) }
    // --------------------------------------------------------------------------------------------- QR
    fn qr_payload(notice: Str, creditor_fiscal_code: Str, amount: AmountArg) -> PyResult<String> {
        core::qr_payload(&notice, &creditor_fiscal_code, amount.0).map_err(err)
    }
    #[pyo3(signature = (s, lenient = None))]
    fn parse_qr_payload(s: Str, lenient: Option<Arg<bool>>) -> PyResult<QrPayload> {
        Ok(QrPayload { inner: core::parse_qr_payload(&s, mode(lenient)).map_err(err)? })
    }
    fn creditor_fiscal_code_is_valid(s: Str) -> bool { core::creditor_fiscal_code_is_valid(&s) }
    #[pyo3(signature = (s, lenient = None))]
    fn creditor_fiscal_code_validate(s: Str, lenient: Option<Arg<bool>>) -> PyResult<String> {
        core::creditor_fiscal_code_validate(&s, mode(lenient)).map_err(err)
    }
    // ------------------------------------------------------------------------------------- remittance
    /// Builds `/RFS/...` (kind "rfs", an RF and an amount) or `/RFB/...` (kind "rfb") from a
    /// `remittance` (a dict in the `Remittance` shape) or its fields as keywords.
    #[pyo3(signature = (remittance = None, **fields), text_signature = "(remittance=None, *, kind=None, iuv=None, amount=None, text=None)")]
    fn remittance_build(remittance: Option<&Bound<'_, PyAny>>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
        core::remittance_build(&shape_or_keywords("remittance", remittance, fields)?).map_err(err)
    }
    fn parse_remittance(s: Str) -> PyResult<Remittance> { Ok(Remittance { inner: core::parse_remittance(&s).map_err(err)? }) }
    /// `{"kind": ..., "code": ...}` of dati specifici di riscossione such as "9/3300.1".
    fn parse_collection_data(py: Python<'_>, s: Str) -> PyResult<Bound<'_, PyAny>> { to_py(py, &core::parse_collection_data(&s).map_err(err)?) }
    /// The parts of a taxonomy code such as "9/0101002IM/".
    fn parse_taxonomy(py: Python<'_>, s: Str) -> PyResult<Bound<'_, PyAny>> { to_py(py, &core::parse_taxonomy(&s).map_err(err)?) }
    // ------------------------------------------------------------------------------------ stamp duty
    /// Checks a physical `stamp` (a dict `{"identifier", "issuedAt"}`, `issuedAt` an aware datetime or
    /// RFC 3339) and returns its single-use key. `seen_before` is a callable taking the key, or a
    /// container of keys already used (e.g. a set).
    fn check_physical_stamp(stamp: &Bound<'_, PyAny>, submitted_at: Instant, now: Instant, seen_before: &Bound<'_, PyAny>) -> PyResult<String> {
        let stamp: core::PhysicalStamp = from_py(stamp)?;
        let mut callback_error: Option<PyErr> = None;
        let r = core::check_physical_stamp(&stamp, submitted_at.0, now.0, |key| {
            let answer = if seen_before.is_callable() { seen_before.call1((key,)).and_then(|v| v.is_truthy()) } else { seen_before.contains(key) };
            answer.unwrap_or_else(|e| {
                callback_error = Some(e);
                false
            })
        });
        if let Some(e) = callback_error {
            return Err(e);
        }
        r.map_err(err)
    }
    /// The single-use key of a physical stamp (`stamp`, a dict `{"identifier", "issuedAt"}`, or its
    /// fields as keywords): "<14 digits>/<issue date in Europe/Rome>".
    #[pyo3(signature = (stamp = None, **fields), text_signature = "(stamp=None, *, identifier=None, issued_at=None)")]
    fn physical_stamp_key(stamp: Option<&Bound<'_, PyAny>>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
        core::physical_stamp_key(&shape_or_keywords("stamp", stamp, fields)?).map_err(err)
    }
    /// Base64 of the SHA-256 of a document (`bytes`, or `str` encoded as UTF-8; 44 characters).
    fn document_hash(document: &Bound<'_, PyAny>) -> PyResult<String> { Ok(core::document_hash(&bytes_arg(document)?)) }
    /// The @e.bollo request (`{"documentHash", "stampType", "province"}`) for a document (`bytes`,
    /// or `str` encoded as UTF-8).
    fn marca_da_bollo_request<'py>(py: Python<'py>, document: &Bound<'py, PyAny>, province: Str) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &core::MarcaDaBolloRequest::for_document(&bytes_arg(document)?, &province).map_err(err)?)
    }
    /// The @e.bollo request for a hash already computed (base64 SHA-256, `document_hash`).
    fn marca_da_bollo_request_from_hash<'py>(py: Python<'py>, document_hash: Str, province: Str) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &core::MarcaDaBolloRequest::new(&document_hash, &province).map_err(err)?)
    }
    /// Every error code of the payments module (also `ERROR_CODES`).
    fn error_codes() -> Vec<&'static str> { core::ERROR_CODES.to_vec() }
    // ---------------------------------------------------------------------------------------- charges
    /// Splits charges (dicts in the JSON shape) into the request and release phases.
    fn payment_plan(charges: &Bound<'_, PyAny>) -> PyResult<PaymentPlan> {
        Ok(PaymentPlan { inner: core::payment_plan(&from_py::<Vec<core::Charge>>(charges)?).map_err(err)? })
    }
    /// `{"kind": "exempt"}` when an approval with `amount_due` is exempt (amount 0), else
    /// `{"kind": "paymentDue", "amount": Decimal}`.
    fn approval_outcome(py: Python<'_>, amount_due: AmountArg) -> PyResult<Bound<'_, PyDict>> {
        let d = PyDict::new(py);
        match core::approval_outcome(amount_due.0) {
            core::ApprovalOutcome::Exempt => d.set_item("kind", "exempt")?,
            core::ApprovalOutcome::PaymentDue { amount } => {
                d.set_item("kind", "paymentDue")?;
                d.set_item("amount", dec(amount))?;
            }
        }
        Ok(d)
    }
    // ------------------------------------------------------------------------ split, transfers, cart
    /// Raises `PaymentsError` unless the budget entries (dicts) add up to `total` exactly.
    fn check_split(total: AmountArg, entries: &Bound<'_, PyAny>) -> PyResult<()> {
        core::check_split(total.0, &from_py::<Vec<core::BudgetEntry>>(entries)?).map_err(err)
    }
    /// `total` in `parts` amounts at most one cent apart, adding up exactly.
    fn split_evenly(total: AmountArg, parts: Arg<usize>) -> PyResult<Vec<Decimal>> {
        Ok(core::split_evenly(total.0, *parts).map_err(err)?.into_iter().map(dec).collect())
    }
    /// Raises `PaymentsError` unless the transfers (dicts) form a valid transfer list for `total`.
    fn check_transfers(total: AmountArg, transfers: &Bound<'_, PyAny>) -> PyResult<()> {
        let transfers: Vec<core::Transfer> = from_py(transfers)?;
        core::check_transfers(total.0, &transfers).map_err(err)
    }
    /// The part of the transfers the entity reconciles (@e.bollo left out).
    fn reconciled_total(transfers: &Bound<'_, PyAny>) -> PyResult<Decimal> {
        core::reconciled_total(&from_py::<Vec<core::Transfer>>(transfers)?).map(dec).map_err(err)
    }
    fn iban_is_valid(s: Str) -> bool { core::iban_is_valid(&s) }
    /// Checks a cart of 1 to 5 notices (dicts with notice, creditorFiscalCode, amount) with one fee.
    fn check_cart(items: &Bound<'_, PyAny>, fee: AmountArg) -> PyResult<CartSummary> {
        Ok(CartSummary { inner: core::check_cart(&from_py::<Vec<core::CartItem>>(items)?, fee.0).map_err(err)? })
    }
    // ----------------------------------------------------------------------------------- payment state
    /// The state an event leads to from `state` (time guards aside).
    fn next_state(state: Str, event: &Bound<'_, PyAny>) -> PyResult<&'static str> {
        let s: core::PaymentState = from_name(&state)?;
        core::next_state(s, &self::event(event)?).map(core::PaymentState::as_str).map_err(err)
    }
    /// The Italian label the platform shows for a payment state ("creationFailed" → "Creazione di
    /// pagamento fallita").
    fn state_label(state: Str) -> PyResult<&'static str> { core::PaymentState::from_name(&state).map(core::PaymentState::label).map_err(err) }
    /// The IUD of a practice's payment: the practice id without dashes (at most 35 characters).
    fn iud(practice_id: Str) -> PyResult<String> { core::iud(&practice_id).map_err(err) }
    /// The causale: `description` when given and not blank, else "<practice id> - <codice fiscale>".
    #[pyo3(signature = (practice_id, fiscal_code, description = None))]
    fn payment_reason(practice_id: Str, fiscal_code: Str, description: Option<Str>) -> PyResult<String> {
        core::payment_reason(&practice_id, &fiscal_code, description.as_deref()).map_err(err)
    }
    /// Where each transfer's money goes for a payment of `creditor_fiscal_code`: "creditor",
    /// "multiBeneficiary" or "stampAgreement" (an @e.bollo).
    fn transfer_routing(creditor_fiscal_code: Str, transfers: &Bound<'_, PyAny>) -> PyResult<Vec<&'static str>> {
        let transfers: Vec<core::Transfer> = from_py(transfers)?;
        let routes = core::transfer_routing(&creditor_fiscal_code, &transfers).map_err(err)?;
        Ok(routes.into_iter().map(core::TransferRouting::as_str).collect())
    }
}
