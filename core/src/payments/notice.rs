//! pagoPA notice numbers (numero avviso / codice avviso, 18 digits) and their IUV.
//!
//! `numero avviso = <aux digit> [<application code 2n>] <IUV>`, `IUV = [<segregation code 2n>]
//! <IUV base> [<check digits 2n>]` (AgID SACI 1.3.1 §2.2, table 2; SACI 3.x):
//!
//! | aux | layout | IUV |
//! |---|---|---|
//! | 0 | `0` AA base13 CC | base13 CC (15) |
//! | 1 | `1` base17 | base17 (17), no check digits |
//! | 2 | `2` base15 CC | base15 CC (17) |
//! | 3 | `3` SS base13 CC | SS base13 CC (17) |
//!
//! `CC = (first 16 digits as an integer) mod 93`, two digits. Aux 0–2 are deprecated but parsed.

use serde::{Deserialize, Serialize};

use super::error::PaymentsError;

/// How strictly to check a notice number (or a QR payload).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum PagopaCheck {
    /// Format, aux digit and the mod-93 check digits (and, for QR payloads, the creditor's
    /// fiscal code check digit).
    #[default]
    Strict,
    /// Format and aux digit only: for the public fixtures that carry wrong check digits.
    StructureOnly,
}

impl PagopaCheck {
    /// The check of a binding's `lenient` flag: `Some(true)` is [`PagopaCheck::StructureOnly`];
    /// `Some(false)` and an absent flag are the default, [`PagopaCheck::Strict`].
    pub fn from_lenient(lenient: Option<bool>) -> PagopaCheck {
        match lenient {
            Some(true) => PagopaCheck::StructureOnly,
            Some(false) | None => PagopaCheck::default(),
        }
    }
}

/// A parsed notice number. JSON:
/// `{"number": "301000000000000144", "auxDigit": 3, "applicationCode": null, "segregationCode": "01",
/// "iuvBase": "0000000000001", "checkDigits": "44", "iuv": "01000000000000144", "checkDigitsValid": true}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Notice {
    /// The 18 digits, without spaces.
    pub number: String,
    /// 0, 1, 2 or 3.
    pub aux_digit: u8,
    /// Aux 0 only: the 2-digit application code (the portion of the pending-payments archive).
    pub application_code: Option<String>,
    /// Aux 3 only: the 2-digit segregation code (the IUV generation point).
    pub segregation_code: Option<String>,
    /// The IUV base: 13 digits (aux 0 and 3), 17 (aux 1) or 15 (aux 2).
    pub iuv_base: String,
    /// The two check digits; `None` for aux 1.
    pub check_digits: Option<String>,
    /// The IUV of RPT, RT and receipts: the notice without aux digit and application code.
    pub iuv: String,
    /// Whether the check digits are right (always true for aux 1; may be false only when parsed
    /// with [`PagopaCheck::StructureOnly`]).
    pub check_digits_valid: bool,
}

/// The parts to build a notice number from. JSON:
/// `{"auxDigit": 3, "segregationCode": "01", "iuvBase": "0000000000001"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NoticeSpec {
    /// 3 for new notices; 0, 1 and 2 are deprecated (SACI 3.x) but still built.
    pub aux_digit: u8,
    /// Required for aux 0, refused otherwise.
    #[serde(default)]
    pub application_code: Option<String>,
    /// Required for aux 3, refused otherwise.
    #[serde(default)]
    pub segregation_code: Option<String>,
    /// 13 digits (aux 0, 3), 17 (aux 1) or 15 (aux 2).
    pub iuv_base: String,
}

/// A segregation code assigned centrally by PagoPA / AgID (SACI 3.x table 1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CentralisedCode {
    /// The two-digit segregation code, e.g. `"99"`.
    pub code: String,
    /// Who the code is assigned to, e.g. `"Ministero dell'Interno"`.
    pub provider: String,
    /// The service it is used for, e.g. `"Emissione on-line CIE"`.
    pub service: String,
}

/// Configuration of segregation codes: the range PagoPA assigns to intermediaries and the
/// centralised codes. The range is `00–49` in SACI 1.3.1 and 3.0.x but `00–45` in SACI 3.1.0 and
/// 3.2.0: a documented conflict, hence data. [`Default`] follows SACI 3.2 (`00–45`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SegregationCodes {
    /// Highest code assigned to intermediaries (`45` in SACI 3.2, `49` in SACI 1.3.1).
    pub assignable_max: u8,
    /// The segregation codes assigned centrally, outside the assignable range.
    pub centralised: Vec<CentralisedCode>,
}

