//! `sportello.payments`: amounts, pagoPA notices, RF references, QR payloads, remittance strings,
//! stamp duty, charges, budget split, transfers, cart and payment states. Mechanical mappings of
//! `sportello::payments`: amounts are `decimal.Decimal` (a `str` such as "16,00" is parsed by the
//! core; floats are refused), instants aware `datetime`, records classes with native attributes
//! plus `to_dict()`/`to_json()`, other records plain dicts in the core's JSON shape.
use chrono::{DateTime, FixedOffset, NaiveDate};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
use rust_decimal::Decimal;
use sportello::payments as core;

use crate::{bytes_arg, err, from_json, from_name, from_py, to_json, to_py};

// ----------------------------------------------------------------------------------- conversions

/// An amount argument: `Decimal`, `str` (parsed by the core) or `int` (whole euro). Not `float`.
fn amount_arg(obj: &Bound<'_, PyAny>) -> PyResult<core::Amount> {
    if obj.is_instance_of::<PyBool>() || obj.is_instance_of::<PyFloat>() {
        return Err(PyTypeError::new_err("an amount is a decimal.Decimal or a str, never a float"));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return core::Amount::parse(&s.to_cow()?).map_err(err);
    }
    if obj.is_instance_of::<PyInt>() {
        // Whole euro: the core parses the digits (sign and range errors included).
        return core::Amount::parse(&obj.str()?.to_cow()?).map_err(err);
    }
    let d: Decimal = obj.extract().map_err(|_| PyTypeError::new_err("an amount is a decimal.Decimal or a str"))?;
    core::Amount::from_decimal(d).map_err(err)
}

fn dec(a: core::Amount) -> Decimal {
    a.to_decimal()
}

fn mode(lenient: bool) -> core::PagopaCheck {
    if lenient {
        core::PagopaCheck::StructureOnly
    } else {
        core::PagopaCheck::Strict
    }
}

// ---------------------------------------------------------------------------------------- amounts

/// Parses "16", "16.00" or "16,00" into a Decimal with two decimals.
#[pyfunction]
fn parse_amount(s: &str) -> PyResult<Decimal> {
    core::parse_amount(s).map(dec).map_err(err)
}

/// A number of cents as a Decimal with two decimals.
#[pyfunction]
fn amount_from_cents(cents: u64) -> PyResult<Decimal> {
    core::Amount::from_cents(cents).map(dec).map_err(err)
}

// ---------------------------------------------------------------------------------------- notices

/// A parsed pagoPA notice number (numero avviso).
#[pyclass(module = "sportello.payments", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Notice {
    inner: core::Notice,
}

#[pymethods]
impl Notice {
    /// Parses a notice number (spaces ignored); `lenient=True` skips the check digits.
    #[staticmethod]
    #[pyo3(signature = (s, lenient = false))]
    fn parse(s: &str, lenient: bool) -> PyResult<Self> {
        Ok(Notice { inner: core::Notice::parse(s, mode(lenient)).map_err(err)? })
    }

    /// Builds a notice from its parts, computing the check digits.
    #[staticmethod]
    #[pyo3(signature = (aux_digit, iuv_base, segregation_code = None, application_code = None))]
    fn build(aux_digit: u8, iuv_base: String, segregation_code: Option<String>, application_code: Option<String>) -> PyResult<Self> {
        let spec = core::NoticeSpec { aux_digit, application_code, segregation_code, iuv_base };
        Ok(Notice { inner: core::Notice::build(&spec).map_err(err)? })
    }

    #[staticmethod]
    fn from_json(s: &str) -> PyResult<Self> {
        Ok(Notice { inner: from_json(s)? })
    }

    #[getter]
    fn number(&self) -> &str {
        &self.inner.number
    }
    #[getter]
    fn aux_digit(&self) -> u8 {
        self.inner.aux_digit
    }
    #[getter]
    fn application_code(&self) -> Option<&str> {
        self.inner.application_code.as_deref()
    }
    #[getter]
    fn segregation_code(&self) -> Option<&str> {
        self.inner.segregation_code.as_deref()
    }
    #[getter]
    fn iuv_base(&self) -> &str {
        &self.inner.iuv_base
    }
    #[getter]
    fn check_digits(&self) -> Option<&str> {
        self.inner.check_digits.as_deref()
    }
    #[getter]
    fn iuv(&self) -> &str {
        &self.inner.iuv
    }
    #[getter]
    fn check_digits_valid(&self) -> bool {
        self.inner.check_digits_valid
    }

