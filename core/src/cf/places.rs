//! Belfiore places: Italian comuni (with their validity periods) and foreign states (`Z...`).
//!
//! The table is generated at build time from `data/belfiore.csv` (see `data/README.md`) into
//! compact static arrays: a bitmap over `letter * 1000 + number` says in O(1) whether a code
//! exists and gives its index; each code owns a run of periods ("rows") described by one flag
//! byte each, with the dates, provinces and names that do not follow from the flags in separate
//! streams; names are front-coded (the length shared with the previous name, then the rest).
//! The first lookup that needs more than the bitmap builds an `Index` once (about 1.5 ms, under
//! 0.5 MB): each code's stream positions and the names in full and folded, so that reading a code's periods
//! and names is O(1). Kept small because the WASM package ships the table (see docs/cf.md).
//!
//! Public API: [`Place`], [`exists`], [`lookup`], [`history`], [`by_name`], [`search`], [`resolve`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::translit::{fold, fold_into};
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
    /// The place's name in that period (Italian spelling for a comune, Italian name for a foreign state).
    pub name: String,
    /// Province abbreviation in that period; `None` for a foreign state.
    pub province: Option<String>,
    /// Whether the place is a comune or a foreign state.
    pub kind: PlaceKind,
    /// First day of the period (`YYYY-MM-DD`).
    #[serde(deserialize_with = "crate::iso::de_date")]
    pub valid_from: NaiveDate,
    /// Last day of the period (`YYYY-MM-DD`), `None` while the period is still in force.
    #[serde(default, deserialize_with = "crate::iso::de_opt_date")]
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

// Row flags (see core/build.rs).
const NEW_NAME: u8 = 1;
const SAME_PROV: u8 = 1 << 5;
const LAST_ROW: u8 = 1 << 6;

/// One period of a code, decoded from the streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Row {
    /// First day in force (day number).
    from: i32,
    /// Last day in force, `i32::MAX` while still in force.
    to: i32,
    prov: u8,
    name: usize,
}

/// Positions in the streams at the start of a code.
#[derive(Debug, Clone, Copy, Default)]
struct Cursor {
    row: usize,
    date: usize,
    prov: usize,
    name: usize,
}

/// For each flag byte: date-id bytes (bits 0-2), province byte (bit 3), new name (bit 4).
static ADVANCE: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut f = 0;
    while f < 128 {
        let fk = (f >> 1) & 3;
        let tk = (f >> 3) & 3;
        let dates = (if fk == 1 {
            1
        } else if fk == 2 {
            2
        } else {
            0
        }) + (if tk >= 2 { tk - 1 } else { 0 });
        let prov = if f as u8 & SAME_PROV == 0 { 8 } else { 0 };
        let name = if f as u8 & NEW_NAME != 0 { 16 } else { 0 };
        t[f] = dates as u8 | prov | name;
        f += 1;
    }
    t
};

/// Moves the stream positions past a row with flags `f`.
#[inline]
fn advance(c: &mut Cursor, f: u8) {
    let a = ADVANCE[usize::from(f & 127)];
    c.date += usize::from(a & 7);
    c.prov += usize::from((a >> 3) & 1);
    c.name += usize::from(a >> 4);
    c.row += 1;
}

/// What the first lookup builds from the static streams (see the module doc).
struct Index {
    /// Stream positions (row, date, province, name) at the start of each code.
    cursors: Vec<[u16; 4]>,
    /// Every name, in stream order, one after the other.
    names: String,
    /// End of each name in `names`.
    name_ends: Vec<u32>,
    /// Every name folded (`translit::fold`: lower-case letters and digits), for lookups by name.
    folded: Vec<u8>,
    /// End of each folded name in `folded`.
    folded_ends: Vec<u32>,
    /// The key (`letter * 1000 + number`) of each code.
    keys: Vec<u16>,
}

