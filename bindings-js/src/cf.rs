//! `cf` and `piva` namespaces: `sportello::cf`. Structured results are plain objects in the core's
//! JSON shape (types `Decoded`, `MatchReport`, `Place`, `TaxCode`, `Person`, `Declared`).
use sportello::cf as core;

use crate::{Built, Date, Ret};

/// `Decoded` built from its fields: `cf.decode` is called once per code, and its small result
/// is several times cheaper to build this way than to parse.
impl crate::Record for core::Decoded {
    const TS: &'static str = "Decoded";
    const BUILD: &'static str = "(code, canonical, sex, birthDate, place, name, province, kind, validOnBirthDate, warnings) => \
        ({ code, canonical, sex, birthDate, birthplace: { code: place, name, province, kind, validOnBirthDate }, warnings })";
    fn fields(self) -> Vec<Ret> {
        let (p, text) = (self.birthplace, |s: Option<String>| s.map_or(Ret::Null, Ret::Str));
        vec![
            Ret::Str(self.code),
            Ret::Str(self.canonical),
            Ret::Str(self.sex.as_str().into()),
            text(self.birth_date.map(sportello::iso::date_string)),
            Ret::Str(p.code),
            Ret::Str(p.name.into_owned()),
            text(p.province.map(|s| s.into_owned())),
            Ret::Str(p.kind.as_str().into()),
            p.valid_on_birth_date.map_or(Ret::Null, Ret::Bool),
            Ret::Fields(self.warnings.into_iter().map(Ret::Str).collect()),
        ]
    }
}

pub(crate) fn all(v: &mut Vec<crate::Entry>, c: &mut Vec<crate::ClassInfo>) {
    functions::entries(v, c);
    piva::entries(v, c);
}

mod functions {
    use super::*;
    crate::functions! { "cf";
        /// Trims, removes inner spaces, upper-cases and strips a SPID `TINIT-` prefix.
        fn normalize(code: String) -> String { core::normalize(&code) }
        /// Whether `code` is a valid codice fiscale (format, check letter, date, known birthplace).
        fn is_valid(code: String) -> bool { core::is_valid(&code) }
        /// `isValid` over an array; a `null` item answers `null` (a batch keeps a missing value missing).
        fn is_valid_many(codes: Vec<Option<String>> as "(string | null)[]") -> Vec<Option<bool>> as "(boolean | null)[]" {
            codes.iter().map(|c| c.as_deref().map(core::is_valid)).collect::<Vec<_>>()
        }
        /// The error code of each code of an array: `null` where the code is valid (or `null`).
        fn validate_many(codes: Vec<Option<String>> as "(string | null)[]") -> Vec<Option<&'static str>> as "(string | null)[]" {
            codes.iter().map(|c| c.as_deref().and_then(core::error_code)).collect::<Vec<_>>()
        }
        /// The normalised code; throws `cf.format`, `cf.check_char`, `cf.date` or `cf.place_unknown`.
        fn validate(code: String) -> String { core::validate(&code)? }
        /// Sex, birth date (century chosen against `today`, default the host's current date) and birthplace.
        fn decode(code: String, today: Option<Date>, options: Option<core::DecodeChoices> as "{ maxAge?: number; strictPlace?: boolean }") -> Built<core::Decoded> {
            Built(core::decode_with(&code, &core::DecodeOptions::chosen(crate::today_or(today), &options.unwrap_or_default()))?)
        }
        /// The codice fiscale of a person (`birthplace`: a Belfiore code or a place name).
        fn encode(person: core::Person as "Person") -> String { core::encode(&person)? }
        /// Checks `code` against declared data (every field optional; missing ones are skipped).
        fn matches(code: String, declared: core::Declared as "Declared") -> core::MatchReport as "MatchReport" { core::matches_declared(&code, &declared)? }
        /// The canonical (non-omocode) form of a valid code.
        fn canonical(code: String) -> String { core::canonical(&code)? }
        /// All 128 omocodia variants of a valid code, canonical first.
        fn omocodes(code: String) -> Vec<String> { core::omocodes(&code)? }
        /// Whether two codes denote the same person (equal canonical forms).
        fn same_person(a: String, b: String) -> bool { core::same_person(&a, &b) }
        /// A tax code field holding a personal (16) or numeric (11) code.
        fn validate_tax_code(code: String) -> core::TaxCode as "TaxCode" { core::validate_tax_code(&code).map_err(crate::umbrella)? }
        /// The period of a Belfiore code in force on `on` (default the host's current date), or `null`.
        fn place_lookup(code: String, on: Option<Date>) -> Option<core::Place> as "Place | null" { core::places::lookup(&code, crate::today_or(on)) }
        /// Every period of a Belfiore code, oldest first.
        fn place_history(code: String) -> Vec<core::Place> as "Place[]" { core::places::history(&code) }
        /// Periods whose name equals `name` (case, accents, spaces and apostrophes ignored).
        fn places_by_name(name: String, province: Option<String>, on: Option<Date>) -> Vec<core::Place> as "Place[]" {
            core::places::by_name(&name, province.as_deref(), on.map(|d| d.0))
        }
        /// Up to `limit` places whose name starts with `prefix` (default limit: the core's).
        fn place_search(prefix: String, on: Option<Date>, limit: Option<u32>) -> Vec<core::Place> as "Place[]" {
            core::places::search(&prefix, on.map(|d| d.0), limit.map_or(core::places::SEARCH_LIMIT, |l| l as usize))
        }
        /// A birthplace given as a code or a name (+ province) for a birth on `on` (default the host's current date).
        fn place_resolve(place: String, on: Option<Date>, province: Option<String>) -> core::Place as "Place" {
            core::places::resolve(&place, province.as_deref(), crate::today_or(on))?
        }
    }
}

pub(crate) mod piva {
    use super::*;
    crate::functions! { "piva";
        /// Whether `code` is a valid 11-digit code (partita IVA, numeric or temporary codice fiscale).
        fn is_valid(code: String) -> bool { core::piva::is_valid(&code) }
        /// The normalised 11 digits; throws `piva.format`, `piva.zero` or `piva.check_digit`.
        fn validate(code: String) -> String { core::piva::validate(&code)? }
        /// The error code of each code of an array: `null` where the code is valid (or `null`).
        fn validate_many(codes: Vec<Option<String>> as "(string | null)[]") -> Vec<Option<&'static str>> as "(string | null)[]" {
            codes.iter().map(|c| c.as_deref().and_then(core::piva::error_code)).collect::<Vec<_>>()
        }
    }
}