/// What a segregation code is, per [`SegregationCodes`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/"))]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum SegregationClass {
    /// In the range assigned to intermediaries and entities' own generation points.
    Assignable,
    /// A centralised service (e.g. `99` Ministero dell'Interno, CIE).
    Centralised {
        /// Who the code is assigned to.
        provider: String,
        /// The service it is used for.
        service: String,
    },
    /// Outside the assignable range and not a known centralised code.
    Unassigned,
}

impl Default for SegregationCodes {
    fn default() -> Self {
        let c = |code: &str, provider: &str, service: &str| CentralisedCode { code: code.into(), provider: provider.into(), service: service.into() };
        SegregationCodes {
            assignable_max: 45,
            centralised: vec![
                c("99", "Ministero dell'Interno", "Emissione on-line CIE"),
                c("98", "Ministero dell'Interno", "Emissione certificati da ANPR"),
                c("97", "Unioncamere", "SUAP"),
                c("96", "Automobile Club d'Italia", "Pago bollo"),
                c("85", "PagoPA S.p.A.", "TARI/TEFA sussidiarietà"),
                c("81", "PagoPA S.p.A.", "N/A"),
                c("47", "PagoPA S.p.A.", "Canone Unico"),
            ],
        }
    }
}

impl SegregationCodes {
    /// The SACI 1.3.1 table: range `00–49`, centralised `96–99` only.
    pub fn saci_1_3_1() -> Self {
        let mut t = SegregationCodes { assignable_max: 49, ..Self::default() };
        t.centralised.retain(|c| c.code.as_str() >= "96");
        t
    }

