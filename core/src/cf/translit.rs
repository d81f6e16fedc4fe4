//! Letters of a name as the tax agency counts them.
//!
//! Since AdE circolare 34/E (2011) a letter with a diacritic counts as its base letter (`À` -> `A`).
//! Letters outside the Italian alphabet follow the transliteration of circolare 1/2008 of the
//! Ministry of the Interior as implemented by other libraries: `ß` -> `SS`, `Æ` -> `AE`,
//! `Œ` -> `OE`, `Þ` -> `TH`, `Ø` -> `O`, `Ð`/`Đ` -> `D`, `Ł` -> `L` (the multi-letter ones are
//! [unverified] against the circolare's own table; see docs/cf.md). Codes issued before 2011 may
//! instead have ignored such letters (`Alù` -> `LAX`), which is [`Mode::Legacy`].
//!
//! Spaces, apostrophes, hyphens, digits and letters of other scripts are not letters here.

/// How non-ASCII letters count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Post-2011: base letter / circolare 1/2008 transliteration.
    Modern,
    /// Pre-2011 practice seen on real codes: non-ASCII letters are skipped.
    Legacy,
}

/// Base letters of U+00C0..=U+00FF. `.` = not a letter; `1` = AE, `2` = TH, `3` = SS.
const LATIN1: &[u8; 64] = b"AAAAAA1CEEEEIIIIDNOOOOO.OUUUUY23AAAAAA1CEEEEIIIIDNOOOOO.OUUUUY2Y";
/// Base letters of U+0100..=U+017F. `4` = IJ, `5` = OE.
const LATIN_EXT_A: &[u8; 128] =
    b"AAAAAACCCCCCCCDDDDEEEEEEEEEEGGGGGGGGHHHHIIIIIIIIII44JJKKKLLLLLLLLLLNNNNNNNNNOOOOOO55RRRRRRSSSSSSSSTTTTTTUUUUUUUUUUUUWWYYYZZZZZZS";

/// The uppercase ASCII letters `c` counts as (0, 1 or 2 of them), written into `out`.
pub(crate) fn letters(c: char, mode: Mode, out: &mut [u8; 2]) -> usize {
    if c.is_ascii_alphabetic() {
        out[0] = c.to_ascii_uppercase() as u8; // ok: ASCII
        return 1;
    }
    if c.is_ascii() || mode == Mode::Legacy {
        return 0;
    }
    let cp = u32::from(c);
    let code = match cp {
        0xC0..=0xFF => LATIN1.get((cp - 0xC0) as usize).copied(),
        0x100..=0x17F => LATIN_EXT_A.get((cp - 0x100) as usize).copied(),
        0x218 | 0x219 => Some(b'S'), // Ș ș (Romanian)
        0x21A | 0x21B => Some(b'T'), // Ț ț
        0x1E9E => Some(b'3'),        // ẞ
        _ => None,
    };
    let pair = |a: u8, b: u8, out: &mut [u8; 2]| {
        *out = [a, b];
        2
    };
    match code {
        Some(b'1') => pair(b'A', b'E', out),
        Some(b'2') => pair(b'T', b'H', out),
        Some(b'3') => pair(b'S', b'S', out),
        Some(b'4') => pair(b'I', b'J', out),
        Some(b'5') => pair(b'O', b'E', out),
        Some(l) if l.is_ascii_uppercase() => {
            out[0] = l;
            1
        }
        _ => 0,
    }
}

/// Calls `f` with every letter of `s` (uppercase ASCII), in order.
pub(crate) fn for_each_letter(s: &str, mode: Mode, mut f: impl FnMut(u8)) {
    let mut buf = [0u8; 2];
    for c in s.chars() {
        let n = letters(c, mode, &mut buf);
        for &l in buf.iter().take(n) {
            f(l);
        }
    }
}

/// Lower-case ASCII letters and digits of `s`, for comparing place names
/// (`"Citta' di Castello"` and `"Città di Castello"` fold the same).
pub(crate) fn fold(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`], appended to `out`.
pub(crate) fn fold_into(s: &str, out: &mut Vec<u8>) {
    let mut buf = [0u8; 2];
    for c in s.chars() {
        if c.is_ascii_digit() {
            out.push(c as u8); // ok: ASCII
            continue;
        }
        let n = letters(c, Mode::Modern, &mut buf);
        out.extend(buf.iter().take(n).map(u8::to_ascii_lowercase));
    }
}

/// Whether `s` folds to exactly `folded` (no allocation).
pub(crate) fn fold_eq(s: &str, folded: &[u8]) -> bool {
    fold_prefix(s, folded) == Some(true)
}

/// `Some(true)` when `s` folds to exactly `folded`, `Some(false)` when `folded` is a proper
/// prefix of it, `None` otherwise.
pub(crate) fn fold_prefix(s: &str, folded: &[u8]) -> Option<bool> {
    let mut it = folded.iter();
    let mut buf = [0u8; 2];
    for c in s.chars() {
        let n = if c.is_ascii_digit() {
            buf[0] = c as u8; // ok: ASCII
            1
        } else {
            letters(c, Mode::Modern, &mut buf)
        };
        for &l in buf.iter().take(n) {
            match it.next() {
                Some(&want) if want == l.to_ascii_lowercase() => {}
                Some(_) => return None,
                None => return Some(false),
            }
        }
    }
    if it.next().is_none() {
        Some(true)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str, mode: Mode) -> String {
        let mut v = Vec::new();
        for_each_letter(s, mode, |l| v.push(l));
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn tables_line_up() {
        assert_eq!(all("ÀÉÌÒÙàéìòù", Mode::Modern), "AEIOUAEIOU");
        assert_eq!(all("ÄÖÜäöüÇçÑñ", Mode::Modern), "AOUAOUCCNN");
        assert_eq!(all("ßÆæŒœØøÞþÐ", Mode::Modern), "SSAEAEOEOEOOTHTHD");
        assert_eq!(all("ŁłŽžŠšČčĆćŘřŚśŹźŻżŐőŰűĞğİıŞş", Mode::Modern), "LLZZSSCCCCRRSSZZZZOOUUGGIISS");
        assert_eq!(all("ȘșȚț", Mode::Modern), "SSTT");
        assert_eq!(all("D'Annunzio-Rossi Ω 3", Mode::Modern), "DANNUNZIOROSSI");
        assert_eq!(all("Alù", Mode::Legacy), "AL");
        assert_eq!(all("e\u{301}", Mode::Modern), "E");
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Citta' Di Castello"), b"cittadicastello");
        assert!(fold_eq("Città di Castello", b"cittadicastello"));
        assert_eq!(fold_prefix("Roma", b"ro"), Some(false));
        assert_eq!(fold_prefix("Roma", b"rx"), None);
        assert_eq!(fold_prefix("Ro", b"roma"), None);
    }
}