    /// The printed "Codice Avviso": groups of 4 digits.
    fn printed(&self) -> String {
        self.inner.printed()
    }

    fn to_json(&self) -> String {
        to_json(&self.inner)
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    fn __str__(&self) -> &str {
        &self.inner.number
    }

    fn __repr__(&self) -> String {
        format!("Notice({:?})", self.inner.number)
    }
}

/// Whether `s` is a valid notice number (strict).
#[pyfunction]
fn notice_is_valid(s: &str) -> bool {
    core::notice_is_valid(s)
}

/// `notice_is_valid` over a list (or any iterable) of strings; a non-`str` item is `False`.
#[pyfunction]
fn notice_is_valid_many(items: &Bound<'_, PyAny>) -> PyResult<Vec<bool>> {
    crate::bool_many(items, core::notice_is_valid)
}

/// Raises `PaymentsError` when `s` is not a valid notice number.
#[pyfunction]
#[pyo3(signature = (s, lenient = false))]
fn notice_validate(s: &str, lenient: bool) -> PyResult<()> {
    core::notice_validate(s, mode(lenient)).map_err(err)
}

/// The two check digits of the first 16 digits of a notice number.
#[pyfunction]
fn notice_check_digits(first16: &str) -> PyResult<String> {
    core::notice_check_digits(first16).map_err(err)
}

// --------------------------------------------------------------------------------------------- RF

#[pyfunction]
fn rf_build(reference: &str) -> PyResult<String> {
    core::rf_build(reference).map_err(err)
}

#[pyfunction]
fn rf_is_valid(s: &str) -> bool {
    core::rf_is_valid(s)
}

#[pyfunction]
fn rf_validate(s: &str) -> PyResult<String> {
    core::rf_validate(s).map_err(err)
}

#[pyfunction]
fn rf_printed(s: &str) -> String {
    core::rf_printed(s)
}

// --------------------------------------------------------------------------------------------- QR

/// A decoded QR payload.
#[pyclass(module = "sportello.payments", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
pub struct QrPayload {
    notice: String,
    creditor_fiscal_code: String,
    amount: Decimal,
}

#[pymethods]
impl QrPayload {
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.core())
    }
    fn to_json(&self) -> String {
        to_json(&self.core())
    }
    fn __repr__(&self) -> String {
        format!("QrPayload(notice={:?}, creditor_fiscal_code={:?}, amount=Decimal('{}'))", self.notice, self.creditor_fiscal_code, self.amount)
    }
}

impl QrPayload {
    fn core(&self) -> core::QrPayload {
        core::QrPayload {
            notice: self.notice.clone(),
            creditor_fiscal_code: self.creditor_fiscal_code.clone(),
            amount: core::Amount::from_decimal(self.amount).unwrap_or_default(),
        }
    }
}

#[pyfunction]
fn qr_payload(notice: &str, creditor_fiscal_code: &str, amount: &Bound<'_, PyAny>) -> PyResult<String> {
    core::qr_payload(notice, creditor_fiscal_code, amount_arg(amount)?).map_err(err)
}

#[pyfunction]
#[pyo3(signature = (s, lenient = false))]
fn parse_qr_payload(s: &str, lenient: bool) -> PyResult<QrPayload> {
    let q = core::parse_qr_payload(s, mode(lenient)).map_err(err)?;
    Ok(QrPayload { notice: q.notice, creditor_fiscal_code: q.creditor_fiscal_code, amount: dec(q.amount) })
}

#[pyfunction]
fn creditor_fiscal_code_is_valid(s: &str) -> bool {
    core::creditor_fiscal_code_is_valid(s)
}

#[pyfunction]
#[pyo3(signature = (s, lenient = false))]
fn creditor_fiscal_code_validate(s: &str, lenient: bool) -> PyResult<String> {
    core::creditor_fiscal_code_validate(s, mode(lenient)).map_err(err)
}

// ------------------------------------------------------------------------------------- remittance

/// A remittance string's content.
#[pyclass(module = "sportello.payments", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
pub struct Remittance {
    /// "rfs" or "rfb".
    kind: String,
    iuv: String,
    amount: Option<Decimal>,
    text: Option<String>,
}

