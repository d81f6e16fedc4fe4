//! Property tests of `access`: the decision is allow iff level and capabilities are enough; no
//! path (acting for others included) grants more than the credential holds; the sufficient list
//! is exact; parsers never panic; a profile merge locks exactly what the identity carries.
use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use proptest::prelude::*;
use serde_json::json;
use sportello::access::{Acting, AttributeOptions, Credential, Delegation, IdDocument, Identity, Level, Policy, Profile, SecretSpec, StoredSecret};

const CAPS: [&str; 2] = ["sign", "seal"];

fn now() -> DateTime<FixedOffset> {
    "2025-06-10T10:00:00+02:00".parse().unwrap()
}

fn level(n: u8) -> Level {
    Level::from_number(n).unwrap()
}

fn caps_of(mask: u8) -> Vec<&'static str> {
    CAPS.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, c)| *c).collect()
}

/// A policy with credential "c" (level, caps), an SPID-like multi-level kind, a credential
/// offering every capability (so that any requirement is declarable), and service "s".
fn policy(cred_level: u8, cred_caps: u8, clauses: &[(u8, u8)]) -> Policy {
    let any_of: Vec<_> = clauses.iter().map(|&(l, m)| json!({"level": level(l), "capabilities": caps_of(m)})).collect();
    let spec = json!({
        "credentials": [
            {"id": "c", "label": {"it": "c", "en": "c"}, "level": level(cred_level), "capabilities": caps_of(cred_caps)},
            {"id": "all", "label": {"it": "all", "en": "all"}, "level": "high", "capabilities": CAPS},
            {"id": "multi", "label": {"it": "m", "en": "m"}, "levels": [
                {"name": "L1", "level": "low"}, {"name": "L2", "level": "substantial"}, {"name": "L3", "level": "high"}]}
        ],
        "services": [{"id": "s", "name": {"it": "s", "en": "s"}, "anyOf": any_of, "delegable": true,
                      "household": true, "intermediaries": ["caf"]}]
    });
    Policy::from_json(&spec.to_string()).unwrap()
}

fn expected(cred_level: u8, cred_caps: u8, clauses: &[(u8, u8)]) -> bool {
    clauses.iter().any(|&(l, m)| cred_level >= l && cred_caps & m == m)
}

fn clauses() -> impl Strategy<Value = Vec<(u8, u8)>> {
    prop::collection::vec((1u8..=3, 0u8..4), 1..4)
}

