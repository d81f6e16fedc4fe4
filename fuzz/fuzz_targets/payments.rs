#![no_main]
//! Fuzzes the payments parsers: notice numbers, RF references, QR payloads, amounts, remittance
//! strings, collection data and taxonomy codes. Besides "never panic", it checks that the fast
//! validation agrees with parsing and that whatever parses round-trips.
use libfuzzer_sys::fuzz_target;
use sportello::payments::{self as p, Amount, Notice, PagopaCheck};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };

    // Notice numbers: validate == parse, and a parsed notice rebuilds to itself.
    let strict = Notice::parse(s, PagopaCheck::Strict);
    assert_eq!(p::notice_is_valid(s), strict.is_ok());
    if let Ok(n) = &strict {
        assert!(p::notice_is_valid(&n.number));
        assert_eq!(Notice::parse(&n.printed(), PagopaCheck::Strict).as_ref(), Ok(n));
    }
    if let Ok(n) = Notice::parse(s, PagopaCheck::StructureOnly) {
        assert_eq!(n.check_digits_valid, p::notice_is_valid(&n.number));
    }

    // RF references: a valid one rebuilds from its reference.
    if let Ok(rf) = p::rf_validate(s) {
        let rebuilt = p::rf_build(&rf[4..]).expect("a valid RF's reference builds");
        assert!(rebuilt[2..4] == rf[2..4]);
    }

    // QR payloads: what parses leniently is re-emitted canonically and parses again.
    if let Ok(q) = p::parse_qr_payload(s, PagopaCheck::StructureOnly) {
        let canon = format!("PAGOPA|002|{}|{}|{}", q.notice, q.creditor_fiscal_code, q.amount.cents());
        assert_eq!(p::parse_qr_payload(&canon, PagopaCheck::StructureOnly).as_ref(), Ok(&q));
    }
    let _ = p::parse_qr_payload(s, PagopaCheck::Strict);

    // Amounts: a parsed amount prints with two decimals and parses back.
    if let Ok(a) = Amount::parse(s) {
        assert_eq!(Amount::parse(&a.to_string()), Ok(a));
    }

    // Remittance, collection data, taxonomy: what parses rebuilds to an equivalent value.
    if let Ok(r) = p::parse_remittance(s) {
        if let Ok(again) = p::remittance_build(&r) {
            assert_eq!(p::parse_remittance(&again).as_ref(), Ok(&r));
        }
    }
    if let Ok(c) = p::parse_collection_data(s) {
        assert_eq!(p::parse_collection_data(&c.to_string()).as_ref(), Ok(&c));
    }
    if let Ok(t) = p::parse_taxonomy(s) {
        assert_eq!(t.to_string(), s);
    }
});