    /// Classifies a 2-digit segregation code.
    pub fn classify(&self, code: &str) -> SegregationClass {
        if let Some(c) = self.centralised.iter().find(|c| c.code == code) {
            return SegregationClass::Centralised { provider: c.provider.clone(), service: c.service.clone() };
        }
        match code.parse::<u8>() {
            Ok(n) if code.len() == 2 && n <= self.assignable_max => SegregationClass::Assignable,
            _ => SegregationClass::Unassigned,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The allocation-free validation path.

/// Why a notice number failed, without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// `digits` digits were found (spaces ignored); `other` a non-digit, non-space character.
    Format {
        digits: usize,
        other: bool,
    },
    Aux(u8),
    Check {
        expected: u8,
        found: u8,
    },
}

impl Fault {
    pub(crate) fn into_error(self) -> PaymentsError {
        match self {
            Fault::Format { other: true, .. } => PaymentsError::NoticeFormat { reason: "only digits and spaces are allowed".into() },
            Fault::Format { digits, .. } => PaymentsError::NoticeFormat { reason: format!("{digits} digits found") },
            Fault::Aux(aux_digit) => PaymentsError::AuxDigit { aux_digit },
            Fault::Check { expected, found } => PaymentsError::CheckDigits { expected: format!("{expected:02}"), found: format!("{found:02}") },
        }
    }
}

/// The 18 digit values of `s` (ASCII spaces ignored), without allocating.
#[inline]
pub(crate) fn digits18(s: &str) -> Result<[u8; 18], Fault> {
    let b = s.as_bytes();
    let mut out = [0u8; 18];
    if b.len() == 18 {
        let mut bad = false;
        for (o, &c) in out.iter_mut().zip(b) {
            let d = c.wrapping_sub(b'0');
            bad |= d > 9;
            *o = d;
        }
        if !bad {
            return Ok(out);
        }
    }
    let mut n = 0usize;
    for &c in b {
        if c == b' ' {
            continue;
        }
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return Err(Fault::Format { digits: n, other: true });
        }
        if let Some(slot) = out.get_mut(n) {
            *slot = d;
        }
        n += 1;
    }
    if n == 18 {
        Ok(out)
    } else {
        Err(Fault::Format { digits: n, other: false })
    }
}

/// `(first 16 digits) mod 93`.
#[inline]
pub(crate) fn mod93(d: &[u8; 18]) -> u8 {
    let mut n: u64 = 0;
    for &x in &d[..16] {
        n = n * 10 + u64::from(x);
    }
    // ok: the remainder is < 93.
    (n % 93) as u8
}

#[inline]
pub(crate) fn check(d: &[u8; 18], mode: PagopaCheck) -> Result<(), Fault> {
    let aux = d[0];
    if aux > 3 {
        return Err(Fault::Aux(aux));
    }
    if aux != 1 && mode == PagopaCheck::Strict {
        let expected = mod93(d);
        let found = d[16] * 10 + d[17];
        if expected != found {
            return Err(Fault::Check { expected, found });
        }
    }
    Ok(())
}

/// Eight bytes starting at `off` as a little-endian word.
#[inline(always)]
fn le8(a: &[u8; 18], off: usize) -> u64 {
    let mut w = [0u8; 8];
    for (i, slot) in w.iter_mut().enumerate() {
        *slot = a.get(off + i).copied().unwrap_or(0);
    }
    u64::from_le_bytes(w)
}

/// Whether all eight bytes of `w` are ASCII digits (SWAR).
#[inline(always)]
fn eight_digits(w: u64) -> bool {
    ((w & 0xF0F0_F0F0_F0F0_F0F0) | (((w.wrapping_add(0x0606_0606_0606_0606)) & 0xF0F0_F0F0_F0F0_F0F0) >> 4)) == 0x3333_3333_3333_3333
}

/// The value of eight ASCII digits (SWAR, three multiplications instead of eight dependent ones).
#[inline(always)]
fn parse8(w: u64) -> u64 {
    let v = w.wrapping_sub(0x3030_3030_3030_3030);
    let v = v.wrapping_mul(10).wrapping_add(v >> 8);
    let v = ((v & 0x0000_00FF_0000_00FF).wrapping_mul(100 + (1_000_000 << 32)))
        .wrapping_add(((v >> 16) & 0x0000_00FF_0000_00FF).wrapping_mul(1 + (10_000 << 32)));
    v >> 32
}

/// The strict check of exactly 18 ASCII digits; `None` when `a` is not all digits.
#[inline(always)]
fn fast18(a: &[u8; 18]) -> Option<bool> {
    let (hi, lo) = (le8(a, 0), le8(a, 8));
    let (c1, c2) = (a[16].wrapping_sub(b'0'), a[17].wrapping_sub(b'0'));
    if !(eight_digits(hi) & eight_digits(lo) & (c1 < 10) & (c2 < 10)) {
        return None;
    }
    let aux = a[0] - b'0';
    Some(match aux {
        1 => true,
        0 | 2 | 3 => (parse8(hi) * 100_000_000 + parse8(lo)) % 93 == u64::from(c1 * 10 + c2),
        _ => false,
    })
}

/// Whether `s` is a valid notice number: 18 digits (spaces ignored), aux digit 0–3, and for aux
/// 0, 2, 3 the mod-93 check digits. Allocation-free; the hot path of batch validation (18 plain
/// digits take a SWAR fast path).
#[inline]
pub fn notice_is_valid(s: &str) -> bool {
    if let Ok(a) = <&[u8; 18]>::try_from(s.as_bytes()) {
        if let Some(valid) = fast18(a) {
            return valid;
        }
    }
    matches!(digits18(s), Ok(d) if check(&d, PagopaCheck::Strict).is_ok())
}

/// Checks a notice number in the given mode; the error says what is wrong
/// (`payments.notice_format`, `payments.aux_digit`, `payments.check_digits`).
pub fn notice_validate(s: &str, mode: PagopaCheck) -> Result<(), PaymentsError> {
    digits18(s).and_then(|d| check(&d, mode)).map_err(Fault::into_error)
}

/// The error code of [`notice_validate`], `None` when the notice number is valid (the batch and
/// Arrow APIs' answer per row).
pub fn notice_error_code(s: &str, mode: PagopaCheck) -> Option<&'static str> {
    notice_validate(s, mode).err().map(|e| crate::error::Coded::code(&e))
}

/// [`notice_is_valid`] over many inputs.
pub fn notice_is_valid_many<S: AsRef<str>>(inputs: &[S]) -> Vec<bool> {
    inputs.iter().map(|s| notice_is_valid(s.as_ref())).collect()
}

/// The two check digits for the first 16 digits of a notice number (aux digit included).
/// Error `payments.notice_part` when `first16` is not 16 digits.
pub fn notice_check_digits(first16: &str) -> Result<String, PaymentsError> {
    if first16.len() != 16 || !first16.bytes().all(|b| b.is_ascii_digit()) {
        return Err(part("first16", "16 digits expected"));
    }
    let mut d = [0u8; 18];
    for (o, b) in d.iter_mut().zip(first16.bytes()) {
        *o = b - b'0';
    }
    Ok(format!("{:02}", mod93(&d)))
}

