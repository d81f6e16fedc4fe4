//! Build script: turns the data files in `data/` into compact static tables (see `data/README.md`).
//!
//! Everything here runs at build time on trusted, versioned data: a malformed file stops the
//! build with a message naming the line (`panic!` is the build script's error channel).
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    belfiore();
}

// --- cf: Belfiore places -------------------------------------------------------------------

/// One row of `data/belfiore.csv`: `code,kind,name,province,valid_from,valid_to`.
struct PlaceRow {
    key: u16,
    name: String,
    province: String,
    from: i32,
    to: Option<i32>,
}

/// Days since 0001-01-01 counting that day as 1 (chrono's `num_days_from_ce`).
fn days_from_ce(y: i64, m: i64, d: i64) -> i32 {
    // Howard Hinnant's days_from_civil, shifted from the Unix epoch to chrono's CE numbering.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let unix = era * 146_097 + doe - 719_468;
    i32::try_from(unix + 719_163).expect("date out of range") // ok: build-time data error
}

fn parse_date(s: &str, line: usize) -> i32 {
    let parts: Vec<&str> = s.split('-').collect();
    let bad = || panic!("belfiore.csv line {line}: bad date {s:?} (want YYYY-MM-DD)");
    if parts.len() != 3 {
        bad();
    }
    let n: Vec<i64> = parts.iter().map(|p| p.parse::<i64>().unwrap_or_else(|_| bad())).collect();
    if !(1..=12).contains(&n[1]) || !(1..=31).contains(&n[2]) {
        bad();
    }
    days_from_ce(n[0], n[1], n[2])
}

/// Splits one CSV line (RFC 4180 quotes supported, no embedded newlines).
fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn belfiore() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")); // ok: build time
    let src = manifest.join("data").join("belfiore.csv");
    println!("cargo:rerun-if-changed={}", src.display());
    let text = std::fs::read_to_string(&src).unwrap_or_else(|e| panic!("reading {}: {e}", src.display()));

    let mut rows: Vec<PlaceRow> = Vec::new();
    let mut lines = text.lines().enumerate();
    let header = lines.next().map(|(_, l)| l.trim_end_matches('\r').to_string()).unwrap_or_default();
    assert_eq!(header, "code,kind,name,province,valid_from,valid_to", "belfiore.csv: unexpected header");
    for (i, raw) in lines {
        let line_no = i + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let f = split_csv(line);
        assert_eq!(f.len(), 6, "belfiore.csv line {line_no}: expected 6 fields, got {}", f.len());
        let code = f[0].trim();
        if code == "ND" {
            continue; // rows without a Belfiore code (see data/README.md)
        }
        let b = code.as_bytes();
        let ok = b.len() == 4 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit);
        assert!(ok, "belfiore.csv line {line_no}: bad code {code:?}");
        let num: u16 = code[1..].parse().expect("digits"); // ok: checked above
        let key = u16::from(b[0] - b'A') * 1000 + num;
        let kind = f[1].trim();
        let foreign = b[0] == b'Z';
        match (kind, foreign) {
            ("comune", false) | ("stato", true) => {}
            _ => panic!("belfiore.csv line {line_no}: kind {kind:?} does not fit code {code}"),
        }
        let name = f[2].trim().to_string();
        assert!(!name.is_empty() && name.len() <= 255, "belfiore.csv line {line_no}: bad name");
        let province = f[3].trim().to_string();
        // Two letters (the table stores them side by side), or none for a foreign state.
        let ok = province.is_empty() || (province.len() == 2 && province.bytes().all(|b| b.is_ascii_uppercase()));
        assert!(ok, "belfiore.csv line {line_no}: bad province {province:?}");
        let from = parse_date(f[4].trim(), line_no);
        let to = match f[5].trim() {
            "" => None,
            s => Some(parse_date(s, line_no)),
        };
        if let Some(t) = to {
            assert!(t >= from, "belfiore.csv line {line_no}: valid_to before valid_from");
        }
        rows.push(PlaceRow { key, name, province, from, to });
    }
    rows.sort_by(|a, b| (a.key, a.from, &a.name).cmp(&(b.key, b.from, &b.name)));
    assert!(rows.len() < usize::from(u16::MAX), "too many place rows for u16 indices");

    emit_tables(&rows)
}

/// Row flags (the first byte of each row in ROW_STREAM, see `core/src/cf/places.rs`).
const NEW_NAME: u8 = 1;
const FROM_SHIFT: u8 = 1; // 2 bits: 0 = FROM_A, 1 = a 1-byte date id, 2 = a 2-byte date, 3 = FROM_B
const TO_SHIFT: u8 = 3; // 2 bits: 0 = still in force, 1 = the day before the next row's start, 2 = a 1-byte id, 3 = a 2-byte date
const SAME_PROV: u8 = 1 << 5;
const LAST_ROW: u8 = 1 << 6;

/// The mark before a lower-case letter that begins a word of a name (see [`stored_name`]).
const NAME_KEEP: char = '\u{1}';

