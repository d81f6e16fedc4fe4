//! Belfiore places: Italian comuni (with their validity periods) and foreign states (`Z...`).
//!
//! The table is generated at build time from `data/belfiore.csv` (see `data/README.md`) into
//! compact static arrays: a bitmap over `letter * 1000 + number` finds a code in O(1), each code
//! owns a run of rows (one per name/province period), dates are indices into one sorted table of
//! day numbers, and names live in one string blob.
//!
//! Public API: [`Place`], [`exists`], [`lookup`], [`history`], [`by_name`], [`search`], [`resolve`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::translit::{fold, fold_eq, fold_prefix};
use super::{CfError, PlaceKind};

#[allow(clippy::unreadable_literal, dead_code)]
mod table {
    include!(concat!(env!("OUT_DIR"), "/belfiore.rs"));
}

/// One period of a place: a name and province in force from `validFrom` to `validTo` (inclusive;
/// `None` = still in force). JSON:
/// `{"code": "H501", "name": "Roma", "province": "RM", "kind": "comune", "validFrom": "1884-09-11", "validTo": null}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(rename_all = "camelCase")]
pub struct Place {
    /// Belfiore code, e.g. `H501`, or `Z` + 3 digits for a foreign state.
    pub code: String,
    pub name: String,
    /// Province abbreviation in that period; `None` for a foreign state.
    pub province: Option<String>,
    pub kind: PlaceKind,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

// --- table access ----------------------------------------------------------------------------

/// `letter * 1000 + number` of a code whose last three characters are digits or omocodia letters.
pub(crate) fn key(code: &[u8; 4]) -> Option<u16> {
    let [l, a, b, c] = *code;
    if !l.is_ascii_uppercase() {
        return None;
    }
    #[inline]
    fn d(x: u8) -> Option<u16> {
        match x {
            b'0'..=b'9' => Some(u16::from(x - b'0')),
            _ => super::code::OMOCODE_LETTERS.iter().position(|&o| o == x).map(|p| p as u16),
        }
    }
    Some(u16::from(l - b'A') * 1000 + d(a)? * 100 + d(b)? * 10 + d(c)?)
}

/// Whether the code with key `letter * 1000 + number` is in the table.
#[inline(always)]
pub(crate) fn key_exists(k: u16) -> bool {
    let k = usize::from(k);
    table::KEY_BITS.get(k / 64).is_some_and(|w| w & (1u64 << (k % 64)) != 0)
}

/// Index of a code in the table, if it is there.
#[inline]
pub(crate) fn code_index(code: &[u8; 4]) -> Option<usize> {
    let k = usize::from(key(code)?);
    let word = *table::KEY_BITS.get(k / 64)?;
    let bit = 1u64 << (k % 64);
    if word & bit == 0 {
        return None;
    }
    let rank = usize::from(*table::KEY_RANK.get(k / 64)?);
    Some(rank + (word & (bit - 1)).count_ones() as usize)
}

/// Rows of the code with index `ci`.
#[inline]
pub(crate) fn rows(ci: usize) -> std::ops::Range<usize> {
    let first = |c: usize| c + table::CODE_EXTRA.get(c).map_or(0, |&e| usize::from(e));
    first(ci)..first(ci + 1).min(table::ROWS)
}

fn day(id: u16) -> Option<i32> {
    table::DATES.get(usize::from(id)).copied()
}

#[inline]
fn from_day(r: usize) -> i32 {
    table::ROW_FROM.get(r).and_then(|&i| day(i)).unwrap_or(i32::MIN)
}

/// Last day in force, `i32::MAX` when still in force.
#[inline]
fn to_day(r: usize) -> i32 {
    table::ROW_TO.get(r).and_then(|&i| day(i)).unwrap_or(i32::MAX)
}

#[inline]
fn row_valid_on(r: usize, d: i32) -> bool {
    from_day(r) <= d && d <= to_day(r)
}

fn name_id(r: usize) -> usize {
    let w = table::NAME_NEW.get(r / 64).copied().unwrap_or(0);
    let below = if r % 64 == 63 { w } else { w & ((1u64 << (r % 64 + 1)) - 1) };
    let rank = table::NAME_RANK.get(r / 64).map_or(0, |&x| usize::from(x));
    (rank + below.count_ones() as usize).saturating_sub(1)
}

fn name_text(id: usize) -> &'static str {
    let base = table::NAME_SAMPLE.get(id / table::NAME_SAMPLE_EVERY).map_or(0, |&x| x as usize);
    let start = id - id % table::NAME_SAMPLE_EVERY;
    let off: usize = base + table::NAME_LEN.get(start..id).map_or(0, |s| s.iter().map(|&l| usize::from(l)).sum());
    let len = table::NAME_LEN.get(id).map_or(0, |&l| usize::from(l));
    table::NAMES.get(off..off + len).unwrap_or("")
}

