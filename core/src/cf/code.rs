//! The byte-level core: normalisation, format, check character, omocodia and the date fields.
//! Nothing here allocates on the success path; errors are a small `Copy` enum turned into
//! [`CfError`] only by the public functions.

use super::places;
use super::CfError;

/// The 7 positions (0-based) where omocodia may replace a digit by a letter.
pub(crate) const OMOCODE_POS: [usize; 7] = [6, 7, 9, 10, 12, 13, 14];
/// Letters standing for the digits 0..9 in omocodia.
pub(crate) const OMOCODE_LETTERS: &[u8; 10] = b"LMNPQRSTUV";
/// Month letters, January first.
pub(crate) const MONTH_LETTERS: &[u8; 12] = b"ABCDEHLMPRST";

const LETTER: u8 = 1;
const DIGIT: u8 = 2; // a digit or an omocodia letter
const MONTH: u8 = 4;

/// Character classes of each byte.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = b'A';
    while c <= b'Z' {
        t[c as usize] |= LETTER;
        c += 1;
    }
    let mut d = b'0';
    while d <= b'9' {
        t[d as usize] |= DIGIT;
        d += 1;
    }
    let mut i = 0;
    while i < 10 {
        t[OMOCODE_LETTERS[i] as usize] |= DIGIT;
        i += 1;
    }
    let mut m = 0;
    while m < 12 {
        t[MONTH_LETTERS[m] as usize] |= MONTH;
        m += 1;
    }
    t
};

/// Expected class at each of the 16 positions.
const PATTERN: [u8; 16] = [LETTER, LETTER, LETTER, LETTER, LETTER, LETTER, DIGIT, DIGIT, MONTH, DIGIT, DIGIT, LETTER, DIGIT, DIGIT, DIGIT, LETTER];

/// Value of a digit or omocodia letter (`0`/`L` = 0 ... `9`/`V` = 9); 0 elsewhere.
static DIGIT_VALUE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        t[OMOCODE_LETTERS[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Month (1..12) of a month letter; 0 elsewhere.
static MONTH_VALUE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut m = 0;
    while m < 12 {
        t[MONTH_LETTERS[m] as usize] = m as u8 + 1;
        m += 1;
    }
    t
};

/// Values at odd positions (1st, 3rd, ... counting from 1).
static ODD: [u8; 256] = {
    const LETTERS: [u8; 26] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 26 {
        t[b'A' as usize + i] = LETTERS[i];
        if i < 10 {
            t[b'0' as usize + i] = LETTERS[i];
        }
        i += 1;
    }
    t
};

/// Values at even positions (2nd, 4th, ...).
static EVEN: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 26 {
        t[b'A' as usize + i] = i as u8;
        if i < 10 {
            t[b'0' as usize + i] = i as u8;
        }
        i += 1;
    }
    t
};

/// Why a code failed, without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fail {
    Length(usize),
    NonAscii(char),
    Char { pos: usize, ch: u8 },
    CheckChar { expected: u8, found: u8 },
    Day(u8),
    DayOfMonth { day: u8, month: u8, yy: u8 },
    PlaceUnknown([u8; 4]),
}

impl Fail {
    pub(crate) fn into_error(self) -> CfError {
        match self {
            Fail::Length(n) => CfError::Format { reason: format!("{n} characters instead of 16") },
            Fail::NonAscii(c) => CfError::Format { reason: format!("unexpected character {c:?}") },
            Fail::Char { pos, ch } => {
                let want = match PATTERN.get(pos) {
                    Some(&MONTH) => "a month letter (ABCDEHLMPRST)",
                    Some(&DIGIT) => "a digit or an omocodia letter (LMNPQRSTUV)",
                    _ => "a letter",
                };
                CfError::Format { reason: format!("character {} is {:?}, expected {want}", pos + 1, char::from(ch)) }
            }
            Fail::CheckChar { expected, found } => CfError::CheckChar { expected: char::from(expected), found: char::from(found) },
            Fail::Day(d) => CfError::Date { reason: format!("day {d:02} is neither 01-31 (men) nor 41-71 (women)") },
            Fail::DayOfMonth { day, month, yy } => CfError::Date {
                reason: if month == 2 && day == 29 {
                    format!("29 February in year ..{yy:02}, which is not a leap year in any century")
                } else {
                    format!("month {month} has no day {day}")
                },
            },
            Fail::PlaceUnknown(c) => CfError::PlaceUnknown { place: String::from_utf8_lossy(&c).into_owned() },
        }
    }
}

/// A code that passed format, check character and date checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Parsed {
    /// The normalised code as given (omocodia letters kept).
    pub bytes: [u8; 16],
    /// Two-digit year.
    pub yy: u8,
    pub month: u8,
    /// Day of the month (women's +40 removed).
    pub day: u8,
    pub female: bool,
    /// Birthplace code with omocodia letters turned back into digits.
    pub place: [u8; 4],
    /// `letter * 1000 + number` of the birthplace code.
    pub place_key: u16,
}

