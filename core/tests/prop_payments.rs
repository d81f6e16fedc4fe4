//! Property tests of `payments` (the invariants listed in the issue, and a few more).
use proptest::prelude::*;
use sportello::payments::{self as p, Amount, BudgetEntry, Notice, NoticeSpec, PagopaCheck, PaymentEvent, PaymentState, PaymentsError};

fn digits(n: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(0u8..10, n).prop_map(|v| v.into_iter().map(|d| char::from(b'0' + d)).collect())
}

/// A valid spec for any aux digit (aux-2 bases avoid the centralised segregation codes).
fn spec() -> impl Strategy<Value = NoticeSpec> {
    prop_oneof![
        (digits(2), digits(13)).prop_map(|(a, b)| NoticeSpec { aux_digit: 0, application_code: Some(a), segregation_code: None, iuv_base: b }),
        digits(17).prop_map(|b| NoticeSpec { aux_digit: 1, application_code: None, segregation_code: None, iuv_base: b }),
        (0u8..=45, digits(13)).prop_map(|(h, b)| NoticeSpec {
            aux_digit: 2,
            application_code: None,
            segregation_code: None,
            iuv_base: format!("{h:02}{}", &b)
        }),
        (digits(2), digits(13)).prop_map(|(s, b)| NoticeSpec { aux_digit: 3, application_code: None, segregation_code: Some(s), iuv_base: b }),
    ]
}