pub(crate) fn row_name(r: usize) -> &'static str {
    name_text(name_id(r))
}

pub(crate) fn row_province(r: usize) -> Option<&'static str> {
    let p = table::ROW_PROV.get(r).copied().unwrap_or(0);
    table::PROVINCES.get(usize::from(p)).copied().filter(|s| !s.is_empty())
}

/// Whether the code with index `ci` was in force on day number `d`.
pub(crate) fn valid_on(ci: usize, d: i32) -> bool {
    rows(ci).any(|r| row_valid_on(r, d))
}

/// The row to describe a code on a day: the row in force; else the first row after that day
/// (births re-coded to a later code); else the last row. Without a day, the most recent row.
/// Returns the row and whether it was in force on that day.
pub(crate) fn pick_row(ci: usize, d: Option<i32>) -> (usize, Option<bool>) {
    let range = rows(ci);
    let last = range.end.saturating_sub(1).max(range.start);
    let Some(d) = d else { return (last, None) };
    if let Some(r) = range.clone().find(|&r| row_valid_on(r, d)) {
        return (r, Some(true));
    }
    let after = range.clone().filter(|&r| from_day(r) > d).min_by_key(|&r| from_day(r));
    (after.unwrap_or(last), Some(false))
}

pub(crate) fn day_number(d: NaiveDate) -> i32 {
    use chrono::Datelike;
    d.num_days_from_ce()
}

fn date_of(d: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(d)
}

pub(crate) fn kind_of(code: &[u8; 4]) -> PlaceKind {
    if code[0] == b'Z' {
        PlaceKind::ForeignState
    } else {
        PlaceKind::Comune
    }
}

fn place_of(code: &[u8; 4], r: usize) -> Place {
    Place {
        code: super::code::ascii_string(code),
        name: row_name(r).to_string(),
        province: row_province(r).map(str::to_string),
        kind: kind_of(code),
        valid_from: date_of(from_day(r)).unwrap_or(NaiveDate::MIN),
        valid_to: match to_day(r) {
            i32::MAX => None,
            d => date_of(d),
        },
    }
}

/// Walks every row in table order with its code: `f(code, row)`.
fn for_each_row(mut f: impl FnMut(&[u8; 4], usize)) {
    let mut ci = 0usize;
    for (w, &word) in table::KEY_BITS.iter().enumerate() {
        let mut bits = word;
        while bits != 0 {
            let k = w * 64 + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let letter = b'A' + (k / 1000) as u8;
            let n = k % 1000;
            let code = [letter, b'0' + (n / 100) as u8, b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8];
            for r in rows(ci) {
                f(&code, r);
            }
            ci += 1;
        }
    }
}

/// Upper-cased code bytes when `s` looks like a Belfiore code (letter + 3 digits or omocodia
/// letters), with omocodia letters turned into digits.
pub(crate) fn parse_code(s: &str) -> Option<[u8; 4]> {
    let t = s.trim().as_bytes();
    let &[a, b, c, d] = t else { return None };
    let mut code = [a.to_ascii_uppercase(), b.to_ascii_uppercase(), c.to_ascii_uppercase(), d.to_ascii_uppercase()];
    let k = key(&code)?;
    let n = k % 1000;
    code[1] = b'0' + (n / 100) as u8;
    code[2] = b'0' + (n / 10 % 10) as u8;
    code[3] = b'0' + (n % 10) as u8;
    Some(code)
}

