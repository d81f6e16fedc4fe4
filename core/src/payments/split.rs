//! Budget split (bilancio), the pagoPA transfer list of a payment, and the cart.
//!
//! - Budget entries (ID, chapter, amount required; office and assessment optional, as in the seed's
//!   "Bilancio" form) must add up to the payment amount exactly, in cents, for every payment mode.
//! - A payment has 1 to 5 transfers (`transferList`, `idTransfer` 1..5) adding up to the payment
//!   amount; each goes either to an IBAN or is an @e.bollo request, which is left out of the
//!   entity's reconciliation (the money never reaches it).
//! - A cart pays up to 5 notices together in one pagoPA session, with one fee.

use serde::{Deserialize, Serialize};

use super::amount::{cents_to_string, Amount};
use super::error::PaymentsError;
use super::notice::{digits18, Fault, PagopaCheck};
use super::qr::creditor_fiscal_code_validate;
use super::stamp::MarcaDaBolloRequest;

/// Most transfers in one payment (`transferList`).
pub const MAX_TRANSFERS: usize = 5;
/// Most notices paid together in one cart.
pub const MAX_CART_NOTICES: usize = 5;
/// Most parts [`split_evenly`] makes: far above any instalment plan or budget split (a split
/// feeds at most [`MAX_TRANSFERS`] transfers), and a bound on the memory one call can take.
pub const MAX_SPLIT_PARTS: usize = 10_000;

/// One row of the budget split (bilancio). JSON: `{"id": "1", "chapter": "3300", "office": "UFF01",
/// "assessment": "2025/123", "amount": "10.00"}`. As in the seed's form, `ID`, capitolo and importo
/// are required and the office (ufficio) is optional (the reference platform's `codCapitolo`,
/// `codUfficio`, `codAccertamento`, `importo`; the payment proxy's `split_id`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BudgetEntry {
    /// The row's identifier (the seed form's `ID`, the proxy's `split_id`), non-empty.
    pub id: String,
    /// Budget chapter (capitolo), non-empty.
    pub chapter: String,
    /// Office code (ufficio), optional.
    #[serde(default)]
    pub office: Option<String>,
    /// Assessment code (accertamento), optional.
    #[serde(default)]
    pub assessment: Option<String>,
    /// The entry's share of the total.
    pub amount: Amount,
}

/// Checks a budget split: a non-empty `id` and chapter on every row (the office is optional), and
/// `Σ amount == total` exactly. Errors `payments.split_entry` (with the index and field `id` or
/// `chapter`), `payments.split_sum` (with the expected and actual sums).
pub fn check_split(total: Amount, entries: &[BudgetEntry]) -> Result<(), PaymentsError> {
    let mut sum: u128 = 0;
    for (index, e) in entries.iter().enumerate() {
        if e.id.trim().is_empty() {
            return Err(PaymentsError::SplitEntry { index, field: "id".into() });
        }
        if e.chapter.trim().is_empty() {
            return Err(PaymentsError::SplitEntry { index, field: "chapter".into() });
        }
        sum += u128::from(e.amount.cents());
    }
    if sum != u128::from(total.cents()) {
        return Err(PaymentsError::SplitSum { expected: total.to_string(), actual: cents_to_string(sum) });
    }
    Ok(())
}

/// Splits `total` into `parts` amounts that differ by at most one cent and add up exactly (the
/// first ones get the extra cents). Error `payments.invalid` when `parts` is 0,
/// `payments.too_many_parts` above [`MAX_SPLIT_PARTS`] (checked before anything is allocated).
pub fn split_evenly(total: Amount, parts: usize) -> Result<Vec<Amount>, PaymentsError> {
    if parts == 0 {
        return Err(PaymentsError::Invalid { message: "cannot split into 0 parts".into() });
    }
    if parts > MAX_SPLIT_PARTS {
        return Err(PaymentsError::TooManyParts { parts: parts as u64, max: MAX_SPLIT_PARTS as u64 });
    }
    let n = parts as u64;
    let (each, rest) = (total.cents() / n, total.cents() % n);
    (0..n).map(|i| Amount::from_cents(each + u64::from(i < rest))).collect()
}

/// A `mapEntry` of transfer metadata (1 to 140 characters each).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MetadataEntry {
    /// Metadata key, 1 to 140 characters.
    pub key: String,
    /// Metadata value, 1 to 140 characters.
    pub value: String,
}

