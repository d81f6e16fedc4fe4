//! Partita IVA and the other 11-digit numeric tax codes (numeric codice fiscale of entities,
//! temporary codice fiscale of persons): same format, same check digit.
//!
//! Input is normalised like a codice fiscale: whitespace removed, then a SPID `VATIT-` prefix
//! (`ivaCode`), a SPID `TINIT-` prefix (`fiscalNumber` holding a temporary code) or an EU VAT `IT`
//! prefix is stripped.

use super::PivaError;

/// Normalised 11 ASCII digits, or why not.
fn digits(input: &str) -> Result<[u8; 11], PivaError> {
    let mut buf = [0u8; 17];
    let mut n = 0usize;
    for c in input.chars() {
        if c.is_whitespace() {
            continue;
        }
        let Some(slot) = buf.get_mut(n) else {
            return Err(PivaError::Format { reason: "more than 11 digits".into() });
        };
        if !c.is_ascii() {
            return Err(PivaError::Format { reason: format!("unexpected character {c:?}") });
        }
        *slot = (c as u8).to_ascii_uppercase(); // ok: ASCII checked above
        n += 1;
    }
    let all = buf.get(..n).unwrap_or(&[]);
    let body = ["VATIT-", "TINIT-", "IT"]
        .iter()
        .find_map(|p| all.strip_prefix(p.as_bytes()).filter(|rest| rest.len() == 11))
        .unwrap_or(all);
    if let Some(c) = body.iter().find(|c| !c.is_ascii_digit()) {
        return Err(PivaError::Format { reason: format!("unexpected character {:?}", char::from(*c)) });
    }
    let mut out = [0u8; 11];
    if body.len() != 11 {
        return Err(PivaError::Format { reason: format!("{} digits instead of 11", body.len()) });
    }
    out.copy_from_slice(body);
    Ok(out)
}

/// The check digit (0..=9) of the first 10 digits (ASCII `'0'..='9'`).
pub fn check_digit(first10: &[u8; 10]) -> u8 {
    let mut s = 0u32;
    for (i, &c) in first10.iter().enumerate() {
        let d = u32::from(c.wrapping_sub(b'0') % 10);
        s += if i % 2 == 0 {
            d
        } else if 2 * d > 9 {
            2 * d - 9
        } else {
            2 * d
        };
    }
    ((10 - s % 10) % 10) as u8
}

fn check(input: &str) -> Result<[u8; 11], PivaError> {
    let d = digits(input)?;
    if d.iter().all(|&c| c == b'0') {
        return Err(PivaError::Zero);
    }
    let mut first = [0u8; 10];
    first.copy_from_slice(&d[..10]);
    let expected = check_digit(&first);
    let found = d[10] - b'0';
    if expected != found {
        return Err(PivaError::CheckDigit { expected, found });
    }
    Ok(d)
}

/// Whether `input` is a valid 11-digit code.
pub fn is_valid(input: &str) -> bool {
    check(input).is_ok()
}

/// Validates and returns the normalised 11 digits (a SPID `VATIT-` prefix is accepted).
/// Errors: `piva.format`, `piva.zero` (`00000000000`), `piva.check_digit`.
///
/// ```
/// use sportello::cf::{piva, PivaError};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// assert_eq!(piva::validate("VATIT-00743110157")?, "00743110157");
/// assert!(piva::is_valid("83000390019"));
/// assert!(matches!(piva::validate("12345678901"), Err(PivaError::CheckDigit { .. })));
/// # Ok(())
/// # }
/// ```
pub fn validate(input: &str) -> Result<String, PivaError> {
    check(input).map(|d| String::from_utf8_lossy(&d).into_owned())
}

/// [`validate`] without building the normalised digits (the same error when invalid).
///
/// ```
/// use sportello::error::Coded;
/// assert!(sportello::cf::piva::verify("83000390019").is_ok());
/// assert_eq!(sportello::cf::piva::verify("83000390018").unwrap_err().code(), "piva.check_digit");
/// ```
pub fn verify(input: &str) -> Result<(), PivaError> {
    check(input).map(|_| ())
}

/// The error code of [`verify`], `None` when the code is valid (the batch and Arrow APIs' answer
/// per row).
pub fn error_code(input: &str) -> Option<&'static str> {
    verify(input).err().map(|e| crate::error::Coded::code(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples() {
        for ok in ["83000390019", "00085240950", "00311260095", "80015010723", "00743110157"] {
            assert!(is_valid(ok), "{ok}");
        }
        for bad in ["12345678901", "01234567890", "77777777777", "97123456789"] {
            assert!(matches!(validate(bad), Err(PivaError::CheckDigit { .. })), "{bad}");
        }
        assert_eq!(validate("00000000000"), Err(PivaError::Zero));
        assert_eq!(validate("VATIT-83000390019").as_deref(), Ok("83000390019"));
        assert_eq!(validate(" it 830 003 900 19 ").as_deref(), Ok("83000390019"));
        assert!(matches!(validate("8300039001"), Err(PivaError::Format { .. })));
        assert!(matches!(validate("8300039001A"), Err(PivaError::Format { .. })));
        assert!(matches!(validate("830003900199999999999"), Err(PivaError::Format { .. })));
        assert!(matches!(validate("83000390018"), Err(PivaError::CheckDigit { expected: 9, found: 8 })));
    }
}
