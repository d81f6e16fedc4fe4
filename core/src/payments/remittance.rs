//! Remittance strings (causale di versamento, SACI 1.3.1 chapter 3, EACT format):
//! `/RFS/<RF>/<importo>[/TXT/<descr>]` for ISO 11649 IUVs (schemes D, F; the RF printed in groups
//! of 4) and `/RFB/<IUV>[/<importo>][/TXT/<descr>]` for the others (schemes A, B, C, E).

use serde::{Deserialize, Serialize};

use super::amount::Amount;
use super::error::PaymentsError;
use super::rf::{rf_printed, rf_validate};

/// Longest remittance string (the SEPA unstructured remittance field).
pub const REMITTANCE_MAX: usize = 140;
/// Longest non-RF IUV (SACI §2.3 scheme C).
pub const IUV_MAX: usize = 35;

/// Which remittance tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum RemittanceKind {
    /// `/RFS/`: the IUV is an ISO 11649 RF creditor reference; the amount is required.
    Rfs,
    /// `/RFB/`: any other IUV; the amount is optional.
    Rfb,
}

/// A remittance string's content. JSON:
/// `{"kind": "rfb", "iuv": "9876096598656344", "amount": "12.34", "text": "Richiesta certificato"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Remittance {
    /// `/RFS/` (an RF reference) or `/RFB/` (any other IUV).
    pub kind: RemittanceKind,
    /// The IUV; for `/RFS/` the RF reference without spaces.
    pub iuv: String,
    /// The amount after `/`; required for `/RFS/`, optional for `/RFB/`.
    #[serde(default)]
    pub amount: Option<Amount>,
    /// The free text after `/TXT/`.
    #[serde(default)]
    pub text: Option<String>,
}

fn err(reason: impl Into<String>) -> PaymentsError {
    PaymentsError::RemittanceFormat { reason: reason.into() }
}

fn check_plain_iuv(iuv: &str) -> Result<(), PaymentsError> {
    if iuv.is_empty() || iuv.len() > IUV_MAX || !iuv.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(err(format!("an IUV has 1 to {IUV_MAX} letters or digits")));
    }
    Ok(())
}

/// Builds the remittance string. Errors: `payments.remittance_format` (IUV shape, missing amount
/// for `/RFS/`, longer than 140 characters), the RF's own codes for `/RFS/`.
pub fn remittance_build(r: &Remittance) -> Result<String, PaymentsError> {
    let mut out = String::with_capacity(64);
    match r.kind {
        RemittanceKind::Rfs => {
            let rf = rf_validate(&r.iuv)?;
            let amount = r.amount.ok_or_else(|| err("/RFS/ needs the amount"))?;
            out.push_str("/RFS/");
            out.push_str(&rf_printed(&rf));
            out.push('/');
            out.push_str(&amount.to_string());
        }
        RemittanceKind::Rfb => {
            check_plain_iuv(&r.iuv)?;
            out.push_str("/RFB/");
            out.push_str(&r.iuv);
            if let Some(a) = r.amount {
                out.push('/');
                out.push_str(&a.to_string());
            }
        }
    }
    if let Some(t) = &r.text {
        out.push_str("/TXT/");
        out.push_str(t);
    }
    if out.chars().count() > REMITTANCE_MAX {
        return Err(err(format!("longer than {REMITTANCE_MAX} characters")));
    }
    Ok(out)
}

fn parse_wire_amount(s: &str) -> Result<Amount, PaymentsError> {
    if s.contains(',') {
        return Err(err("the amount uses a dot as decimal separator"));
    }
    Amount::parse(s)
}

/// Parses a `/RFS/` or `/RFB/` remittance string.
pub fn parse_remittance(input: &str) -> Result<Remittance, PaymentsError> {
    let s = input.trim();
    if s.chars().count() > REMITTANCE_MAX {
        return Err(err(format!("longer than {REMITTANCE_MAX} characters")));
    }
    let (kind, rest) = if let Some(rest) = s.strip_prefix("/RFS/") {
        (RemittanceKind::Rfs, rest)
    } else if let Some(rest) = s.strip_prefix("/RFB/") {
        (RemittanceKind::Rfb, rest)
    } else {
        return Err(err("starts with /RFS/ or /RFB/"));
    };
    let (head, text) = match rest.find("/TXT/") {
        Some(i) => (rest.get(..i).unwrap_or(""), Some(rest.get(i + 5..).unwrap_or("").to_string())),
        None => (rest, None),
    };
    let mut parts = head.split('/');
    let iuv = parts.next().unwrap_or("");
    let amount = parts.next();
    if parts.next().is_some() {
        return Err(err("unexpected / after the amount"));
    }
    match kind {
        RemittanceKind::Rfs => {
            let rf = rf_validate(iuv)?;
            let amount = amount.ok_or_else(|| err("/RFS/ needs the amount"))?;
            Ok(Remittance { kind, iuv: rf, amount: Some(parse_wire_amount(amount)?), text })
        }
        RemittanceKind::Rfb => {
            check_plain_iuv(iuv)?;
            let amount = amount.map(parse_wire_amount).transpose()?;
            Ok(Remittance { kind, iuv: iuv.to_string(), amount, text })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saci_examples() {
        let r = parse_remittance("/RFB/9876096598656344/12.34/TXT/Richiesta certificato");
        let r = r.ok();
        assert_eq!(r.as_ref().map(|r| r.iuv.as_str()), Some("9876096598656344"));
        assert_eq!(r.as_ref().and_then(|r| r.amount).map(|a| a.cents()), Some(1234));
        assert_eq!(r.as_ref().and_then(|r| r.text.as_deref()), Some("Richiesta certificato"));
        assert_eq!(r.as_ref().map(remittance_build).and_then(Result::ok).as_deref(), Some("/RFB/9876096598656344/12.34/TXT/Richiesta certificato"));
        assert!(parse_remittance("/RFB/9876096598656344").is_ok());
        // The SACI chapter 3 RFS example has wrong check digits (78 expected).
        assert!(matches!(parse_remittance("/RFS/RF23 5674 8393 7849 4505 5087 5/45.56"), Err(PaymentsError::RfCheckDigits { .. })));
        let fixed = parse_remittance("/RFS/RF78 5674 8393 7849 4505 5087 5/45.56");
        assert_eq!(fixed.as_ref().map(|r| r.iuv.as_str()).ok(), Some("RF78567483937849450550875"));
        assert_eq!(fixed.as_ref().ok().map(remittance_build).and_then(Result::ok).as_deref(), Some("/RFS/RF78 5674 8393 7849 4505 5087 5/45.56"));
        assert!(parse_remittance("/RFS/RF78567483937849450550875").is_err());
        assert!(parse_remittance("/RFB/98760965986563/12,34").is_err());
        assert!(parse_remittance("/RFX/1").is_err());
    }
}
