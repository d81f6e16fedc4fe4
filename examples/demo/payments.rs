//! Demo section for `payments`: a tour on built-in data.
use sportello::payments::{self as p, Amount, Notice, PagopaCheck, PaymentEvent};
use sportello::Coded;

fn show<T: std::fmt::Display, E: Coded + std::fmt::Display>(label: &str, r: Result<T, E>) {
    match r {
        Ok(v) => println!("  {label:<44} {v}"),
        Err(e) => println!("  {label:<44} error {} ({e})", e.code()),
    }
}

pub fn run() {
    println!("== payments: stamp duty, pagoPA notices and amounts ==");

    println!("Amounts (never floats, always two decimals):");
    for s in ["16", "16,00", "0.1", "16.001", "-5", "1000000000"] {
        show(&format!("parse_amount({s:?})"), p::parse_amount(s));
    }

    println!("Notice numbers (numero avviso):");
    match Notice::build_aux3("01", "0000000000001") {
        Ok(n) => println!("  build aux 3, seg 01, base 0000000000001     {} (printed {})", n.number, n.printed()),
        Err(e) => println!("  build failed: {e}"),
    }
    for s in ["301000000000000144", "001123456789012313", "344012345678901233", "401000000000000144"] {
        let strict = p::notice_validate(s, PagopaCheck::Strict).map(|_| "valid");
        show(&format!("strict {s}"), strict);
    }
    if let Ok(n) = Notice::parse("344012345678901233", PagopaCheck::StructureOnly) {
        println!("  lenient 344012345678901233                   aux {} iuv {} checkDigitsValid {}", n.aux_digit, n.iuv, n.check_digits_valid);
    }

    println!("RF creditor references (ISO 11649):");
    show("rf_build(\"539007547034\")", p::rf_build("539007547034"));
    show("rf_validate(SACI ch. 3 example)", p::rf_validate("RF23 5674 8393 7849 4505 5087 5"));

    println!("QR payload and remittance:");
    show(
        "parse_qr_payload(..., structureOnly)",
        p::parse_qr_payload("PAGOPA|002|301000000000000144|83000390019|1600", PagopaCheck::StructureOnly)
            .map(|q| format!("notice {} ente {} amount {}", q.notice, q.creditor_fiscal_code, q.amount)),
    );
    show(
        "parse_remittance(/RFB/...)",
        p::parse_remittance("/RFB/9876096598656344/12.34/TXT/Richiesta certificato")
            .map(|r| format!("iuv {} amount {:?} text {:?}", r.iuv, r.amount.map(|a| a.to_string()), r.text)),
    );

    println!("Stamp duty (catalogue version {}):", p::StampCatalogue::italy().version);
    let catalogue = p::StampCatalogue::italy();
    let on = chrono::NaiveDate::from_ymd_opt(2025, 2, 20).unwrap_or_default();
    for (label, act, exemption, receipt) in [
        ("istanza online", p::StampAct::Istanza, None, None),
        ("provvedimento", p::StampAct::Provvedimento, None, None),
        ("ricevuta of 100.00", p::StampAct::Ricevuta, None, Amount::parse("100").ok()),
        ("istanza by an ONLUS", p::StampAct::Istanza, Some("onlus".to_string()), None),
    ] {
        let q = p::StampQuery { act, on, channel: p::StampChannel::Telematic, sheets: None, receipt_amount: receipt, exemption };
        show(label, catalogue.stamp_duty(&q).map(|d| format!("{:?} {} ({})", d.status, d.amount, d.legal_ref)));
    }
    let stamp = p::PhysicalStamp {
        identifier: "01234567890123".into(),
        issued_at: chrono::DateTime::parse_from_rfc3339("2025-02-20T09:30:00+01:00").unwrap_or_default(),
    };
    let submitted = chrono::DateTime::parse_from_rfc3339("2025-02-20T10:00:00+01:00").unwrap_or_default();
    show("physical stamp, first use", p::check_physical_stamp(&stamp, submitted, submitted, |_| false));
    show("physical stamp, seen before", p::check_physical_stamp(&stamp, submitted, submitted, |_| true));
    show("@e.bollo hash of \"Domanda\"", p::MarcaDaBolloRequest::for_document(b"Domanda", "RM").map(|r| r.document_hash));

    println!("Budget split (0.10 + 0.20 == 0.30, exactly):");
    let entry = |c: &str, cents| p::BudgetEntry {
        id: c.into(),
        chapter: c.into(),
        office: Some("UFF01".into()),
        assessment: None,
        amount: Amount::from_cents(cents).unwrap_or_default(),
    };
    let total = Amount::from_cents(30).unwrap_or_default();
    show("check_split(0.30, [0.10, 0.20])", p::check_split(total, &[entry("1", 10), entry("2", 20)]).map(|_| "ok"));
    show("check_split(0.30, [0.10, 0.21])", p::check_split(total, &[entry("1", 10), entry("2", 21)]).map(|_| "ok"));

    println!("Payment states:");
    let t = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap_or_default();
    if let Ok(mut pay) = p::Payment::new(Amount::from_cents(1600).unwrap_or_default(), t("2025-02-20T10:00:00+01:00"), None) {
        for (event, at) in [
            (PaymentEvent::Start, "2025-02-20T10:01:00+01:00"),
            (PaymentEvent::Fail, "2025-02-20T10:02:00+01:00"),
            (
                PaymentEvent::Register { operator: "mrossi".into(), note: Some("Pagato allo sportello".into()), send_to_citizen: false },
                "2025-02-21T11:00:00+01:00",
            ),
            (PaymentEvent::Fail, "2025-02-21T11:01:00+01:00"),
        ] {
            let name = event.name();
            show(&format!("{name} at {at}"), pay.apply(event, t(at)).map(|s| s.as_str()));
        }
    }
    println!();
}