#[pymethods]
impl Remittance {
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.core()?)
    }
    fn to_json(&self) -> PyResult<String> {
        Ok(to_json(&self.core()?))
    }
    fn __repr__(&self) -> String {
        format!("Remittance(kind={:?}, iuv={:?}, amount={:?}, text={:?})", self.kind, self.iuv, self.amount.map(|a| a.to_string()), self.text)
    }
}

impl Remittance {
    fn core(&self) -> PyResult<core::Remittance> {
        let kind = from_name(&self.kind)?;
        let amount = self.amount.map(core::Amount::from_decimal).transpose().map_err(err)?;
        Ok(core::Remittance { kind, iuv: self.iuv.clone(), amount, text: self.text.clone() })
    }
}

fn kind_name(k: core::RemittanceKind) -> String {
    match k {
        core::RemittanceKind::Rfs => "rfs".into(),
        core::RemittanceKind::Rfb => "rfb".into(),
    }
}

/// Builds `/RFS/...` (kind "rfs", an RF and an amount) or `/RFB/...` (kind "rfb").
#[pyfunction]
#[pyo3(signature = (kind, iuv, amount = None, text = None))]
fn remittance_build(kind: &str, iuv: String, amount: Option<&Bound<'_, PyAny>>, text: Option<String>) -> PyResult<String> {
    let kind: core::RemittanceKind = from_name(kind)?;
    let amount = amount.filter(|a| !a.is_none()).map(amount_arg).transpose()?;
    core::remittance_build(&core::Remittance { kind, iuv, amount, text }).map_err(err)
}

#[pyfunction]
fn parse_remittance(s: &str) -> PyResult<Remittance> {
    let r = core::parse_remittance(s).map_err(err)?;
    Ok(Remittance { kind: kind_name(r.kind), iuv: r.iuv, amount: r.amount.map(dec), text: r.text })
}

/// `{"kind": ..., "code": ...}` of dati specifici di riscossione such as "9/3300.1".
#[pyfunction]
fn parse_collection_data<'py>(py: Python<'py>, s: &str) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &core::parse_collection_data(s).map_err(err)?)
}

/// The parts of a taxonomy code such as "9/0101002IM/".
#[pyfunction]
fn parse_taxonomy<'py>(py: Python<'py>, s: &str) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &core::parse_taxonomy(s).map_err(err)?)
}

// ------------------------------------------------------------------------------------ stamp duty

/// The answer of `StampCatalogue.stamp_duty`.
#[pyclass(module = "sportello.payments", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
pub struct StampDue {
    /// "due", "exempt" or "notDue".
    status: String,
    amount: Decimal,
    rule: Option<String>,
    exemption: Option<String>,
    legal_ref: String,
}

#[pymethods]
impl StampDue {
    fn __repr__(&self) -> String {
        format!("StampDue(status={:?}, amount=Decimal('{}'), rule={:?}, exemption={:?})", self.status, self.amount, self.rule, self.exemption)
    }
}

fn json_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// Stamp rules and exemptions as versioned data; `StampCatalogue()` is the national catalogue.
#[pyclass(module = "sportello.payments", frozen)]
pub struct StampCatalogue {
    inner: core::StampCatalogue,
}

#[pymethods]
impl StampCatalogue {
    #[new]
    fn new() -> Self {
        StampCatalogue { inner: core::StampCatalogue::italy() }
    }

    #[staticmethod]
    fn italy() -> Self {
        Self::new()
    }

    #[staticmethod]
    fn from_json(s: &str) -> PyResult<Self> {
        Ok(StampCatalogue { inner: from_json(s)? })
    }

    fn to_json(&self) -> String {
        to_json(&self.inner)
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    #[getter]
    fn version(&self) -> &str {
        &self.inner.version
    }

    #[getter]
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.rules)
    }

    #[getter]
    fn exemptions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.exemptions)
    }

    /// Which stamp duty is due on `act` ("istanza", "provvedimento", "ricevuta") on `on`.
    #[pyo3(signature = (act, on, channel = "telematic", sheets = None, receipt_amount = None, exemption = None))]
    fn stamp_duty(
        &self,
        act: &str,
        on: NaiveDate,
        channel: &str,
        sheets: Option<u32>,
        receipt_amount: Option<&Bound<'_, PyAny>>,
        exemption: Option<String>,
    ) -> PyResult<StampDue> {
        let q = core::StampQuery {
            act: from_name(act)?,
            on,
            channel: from_name(channel)?,
            sheets,
            receipt_amount: receipt_amount.filter(|a| !a.is_none()).map(amount_arg).transpose()?,
            exemption,
        };
        let d = self.inner.stamp_duty(&q).map_err(err)?;
        Ok(StampDue { status: json_name(&d.status), amount: dec(d.amount), rule: d.rule, exemption: d.exemption, legal_ref: d.legal_ref })
    }
}