fn part(name: &str, reason: &str) -> PaymentsError {
    PaymentsError::NoticePart { part: name.into(), reason: reason.into() }
}

fn digits_string(d: &[u8]) -> String {
    d.iter().map(|x| char::from(b'0' + x)).collect()
}

impl Notice {
    /// Parses a notice number (spaces ignored, so the printed "Codice Avviso" `3010 0000 0000 0001 44`
    /// works) into its parts.
    pub fn parse(input: &str, mode: PagopaCheck) -> Result<Notice, PaymentsError> {
        let d = digits18(input).map_err(Fault::into_error)?;
        check(&d, mode).map_err(Fault::into_error)?;
        Ok(Notice::from_digits(&d))
    }

    fn from_digits(d: &[u8; 18]) -> Notice {
        let number = digits_string(d);
        let aux = d[0];
        let s = |a: usize, b: usize| number.get(a..b).unwrap_or("").to_string();
        let check_ok = aux == 1 || mod93(d) == d[16] * 10 + d[17];
        let (application_code, segregation_code, iuv_base, check_digits, iuv) = match aux {
            0 => (Some(s(1, 3)), None, s(3, 16), Some(s(16, 18)), s(3, 18)),
            1 => (None, None, s(1, 18), None, s(1, 18)),
            2 => (None, None, s(1, 16), Some(s(16, 18)), s(1, 18)),
            _ => (None, Some(s(1, 3)), s(3, 16), Some(s(16, 18)), s(1, 18)),
        };
        Notice { number, aux_digit: aux, application_code, segregation_code, iuv_base, check_digits, iuv, check_digits_valid: check_ok }
    }

    /// Builds a notice number from its parts, computing the check digits, with the default
    /// [`SegregationCodes`] (for the aux-2 rule).
    pub fn build(spec: &NoticeSpec) -> Result<Notice, PaymentsError> {
        Notice::build_with(spec, &SegregationCodes::default())
    }

    /// Builds a new aux-3 notice: segregation code and 13-digit IUV base.
    pub fn build_aux3(segregation_code: &str, iuv_base: &str) -> Result<Notice, PaymentsError> {
        Notice::build(&NoticeSpec {
            aux_digit: 3,
            application_code: None,
            segregation_code: Some(segregation_code.into()),
            iuv_base: iuv_base.into(),
        })
    }

    /// [`Notice::build`] with an explicit segregation-code table. Errors: `payments.aux_digit`,
    /// `payments.notice_part` (a missing, extra or malformed part), `payments.segregation_conflict`
    /// (aux 2 whose base starts with a centralised segregation code, SACI §2.2.2.3).
    pub fn build_with(spec: &NoticeSpec, codes: &SegregationCodes) -> Result<Notice, PaymentsError> {
        let digits = |name: &str, v: &str, len: usize| -> Result<(), PaymentsError> {
            if v.len() == len && v.bytes().all(|b| b.is_ascii_digit()) {
                Ok(())
            } else {
                Err(part(name, &format!("{len} digits expected")))
            }
        };
        let refuse = |name: &str, v: &Option<String>| -> Result<(), PaymentsError> {
            match v {
                Some(_) => Err(part(name, &format!("not used with aux digit {}", spec.aux_digit))),
                None => Ok(()),
            }
        };
        let base = spec.iuv_base.as_str();
        let mut prefix = String::with_capacity(18);
        match spec.aux_digit {
            0 => {
                refuse("segregationCode", &spec.segregation_code)?;
                let app = spec.application_code.as_deref().ok_or_else(|| part("applicationCode", "required for aux digit 0"))?;
                digits("applicationCode", app, 2)?;
                digits("iuvBase", base, 13)?;
                prefix.push('0');
                prefix.push_str(app);
            }
            1 => {
                refuse("segregationCode", &spec.segregation_code)?;
                refuse("applicationCode", &spec.application_code)?;
                digits("iuvBase", base, 17)?;
                prefix.push('1');
            }
            2 => {
                refuse("segregationCode", &spec.segregation_code)?;
                refuse("applicationCode", &spec.application_code)?;
                digits("iuvBase", base, 15)?;
                let head = base.get(..2).unwrap_or("");
                if codes.centralised.iter().any(|c| c.code == head) {
                    return Err(PaymentsError::SegregationConflict { segregation_code: head.into() });
                }
                prefix.push('2');
            }
            3 => {
                refuse("applicationCode", &spec.application_code)?;
                let seg = spec.segregation_code.as_deref().ok_or_else(|| part("segregationCode", "required for aux digit 3"))?;
                digits("segregationCode", seg, 2)?;
                digits("iuvBase", base, 13)?;
                prefix.push('3');
                prefix.push_str(seg);
            }
            other => return Err(PaymentsError::AuxDigit { aux_digit: other }),
        }
        prefix.push_str(base);
        if spec.aux_digit != 1 {
            let cd = notice_check_digits(&prefix)?;
            prefix.push_str(&cd);
        }
        Notice::parse(&prefix, PagopaCheck::Strict)
    }

