//! Invariants of `cf` (proptest): encode/decode round trip, omocodia variants, no panics.
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use sportello::cf::{self, piva, places, Declared, FieldMatch, Person, Sex};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Codes in force on every date of the last 100 years.
const PLACES: &[&str] = &["H501", "F205", "L219", "D969", "C351", "G702", "Z112", "Z404", "B354", "E625"];

fn name_strategy() -> impl Strategy<Value = String> {
    // Letters (some accented), spaces, apostrophes; at least one letter.
    "[A-Za-zÀÈÉÌÒÙàèéìòùÄÖÜäöüßÇçÑñ][A-Za-zàèéìòùäöüç' -]{0,20}"
}

fn person_strategy() -> impl Strategy<Value = Person> {
    (name_strategy(), name_strategy(), any::<bool>(), 0u64..36_500, 0..PLACES.len()).prop_map(|(s, n, f, back, p)| Person {
        surname: s,
        name: n,
        sex: if f { Sex::F } else { Sex::M },
        birth_date: today().checked_sub_days(Days::new(back)).unwrap(),
        birthplace: PLACES[p].to_string(),
        province: None,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn encode_then_decode_returns_the_data(p in person_strategy()) {
        let code = cf::encode(&p).unwrap();
        prop_assert!(cf::is_valid(&code), "{code}");
        let d = cf::decode(&code, today()).unwrap();
        prop_assert_eq!(d.sex, p.sex);
        prop_assert_eq!(d.birth_date, Some(p.birth_date));
        prop_assert_eq!(&d.birthplace.code, &p.birthplace);
        prop_assert_eq!(d.birthplace.valid_on_birth_date, Some(true));
        prop_assert!(d.warnings.is_empty());
        prop_assert_eq!(&d.canonical, &code);
        let m = cf::matches(&code, &p).unwrap();
        prop_assert!(m.matches, "{code} vs {p:?}: {m:?}");
        prop_assert_eq!(m.fields.surname, FieldMatch::Matched);
    }

    #[test]
    fn every_omocode_variant_validates_and_decodes_the_same(p in person_strategy()) {
        let code = cf::encode(&p).unwrap();
        let base = cf::decode(&code, today()).unwrap();
        let all = cf::omocodes(&code).unwrap();
        prop_assert_eq!(all.len(), 128);
        prop_assert_eq!(&all[0], &code);
        let mut seen = std::collections::HashSet::new();
        for v in &all {
            prop_assert!(seen.insert(v.clone()));
            prop_assert_eq!(cf::validate(v), Ok(v.clone()));
            let d = cf::decode(v, today()).unwrap();
            prop_assert_eq!(&d.canonical, &code);
            prop_assert_eq!(d.sex, base.sex);
            prop_assert_eq!(d.birth_date, base.birth_date);
            prop_assert_eq!(&d.birthplace, &base.birthplace);
            prop_assert_eq!(cf::canonical(v), Ok(code.clone()));
            prop_assert!(cf::same_person(v, &code));
            prop_assert!(cf::matches(v, &p).unwrap().matches);
        }
    }

    #[test]
    fn no_string_panics(s in any::<String>(), t in ".{0,40}") {
        for x in [s.as_str(), t.as_str()] {
            let _ = cf::normalize(x);
            let v = cf::is_valid(x);
            prop_assert_eq!(v, cf::validate(x).is_ok());
            let _ = cf::decode(x, today());
            let _ = cf::canonical(x);
            let _ = cf::omocodes(x);
            let _ = cf::same_person(x, x);
            let _ = cf::validate_tax_code(x);
            let _ = piva::validate(x);
            prop_assert_eq!(piva::is_valid(x), piva::validate(x).is_ok());
            let _ = places::exists(x);
            let _ = places::history(x);
        }
    }

    #[test]
    fn near_miss_codes_never_panic(prefix in "[A-Z0-9LMNPQRSTUV]{0,16}", suffix in "[A-Za-z0-9 ]{0,4}") {
        // Mostly the right alphabet, so the later validation levels are exercised too.
        let s = format!("{prefix}{suffix}");
        let _ = cf::decode(&s, today());
        let _ = cf::matches_declared(&s, &Declared::default());
    }

    #[test]
    fn check_char_catches_single_substitutions(p in person_strategy(), pos in 0usize..15, c in "[A-Z0-9]") {
        let code = cf::encode(&p).unwrap();
        let mut b = code.into_bytes();
        let c = c.as_bytes()[0];
        prop_assume!(b[pos] != c);
        b[pos] = c;
        let s = String::from_utf8(b).unwrap();
        // Any single change is caught, by some level.
        prop_assert!(!cf::is_valid(&s) || !cf::same_person(&s, &cf::encode(&p).unwrap()));
    }
}

proptest! {
    // The place-name functions scan the whole table: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_place_name_panics(x in any::<String>()) {
        let x = x.as_str();
        let _ = places::by_name(x, Some(x), Some(today()));
        let _ = places::search(x, None, 5);
        let _ = places::resolve(x, None, today());
        let declared = Declared { surname: Some(x.into()), name: Some(x.into()), birthplace: Some(x.into()), province: Some(x.into()), ..Default::default() };
        let _ = cf::matches_declared("RSSMRA80A01H501U", &declared);
        let _ = cf::encode(&Person { surname: x.into(), name: x.into(), sex: Sex::F, birth_date: today(), birthplace: x.into(), province: Some(x.into()) });
    }
}

#[test]
fn is_valid_many_agrees() {
    let codes = ["RSSMRA80A01H501U", "nope", "RSSMRAULALMHRLMD"];
    assert_eq!(cf::is_valid_many(&codes), vec![true, false, true]);
}