fn province_eq(row: Option<&str>, want: Option<&str>) -> bool {
    match want.map(str::trim).filter(|w| !w.is_empty()) {
        None => true,
        Some(w) => row.is_some_and(|p| p.eq_ignore_ascii_case(w)),
    }
}

// --- public API ------------------------------------------------------------------------------

/// Whether `code` (e.g. `"H501"`) is in the table (any period).
pub fn exists(code: &str) -> bool {
    parse_code(code).and_then(|c| code_index(&c)).is_some()
}

/// The period of `code` in force on `on`, if any.
pub fn lookup(code: &str, on: NaiveDate) -> Option<Place> {
    let c = parse_code(code)?;
    let ci = code_index(&c)?;
    let d = day_number(on);
    rows(ci).find(|&r| row_valid_on(r, d)).map(|r| place_of(&c, r))
}

/// Every period of `code`, oldest first (empty when unknown).
pub fn history(code: &str) -> Vec<Place> {
    let Some(c) = parse_code(code) else { return Vec::new() };
    let Some(ci) = code_index(&c) else { return Vec::new() };
    rows(ci).map(|r| place_of(&c, r)).collect()
}

/// Periods whose name equals `name` ignoring case, accents, spaces and apostrophes, optionally
/// in `province` and in force on `on`.
pub fn by_name(name: &str, province: Option<&str>, on: Option<NaiveDate>) -> Vec<Place> {
    let want = fold(name);
    let d = on.map(day_number);
    let mut out = Vec::new();
    if want.is_empty() {
        return out;
    }
    for_each_row(|code, r| {
        if d.is_none_or(|d| row_valid_on(r, d))
            && fold_eq(row_name(r), &want)
            && province_eq(row_province(r), province)
        {
            out.push(place_of(code, r));
        }
    });
    out
}

/// Up to `limit` places whose name starts with `prefix` (folded as in [`by_name`]), exact
/// matches first, then alphabetically; with `on`, only periods in force on that day. For
/// autocompletion of a birthplace field.
pub fn search(prefix: &str, on: Option<NaiveDate>, limit: usize) -> Vec<Place> {
    let want = fold(prefix);
    let d = on.map(day_number);
    let mut hits: Vec<(bool, Place)> = Vec::new();
    if want.is_empty() || limit == 0 {
        return Vec::new();
    }
    for_each_row(|code, r| {
        if d.is_none_or(|d| row_valid_on(r, d)) {
            if let Some(exact) = fold_prefix(row_name(r), &want) {
                hits.push((exact, place_of(code, r)));
            }
        }
    });
    hits.sort_by(|a, b| {
        b.0.cmp(&a.0).then_with(|| fold(&a.1.name).cmp(&fold(&b.1.name))).then_with(|| b.1.valid_from.cmp(&a.1.valid_from))
    });
    // One entry per code and name.
    let mut out: Vec<Place> = Vec::new();
    for (_, p) in hits {
        if !out.iter().any(|q| q.code == p.code && q.name == p.name) {
            out.push(p);
        }
        if out.len() == limit {
            break;
        }
    }
    out
}