const PREFIX: &[u8; 6] = b"TINIT-";
const MAX_RAW: usize = 16 + PREFIX.len();

/// Trims, drops whitespace, upper-cases and strips a `TINIT-` prefix into a 16-byte buffer.
#[inline]
pub(crate) fn normalize16(input: &str) -> Result<[u8; 16], Fail> {
    let mut buf = [0u8; MAX_RAW];
    let mut n = 0usize;
    for &b in input.as_bytes() {
        if b >= 0x80 {
            return normalize16_unicode(input);
        }
        if b.is_ascii_whitespace() {
            continue;
        }
        match buf.get_mut(n) {
            Some(slot) => *slot = b.to_ascii_uppercase(),
            None => return Err(Fail::Length(count_significant(input))),
        }
        n += 1;
    }
    finish(&buf, n)
}

#[cold]
fn normalize16_unicode(input: &str) -> Result<[u8; 16], Fail> {
    let mut buf = [0u8; MAX_RAW];
    let mut n = 0usize;
    for c in input.chars() {
        if c.is_whitespace() {
            continue;
        }
        if !c.is_ascii() {
            return Err(Fail::NonAscii(c));
        }
        match buf.get_mut(n) {
            Some(slot) => *slot = (c as u8).to_ascii_uppercase(), // ok: ASCII checked above
            None => return Err(Fail::Length(count_significant(input))),
        }
        n += 1;
    }
    finish(&buf, n)
}

#[cold]
fn count_significant(input: &str) -> usize {
    let n = input.chars().filter(|c| !c.is_whitespace()).count();
    let upper = input.trim_start().get(..PREFIX.len()).is_some_and(|p| p.eq_ignore_ascii_case("TINIT-"));
    if upper {
        n.saturating_sub(PREFIX.len())
    } else {
        n
    }
}

#[inline]
fn finish(buf: &[u8; MAX_RAW], n: usize) -> Result<[u8; 16], Fail> {
    let body = match n {
        16 => buf.get(..16),
        MAX_RAW if buf.starts_with(PREFIX) => buf.get(PREFIX.len()..),
        _ if n > PREFIX.len() && buf.starts_with(PREFIX) => return Err(Fail::Length(n - PREFIX.len())),
        _ => return Err(Fail::Length(n)),
    };
    let mut out = [0u8; 16];
    match body {
        Some(b) if b.len() == 16 => out.copy_from_slice(b),
        _ => return Err(Fail::Length(n)),
    }
    Ok(out)
}

/// The check character of the first 15 characters of `code`.
#[inline(always)]
pub(crate) fn check_char(code: &[u8; 16]) -> u8 {
    let mut sum = 0u32;
    for pair in code.chunks_exact(2) {
        if let [odd, even] = *pair {
            sum += u32::from(ODD[usize::from(odd)]) + u32::from(EVEN[usize::from(even)]);
        }
    }
    // The loop also added EVEN[code[15]] (the check character itself): take it back out.
    sum -= u32::from(EVEN[usize::from(code[15])]);
    b'A' + (sum % 26) as u8
}

/// Whether every character has the class its position wants (branch-free).
#[inline(always)]
fn pattern_ok(code: &[u8; 16]) -> bool {
    let mut bad = 0u8;
    for (&c, &want) in code.iter().zip(PATTERN.iter()) {
        bad |= u8::from(CLASS[usize::from(c)] & want == 0);
    }
    bad == 0
}

#[cold]
fn pattern_fail(code: &[u8; 16]) -> Fail {
    for (pos, (&c, &want)) in code.iter().zip(PATTERN.iter()).enumerate() {
        if CLASS[usize::from(c)] & want == 0 {
            return Fail::Char { pos, ch: c };
        }
    }
    Fail::Length(16) // ok: only called when pattern_ok is false
}

fn leap_in_some_century(yy: u8) -> bool {
    // 19yy and 20yy: divisible by 4 is leap except 1900; yy = 00 is leap as 2000.
    yy % 4 == 0
}