/// Checks a physical stamp and returns its single-use key. `seen_before` is a callable taking the
/// key, or a container of keys already used (e.g. a set).
#[pyfunction]
fn check_physical_stamp(
    identifier: String,
    issued_at: DateTime<FixedOffset>,
    submitted_at: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    seen_before: &Bound<'_, PyAny>,
) -> PyResult<String> {
    let stamp = core::PhysicalStamp { identifier, issued_at };
    let mut callback_error: Option<PyErr> = None;
    let r = core::check_physical_stamp(&stamp, submitted_at, now, |key| {
        let answer = if seen_before.is_callable() {
            seen_before.call1((key,)).and_then(|v| v.is_truthy())
        } else {
            seen_before.contains(key)
        };
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

/// The single-use key of a physical stamp: "<14 digits>/<issue date in Europe/Rome>".
#[pyfunction]
fn physical_stamp_key(identifier: String, issued_at: DateTime<FixedOffset>) -> PyResult<String> {
    core::physical_stamp_key(&core::PhysicalStamp { identifier, issued_at }).map_err(err)
}

/// Base64 of the SHA-256 of a document (`bytes`, or `str` encoded as UTF-8; 44 characters).
#[pyfunction]
fn document_hash(document: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(core::document_hash(&bytes_arg(document)?))
}

/// The @e.bollo request (`{"documentHash", "stampType", "province"}`) for a document (`bytes`,
/// or `str` encoded as UTF-8), or for its hash with `document_hash=`.
#[pyfunction]
#[pyo3(signature = (province, document = None, document_hash = None))]
fn marca_da_bollo_request<'py>(
    py: Python<'py>,
    province: &str,
    document: Option<&Bound<'py, PyAny>>,
    document_hash: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let r = match (document, document_hash) {
        (Some(doc), None) => core::MarcaDaBolloRequest::for_document(&bytes_arg(doc)?, province),
        (None, Some(h)) => core::MarcaDaBolloRequest::new(h, province),
        _ => return Err(PyTypeError::new_err("give exactly one of document and document_hash")),
    };
    to_py(py, &r.map_err(err)?)
}

// ---------------------------------------------------------------------------------------- charges

/// The charges of one phase.
#[pyclass(module = "sportello.payments", frozen, get_all)]
pub struct PhasePlan {
    /// The charges as dicts in the JSON shape.
    charges: Py<PyAny>,
    stamps_total: Decimal,
    fees_total: Decimal,
    total: Decimal,
    exempt: bool,
}

/// What is due with the request and at release.
#[pyclass(module = "sportello.payments", frozen, get_all)]
pub struct PaymentPlan {
    request: Py<PhasePlan>,
    release: Py<PhasePlan>,
}

fn phase_plan(py: Python<'_>, p: &core::PhasePlan) -> PyResult<Py<PhasePlan>> {
    Py::new(
        py,
        PhasePlan {
            charges: to_py(py, &p.charges)?.unbind(),
            stamps_total: dec(p.stamps_total),
            fees_total: dec(p.fees_total),
            total: dec(p.total),
            exempt: p.exempt,
        },
    )
}

/// Splits charges (dicts in the JSON shape) into the request and release phases.
#[pyfunction]
fn payment_plan(py: Python<'_>, charges: &Bound<'_, PyAny>) -> PyResult<PaymentPlan> {
    let charges: Vec<core::Charge> = from_py(charges)?;
    let plan = core::payment_plan(&charges).map_err(err)?;
    Ok(PaymentPlan { request: phase_plan(py, &plan.request)?, release: phase_plan(py, &plan.release)? })
}

/// `None` when an approval with `amount_due` is exempt (amount 0), else the amount due.
#[pyfunction]
fn approval_outcome<'py>(py: Python<'py>, amount_due: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let d = PyDict::new(py);
    match core::approval_outcome(amount_arg(amount_due)?) {
        core::ApprovalOutcome::Exempt => d.set_item("kind", "exempt")?,
        core::ApprovalOutcome::PaymentDue { amount } => {
            d.set_item("kind", "paymentDue")?;
            d.set_item("amount", dec(amount))?;
        }
    }
    Ok(d.into_any())
}

// ------------------------------------------------------------------------ split, transfers, cart

/// Raises `PaymentsError` unless the budget entries (dicts) add up to `total` exactly.
#[pyfunction]
fn check_split(total: &Bound<'_, PyAny>, entries: &Bound<'_, PyAny>) -> PyResult<()> {
    let entries: Vec<core::BudgetEntry> = from_py(entries)?;
    core::check_split(amount_arg(total)?, &entries).map_err(err)
}

/// `total` in `parts` amounts at most one cent apart, adding up exactly.
#[pyfunction]
fn split_evenly(total: &Bound<'_, PyAny>, parts: usize) -> PyResult<Vec<Decimal>> {
    Ok(core::split_evenly(amount_arg(total)?, parts).map_err(err)?.into_iter().map(dec).collect())
}

/// Raises `PaymentsError` unless the transfers (dicts) form a valid transfer list for `total`.
#[pyfunction]
fn check_transfers(total: &Bound<'_, PyAny>, transfers: &Bound<'_, PyAny>) -> PyResult<()> {
    let transfers: Vec<core::Transfer> = from_py(transfers)?;
    core::check_transfers(amount_arg(total)?, &transfers).map_err(err)
}

/// The part of the transfers the entity reconciles (@e.bollo left out).
#[pyfunction]
fn reconciled_total(transfers: &Bound<'_, PyAny>) -> PyResult<Decimal> {
    let transfers: Vec<core::Transfer> = from_py(transfers)?;
    core::reconciled_total(&transfers).map(dec).map_err(err)
}

#[pyfunction]
fn iban_is_valid(s: &str) -> bool {
    core::iban_is_valid(s)
}

/// The totals of a valid cart.
#[pyclass(module = "sportello.payments", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
pub struct CartSummary {
    notices: usize,
    subtotal: Decimal,
    fee: Decimal,
    total: Decimal,
}

/// Checks a cart of 1 to 5 notices (dicts with notice, creditorFiscalCode, amount) with one fee.
#[pyfunction]
fn check_cart(items: &Bound<'_, PyAny>, fee: &Bound<'_, PyAny>) -> PyResult<CartSummary> {
    let items: Vec<core::CartItem> = from_py(items)?;
    let s = core::check_cart(&items, amount_arg(fee)?).map_err(err)?;
    Ok(CartSummary { notices: s.notices, subtotal: dec(s.subtotal), fee: dec(s.fee), total: dec(s.total) })
}

// ----------------------------------------------------------------------------------- payment state

fn event(obj: &Bound<'_, PyAny>) -> PyResult<core::PaymentEvent> {
    if let Ok(s) = obj.cast::<PyString>() {
        let name = s.to_cow()?;
        if !name.trim_start().starts_with('{') {
            let v = serde_json::json!({ "type": name.as_ref() });
            return serde_json::from_value(v).map_err(|e| err(sportello::Error::from(e)));
        }
    }
    from_py(obj)
}

/// One payment with its state machine; events are dicts such as `{"type": "start"}` or a bare
/// name ("start"); `{"type": "register", "operator": ..., "note": ...}` is the operator's
/// "registra pagamento".
#[pyclass(module = "sportello.payments")]
pub struct Payment {
    inner: core::Payment,
}

#[pymethods]
impl Payment {
    #[new]
    #[pyo3(signature = (amount, created_at, expires_at = None))]
    fn new(amount: &Bound<'_, PyAny>, created_at: DateTime<FixedOffset>, expires_at: Option<DateTime<FixedOffset>>) -> PyResult<Self> {
        Ok(Payment { inner: core::Payment::new(amount_arg(amount)?, created_at, expires_at).map_err(err)? })
    }

    #[staticmethod]
    fn from_json(s: &str) -> PyResult<Self> {
        Ok(Payment { inner: from_json(s)? })
    }

    fn to_json(&self) -> String {
        to_json(&self.inner)
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    #[getter]
    fn state(&self) -> &'static str {
        self.inner.state.as_str()
    }
    #[getter]
    fn amount(&self) -> Decimal {
        dec(self.inner.amount)
    }
    #[getter]
    fn created_at(&self) -> DateTime<FixedOffset> {
        self.inner.created_at
    }
    #[getter]
    fn expires_at(&self) -> Option<DateTime<FixedOffset>> {
        self.inner.expires_at
    }
    #[getter]
    fn paid_at(&self) -> Option<DateTime<FixedOffset>> {
        self.inner.paid_at
    }
    #[getter]
    fn registration<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.registration)
    }
    #[getter]
    fn history<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.history)
    }

    /// Applies an event at `now`; returns the new state.
    fn apply(&mut self, event: &Bound<'_, PyAny>, now: DateTime<FixedOffset>) -> PyResult<&'static str> {
        let e = self::event(event)?;
        self.inner.apply(e, now).map(core::PaymentState::as_str).map_err(err)
    }

    /// The names of the events `apply` accepts at `now`.
    fn allowed_events(&self, now: DateTime<FixedOffset>) -> Vec<&'static str> {
        self.inner.allowed_events(now)
    }

    fn is_expired_at(&self, now: DateTime<FixedOffset>) -> bool {
        self.inner.is_expired_at(now)
    }

    fn __repr__(&self) -> String {
        format!("Payment(state={:?}, amount=Decimal('{}'))", self.inner.state.as_str(), self.inner.amount)
    }
}