fn index() -> &'static Index {
    static INDEX: std::sync::OnceLock<Index> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut cursors = Vec::with_capacity(table::CODES);
        let mut c = Cursor::default();
        let pos = |x: usize| u16::try_from(x).unwrap_or(u16::MAX); // ok: the build checks the bound
        while c.row < table::FLAGS.len() {
            cursors.push([pos(c.row), pos(c.date), pos(c.prov), pos(c.name)]);
            while let Some(&f) = table::FLAGS.get(c.row) {
                advance(&mut c, f);
                if f & LAST_ROW != 0 {
                    break;
                }
            }
        }
        let mut names = String::with_capacity(table::NAME_SUFFIXES.len() * 3 / 2);
        let mut name_ends = Vec::with_capacity(table::NAMES_COUNT);
        let mut start = 0usize;
        for (suffix, &shared) in table::NAME_SUFFIXES.split_terminator('\n').zip(table::NAME_PREFIX.iter()) {
            let prefix = names.get(start..start + usize::from(shared)).unwrap_or("").to_owned();
            start = names.len();
            names.push_str(&prefix);
            names.push_str(suffix);
            name_ends.push(u32::try_from(names.len()).unwrap_or(u32::MAX));
        }
        let mut folded = Vec::with_capacity(names.len());
        let mut folded_ends = Vec::with_capacity(name_ends.len());
        for id in 0..name_ends.len() {
            fold_into(names.get(span(&name_ends, id)).unwrap_or(""), &mut folded);
            folded_ends.push(u32::try_from(folded.len()).unwrap_or(u32::MAX));
        }
        let keys = keys().map(|k| u16::try_from(k).unwrap_or(u16::MAX)).collect(); // ok: keys are < 26,000
        Index { cursors, names, name_ends, folded, folded_ends, keys }
    })
}

/// The stream positions of the code with index `ci`.
#[inline]
fn cursor(ci: usize) -> Cursor {
    let [row, date, prov, name] = index().cursors.get(ci).copied().unwrap_or([u16::MAX; 4]);
    Cursor { row: row.into(), date: date.into(), prov: prov.into(), name: name.into() }
}

fn date_id(c: &Cursor, wide: bool) -> i32 {
    let b = |i: usize| table::DATE_STREAM.get(c.date + i).copied().map_or(0, usize::from);
    let id = if wide { b(0) | b(1) << 8 } else { b(0) };
    table::DATES.get(id).copied().unwrap_or(i32::MIN)
}

/// Up to 8 periods of a code (the build checks the bound).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rows {
    rows: [Row; 8],
    len: usize,
}

impl Rows {
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = Row> + Clone + '_ {
        self.rows.iter().take(self.len).copied()
    }
    fn last(&self) -> Option<Row> {
        self.iter().next_back()
    }
}

/// The periods of the code with index `ci`, oldest first.
pub(crate) fn rows(ci: usize) -> Rows {
    rows_at(&mut cursor(ci))
}

/// The periods of the code whose stream positions are `c`; moves `c` to the next code.
fn rows_at(c: &mut Cursor) -> Rows {
    let empty = Row { from: i32::MIN, to: i32::MAX, prov: 0, name: 0 };
    let mut out = Rows { rows: [empty; 8], len: 0 };
    let mut name = c.name; // id of the next new name
    let mut derived_prev = false;
    let mut prov = 0u8;
    // A code may start with the name the previous code ended with (Armo A417, A418).
    let mut current_name = c.name.saturating_sub(1);
    while let Some(&f) = table::FLAGS.get(c.row) {
        let mut pos = *c;
        if f & NEW_NAME != 0 {
            current_name = name;
            name += 1;
        }
        let from = match (f >> 1) & 3 {
            0 => table::FROM_A,
            3 => table::FROM_B,
            k => {
                let d = date_id(&pos, k == 2);
                pos.date += usize::from(k);
                d
            }
        };
        let to = match (f >> 3) & 3 {
            0 | 1 => i32::MAX,
            k => date_id(&pos, k == 3),
        };
        if f & SAME_PROV == 0 {
            prov = table::PROV_STREAM.get(c.prov).copied().unwrap_or(0);
        }
        if derived_prev {
            if let Some(prev) = out.len.checked_sub(1).and_then(|i| out.rows.get_mut(i)) {
                prev.to = from.saturating_sub(1);
            }
        }
        derived_prev = (f >> 3) & 3 == 1;
        if let Some(slot) = out.rows.get_mut(out.len) {
            *slot = Row { from, to, prov, name: current_name };
            out.len += 1;
        }
        advance(c, f);
        if f & LAST_ROW != 0 {
            break;
        }
    }
    out
}