    /// The printed "Codice Avviso": groups of 4 digits separated by spaces (22 characters).
    pub fn printed(&self) -> String {
        group4(&self.number)
    }
}

/// Groups a string by 4 characters separated by single spaces.
pub(crate) fn group4(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_examples() {
        assert!(notice_is_valid("301000000000000144"));
        assert!(notice_is_valid("3010 0000 0000 0001 44"));
        assert!(notice_is_valid("001123456789012313"));
        assert!(notice_is_valid("212345678901234544"));
        assert!(notice_is_valid("112345678901234567"));
        assert!(!notice_is_valid("344012345678901233"));
        assert!(!notice_is_valid("401000000000000144"));
        assert!(!notice_is_valid("30100000000000014"));
        assert!(!notice_is_valid("3010000000000001444"));
        assert!(!notice_is_valid("30100000000000014A"));
        assert!(!notice_is_valid(""));
    }

    #[test]
    fn fast_path_agrees() {
        let mut x: u64 = 0x1234_5678_9abc_def1;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let s = format!("{}{:017}", x % 4, x % 100_000_000_000_000_000);
            let slow = matches!(digits18(&s), Ok(d) if check(&d, PagopaCheck::Strict).is_ok());
            assert_eq!(notice_is_valid(&s), slow, "{s}");
        }
        for s in ["30100000000000014/", "3010000000000:0144", "//////////////////", "301000000000000144"] {
            let slow = matches!(digits18(s), Ok(d) if check(&d, PagopaCheck::Strict).is_ok());
            assert_eq!(notice_is_valid(s), slow, "{s}");
        }
    }

    #[test]
    fn parse_parts() {
        let n = Notice::parse("001123456789012313", PagopaCheck::Strict);
        let n = n.as_ref().ok();
        assert_eq!(n.map(|n| n.iuv.as_str()), Some("123456789012313"));
        assert_eq!(n.and_then(|n| n.application_code.as_deref()), Some("01"));
        let lenient = Notice::parse("344012345678901233", PagopaCheck::StructureOnly);
        assert_eq!(lenient.map(|n| n.check_digits_valid).ok(), Some(false));
        assert_eq!(
            notice_validate("344012345678901233", PagopaCheck::Strict),
            Err(PaymentsError::CheckDigits { expected: "86".into(), found: "33".into() })
        );
    }

    #[test]
    fn build() {
        let n = Notice::build_aux3("01", "0000000000001").map(|n| n.number);
        assert_eq!(n.ok().as_deref(), Some("301000000000000144"));
        let conflict =
            Notice::build(&NoticeSpec { aux_digit: 2, application_code: None, segregation_code: None, iuv_base: "990000000000001".into() });
        assert!(matches!(conflict, Err(PaymentsError::SegregationConflict { .. })));
        let printed = Notice::build_aux3("01", "0000000000001").map(|n| n.printed());
        assert_eq!(printed.ok().as_deref(), Some("3010 0000 0000 0001 44"));
    }

    #[test]
    fn segregation() {
        let t = SegregationCodes::default();
        assert_eq!(t.classify("01"), SegregationClass::Assignable);
        assert_eq!(t.classify("46"), SegregationClass::Unassigned);
        assert!(matches!(t.classify("47"), SegregationClass::Centralised { .. }));
        assert_eq!(SegregationCodes::saci_1_3_1().classify("46"), SegregationClass::Assignable);
        assert_eq!(SegregationCodes::saci_1_3_1().classify("47"), SegregationClass::Assignable);
    }
}
