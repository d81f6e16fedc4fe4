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
        assert!(province.len() <= 8, "belfiore.csv line {line_no}: bad province");
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

    // Dates: one sorted table of day numbers; rows refer to it by u16 index.
    let mut date_set: BTreeMap<i32, u16> = BTreeMap::new();
    for r in &rows {
        date_set.insert(r.from, 0);
        if let Some(t) = r.to {
            date_set.insert(t, 0);
        }
    }
    assert!(date_set.len() < usize::from(u16::MAX), "too many distinct dates");
    for (i, v) in date_set.values_mut().enumerate() {
        *v = i as u16;
    }
    // Provinces: index 0 is "no province" (foreign states).
    let mut provinces: Vec<String> = vec![String::new()];
    let mut prov_set: BTreeMap<String, u8> = BTreeMap::new();
    for r in &rows {
        if !r.province.is_empty() && !prov_set.contains_key(&r.province) {
            prov_set.insert(r.province.clone(), 0);
        }
    }
    for (i, (p, v)) in prov_set.iter_mut().enumerate() {
        *v = u8::try_from(i + 1).expect("too many provinces"); // ok: build-time data error
        provinces.push(p.clone());
    }

    // Codes: a bitmap over key = letter*1000 + number with a rank per 64-bit word, and the first
    // row of each code stored as (first_row - code_index), a slowly growing number.
    const KEYS: usize = 26_000;
    let words = KEYS.div_ceil(64);
    let mut key_bits = vec![0u64; words];
    let mut code_first_row: Vec<usize> = Vec::new();
    let mut prev_key: Option<u16> = None;
    for (i, r) in rows.iter().enumerate() {
        if prev_key != Some(r.key) {
            key_bits[usize::from(r.key) / 64] |= 1u64 << (r.key % 64);
            code_first_row.push(i);
            prev_key = Some(r.key);
        }
    }
    let n_codes = code_first_row.len();
    code_first_row.push(rows.len());
    let mut key_rank = Vec::with_capacity(words);
    let mut acc = 0u32;
    for w in &key_bits {
        key_rank.push(acc);
        acc += w.count_ones();
    }

    // Names: one entry per run of consecutive rows with the same name; a bit per row marks the
    // start of a run, so name_id(row) = rank(row) - 1. Text in one blob, lengths per name and
    // the offset of every 16th name.
    let row_words = rows.len().div_ceil(64);
    let mut name_new = vec![0u64; row_words];
    let mut names: Vec<&str> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if i == 0 || rows[i - 1].name != r.name {
            name_new[i / 64] |= 1u64 << (i % 64);
            names.push(&r.name);
        }
    }
    let mut name_rank = Vec::with_capacity(row_words);
    let mut acc = 0u32;
    for w in &name_new {
        name_rank.push(acc);
        acc += w.count_ones();
    }
    const NAME_SAMPLE_EVERY: usize = 16;
    let mut blob = String::new();
    let mut name_len = Vec::with_capacity(names.len());
    let mut name_sample = Vec::new();
    for (i, n) in names.iter().enumerate() {
        if i % NAME_SAMPLE_EVERY == 0 {
            name_sample.push(blob.len());
        }
        blob.push_str(n);
        name_len.push(n.len());
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
    let _ = writeln!(o, "// @generated by core/build.rs from data/belfiore.csv: {} rows, {n_codes} codes.", rows.len());
    let _ = writeln!(o, "pub(crate) const ROWS: usize = {};", rows.len());
    let _ = writeln!(o, "pub(crate) const CODES: usize = {n_codes};");
    let _ = writeln!(o, "pub(crate) const NAMES_COUNT: usize = {};", names.len());
    let _ = writeln!(o, "pub(crate) const NAME_SAMPLE_EVERY: usize = {NAME_SAMPLE_EVERY};");
    list(&mut o, "DATES", "i32", &mut date_set.keys().map(|d| d.to_string()));
    list(&mut o, "ROW_FROM", "u16", &mut rows.iter().map(|r| date_set[&r.from].to_string()));
    list(&mut o, "ROW_TO", "u16", &mut rows.iter().map(|r| r.to.map_or(u16::MAX, |t| date_set[&t]).to_string()));
    list(&mut o, "ROW_PROV", "u8", &mut rows.iter().map(|r| if r.province.is_empty() { 0 } else { prov_set[&r.province] }.to_string()));
    list(&mut o, "PROVINCES", "&str", &mut provinces.iter().map(|p| format!("{p:?}")));
    list(&mut o, "KEY_BITS", "u64", &mut key_bits.iter().map(|w| format!("{w:#x}")));
    list(&mut o, "KEY_RANK", "u16", &mut key_rank.iter().map(|w| w.to_string()));
    list(&mut o, "CODE_EXTRA", "u16", &mut code_first_row.iter().enumerate().map(|(c, f)| (f - c).to_string()));
    list(&mut o, "NAME_NEW", "u64", &mut name_new.iter().map(|w| format!("{w:#x}")));
    list(&mut o, "NAME_RANK", "u16", &mut name_rank.iter().map(|w| w.to_string()));
    list(&mut o, "NAME_LEN", "u8", &mut name_len.iter().map(|w| w.to_string()));
    list(&mut o, "NAME_SAMPLE", "u32", &mut name_sample.iter().map(|w| w.to_string()));
    let _ = writeln!(o, "pub(crate) static NAMES: &str = {blob:?};");

    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("belfiore.rs"); // ok: build time
    std::fs::write(&out, o).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}
