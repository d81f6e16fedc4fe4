//! The identifiers and the causale of a practice's payment, as the reference platform makes them
//! (payments.md §6.3, §9.2, §9.3).
//!
//! - IUD (Identificativo Univoco Dovuto): an ente-side key of at most 35 characters; the reference
//!   platform uses the practice UUID without dashes.
//! - Causale: the form's `payment_description` when given, else `"<practice id> - <codice
//!   fiscale>"`; at most 140 characters (`ctPaymentPAV2` description).

use super::error::PaymentsError;

/// Most characters of an IUD (an opaque ente-side key, payments.md §6.3).
pub const IUD_MAX: usize = 35;
/// Most characters of a payment's causale (`description` of `ctPaymentPAV2`, payments.md §6).
pub const REASON_MAX: usize = 140;

/// The IUD of a practice's payment: the practice id without dashes, as the reference platform
/// makes it from the practice UUID (`"6f1d3c9e-..."` → `"6f1d3c9e..."`, 32 characters). Error
/// `payments.iud` for an id that is blank, holds a space or a control character, or has more than
/// 35 characters without its dashes.
pub fn iud(practice_id: &str) -> Result<String, PaymentsError> {
    let id: String = practice_id.chars().filter(|c| *c != '-').collect();
    let bad = |reason: String| PaymentsError::Iud { reason };
    if id.is_empty() {
        return Err(bad("the practice id is blank".into()));
    }
    if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("the practice id holds a space or a control character".into()));
    }
    let n = id.chars().count();
    if n > IUD_MAX {
        return Err(bad(format!("{n} characters without dashes, at most {IUD_MAX}")));
    }
    Ok(id)
}

/// The causale of a practice's payment: `description` (the form's `payment_description`) when it is
/// given and not blank, trimmed; else the platform's default `"<practice id> - <codice fiscale>"`.
/// Error `payments.reason` when the default's practice id or fiscal code is blank, or the causale
/// has more than 140 characters.
pub fn payment_reason(practice_id: &str, fiscal_code: &str, description: Option<&str>) -> Result<String, PaymentsError> {
    let bad = |reason: String| PaymentsError::Reason { reason };
    let text = match description.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => d.to_string(),
        None => {
            let (id, cf) = (practice_id.trim(), fiscal_code.trim());
            if id.is_empty() || cf.is_empty() {
                return Err(bad("the default causale needs the practice id and the codice fiscale".into()));
            }
            format!("{id} - {cf}")
        }
    };
    let n = text.chars().count();
    if n > REASON_MAX {
        return Err(bad(format!("{n} characters, at most {REASON_MAX}")));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iud_and_reason() {
        assert_eq!(iud("6f1d3c9e-2b4a-4c1e-9f0a-1234567890ab").ok().as_deref(), Some("6f1d3c9e2b4a4c1e9f0a1234567890ab"));
        assert!(matches!(iud("--"), Err(PaymentsError::Iud { .. })));
        assert!(matches!(iud(&"a".repeat(36)), Err(PaymentsError::Iud { .. })));
        assert_eq!(payment_reason("P-1", "RSSMRA80A01H501U", None).ok().as_deref(), Some("P-1 - RSSMRA80A01H501U"));
        assert_eq!(payment_reason("P-1", "RSSMRA80A01H501U", Some("  ")).ok().as_deref(), Some("P-1 - RSSMRA80A01H501U"));
        assert_eq!(payment_reason("", "", Some(" Passo carrabile ")).ok().as_deref(), Some("Passo carrabile"));
        assert!(matches!(payment_reason("", "RSSMRA80A01H501U", None), Err(PaymentsError::Reason { .. })));
        assert!(matches!(payment_reason("P", "C", Some(&"x".repeat(141))), Err(PaymentsError::Reason { .. })));
    }
}