#[inline]
fn row_valid_on(r: Row, d: i32) -> bool {
    r.from <= d && d <= r.to
}

/// Where text `id` lies in a table of texts stored one after the other, given where each ends.
fn span(ends: &[u32], id: usize) -> std::ops::Range<usize> {
    let end = ends.get(id).map_or(0, |&e| e as usize);
    let start = id.checked_sub(1).and_then(|i| ends.get(i)).map_or(0, |&e| e as usize);
    start..end
}

fn name_text(id: usize) -> &'static str {
    let ix = index();
    ix.names.get(span(&ix.name_ends, id)).unwrap_or("")
}

/// The folded name of a row (see [`Index::folded`]).
fn row_folded(r: Row) -> &'static [u8] {
    let ix = index();
    ix.folded.get(span(&ix.folded_ends, r.name)).unwrap_or(&[])
}

pub(crate) fn row_name(r: Row) -> &'static str {
    name_text(r.name)
}

pub(crate) fn row_province(r: Row) -> Option<&'static str> {
    table::PROVINCES.get(usize::from(r.prov)).copied().filter(|s| !s.is_empty())
}

impl Rows {
    /// Whether one of these periods contains day number `d`.
    pub(crate) fn valid_on(&self, d: i32) -> bool {
        self.iter().any(|r| row_valid_on(r, d))
    }
}