/// A name as the table stores it: the first letter of each word (at the start or after an ASCII
/// character that is not a letter) lower-cased, where the reader upper-cases it back; a word
/// that begins lower-case (`Serbia e Montenegro`) keeps its letter after a `NAME_KEEP` mark. The
/// names then share more of their text with each other (` terme`, `san `): gzip, 41 -> 40 KB.
fn stored_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for c in name.chars() {
        assert!(c != NAME_KEEP && c != '\n', "belfiore.csv: a name holds a control character");
        if start && c.is_ascii_lowercase() {
            out.push(NAME_KEEP);
        }
        out.push(if start { c.to_ascii_lowercase() } else { c });
        start = c.is_ascii() && !c.is_ascii_alphabetic();
    }
    out
}

fn emit_tables(rows: &[PlaceRow]) {
    // Codes: a bitmap over key = letter*1000 + number (the index counts the codes before each word).
    const KEYS: usize = 26_000;
    let words = KEYS.div_ceil(64);
    let mut key_bits = vec![0u64; words];
    let mut groups: Vec<&[PlaceRow]> = Vec::new();
    let mut start = 0;
    for i in 1..=rows.len() {
        if i == rows.len() || rows[i].key != rows[start].key {
            groups.push(&rows[start..i]);
            start = i;
        }
    }
    for g in &groups {
        key_bits[usize::from(g[0].key) / 64] |= 1u64 << (g[0].key % 64);
        assert!(g.len() <= 8, "code {} has more than 8 periods", g[0].key);
    }

    // The two most frequent start dates of a code's first period get a flag value of their own.
    // A date used more than once is an id into DATES, ordered by frequency so that most ids fit
    // in one byte; a date used once is written in place, in two bytes (an id would cost two
    // bytes and a DATES entry). DATES and the 2-byte dates count days from DATE_BASE.
    let mut first_from: BTreeMap<i32, usize> = BTreeMap::new();
    for g in &groups {
        *first_from.entry(g[0].from).or_default() += 1;
    }
    let mut common: Vec<(usize, i32)> = first_from.iter().map(|(d, n)| (*n, *d)).collect();
    common.sort_by(|a, b| b.cmp(a));
    let from_a = common.first().map_or(0, |c| c.1);
    let from_b = common.get(1).map_or(0, |c| c.1);
    let derived_to = |g: &[PlaceRow], i: usize| -> bool { g.get(i + 1).is_some_and(|next| g[i].to == Some(next.from - 1)) };
    let mut explicit: BTreeMap<i32, usize> = BTreeMap::new();
    for g in &groups {
        for (i, r) in g.iter().enumerate() {
            if r.from != from_a && r.from != from_b {
                *explicit.entry(r.from).or_default() += 1;
            }
            if let Some(t) = r.to {
                if !derived_to(g, i) {
                    *explicit.entry(t).or_default() += 1;
                }
            }
        }
    }
    let date_base = explicit.keys().next().copied().unwrap_or(0);
    let mut dates: Vec<(usize, i32)> = explicit.iter().filter(|(_, n)| **n > 1).map(|(d, n)| (*n, *d)).collect();
    dates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let date_id: BTreeMap<i32, usize> = dates.iter().enumerate().map(|(i, (_, d))| (*d, i)).collect();
    // A 2-byte date is an id from 256 (`value < WIDE_IDS`) or a day (`DATE_BASE + value - WIDE_IDS`).
    let wide_ids = dates.len().saturating_sub(256);
    let offset = |d: i32| u16::try_from(d - date_base).expect("belfiore.csv: dates span more than 179 years"); // ok: build time
    let wide_value = |d: i32| {
        let v = date_id.get(&d).map_or_else(|| wide_ids + usize::from(offset(d)), |id| id - 256);
        u16::try_from(v).expect("belfiore.csv: too many distinct dates") // ok: build time
    };

    // Provinces: index 0 is "no province" (foreign states).
    let mut provinces: Vec<String> = vec![String::new()];
    for r in rows {
        if !r.province.is_empty() && !provinces.contains(&r.province) {
            provinces.push(r.province.clone());
        }
    }
    provinces[1..].sort();
    assert!(provinces.len() <= 256, "too many provinces");
    let prov_id = |p: &str| provinces.iter().position(|q| q == p).unwrap_or(0) as u8;

    // Rows, one after the other in ROW_STREAM: the flag byte, the 1-byte ids of the start and end
    // dates if the flags call for them, the province id unless it is the previous row's (gzip
    // finds more in the rows together than in one stream per field: 24.6 -> 22.6 KB). 2-byte
    // dates go to DATE_WIDE.
    let mut row_stream: Vec<u8> = Vec::new();
    let mut date_wide: Vec<u16> = Vec::new();
    // Names front-coded: per name, the bytes it shares with the previous name (at most 255, at a
    // character boundary) and the rest of it, newline-terminated (gzip: 48 -> 41 KB).
    let mut name_prefix: Vec<u8> = Vec::new();
    let mut name_suffixes = String::new();
    let mut name_count = 0usize;
    let mut prev_name: Option<&str> = None;
    let mut prev_stored = String::new();
    // A date's kind (1: a 1-byte id, written to `ids`, 2: a 2-byte date).
    let mut push_date = |d: i32, ids: &mut Vec<u8>| -> u8 {
        match date_id.get(&d) {
            Some(&id) if id < 256 => {
                ids.push(id as u8);
                1
            }
            _ => {
                date_wide.push(wide_value(d));
                2
            }
        }
    };
    for g in &groups {
        for (i, r) in g.iter().enumerate() {
            let (mut f, mut ids) = (0u8, Vec::new());
            if prev_name != Some(r.name.as_str()) {
                f |= NEW_NAME;
                let stored = stored_name(&r.name);
                let shared = stored
                    .char_indices()
                    .zip(prev_stored.chars())
                    .take_while(|((_, a), b)| a == b)
                    .map(|((i, a), _)| i + a.len_utf8())
                    .last()
                    .unwrap_or(0);
                let shared = (0..=shared.min(255)).rev().find(|&k| stored.is_char_boundary(k)).unwrap_or(0);
                name_prefix.push(shared as u8);
                name_suffixes.push_str(&stored[shared..]);
                name_suffixes.push('\n');
                name_count += 1;
                prev_name = Some(r.name.as_str());
                prev_stored = stored;
            }
            if r.from == from_a {
            } else if r.from == from_b {
                f |= 3 << FROM_SHIFT;
            } else {
                f |= push_date(r.from, &mut ids) << FROM_SHIFT;
            }
            match r.to {
                None => {}
                Some(_) if derived_to(g, i) => f |= 1 << TO_SHIFT,
                Some(t) => f |= (push_date(t, &mut ids) + 1) << TO_SHIFT,
            }
            if i > 0 && g[i - 1].province == r.province {
                f |= SAME_PROV;
            } else {
                ids.push(prov_id(&r.province));
            }
            if i + 1 == g.len() {
                f |= LAST_ROW;
            }
            row_stream.push(f);
            row_stream.extend(ids);
        }
    }
    // The index built at first use (core/src/cf/places.rs) keeps stream positions as u16.
    for len in [row_stream.len(), date_wide.len(), name_count] {
        assert!(len < 65_536, "a stream outgrew u16 positions");
    }

    // Emit.
    let mut o = String::new();
    let list = |o: &mut String, name: &str, ty: &str, items: &mut dyn Iterator<Item = String>| {
        let items: Vec<String> = items.collect();
        let _ = write!(o, "pub(crate) static {name}: [{ty}; {}] = [", items.len());
        for (i, it) in items.iter().enumerate() {
            if i % 24 == 0 {
                o.push('\n');
            }
            o.push_str(it);
            o.push(',');
        }
        o.push_str("\n];\n");
    };
    let _ = writeln!(o, "// @generated by core/build.rs from data/belfiore.csv: {} rows, {} codes.", rows.len(), groups.len());
    let _ = writeln!(o, "pub(crate) const ROWS: usize = {};", rows.len());
    let _ = writeln!(o, "pub(crate) const CODES: usize = {};", groups.len());
    let _ = writeln!(o, "pub(crate) const NAMES_COUNT: usize = {name_count};");
    let _ = writeln!(o, "pub(crate) const FROM_A: i32 = {from_a};");
    let _ = writeln!(o, "pub(crate) const FROM_B: i32 = {from_b};");
    let _ = writeln!(o, "pub(crate) const DATE_BASE: i32 = {date_base};");
    let _ = writeln!(o, "pub(crate) const WIDE_IDS: u16 = {wide_ids};");
    // DATES as its low bytes, then its high bytes (gzip: 1.9 -> 1.7 KB).
    list(&mut o, "DATES_LOW", "u8", &mut dates.iter().map(|(_, d)| (offset(*d) & 255).to_string()));
    list(&mut o, "DATES_HIGH", "u8", &mut dates.iter().map(|(_, d)| (offset(*d) >> 8).to_string()));
    list(&mut o, "KEY_BITS", "u64", &mut key_bits.iter().map(|w| format!("{w:#x}")));
    list(&mut o, "ROW_STREAM", "u8", &mut row_stream.iter().map(|w| w.to_string()));
    list(&mut o, "DATE_WIDE", "u16", &mut date_wide.iter().map(|w| w.to_string()));
    // Province `id` (from 1) is `PROVINCES[2 * id - 2..2 * id]`: one text, not a table of pointers.
    let _ = writeln!(o, "pub(crate) static PROVINCES: &str = {:?};", provinces.concat());
    list(&mut o, "NAME_PREFIX", "u8", &mut name_prefix.iter().map(|w| w.to_string()));
    let _ = writeln!(o, "pub(crate) static NAME_SUFFIXES: &str = {name_suffixes:?};");

    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("belfiore.rs"); // ok: build time
    std::fs::write(&out, o).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}