fn acting() -> impl Strategy<Value = Acting> {
    let cf = prop::sample::select(vec!["RSSMRA80A01H501U", "BNCLRA85M41F205C", "VRDGPP70C15L219C"]);
    let day = (0i64..800).prop_map(|d| NaiveDate::from_ymd_opt(2024, 6, 1).unwrap() + chrono::Days::new(d as u64));
    prop_oneof![
        Just(Acting::Own),
        (cf.clone(), cf.clone(), prop::option::of(day.clone()), any::<bool>()).prop_map(|(a, p, exp, doc)| Acting::Delegate {
            actor: a.into(),
            principal: p.into(),
            delegation: Delegation {
                delegator: p.into(),
                delegate: a.into(),
                scope: vec!["s".into()],
                valid_from: None,
                expires: exp,
                document: doc.then(|| IdDocument { kind: "cartaIdentita".into(), number: "X".into(), expires: None }),
            },
        }),
        (cf.clone(), cf.clone(), prop::sample::select(vec!["caf", "notaio"])).prop_map(|(a, p, r)| Acting::Intermediary {
            actor: a.into(),
            role: r.into(),
            principal: p.into(),
            mandate: None,
        }),
        (cf.clone(), cf, prop::collection::vec(prop::sample::select(vec!["RSSMRA80A01H501U", "BNCLRA85M41F205C"]), 0..3))
            .prop_map(|(a, p, m)| Acting::Household { actor: a.into(), principal: p.into(), members: m.into_iter().map(String::from).collect() }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn allow_iff_level_and_capabilities(l in 1u8..=3, m in 0u8..4, cl in clauses()) {
        let p = policy(l, m, &cl);
        let d = p.decide("s", Some(&Credential::new("c")), now());
        prop_assert_eq!(d.allowed, expected(l, m, &cl));
        prop_assert_eq!(d.required, cl.iter().map(|&(x, _)| level(x)).min());
        if d.allowed {
            prop_assert!(d.sufficient.is_empty());
        } else {
            prop_assert!(!d.message.it.is_empty() && !d.message.en.is_empty());
        }
    }

    #[test]
    fn levels_are_monotone(l in 1u8..=3, m in 0u8..4, cl in clauses()) {
        // Anything allowed at (l, m) stays allowed with a higher level and more capabilities.
        if expected(l, m, &cl) {
            for hl in l..=3 {
                for hm in 0u8..4 {
                    if hm & m == m {
                        let d = policy(hl, hm, &cl).decide("s", Some(&Credential::new("c")), now());
                        prop_assert!(d.allowed);
                    }
                }
            }
        }
    }

    #[test]
    fn named_levels_compare(named in 1u8..=3, cl in clauses()) {
        let p = policy(1, 0, &cl);
        let c = Credential::with_level("multi", format!("L{named}"));
        prop_assert_eq!(p.decide("s", Some(&c), now()).allowed, expected(named, 0, &cl));
    }

    #[test]
    fn sufficient_list_is_exact(l in 1u8..=3, m in 0u8..4, cl in clauses()) {
        let p = policy(l, m, &cl);
        let d = p.decide("s", None, now());
        prop_assert!(!d.allowed);
        // Every listed credential is allowed; every catalog credential not listed is denied at
        // its listed-or-any level.
        for c in d.sufficient.iter() {
            prop_assert!(p.decide("s", Some(c), now()).allowed, "{:?}", c);
        }
        let listed = |k: &str| d.sufficient.iter().any(|c| c.kind == k);
        prop_assert_eq!(listed("c"), expected(l, m, &cl));
        for n in 1u8..=3 {
            let c = Credential::with_level("multi", format!("L{n}"));
            let allowed = p.decide("s", Some(&c), now()).allowed;
            if !listed("multi") { prop_assert!(!allowed); }
        }
    }

    #[test]
    fn acting_never_grants_more(l in 1u8..=3, m in 0u8..4, cl in clauses(), a in acting()) {
        let p = policy(l, m, &cl);
        let c = Credential::new("c");
        let own = p.decide("s", Some(&c), now());
        let d = p.decide_for("s", Some(&c), now(), &a);
        prop_assert!(!d.allowed || own.allowed);
        prop_assert_eq!(d.on_behalf_of.as_deref(), a.principal());
        prop_assert!(!p.decide_for("s", None, now(), &a).allowed);
    }

    #[test]
    fn unknown_things_are_denied(service in ".{0,12}", kind in ".{0,12}", lv in proptest::option::of(".{0,12}")) {
        let p = policy(3, 3, &[(1, 0)]);
        let c = Credential { kind: kind.clone(), level: lv.clone(), not_before: None, not_after: None };
        let d = p.decide(&service, Some(&c), now());
        let known_kind = kind == "c" || kind == "all"
            || (kind == "multi" && lv.as_deref().is_some_and(|x| ["l1", "l2", "l3"].contains(&x.trim().to_ascii_lowercase().as_str())));
        prop_assert!(!d.allowed || (service == "s" && known_kind));
    }

    #[test]
    fn certificate_parser_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = Identity::from_certificate(&bytes, now());
        let mut pem = b"-----BEGIN CERTIFICATE-----\n".to_vec();
        pem.extend(bytes.iter().map(|b| b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n"[(*b as usize) % 66]));
        pem.extend(b"\n-----END CERTIFICATE-----\n");
        let _ = Identity::from_certificate(&pem, now());
    }

    #[test]
    fn attribute_sets_never_panic(attrs in prop::collection::btree_map(
        prop::sample::select(vec!["fiscalNumber", "ivaCode", "dateOfBirth", "placeOfBirth", "gender", "name", "authnContextClassRef"]),
        ".{0,24}", 0..7)) {
        let attrs: BTreeMap<String, String> = attrs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let _ = Identity::from_spid(&attrs, NaiveDate::from_ymd_opt(2025, 6, 10).unwrap());
    }

    #[test]
    fn eidas_and_id_cards_never_panic(attrs in prop::collection::btree_map(
        prop::sample::select(vec!["PersonIdentifier", "http://eidas.europa.eu/attributes/naturalperson/PersonIdentifier", "DateOfBirth", "Gender",
            "CurrentGivenName", "fiscalNumber", "idCard", "domicileProvince"]),
        "[A-Za-z0-9/ -]{0,24}", 0..6)) {
        let attrs: BTreeMap<String, String> = attrs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let today = NaiveDate::from_ymd_opt(2025, 6, 10).unwrap();
        let _ = Identity::from_eidas(&attrs, today, &AttributeOptions::default());
        let _ = Identity::from_spid(&attrs, today);
    }

    #[test]
    fn merge_locks_what_the_identity_carries(
        own in prop::collection::btree_map("[a-z]{1,8}", "[a-z]{0,8}", 0..5),
        email in proptest::option::of("[a-z]{1,8}@x.it"),
        phone in proptest::option::of("[0-9]{6,10}"),
        locked in prop::collection::vec(prop::sample::select(vec!["email", "mobilePhone", "givenName", "phoneHome"]), 0..4),
    ) {
        let mut identity = Identity::from_spid(&BTreeMap::from([("fiscalNumber".to_string(), "TINIT-RSSMRA80A01H501U".to_string())]),
            NaiveDate::from_ymd_opt(2025, 6, 10).unwrap()).unwrap();
        identity.email = email.clone();
        identity.mobile_phone = phone.clone();
        let stored = Profile { fiscal_code: "RSSMRA80A01H501U".into(), values: own.clone(), locked: locked.iter().map(|s| s.to_string()).collect(),
            source: None, refreshed_at: None };
        let m = Profile::merge(Some(&stored), &identity, now()).unwrap();
        let carried: Vec<&str> = [("email", &email), ("mobilePhone", &phone)].iter().filter(|(_, v)| v.is_some()).map(|(k, _)| *k).collect();
        prop_assert_eq!(&m.locked, &carried.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        for f in &m.locked {
            prop_assert!(!m.editable.contains(f));
            prop_assert!(m.profile.edit(f, "x").is_err());
        }
        for (k, v) in &own {
            if !carried.contains(&k.as_str()) {
                prop_assert_eq!(m.profile.values.get(k), Some(v));
                prop_assert!(m.editable.contains(k));
            }
        }
        // Idempotent: a second login with the same identity changes nothing.
        let again = Profile::merge(Some(&m.profile), &identity, now()).unwrap();
        prop_assert!(again.changed.is_empty());
    }

    #[test]
    fn secrets_use_the_alphabet(bytes in prop::collection::vec(any::<u8>(), 96..140), other in "[A-Z2-9]{12}") {
        let spec = SecretSpec::activation_key();
        let s = spec.generate(&bytes).unwrap();
        prop_assert_eq!(s.chars().count(), 12);
        prop_assert!(s.chars().all(|c| spec.alphabet.contains(c)));
        let stored = StoredSecret::new(&s, &bytes[..16]);
        prop_assert!(stored.matches(&s));
        prop_assert_eq!(stored.matches(&other), other == s);
    }
}