/// The row to describe a code on a day: the row in force; else the first row after that day
/// (births re-coded to a later code); else the last row. Without a day, the most recent row.
/// Returns the row and whether it was in force on that day.
pub(crate) fn pick_row(rs: &Rows, d: Option<i32>) -> (Row, Option<bool>) {
    let last = rs.last().unwrap_or(Row { from: i32::MIN, to: i32::MAX, prov: 0, name: 0 });
    let Some(d) = d else { return (last, None) };
    if let Some(r) = rs.iter().find(|&r| row_valid_on(r, d)) {
        return (r, Some(true));
    }
    let after = rs.iter().filter(|r| r.from > d).min_by_key(|r| r.from);
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

fn place_of(code: &[u8; 4], r: Row) -> Place {
    Place {
        code: super::code::ascii_string(code),
        name: row_name(r).to_string(),
        province: row_province(r).map(str::to_string),
        kind: kind_of(code),
        valid_from: date_of(r.from).unwrap_or(NaiveDate::MIN),
        valid_to: match r.to {
            i32::MAX => None,
            d => date_of(d),
        },
    }
}

/// The keys (`letter * 1000 + number`) of the codes, in table order.
fn keys() -> impl Iterator<Item = usize> {
    table::KEY_BITS.iter().enumerate().flat_map(|(w, &word)| {
        let mut bits = word;
        std::iter::from_fn(move || {
            let b = (bits != 0).then(|| bits.trailing_zeros() as usize)?;
            bits &= bits - 1;
            Some(w * 64 + b)
        })
    })
}

/// The code bytes of a key.
fn code_of(k: usize) -> [u8; 4] {
    let letter = b'A' + (k / 1000) as u8; // ok: keys are < 26,000
    let n = k % 1000;
    [letter, b'0' + (n / 100) as u8, b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8]
}

/// Walks every row in table order with its code: `f(code, row)` (the tests' reference walk).
#[cfg(test)]
fn for_each_row(mut f: impl FnMut(&[u8; 4], Row)) {
    let mut c = cursor(0);
    for k in keys() {
        let code = code_of(k);
        for r in rows_at(&mut c).iter() {
            f(&code, r);
        }
    }
}

/// Walks, in table order, the rows whose folded name passes `keep`, reading only the codes that
/// use such a name (the folded names are scanned, then each name's codes found by its id).
fn for_each_row_named(keep: impl Fn(&[u8]) -> bool, mut f: impl FnMut(&[u8; 4], Row)) {
    let ix = index();
    let mut next_ci = 0usize; // codes before it have been read
    for id in 0..ix.folded_ends.len() {
        if !keep(ix.folded.get(span(&ix.folded_ends, id)).unwrap_or(&[])) {
            continue;
        }
        // The code that introduces name `id`, then the codes that begin with it without a new name.
        let mut ci = ix.cursors.partition_point(|c| usize::from(c[3]) <= id).saturating_sub(1);
        loop {
            if ci >= next_ci {
                let code = ix.keys.get(ci).map_or([0; 4], |&k| code_of(usize::from(k)));
                for r in rows(ci).iter().filter(|&r| keep(row_folded(r))) {
                    f(&code, r);
                }
                next_ci = ci + 1;
            }
            ci += 1;
            let continues = ix
                .cursors
                .get(ci)
                .is_some_and(|c| usize::from(c[3]) == id + 1 && table::FLAGS.get(usize::from(c[0])).is_some_and(|&f| f & NEW_NAME == 0));
            if !continues {
                break;
            }
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
    rows(ci).iter().find(|&r| row_valid_on(r, d)).map(|r| place_of(&c, r))
}

/// Every period of `code`, oldest first (empty when unknown).
pub fn history(code: &str) -> Vec<Place> {
    let Some(c) = parse_code(code) else { return Vec::new() };
    let Some(ci) = code_index(&c) else { return Vec::new() };
    rows(ci).iter().map(|r| place_of(&c, r)).collect()
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
    for_each_row_named(
        |f| f == want.as_slice(),
        |code, r| {
            if d.is_none_or(|d| row_valid_on(r, d)) && province_eq(row_province(r), province) {
                out.push(place_of(code, r));
            }
        },
    );
    out
}

/// How many places [`search`] returns when the caller names no limit (the bindings' default).
pub const SEARCH_LIMIT: usize = 10;

/// Up to `limit` places whose name starts with `prefix` (folded as in [`by_name`]), exact
/// matches first, then alphabetically; with `on`, only periods in force on that day. For
/// autocompletion of a birthplace field.
pub fn search(prefix: &str, on: Option<NaiveDate>, limit: usize) -> Vec<Place> {
    let want = fold(prefix);
    let d = on.map(day_number);
    if want.is_empty() || limit == 0 {
        return Vec::new();
    }
    let mut hits: Vec<(bool, &[u8], Place)> = Vec::new();
    for_each_row_named(
        |f| f.starts_with(&want),
        |code, r| {
            let folded = row_folded(r);
            if d.is_none_or(|d| row_valid_on(r, d)) {
                hits.push((folded.len() == want.len(), folded, place_of(code, r)));
            }
        },
    );
    // Exact matches first, then by folded name, then the latest period; one entry per code and
    // name. A selection of the `limit` smallest (no sort: keeps the WASM build small).
    let before = |a: &(bool, &[u8], Place), b: &(bool, &[u8], Place)| {
        (!a.0, &a.1, std::cmp::Reverse(a.2.valid_from)) < (!b.0, &b.1, std::cmp::Reverse(b.2.valid_from))
    };
    let mut out: Vec<Place> = Vec::new();
    while out.len() < limit {
        let mut best: Option<usize> = None;
        for (i, h) in hits.iter().enumerate() {
            if best.and_then(|b| hits.get(b)).is_none_or(|b| before(h, b)) {
                best = Some(i);
            }
        }
        let Some((_, _, p)) = best.map(|b| hits.swap_remove(b)) else { break };
        if !out.iter().any(|q| q.code == p.code && q.name == p.name) {
            out.push(p);
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
        let (r, _) = pick_row(&rows(ci), Some(day_number(on)));
        return Ok(place_of(&c, r));
    }
    let mut found = by_name(place, province, Some(on));
    if found.is_empty() {
        // Per code, the period closest after the birth (re-coding), else the latest one. The
        // periods come grouped by code, in table order.
        let d = day_number(on);
        let rank = |p: &Place| {
            let from = day_number(p.valid_from);
            if from >= d {
                (0, from)
            } else {
                (1, -from)
            }
        };
        for p in by_name(place, province, None) {
            match found.last_mut() {
                Some(q) if q.code == p.code => {
                    if rank(&p) < rank(q) {
                        *q = p;
                    }
                }
                _ => found.push(p),
            }
        }
    }
    found.dedup_by(|a, b| a.code == b.code);
    match found.len() {
        0 => {
            Err(CfError::PlaceNotFound { name: place.trim().to_string(), province: province.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()) })
        }
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
            assert!(!row_name(r).is_empty(), "row {r:?}");
            n += 1;
        });
        assert_eq!(n, table::ROWS);
        assert_eq!(table::CODES, table::KEY_BITS.iter().map(|w| w.count_ones() as usize).sum::<usize>());
        assert_eq!(index().name_ends.len(), table::NAMES_COUNT);
        assert_eq!(index().cursors.len(), table::CODES);
    }

    /// Every period of the CSV comes back from the compact tables, field for field.
    #[test]
    fn tables_round_trip_the_csv() {
        let csv = include_str!("../../data/belfiore.csv");
        let mut n = 0;
        for line in csv.lines().skip(1) {
            let f: Vec<&str> = line.trim_end_matches('\r').split(',').collect();
            if f.len() != 6 || f[0] == "ND" {
                continue;
            }
            let want = Place {
                code: f[0].to_string(),
                name: f[2].to_string(),
                province: Some(f[3].to_string()).filter(|p| !p.is_empty()),
                kind: if f[1] == "stato" { PlaceKind::ForeignState } else { PlaceKind::Comune },
                valid_from: date(f[4]),
                valid_to: Some(f[5]).filter(|s| !s.is_empty()).map(date),
            };
            assert!(history(f[0]).contains(&want), "{line}: {:?}", history(f[0]));
            n += 1;
        }
        let mut total = 0;
        for_each_row(|_, _| total += 1);
        assert_eq!(total, n);
        assert_eq!(total, table::ROWS);
    }

    /// The walk by name reads only some codes: it must find exactly what a walk of every row finds.
    #[test]
    fn named_walk_agrees_with_the_full_walk() {
        let all = |keep: &dyn Fn(&[u8]) -> bool| {
            let mut v = Vec::new();
            for_each_row(|c, r| {
                if keep(row_folded(r)) {
                    v.push((*c, r));
                }
            });
            v
        };
        let named = |keep: &dyn Fn(&[u8]) -> bool| {
            let mut v = Vec::new();
            for_each_row_named(keep, |c, r| v.push((*c, r)));
            v
        };
        let ix = index();
        for i in (0..ix.folded_ends.len()).step_by(7) {
            let name = ix.folded[span(&ix.folded_ends, i)].to_vec();
            let want = all(&|f| f == name.as_slice());
            assert!(!want.is_empty());
            assert_eq!(named(&|f| f == name.as_slice()), want, "{}", String::from_utf8_lossy(&name));
        }
        for prefix in ["a", "san", "castel", "monte", "z", "roma", "ce", "x"] {
            let p = prefix.as_bytes();
            assert_eq!(named(&|f| f.starts_with(p)), all(&|f| f.starts_with(p)), "{prefix}");
        }
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
