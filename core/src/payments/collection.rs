//! "Dati specifici di riscossione" (legacy RPT, `[0129]/\S{3,138}`) and pagoPA taxonomy codes
//! (`transferCategory`, `^[6789]/\d{7}(IM|TS|SP|SA|AP)/$`).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::PaymentsError;

/// The type digit of collection data (PagInf_RPT_RT_6_2_0.xsd).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum CollectionKind {
    /// `0`: State budget chapter and article.
    BudgetChapter,
    /// `1`: special account number.
    SpecialAccount,
    /// `2`: SIOPE code.
    Siope,
    /// `9`: another code of the administration (often a taxonomy code or e.g. `9/3300.1`).
    Other,
}

impl CollectionKind {
    /// The digit on the wire.
    pub fn digit(self) -> char {
        match self {
            CollectionKind::BudgetChapter => '0',
            CollectionKind::SpecialAccount => '1',
            CollectionKind::Siope => '2',
            CollectionKind::Other => '9',
        }
    }
}

/// Dati specifici di riscossione: `<type>/<code>`, e.g. `0/3321.00`. JSON:
/// `{"kind": "budgetChapter", "code": "3321.00"}`; [`fmt::Display`] gives the wire form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CollectionData {
    /// The type digit before the `/`.
    pub kind: CollectionKind,
    /// 3 to 138 non-space characters.
    pub code: String,
}

impl fmt::Display for CollectionData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind.digit(), self.code)
    }
}

/// Parses dati specifici di riscossione. Error `payments.collection_data_format`.
pub fn parse_collection_data(input: &str) -> Result<CollectionData, PaymentsError> {
    let bad = || PaymentsError::CollectionDataFormat { input: input.to_string() };
    let mut chars = input.chars();
    let kind = match chars.next() {
        Some('0') => CollectionKind::BudgetChapter,
        Some('1') => CollectionKind::SpecialAccount,
        Some('2') => CollectionKind::Siope,
        Some('9') => CollectionKind::Other,
        _ => return Err(bad()),
    };
    if chars.next() != Some('/') {
        return Err(bad());
    }
    let code = chars.as_str();
    let n = code.chars().count();
    if !(3..=138).contains(&n) || code.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    Ok(CollectionData { kind, code: code.to_string() })
}

/// The legal reason letters of a taxonomy code. `IM` imposta and `TS` tassa; `SP`, `SA`, `AP` as
/// in the official list (their meaning is \[unverified\] here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "UPPERCASE", deny_unknown_fields)]
pub enum LegalReason {
    /// `IM`: imposta (a tax).
    Im,
    /// `TS`: tassa (a fee for a service).
    Ts,
    /// `SP`: as in the official taxonomy list.
    Sp,
    /// `SA`: as in the official taxonomy list.
    Sa,
    /// `AP`: as in the official taxonomy list.
    Ap,
}

impl LegalReason {
    fn as_str(self) -> &'static str {
        match self {
            LegalReason::Im => "IM",
            LegalReason::Ts => "TS",
            LegalReason::Sp => "SP",
            LegalReason::Sa => "SA",
            LegalReason::Ap => "AP",
        }
    }
}

/// A pagoPA taxonomy code (SANP "Tassonomia dei servizi di incasso"), e.g. `9/0101002IM/`. JSON:
/// `{"prefix": 9, "enteType": "01", "macroArea": "01", "serviceType": "002", "legalReason": "IM"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaxonomyCode {
    /// 9, or 6, 7, 8 to opt out of SEPA Request-To-Pay forwarding (from 1 March 2026).
    pub prefix: u8,
    /// Ente type code, 2 digits.
    pub ente_type: String,
    /// Macro-area progressive, 2 digits.
    pub macro_area: String,
    /// Service type code, 3 digits.
    pub service_type: String,
    /// The two letters at the end (`IM`, `TS`, `SP`, `SA`, `AP`).
    pub legal_reason: LegalReason,
}

impl TaxonomyCode {
    /// Whether SEPA Request-To-Pay forwarding is allowed (prefix `9/`).
    pub fn srtp_allowed(&self) -> bool {
        self.prefix == 9
    }
}

impl fmt::Display for TaxonomyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}{}{}{}/", self.prefix, self.ente_type, self.macro_area, self.service_type, self.legal_reason.as_str())
    }
}

/// Parses a taxonomy code. Error `payments.taxonomy_format`.
pub fn parse_taxonomy(input: &str) -> Result<TaxonomyCode, PaymentsError> {
    let bad = || PaymentsError::TaxonomyFormat { input: input.to_string() };
    let b = input.as_bytes();
    if b.len() != 12 || b.get(1) != Some(&b'/') || b.get(11) != Some(&b'/') {
        return Err(bad());
    }
    let prefix = match b.first() {
        Some(c @ b'6'..=b'9') => c - b'0',
        _ => return Err(bad()),
    };
    let digits = input.get(2..9).ok_or_else(bad)?;
    if !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let legal_reason = match input.get(9..11) {
        Some("IM") => LegalReason::Im,
        Some("TS") => LegalReason::Ts,
        Some("SP") => LegalReason::Sp,
        Some("SA") => LegalReason::Sa,
        Some("AP") => LegalReason::Ap,
        _ => return Err(bad()),
    };
    Ok(TaxonomyCode {
        prefix,
        ente_type: digits.get(0..2).unwrap_or("").into(),
        macro_area: digits.get(2..4).unwrap_or("").into(),
        service_type: digits.get(4..7).unwrap_or("").into(),
        legal_reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collection() {
        let c = parse_collection_data("0/3321.00");
        assert_eq!(c.as_ref().map(|c| c.kind).ok(), Some(CollectionKind::BudgetChapter));
        assert_eq!(c.map(|c| c.to_string()).ok().as_deref(), Some("0/3321.00"));
        assert!(parse_collection_data("9/3300.1").is_ok());
        for bad in ["3/3321", "0/12", "0-3321", "0/33 21", "", "9/"] {
            assert!(parse_collection_data(bad).is_err(), "{bad}");
        }
        assert!(parse_collection_data(&format!("9/{}", "x".repeat(138))).is_ok());
        assert!(parse_collection_data(&format!("9/{}", "x".repeat(139))).is_err());
    }

    #[test]
    fn taxonomy() {
        let t = parse_taxonomy("9/0101002IM/");
        assert_eq!(t.as_ref().map(|t| t.to_string()).ok().as_deref(), Some("9/0101002IM/"));
        assert_eq!(t.map(|t| t.srtp_allowed()).ok(), Some(true));
        assert_eq!(parse_taxonomy("6/0101002TS/").map(|t| t.srtp_allowed()).ok(), Some(false));
        for bad in ["5/0101002IM/", "9/0101002XX/", "9/010100IM/", "9/0101002IM", "9/01a1002IM/", "9/0101002IMé"] {
            assert!(parse_taxonomy(bad).is_err(), "{bad}");
        }
    }
}
