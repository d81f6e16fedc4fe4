//! Italian validators usable from forms (and on their own): CAP, province abbreviation, IBAN
//! (ISO 13616 mod-97, Italian length and layout), Italian phone numbers, e-mail. Codice fiscale
//! and partita IVA come from [`crate::cf`].

/// The 107 province abbreviations in force (including `SU`, Sud Sardegna). `[unverified]` as a
/// complete list for future reforms: forms that need another list use a select instead.
pub const PROVINCE: [&str; 107] = [
    "AG", "AL", "AN", "AO", "AP", "AQ", "AR", "AT", "AV", "BA", "BG", "BI", "BL", "BN", "BO", "BR", "BS", "BT", "BZ", "CA", "CB", "CE", "CH", "CL",
    "CN", "CO", "CR", "CS", "CT", "CZ", "EN", "FC", "FE", "FG", "FI", "FM", "FR", "GE", "GO", "GR", "IM", "IS", "KR", "LC", "LE", "LI", "LO", "LT",
    "LU", "MB", "MC", "ME", "MI", "MN", "MO", "MS", "MT", "NA", "NO", "NU", "OR", "PA", "PC", "PD", "PE", "PG", "PI", "PN", "PO", "PR", "PT", "PU",
    "PV", "PZ", "RA", "RC", "RE", "RG", "RI", "RM", "RN", "RO", "SA", "SI", "SO", "SP", "SR", "SS", "SU", "SV", "TA", "TE", "TN", "TO", "TP", "TR",
    "TS", "TV", "UD", "VA", "VB", "VC", "VE", "VI", "VR", "VT", "VV",
];

/// A CAP (codice di avviamento postale): exactly five digits, spaces around ignored.
pub fn is_cap(s: &str) -> bool {
    let t = s.trim();
    t.len() == 5 && t.bytes().all(|b| b.is_ascii_digit())
}

/// A province abbreviation in force (case-insensitive).
pub fn is_provincia(s: &str) -> bool {
    let t = s.trim().to_ascii_uppercase();
    PROVINCE.contains(&t.as_str())
}

/// The IBAN without spaces, upper-cased.
pub fn normalize_iban(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase()
}

/// An IBAN: country letters, two check digits, 11–30 alphanumerics, mod-97 = 1. Italian and
/// San Marino IBANs must also have 27 characters and the `CIN(letter) ABI(5) CAB(5) conto(12)`
/// layout.
pub fn is_iban(s: &str) -> bool {
    let iban = normalize_iban(s);
    let b = iban.as_bytes();
    if !(15..=34).contains(&b.len())
        || !b.iter().take(2).all(u8::is_ascii_uppercase)
        || !b.iter().skip(2).take(2).all(u8::is_ascii_digit)
        || !b.iter().all(u8::is_ascii_alphanumeric)
    {
        return false;
    }
    if iban.starts_with("IT") || iban.starts_with("SM") {
        let layout = b.len() == 27 && b.get(4).is_some_and(u8::is_ascii_uppercase) && b.iter().skip(5).take(10).all(u8::is_ascii_digit);
        if !layout {
            return false;
        }
    }
    let rearranged = b.iter().skip(4).chain(b.iter().take(4));
    let mut rem: u32 = 0;
    for &c in rearranged {
        let v = if c.is_ascii_digit() { u32::from(c - b'0') } else { u32::from(c - b'A') + 10 };
        rem = if v >= 10 { (rem * 100 + v) % 97 } else { (rem * 10 + v) % 97 };
    }
    rem == 1
}

/// An Italian phone number: optional `+39`/`0039`, then a mobile (`3`, 9–10 digits), a landline
/// (`0`, 6–11 digits) or a toll-free/shared-cost number (`80x`/`84x`, 6–10 digits). Spaces, dots,
/// dashes, slashes and parentheses are ignored.
pub fn is_phone_it(s: &str) -> bool {
    let mut t: String = s.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '/' | '(' | ')')).collect();
    if let Some(r) = t.strip_prefix("+39").or_else(|| t.strip_prefix("0039")) {
        t = r.to_string();
    }
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let n = t.len();
    match t.as_bytes().first() {
        Some(b'3') => (9..=10).contains(&n),
        Some(b'0') => (6..=11).contains(&n),
        Some(b'8') => (6..=10).contains(&n) && (t.starts_with("80") || t.starts_with("84")),
        _ => false,
    }
}

/// A plausible e-mail address: one `@`, a non-empty local part without spaces, a domain of
/// dot-separated labels (letters, digits, hyphens; no leading/trailing hyphen) with a dot.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.trim().rsplit_once('@') else {
        return false;
    };
    if local.is_empty() || local.len() > 64 || local.contains(char::is_whitespace) || local.contains('@') {
        return false;
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators() {
        assert!(is_cap("00184"));
        assert!(!is_cap("0184"));
        assert!(is_provincia("rm"));
        assert!(!is_provincia("XX"));
        assert!(is_iban("IT60 X054 2811 1010 0000 0123 456"));
        assert!(!is_iban("IT60X0542811101000000123457"));
        assert!(is_iban("GB82WEST12345698765432"));
        assert!(is_iban("DE89370400440532013000"));
        assert!(is_phone_it("+39 333 1234567"));
        assert!(is_phone_it("06 6710 1"));
        assert!(!is_phone_it("12345"));
        assert!(is_email("mario.rossi@comune.esempio.it"));
        assert!(!is_email("mario@localhost"));
        assert_eq!(PROVINCE.len(), 107);
    }
}