/// One pagoPA transfer (`ctTransferPAV2`). Exactly one of `iban` and `stamp`. JSON:
/// `{"idTransfer": 1, "amount": "16.00", "fiscalCodePa": "83000390019", "companyName": null,
/// "iban": "IT60X0542811101000000123456", "stamp": null, "remittanceInformation": "...",
/// "transferCategory": "9/0101002IM/", "metadata": []}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Transfer {
    /// 1 to 5, unique within the payment.
    pub id_transfer: u8,
    /// Positive.
    pub amount: Amount,
    /// The beneficiary entity's fiscal code (11 digits).
    pub fiscal_code_pa: String,
    /// The beneficiary entity's name (`companyName`), if given.
    #[serde(default)]
    pub company_name: Option<String>,
    /// The beneficiary's IBAN.
    #[serde(default)]
    pub iban: Option<String>,
    /// Or an @e.bollo request (`richiestaMarcaDaBollo`) instead of an IBAN.
    #[serde(default)]
    pub stamp: Option<MarcaDaBolloRequest>,
    /// 1 to 140 characters.
    pub remittance_information: String,
    /// Taxonomy code, 1 to 140 characters.
    pub transfer_category: String,
    /// At most 10 entries.
    #[serde(default)]
    pub metadata: Vec<MetadataEntry>,
}

impl Transfer {
    /// Whether the money reaches the entity and so belongs to its reconciliation: false for an
    /// @e.bollo transfer.
    pub fn is_reconciled(&self) -> bool {
        self.stamp.is_none()
    }

    /// Where the money of this transfer goes, for the payment of `creditor_fiscal_code` (the
    /// notice's ente): an @e.bollo request is [`TransferRouting::StampAgreement`], an IBAN of the
    /// creditor itself [`TransferRouting::Creditor`], an IBAN of another ente
    /// [`TransferRouting::MultiBeneficiary`]. Fiscal codes are compared without surrounding spaces.
    pub fn routing(&self, creditor_fiscal_code: &str) -> TransferRouting {
        if self.stamp.is_some() {
            TransferRouting::StampAgreement
        } else if self.fiscal_code_pa.trim() == creditor_fiscal_code.trim() {
            TransferRouting::Creditor
        } else {
            TransferRouting::MultiBeneficiary
        }
    }
}

/// Where a transfer's money goes: the explicit choice between a stamp bought through the
/// agreement with the Agenzia delle Entrate (@e.bollo, the Marca da Bollo Digitale: the transfer
/// carries `richiestaMarcaDaBollo` instead of an IBAN and the money never reaches the ente) and
/// routing to an IBAN, the creditor's own or another beneficiary's (SANP "Tributi
/// multi-beneficiario"). JSON: `"creditor"`, `"multiBeneficiary"`, `"stampAgreement"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum TransferRouting {
    /// To an IBAN of the ente that issued the notice (reconciled by it).
    Creditor,
    /// To an IBAN of another ente (`fiscalCodePa` differs from the creditor's): multi-beneficiary.
    MultiBeneficiary,
    /// An @e.bollo request: the stamp is bought through the Agenzia delle Entrate agreement; the
    /// money never reaches the ente and is left out of its reconciliation.
    StampAgreement,
}

impl TransferRouting {
    /// The camelCase name (the serialised form): `"creditor"`, `"multiBeneficiary"`,
    /// `"stampAgreement"`.
    pub fn as_str(self) -> &'static str {
        match self {
            TransferRouting::Creditor => "creditor",
            TransferRouting::MultiBeneficiary => "multiBeneficiary",
            TransferRouting::StampAgreement => "stampAgreement",
        }
    }
}

/// The routing of each transfer of a payment issued by `creditor_fiscal_code`, in order (see
/// [`Transfer::routing`]). Error `payments.creditor_fiscal_code` for a creditor code that is not
/// 11 digits with a valid check digit.
pub fn transfer_routing(creditor_fiscal_code: &str, transfers: &[Transfer]) -> Result<Vec<TransferRouting>, PaymentsError> {
    let creditor = creditor_fiscal_code_validate(creditor_fiscal_code, PagopaCheck::Strict)?;
    Ok(transfers.iter().map(|t| t.routing(&creditor)).collect())
}

