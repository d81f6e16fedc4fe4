//! Checking a code against declared personal data, field by field.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::code::{self, Parsed};
use super::encode::{name_code, surname_code};
use super::places;
use super::translit::{fold, fold_eq, Mode};
use super::{CfError, MatchReport, Person, Sex};

/// Outcome for one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum FieldMatch {
    /// The declared value agrees with the code.
    Matched,
    /// The declared value disagrees with the code.
    Mismatched,
    /// Not declared (absent or blank), so not compared.
    Skipped,
}

/// Per-field outcomes of [`super::matches`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MatchFields {
    /// Outcome for the surname (the three surname letters, positions 1-3).
    pub surname: FieldMatch,
    /// Outcome for the name (the three name letters, positions 4-6).
    pub name: FieldMatch,
    /// Outcome for the sex (day of birth plus 40 for women).
    pub sex: FieldMatch,
    /// Outcome for the birth date (year, month letter and day).
    pub birth_date: FieldMatch,
    /// Outcome for the birthplace (Belfiore code, positions 12-15).
    pub birthplace: FieldMatch,
}

/// Declared personal data where every field is optional (a form being filled in). JSON:
/// `{"surname": "Rossi", "name": "Mario", "sex": "M", "birthDate": "1980-01-01", "birthplace": "Roma", "province": "RM"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Declared {
    /// Declared surname; `None` or blank: not compared.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub surname: Option<String>,
    /// Declared name; `None` or blank: not compared.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub name: Option<String>,
    /// Declared sex, `"M"` or `"F"`; `None`: not compared.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub sex: Option<Sex>,
    /// Declared birth date (`YYYY-MM-DD`); `None`: not compared.
    #[serde(default, deserialize_with = "crate::iso::de_opt_date")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub birth_date: Option<NaiveDate>,
    /// A Belfiore code or a place name (any of its historical names).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub birthplace: Option<String>,
    /// Province abbreviation, compared with every period of the birthplace.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub province: Option<String>,
}

impl From<&Person> for Declared {
    fn from(p: &Person) -> Self {
        Declared {
            surname: Some(p.surname.clone()),
            name: Some(p.name.clone()),
            sex: Some(p.sex),
            birth_date: Some(p.birth_date),
            birthplace: Some(p.birthplace.clone()),
            province: p.province.clone(),
        }
    }
}

fn outcome(ok: bool) -> FieldMatch {
    if ok {
        FieldMatch::Matched
    } else {
        FieldMatch::Mismatched
    }
}

fn text(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn letters_match(cf: &[u8], declared: Option<&str>, f: fn(&str, Mode) -> Option<[u8; 3]>) -> FieldMatch {
    let Some(d) = declared else { return FieldMatch::Skipped };
    let modern = f(d, Mode::Modern);
    let legacy = f(d, Mode::Legacy);
    outcome([modern, legacy].iter().flatten().any(|c| c.as_slice() == cf))
}

fn place_match(p: &Parsed, declared: Option<&str>, province: Option<&str>) -> FieldMatch {
    let Some(d) = declared else { return FieldMatch::Skipped };
    if let Some(code) = places::parse_code(d) {
        return outcome(code == p.place);
    }
    let Some(ci) = places::code_index(&p.place) else { return FieldMatch::Mismatched };
    let want = fold(d);
    let province = province.map(str::trim).filter(|s| !s.is_empty());
    outcome(
        places::rows(ci).iter().any(|r| {
            fold_eq(places::row_name(r), &want) && province.is_none_or(|w| places::row_province(r).is_some_and(|p| p.eq_ignore_ascii_case(w)))
        }),
    )
}

pub(crate) fn matches(input: &str, declared: &Declared) -> Result<MatchReport, CfError> {
    let p = code::parse_shared(input).map_err(code::Fail::into_error)?;
    let fields = MatchFields {
        surname: letters_match(p.bytes.get(..3).unwrap_or(&[]), text(&declared.surname), surname_code),
        name: letters_match(p.bytes.get(3..6).unwrap_or(&[]), text(&declared.name), name_code),
        sex: match declared.sex {
            None => FieldMatch::Skipped,
            Some(s) => outcome((s == Sex::F) == p.female),
        },
        birth_date: match declared.birth_date {
            None => FieldMatch::Skipped,
            Some(d) => outcome(d.year().rem_euclid(100) == i32::from(p.yy) && d.month() == u32::from(p.month) && d.day() == u32::from(p.day)),
        },
        birthplace: place_match(&p, text(&declared.birthplace), text(&declared.province)),
    };
    let mismatched: Vec<String> = [
        ("surname", fields.surname),
        ("name", fields.name),
        ("sex", fields.sex),
        ("birthDate", fields.birth_date),
        ("birthplace", fields.birthplace),
    ]
    .iter()
    .filter(|(_, m)| *m == FieldMatch::Mismatched)
    .map(|(n, _)| (*n).to_string())
    .collect();
    Ok(MatchReport { matches: mismatched.is_empty(), mismatched, fields })
}