/// The state an event leads to from `state` (time guards aside).
#[pyfunction]
fn next_state(state: &str, event: &Bound<'_, PyAny>) -> PyResult<&'static str> {
    let s: core::PaymentState = from_name(state)?;
    core::next_state(s, &self::event(event)?).map(core::PaymentState::as_str).map_err(err)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Notice>()?;
    m.add_class::<QrPayload>()?;
    m.add_class::<Remittance>()?;
    m.add_class::<StampCatalogue>()?;
    m.add_class::<StampDue>()?;
    m.add_class::<PhasePlan>()?;
    m.add_class::<PaymentPlan>()?;
    m.add_class::<CartSummary>()?;
    m.add_class::<Payment>()?;
    m.add("ERROR_CODES", PyList::new(m.py(), core::ERROR_CODES)?)?;
    m.add("MAX_TRANSFERS", core::MAX_TRANSFERS)?;
    m.add("MAX_CART_NOTICES", core::MAX_CART_NOTICES)?;
    m.add_function(wrap_pyfunction!(parse_amount, m)?)?;
    m.add_function(wrap_pyfunction!(amount_from_cents, m)?)?;
    m.add_function(wrap_pyfunction!(notice_is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(notice_is_valid_many, m)?)?;
    m.add_function(wrap_pyfunction!(notice_validate, m)?)?;
    m.add_function(wrap_pyfunction!(notice_check_digits, m)?)?;
    m.add_function(wrap_pyfunction!(rf_build, m)?)?;
    m.add_function(wrap_pyfunction!(rf_is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(rf_validate, m)?)?;
    m.add_function(wrap_pyfunction!(rf_printed, m)?)?;
    m.add_function(wrap_pyfunction!(qr_payload, m)?)?;
    m.add_function(wrap_pyfunction!(parse_qr_payload, m)?)?;
    m.add_function(wrap_pyfunction!(creditor_fiscal_code_is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(creditor_fiscal_code_validate, m)?)?;
    m.add_function(wrap_pyfunction!(remittance_build, m)?)?;
    m.add_function(wrap_pyfunction!(parse_remittance, m)?)?;
    m.add_function(wrap_pyfunction!(parse_collection_data, m)?)?;
    m.add_function(wrap_pyfunction!(parse_taxonomy, m)?)?;
    m.add_function(wrap_pyfunction!(check_physical_stamp, m)?)?;
    m.add_function(wrap_pyfunction!(physical_stamp_key, m)?)?;
    m.add_function(wrap_pyfunction!(document_hash, m)?)?;
    m.add_function(wrap_pyfunction!(marca_da_bollo_request, m)?)?;
    m.add_function(wrap_pyfunction!(payment_plan, m)?)?;
    m.add_function(wrap_pyfunction!(approval_outcome, m)?)?;
    m.add_function(wrap_pyfunction!(check_split, m)?)?;
    m.add_function(wrap_pyfunction!(split_evenly, m)?)?;
    m.add_function(wrap_pyfunction!(check_transfers, m)?)?;
    m.add_function(wrap_pyfunction!(reconciled_total, m)?)?;
    m.add_function(wrap_pyfunction!(iban_is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(check_cart, m)?)?;
    m.add_function(wrap_pyfunction!(next_state, m)?)?;
    Ok(())
}