/// Whether `iban` has the IBAN shape (`[A-Z]{2}\d{2}[A-Za-z0-9]{1,30}`, spaces ignored) and its
/// mod-97 check holds.
pub fn iban_is_valid(iban: &str) -> bool {
    let s: Vec<u8> = iban.bytes().filter(|b| *b != b' ').map(|b| b.to_ascii_uppercase()).collect();
    let shape = s.len() >= 5
        && s.len() <= 34
        && s.iter().take(2).all(u8::is_ascii_uppercase)
        && s.iter().skip(2).take(2).all(u8::is_ascii_digit)
        && s.iter().all(u8::is_ascii_alphanumeric);
    if !shape {
        return false;
    }
    let mut r: u32 = 0;
    for &c in s.iter().skip(4).chain(s.iter().take(4)) {
        r = if c.is_ascii_digit() { (r * 10 + u32::from(c - b'0')) % 97 } else { (r * 100 + u32::from(c - b'A') + 10) % 97 };
    }
    r == 1
}

fn len_ok(s: &str, max: usize) -> bool {
    let n = s.chars().count();
    (1..=max).contains(&n)
}

fn check_transfer(index: usize, t: &Transfer) -> Result<(), PaymentsError> {
    let bad = |reason: String| PaymentsError::Transfer { index, reason };
    if t.amount.is_zero() {
        return Err(bad("the amount must be greater than zero".into()));
    }
    creditor_fiscal_code_validate(&t.fiscal_code_pa, PagopaCheck::Strict).map_err(|e| bad(format!("fiscalCodePa: {e}")))?;
    match (&t.iban, &t.stamp) {
        (Some(iban), None) => {
            if !iban_is_valid(iban) {
                return Err(bad("iban is not a valid IBAN".into()));
            }
        }
        (None, Some(stamp)) => stamp.validate().map_err(|e| bad(format!("stamp: {e}")))?,
        _ => return Err(bad("exactly one of iban and stamp".into())),
    }
    if !len_ok(&t.remittance_information, 140) {
        return Err(bad("remittanceInformation has 1 to 140 characters".into()));
    }
    if !len_ok(&t.transfer_category, 140) {
        return Err(bad("transferCategory has 1 to 140 characters".into()));
    }
    if t.metadata.len() > 10 {
        return Err(bad("at most 10 metadata entries".into()));
    }
    if t.metadata.iter().any(|m| !len_ok(&m.key, 140) || !len_ok(&m.value, 140)) {
        return Err(bad("metadata keys and values have 1 to 140 characters".into()));
    }
    if let Some(name) = &t.company_name {
        if !len_ok(name, 140) {
            return Err(bad("companyName has 1 to 140 characters".into()));
        }
    }
    Ok(())
}

/// Checks a payment's transfer list against its amount: 1 to 5 transfers, `idTransfer` unique in
/// 1..=5, each transfer well formed, and `Σ amount == total` exactly. Errors
/// `payments.amount_zero`, `payments.transfer_count`, `payments.transfer` (index and reason),
/// `payments.split_sum`.
pub fn check_transfers(total: Amount, transfers: &[Transfer]) -> Result<(), PaymentsError> {
    total.require_positive()?;
    if transfers.is_empty() || transfers.len() > MAX_TRANSFERS {
        return Err(PaymentsError::TransferCount { count: transfers.len(), max: MAX_TRANSFERS });
    }
    let mut seen = [false; MAX_TRANSFERS + 1];
    let mut sum: u128 = 0;
    for (index, t) in transfers.iter().enumerate() {
        let id = usize::from(t.id_transfer);
        match seen.get_mut(id) {
            Some(slot) if id >= 1 && !*slot => *slot = true,
            _ => return Err(PaymentsError::Transfer { index, reason: format!("idTransfer {id} is not a new id in 1..=5") }),
        }
        check_transfer(index, t)?;
        sum += u128::from(t.amount.cents());
    }
    if sum != u128::from(total.cents()) {
        return Err(PaymentsError::SplitSum { expected: total.to_string(), actual: cents_to_string(sum) });
    }
    Ok(())
}