fn amount() -> impl Strategy<Value = Amount> {
    (0u64..=p::MAX_CENTS).prop_map(|c| Amount::from_cents(c).expect("in range"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// Build then parse returns the parts.
    #[test]
    fn build_then_parse_returns_the_parts(spec in spec()) {
        let built = Notice::build(&spec).expect("a valid spec builds");
        let parsed = Notice::parse(&built.number, PagopaCheck::Strict).expect("parses");
        prop_assert_eq!(&parsed, &built);
        prop_assert_eq!(parsed.aux_digit, spec.aux_digit);
        prop_assert_eq!(&parsed.iuv_base, &spec.iuv_base);
        prop_assert_eq!(&parsed.application_code, &spec.application_code);
        prop_assert_eq!(&parsed.segregation_code, &spec.segregation_code);
        prop_assert_eq!(parsed.number.len(), 18);
        prop_assert_eq!(parsed.iuv.len(), if spec.aux_digit == 0 { 15 } else { 17 });
        prop_assert!(parsed.number.ends_with(&parsed.iuv));
        // The printed form parses back to the same notice.
        prop_assert_eq!(Notice::parse(&parsed.printed(), PagopaCheck::Strict).ok(), Some(parsed));
    }

    /// Every generated notice validates.
    #[test]
    fn every_generated_notice_validates(spec in spec()) {
        let n = Notice::build(&spec).expect("builds").number;
        prop_assert!(p::notice_is_valid(&n));
        prop_assert!(p::notice_validate(&n, PagopaCheck::Strict).is_ok());
        prop_assert!(p::notice_validate(&n, PagopaCheck::StructureOnly).is_ok());
    }

    /// Any single-digit change of a valid aux-3 notice is detected (δ·10^k is never a multiple of
    /// 93). The one exception is by specification: an aux digit changed to 1 gives an aux-1 notice,
    /// which has no check digits (SACI table 2), so only its structure can be checked.
    #[test]
    fn single_digit_change_of_aux3_is_detected(seg in digits(2), base in digits(13), pos in 0usize..18, delta in 1u8..10) {
        let n = Notice::build_aux3(&seg, &base).expect("builds").number;
        let mut b = n.into_bytes();
        b[pos] = b'0' + (b[pos] - b'0' + delta) % 10;
        let aux1 = pos == 0 && b[0] == b'1';
        let changed = String::from_utf8(b).expect("ascii");
        if aux1 {
            prop_assert_eq!(Notice::parse(&changed, PagopaCheck::Strict).map(|n| n.check_digits), Ok(None));
        } else {
            prop_assert!(!p::notice_is_valid(&changed), "{} should be invalid", changed);
        }
    }

    /// Split sums are exact for any decimals; one cent off is always reported.
    #[test]
    fn split_sums_are_exact(amounts in proptest::collection::vec(0u64..=1_999_999_999, 1..8), off in 1u64..100) {
        let entries: Vec<BudgetEntry> = amounts.iter().enumerate().map(|(i, c)| BudgetEntry {
            id: format!("{}", i + 1),
            chapter: format!("C{i}"),
            office: Some("UFF".into()),
            assessment: None,
            amount: Amount::from_cents(*c).expect("in range"),
        }).collect();
        let total = Amount::from_cents(amounts.iter().sum()).expect("in range");
        prop_assert_eq!(p::check_split(total, &entries), Ok(()));
        let wrong = Amount::from_cents(total.cents() + off).expect("in range");
        let is_split_sum = matches!(p::check_split(wrong, &entries), Err(PaymentsError::SplitSum { .. }));
        prop_assert!(is_split_sum);
        if let Some(less) = total.checked_sub(Amount::from_cents(off).expect("in range")) {
            let is_split_sum = matches!(p::check_split(less, &entries), Err(PaymentsError::SplitSum { .. }));
            prop_assert!(is_split_sum);
        }
    }

    /// An even split adds up to the total, with parts at most one cent apart.
    #[test]
    fn split_evenly_adds_up(total in amount(), parts in 1usize..50) {
        let v = p::split_evenly(total, parts).expect("splits");
        prop_assert_eq!(v.len(), parts);
        prop_assert_eq!(v.iter().map(|a| a.cents()).sum::<u64>(), total.cents());
        let (min, max) = (v.iter().min().expect("one"), v.iter().max().expect("one"));
        prop_assert!(max.cents() - min.cents() <= 1);
    }

    /// Amounts print with two decimals and parse back, with a dot or a comma.
    #[test]
    fn amount_roundtrip(a in amount()) {
        let s = a.to_string();
        prop_assert_eq!(s.split('.').nth(1).map(str::len), Some(2));
        prop_assert_eq!(Amount::parse(&s), Ok(a));
        prop_assert_eq!(Amount::parse(&s.replace('.', ",")), Ok(a));
        prop_assert_eq!(Amount::try_from(a.to_decimal()), Ok(a));
        let json = serde_json::to_string(&a).expect("serialises");
        prop_assert_eq!(serde_json::from_str::<Amount>(&json).ok(), Some(a));
    }

    /// RF references built from any reference validate; any substitution of a digit by a digit or
    /// a letter by a letter is caught (mod 97 with differences below 97). A letter replaced by a
    /// digit changes the length of the numeric string and is not guaranteed by ISO 7064.
    #[test]
    fn rf_build_validates_and_detects_substitutions(reference in "[A-Za-z0-9]{1,21}", pos in 0usize..25, c in "[A-Z0-9]") {
        let rf = p::rf_build(&reference).expect("builds");
        prop_assert!(p::rf_is_valid(&rf));
        prop_assert!(p::rf_is_valid(&p::rf_printed(&rf)));
        let pos = 2 + pos % (rf.len() - 2);
        let mut chars: Vec<char> = rf.chars().collect();
        let new = c.chars().next().expect("one char");
        let same_class = chars[pos].is_ascii_digit() == new.is_ascii_digit();
        if same_class && !chars[pos].eq_ignore_ascii_case(&new) {
            chars[pos] = new;
            let changed: String = chars.into_iter().collect();
            prop_assert!(!p::rf_is_valid(&changed), "{} should be invalid", changed);
        }
    }

    /// A QR payload of any valid notice and amount parses back to the same parts.
    #[test]
    fn qr_roundtrip(spec in spec(), a in amount()) {
        prop_assume!(!a.is_zero());
        let n = Notice::build(&spec).expect("builds").number;
        let s = format!("PAGOPA|002|{n}|83000390019|{}", a.cents());
        let q = p::parse_qr_payload(&s, PagopaCheck::StructureOnly).expect("parses");
        prop_assert_eq!(q.notice, n);
        prop_assert_eq!(q.amount, a);
    }

    /// No parser panics on any input, and validation agrees with parsing.
    #[test]
    fn parsers_never_panic(s in "\\PC{0,40}") {
        prop_assert_eq!(p::notice_is_valid(&s), Notice::parse(&s, PagopaCheck::Strict).is_ok());
        let _ = Notice::parse(&s, PagopaCheck::StructureOnly);
        let _ = p::rf_validate(&s);
        let _ = p::parse_qr_payload(&s, PagopaCheck::Strict);
        let _ = p::parse_remittance(&s);
        let _ = p::parse_collection_data(&s);
        let _ = p::parse_taxonomy(&s);
        let _ = Amount::parse(&s);
    }

    /// Random event sequences never panic, `paid` is final, and the history records every change.
    #[test]
    fn payment_state_machine(events in proptest::collection::vec(0u8..11, 0..20), expiry_h in 1i64..100, creating: bool) {
        let t0 = chrono::DateTime::parse_from_rfc3339("2025-02-20T10:00:00+01:00").expect("instant");
        let (amount, expiry) = (Amount::from_cents(1600).expect("amount"), Some(t0 + chrono::Duration::hours(expiry_h)));
        let mut pay = if creating { p::Payment::creating(amount, t0, expiry) } else { p::Payment::new(amount, t0, expiry) }.expect("payment");
        let mut applied = 0;
        for (i, e) in events.iter().enumerate() {
            let now = t0 + chrono::Duration::hours(i as i64 * 10);
            let event = match e {
                0 => PaymentEvent::Start,
                1 => PaymentEvent::AwaitOutcome,
                2 => PaymentEvent::Succeed,
                3 => PaymentEvent::Fail,
                4 => PaymentEvent::Expire,
                5 => PaymentEvent::Retry,
                6 => PaymentEvent::Renew { expires_at: now + chrono::Duration::hours(50) },
                7 => PaymentEvent::ConfirmCreation,
                8 => PaymentEvent::FailCreation,
                9 => PaymentEvent::RetryCreation,
                _ => PaymentEvent::Register { operator: "op".into(), note: Some("nota".into()), send_to_citizen: false },
            };
            let before = pay.state;
            let allowed = pay.allowed_events(now).contains(&event.name());
            match pay.apply(event, now) {
                Ok(_) => { applied += 1; prop_assert!(allowed); prop_assert!(before != PaymentState::Paid); }
                Err(_) => prop_assert_eq!(pay.state, before),
            }
        }
        prop_assert_eq!(pay.history.len(), applied);
        prop_assert_eq!(pay.paid_at.is_some(), pay.state == PaymentState::Paid);
    }
}