/// Resolves a birthplace given as a Belfiore code or as a name (with an optional province) for
/// a birth on `on`. A name matching several codes on that date is `cf.place_ambiguous` (with
/// the candidates); a name matching nothing is `cf.place_not_found`; an unknown code is
/// `cf.place_unknown`. When no period of that name was in force on `on`, periods of any date
/// are considered (births are re-coded to later codes).
pub fn resolve(place: &str, province: Option<&str>, on: NaiveDate) -> Result<Place, CfError> {
    if let Some(c) = parse_code(place) {
        let Some(ci) = code_index(&c) else {
            return Err(CfError::PlaceUnknown { place: super::code::ascii_string(&c) });
        };
        let (r, _) = pick_row(ci, Some(day_number(on)));
        return Ok(place_of(&c, r));
    }
    let mut found = by_name(place, province, Some(on));
    if found.is_empty() {
        found = by_name(place, province, None);
        // Prefer, per code, the period closest after the birth (re-coding), else the latest.
        let d = day_number(on);
        found.sort_by_key(|p| {
            let from = day_number(p.valid_from);
            (p.code.clone(), if from >= d { (0, from) } else { (1, -from) })
        });
    }
    found.dedup_by(|a, b| a.code == b.code);
    match found.len() {
        0 => Err(CfError::PlaceNotFound {
            name: place.trim().to_string(),
            province: province.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()),
        }),
        1 => Ok(found.swap_remove(0)),
        _ => Err(CfError::PlaceAmbiguous { name: place.trim().to_string(), candidates: found }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn day_numbers_agree_with_chrono() {
        // The build script computes day numbers on its own; Roma's first day must round-trip.
        let h = history("H501");
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].valid_from, date("1884-09-11"));
        assert_eq!(h[0].name, "Roma");
        assert_eq!(h[0].province.as_deref(), Some("RM"));
        let a = history("A001");
        assert_eq!(a[0].valid_to, Some(date("1924-11-13")));
        assert_eq!(a[1].valid_from, date("1924-11-14"));
        assert_eq!(a[1].name, "Abano Terme");
    }

    #[test]
    fn every_row_has_a_name() {
        let mut n = 0;
        for_each_row(|_, r| {
            assert!(!row_name(r).is_empty(), "row {r}");
            n += 1;
        });
        assert_eq!(n, table::ROWS);
        assert_eq!(table::CODES, table::KEY_BITS.iter().map(|w| w.count_ones() as usize).sum::<usize>());
        assert_eq!(table::NAME_LEN.len(), table::NAMES_COUNT);
    }

    #[test]
    fn lookups() {
        assert!(exists("h501") && exists("Z112") && !exists("Z999") && !exists("H50"));
        assert!(exists("H5L1"));
        assert_eq!(lookup("Z105", date("1990-01-01")).unwrap().name, "Cecoslovacchia");
        assert_eq!(lookup("Z105", date("1999-01-01")), None);
        let b = history("B250");
        assert!(b.iter().any(|p| p.province.as_deref() == Some("CA")));
        assert!(b.iter().any(|p| p.province.as_deref() == Some("SU")));
    }

    #[test]
    fn names() {
        let r = by_name("roma", None, Some(date("1980-01-01")));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].code, "H501");
        let c = by_name("Città di Castello", None, None);
        assert!(c.iter().all(|p| p.code == "C745"), "{c:?}");
        assert!(!c.is_empty());
        let castro = by_name("castro", None, Some(date("2020-01-01")));
        assert_eq!(castro.len(), 2);
        let castro_le = by_name("castro", Some("le"), Some(date("2020-01-01")));
        assert_eq!(castro_le.len(), 1);
    }

    #[test]
    fn resolving() {
        assert_eq!(resolve("Roma", None, date("1980-01-01")).unwrap().code, "H501");
        assert_eq!(resolve("roma", None, date("1863-01-01")).unwrap().code, "H501");
        assert_eq!(resolve("Germania", None, date("2001-02-28")).unwrap().code, "Z112");
        match resolve("Castro", None, date("2020-01-01")) {
            Err(CfError::PlaceAmbiguous { candidates, .. }) => assert_eq!(candidates.len(), 2),
            other => panic!("{other:?}"),
        }
        assert!(matches!(resolve("Nowhere", None, date("2020-01-01")), Err(CfError::PlaceNotFound { .. })));
        assert!(matches!(resolve("Z999", None, date("2020-01-01")), Err(CfError::PlaceUnknown { .. })));
    }

    #[test]
    fn searching() {
        let s = search("Rom", Some(date("2020-01-01")), 5);
        assert_eq!(s[0].name, "Roma");
        assert!(s.len() <= 5);
    }
}