/// The part of a payment the entity reconciles: the sum of the transfers that are not @e.bollo.
pub fn reconciled_total(transfers: &[Transfer]) -> Result<Amount, PaymentsError> {
    Amount::sum(transfers.iter().filter(|t| t.is_reconciled()).map(|t| t.amount))
}

/// One notice in a cart. JSON: `{"notice": "301000000000000144", "creditorFiscalCode":
/// "83000390019", "amount": "16.00"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CartItem {
    /// The 18-digit notice number.
    pub notice: String,
    /// The 11-digit fiscal code of the creditor entity (JSON `creditorFiscalCode`).
    pub creditor_fiscal_code: String,
    /// The amount of the notice, positive.
    pub amount: Amount,
}

/// The totals of a valid cart: the fee is charged once for the whole cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CartSummary {
    /// How many notices are in the cart.
    pub notices: usize,
    /// Sum of the notices' amounts.
    pub subtotal: Amount,
    /// The one fee (commissione) of the session.
    pub fee: Amount,
    /// `subtotal + fee`.
    pub total: Amount,
}

/// Checks a cart: 1 to 5 notices, each valid (strict) with a valid creditor fiscal code and a
/// positive amount, no notice twice for the same creditor; one fee for all. Errors
/// `payments.cart_size`, `payments.cart_duplicate`, the notice / fiscal code / amount codes.
pub fn check_cart(items: &[CartItem], fee: Amount) -> Result<CartSummary, PaymentsError> {
    if items.is_empty() || items.len() > MAX_CART_NOTICES {
        return Err(PaymentsError::CartSize { count: items.len(), max: MAX_CART_NOTICES });
    }
    let mut keys: Vec<([u8; 18], &str)> = Vec::with_capacity(items.len());
    for it in items {
        let d = digits18(&it.notice).map_err(Fault::into_error)?;
        super::notice::check(&d, PagopaCheck::Strict).map_err(Fault::into_error)?;
        let cf = it.creditor_fiscal_code.trim();
        creditor_fiscal_code_validate(cf, PagopaCheck::Strict)?;
        it.amount.require_positive()?;
        if keys.iter().any(|(k, c)| *k == d && *c == cf) {
            return Err(PaymentsError::CartDuplicate { notice: d.iter().map(|x| char::from(b'0' + x)).collect() });
        }
        keys.push((d, cf));
    }
    let subtotal = Amount::sum(items.iter().map(|i| i.amount))?;
    let total = subtotal.checked_add(fee)?;
    Ok(CartSummary { notices: items.len(), subtotal, fee, total })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(c: &str, o: &str, cents: u64) -> BudgetEntry {
        let office = Some(o.to_string()).filter(|o| !o.is_empty());
        BudgetEntry { id: c.into(), chapter: c.into(), office, assessment: None, amount: Amount::from_cents(cents).unwrap_or_default() }
    }

    #[test]
    fn routing_names_are_the_serialised_ones() {
        for r in [TransferRouting::Creditor, TransferRouting::MultiBeneficiary, TransferRouting::StampAgreement] {
            assert_eq!(crate::error::to_json(&r), format!("\"{}\"", r.as_str()));
        }
    }

    #[test]
    fn split() {
        let total = Amount::from_cents(30).unwrap_or_default();
        assert!(check_split(total, &[entry("1", "A", 10), entry("2", "A", 20)]).is_ok());
        assert_eq!(
            check_split(total, &[entry("1", "A", 10), entry("2", "A", 21)]),
            Err(PaymentsError::SplitSum { expected: "0.30".into(), actual: "0.31".into() })
        );
        assert!(check_split(total, &[entry("1", "", 30)]).is_ok(), "the office is optional");
        assert_eq!(check_split(total, &[entry(" ", "A", 30)]), Err(PaymentsError::SplitEntry { index: 0, field: "id".into() }));
        let parts = split_evenly(Amount::from_cents(100).unwrap_or_default(), 3).unwrap_or_default();
        assert_eq!(parts.iter().map(|a| a.cents()).collect::<Vec<_>>(), vec![34, 33, 33]);
    }

    #[test]
    fn iban() {
        assert!(iban_is_valid("IT60X0542811101000000123456"));
        assert!(iban_is_valid("IT60 X054 2811 1010 0000 0123 456"));
        assert!(!iban_is_valid("IT61X0542811101000000123456"));
        assert!(!iban_is_valid("IT"));
    }
}