pub(crate) fn days_in_month(month: u8, leap: bool) -> u8 {
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Format, check character and date; the birthplace is read but not looked up.
#[inline(always)]
pub(crate) fn parse_unchecked_place(input: &str) -> Result<Parsed, Fail> {
    // Fast path: already 16 upper-case characters of the right classes.
    let bytes = match <&[u8; 16]>::try_from(input.as_bytes()) {
        Ok(b) if pattern_ok(b) => *b,
        _ => {
            let b = normalize16(input)?;
            if !pattern_ok(&b) {
                return Err(pattern_fail(&b));
            }
            b
        }
    };
    let expected = check_char(&bytes);
    if expected != bytes[15] {
        return Err(Fail::CheckChar { expected, found: bytes[15] });
    }
    let dv = |i: usize| DIGIT_VALUE[usize::from(bytes[i])];
    let yy = dv(6) * 10 + dv(7);
    let month = MONTH_VALUE[usize::from(bytes[8])];
    let raw_day = dv(9) * 10 + dv(10);
    let (day, female) = match raw_day {
        1..=31 => (raw_day, false),
        41..=71 => (raw_day - 40, true),
        _ => return Err(Fail::Day(raw_day)),
    };
    if day > days_in_month(month, leap_in_some_century(yy)) {
        return Err(Fail::DayOfMonth { day, month, yy });
    }
    let (p1, p2, p3) = (dv(12), dv(13), dv(14));
    let place = [bytes[11], b'0' + p1, b'0' + p2, b'0' + p3];
    // bytes[11] is an upper-case letter (pattern checked).
    let place_key = u16::from(bytes[11].wrapping_sub(b'A')) * 1000 + u16::from(p1) * 100 + u16::from(p2) * 10 + u16::from(p3);
    Ok(Parsed { bytes, yy, month, day, female, place, place_key })
}

/// [`parse`] as a function of its own: every caller but `is_valid` goes through this one, so
/// the inlined validation exists once (smaller WASM).
#[inline(never)]
pub(crate) fn parse_shared(input: &str) -> Result<Parsed, Fail> {
    parse(input)
}

/// Every validation level: format, check character, date, known birthplace.
#[inline(always)]
pub(crate) fn parse(input: &str) -> Result<Parsed, Fail> {
    let p = parse_unchecked_place(input)?;
    if !places::key_exists(p.place_key) {
        return Err(Fail::PlaceUnknown(p.place));
    }
    Ok(p)
}

/// The canonical form: omocodia letters back to digits, check character recomputed.
pub(crate) fn canonical_bytes(code: &[u8; 16]) -> [u8; 16] {
    let mut out = *code;
    for &i in &OMOCODE_POS {
        if let Some(c) = out.get_mut(i) {
            *c = b'0' + DIGIT_VALUE[usize::from(*c)];
        }
    }
    out[15] = check_char(&out);
    out
}

/// The variant of a canonical code with the omocodia positions selected by `mask` substituted.
/// Bit 0 is the rightmost position (15th character), bit 6 the 7th character.
pub(crate) fn variant(canonical: &[u8; 16], mask: u8) -> [u8; 16] {
    let mut out = *canonical;
    for (bit, &pos) in OMOCODE_POS.iter().rev().enumerate() {
        if mask & (1 << bit) != 0 {
            if let Some(c) = out.get_mut(pos) {
                let d = DIGIT_VALUE[usize::from(*c)];
                *c = OMOCODE_LETTERS.get(usize::from(d)).copied().unwrap_or(*c);
            }
        }
    }
    out[15] = check_char(&out);
    out
}

/// ASCII bytes as a `String` (the codes here are always ASCII).
pub(crate) fn ascii_string(b: &[u8]) -> String {
    std::str::from_utf8(b).map(str::to_owned).unwrap_or_default()
}

/// A 16-byte code as a `String`. The buffer is word-aligned so that UTF-8 validation takes
/// its word-at-a-time ASCII path (this is on the decode hot path).
pub(crate) fn code_string(b: &[u8; 16]) -> String {
    #[repr(align(16))]
    struct Aligned([u8; 16]);
    let a = Aligned(*b);
    std::str::from_utf8(&a.0).map(str::to_owned).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_example_of_the_sheet() {
        let mut c = *b"RSSMRA80A01H501?";
        c[15] = check_char(&c);
        assert_eq!(&c, b"RSSMRA80A01H501U");
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize16(" rssmra80a01h501u ").unwrap(), *b"RSSMRA80A01H501U");
        assert_eq!(normalize16("TINIT-RSSMRA80A01H501U").unwrap(), *b"RSSMRA80A01H501U");
        assert_eq!(normalize16("tinit-rssmra 80a01 h501u").unwrap(), *b"RSSMRA80A01H501U");
        assert_eq!(normalize16("RSSMRA80A01H501U\u{a0}").unwrap(), *b"RSSMRA80A01H501U");
        assert_eq!(normalize16("RSSMRA80A01H501"), Err(Fail::Length(15)));
        assert_eq!(normalize16("RSSMRA80A01H501UU"), Err(Fail::Length(17)));
        assert_eq!(normalize16("TINIT-RSSMRA80A01H501"), Err(Fail::Length(15)));
        assert_eq!(normalize16("RSSMRA80A01H501UUUUUUUUUUUUUUU"), Err(Fail::Length(30)));
        assert_eq!(normalize16("RSSMRà80A01H501U"), Err(Fail::NonAscii('à')));
    }

    #[test]
    fn variants_and_canonical() {
        let c = *b"RSSMRA80A01H501U";
        assert_eq!(&variant(&c, 0x7f), b"RSSMRAULALMHRLMD");
        assert_eq!(canonical_bytes(b"RSSMRAULALMHRLMD"), c);
    }
}
