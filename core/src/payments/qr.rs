//! The payment notice QR code payload and the creditor entity's fiscal code.
//!
//! `PAGOPA|002|<notice 18n>|<creditor fiscal code 11n>|<amount in cents>` (pagoPA "Avviso di
//! pagamento", page "Codice QR"): cents are emitted without leading zeros and accepted with 1 to 11
//! digits (some real codes carry a single digit; 999,999,999.99 € is 11 digits).

use serde::{Deserialize, Serialize};

use super::amount::Amount;
use super::error::PaymentsError;
use super::notice::{digits18, Fault, PagopaCheck};

/// The QR payload's fixed prefix and version.
pub const QR_PREFIX: &str = "PAGOPA|002|";

/// A decoded QR payload. JSON:
/// `{"notice": "301000000000000144", "creditorFiscalCode": "83000390019", "amount": "16.00"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QrPayload {
    /// The 18-digit notice number.
    pub notice: String,
    /// The 11-digit fiscal code of the creditor entity.
    pub creditor_fiscal_code: String,
    /// The amount (the QR carries cents; two decimals here).
    pub amount: Amount,
}

/// Validates the fiscal code of a creditor entity (`stFiscalCodePA`): exactly 11 digits, not
/// `00000000000`, and in [`PagopaCheck::Strict`] mode the partita IVA check digit (through
/// [`crate::cf::piva`]). Returns the code. Error `payments.creditor_fiscal_code`.
pub fn creditor_fiscal_code_validate(input: &str, mode: PagopaCheck) -> Result<String, PaymentsError> {
    let s = input.trim();
    if s.len() != 11 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PaymentsError::CreditorFiscalCode { reason: "11 digits expected".into() });
    }
    if s.bytes().all(|b| b == b'0') {
        return Err(PaymentsError::CreditorFiscalCode { reason: "00000000000 is not a fiscal code".into() });
    }
    if mode == PagopaCheck::Strict {
        crate::cf::piva::validate(s).map_err(|e| PaymentsError::CreditorFiscalCode { reason: e.to_string() })?;
    }
    Ok(s.to_string())
}

/// Whether `input` is a valid creditor fiscal code (strict).
pub fn creditor_fiscal_code_is_valid(input: &str) -> bool {
    creditor_fiscal_code_validate(input, PagopaCheck::Strict).is_ok()
}

fn notice_digits(notice: &str, mode: PagopaCheck) -> Result<String, PaymentsError> {
    let d = digits18(notice).map_err(Fault::into_error)?;
    super::notice::check(&d, mode).map_err(Fault::into_error)?;
    Ok(d.iter().map(|x| char::from(b'0' + x)).collect())
}

/// Builds the QR payload of a payment notice. The notice must be valid (strict), the fiscal code
/// valid and the amount positive. `qr_payload("301000000000000144", "83000390019", 16.00)` is
/// `"PAGOPA|002|301000000000000144|83000390019|1600"`.
pub fn qr_payload(notice: &str, creditor_fiscal_code: &str, amount: Amount) -> Result<String, PaymentsError> {
    let n = notice_digits(notice, PagopaCheck::Strict)?;
    let cf = creditor_fiscal_code_validate(creditor_fiscal_code, PagopaCheck::Strict)?;
    let a = amount.require_positive()?;
    Ok(format!("{QR_PREFIX}{n}|{cf}|{}", a.cents()))
}

/// Parses a QR payload. In [`PagopaCheck::Strict`] mode the notice check digits and the fiscal
/// code check digit are verified; [`PagopaCheck::StructureOnly`] checks only the shapes.
/// Errors: `payments.qr_format` (prefix, version, number of fields, cents), the notice's own
/// codes (`payments.notice_format`, `payments.aux_digit`, `payments.check_digits`),
/// `payments.creditor_fiscal_code`, `payments.amount_zero`, `payments.amount_too_large`.
pub fn parse_qr_payload(input: &str, mode: PagopaCheck) -> Result<QrPayload, PaymentsError> {
    let s = input.trim();
    let mut fields = s.split('|');
    let (tag, version) = (fields.next().unwrap_or(""), fields.next().unwrap_or(""));
    if tag != "PAGOPA" {
        return Err(PaymentsError::QrFormat { reason: "the payload starts with PAGOPA|".into() });
    }
    if version != "002" {
        return Err(PaymentsError::QrFormat { reason: format!("unsupported version {version:?}, 002 expected") });
    }
    let (notice, cf, cents) = match (fields.next(), fields.next(), fields.next(), fields.next()) {
        (Some(n), Some(c), Some(a), None) => (n, c, a),
        _ => return Err(PaymentsError::QrFormat { reason: "5 fields separated by | expected".into() }),
    };
    if notice.len() != 18 {
        return Err(PaymentsError::QrFormat { reason: "the notice number has 18 digits".into() });
    }
    let notice = notice_digits(notice, mode)?;
    let creditor_fiscal_code = creditor_fiscal_code_validate(cf, mode)?;
    if cents.is_empty() || cents.len() > 11 || !cents.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PaymentsError::QrFormat { reason: "the amount is 1 to 11 digits of cents".into() });
    }
    let value: u64 = cents.parse().map_err(|_| PaymentsError::QrFormat { reason: "bad amount".into() })?;
    let amount = Amount::from_cents(value)?.require_positive()?;
    Ok(QrPayload { notice, creditor_fiscal_code, amount })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure() {
        let p = parse_qr_payload("PAGOPA|002|301000000000000144|83000390019|1600", PagopaCheck::StructureOnly);
        assert_eq!(p.map(|p| p.amount.to_string()).ok().as_deref(), Some("16.00"));
        let one = parse_qr_payload("PAGOPA|002|301000000000000144|83000390019|5", PagopaCheck::StructureOnly);
        assert_eq!(one.map(|p| p.amount.cents()).ok(), Some(5));
        for bad in [
            "PAGOPA|001|301000000000000144|83000390019|1600",
            "PAGOPA|002|301000000000000144|83000390019",
            "PAGOPA|002|301000000000000144|83000390019|1600|x",
            "PAGOPA|002|301000000000000144|83000390019|",
            "PAGOPA|002|301000000000000144|83000390019|123456789012",
            "pagopa|002|301000000000000144|83000390019|1600",
            "PAGOPA|002|3010 0000 0000 0001 44|83000390019|1600",
        ] {
            assert!(matches!(parse_qr_payload(bad, PagopaCheck::StructureOnly), Err(PaymentsError::QrFormat { .. })), "{bad}");
        }
        assert_eq!(parse_qr_payload("PAGOPA|002|301000000000000144|83000390019|0", PagopaCheck::StructureOnly), Err(PaymentsError::AmountZero));
        assert!(matches!(
            parse_qr_payload("PAGOPA|002|301000000000000144|00000000000|1600", PagopaCheck::StructureOnly),
            Err(PaymentsError::CreditorFiscalCode { .. })
        ));
        assert!(matches!(
            parse_qr_payload("PAGOPA|002|344012345678901233|83000390019|1600", PagopaCheck::Strict),
            Err(PaymentsError::CheckDigits { .. })
        ));
    }
}
