//! Runs the reference cases of `tests/cases/payments.json` and `tests/cases/pagopa.json` against
//! the core.
use chrono::{DateTime, FixedOffset};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use sportello::payments::{self as p, Amount, Notice, PagopaCheck, PaymentsError};
use sportello::Coded;

const PAYMENTS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/payments.json"));
const PAGOPA: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/pagopa.json"));

/// Whether the cf module's partita IVA check is implemented (it is a stub until the cf branch lands).
fn cf_ready() -> bool {
    sportello::cf::piva::is_valid("83000390019")
}

fn arg<T: DeserializeOwned>(input: &Value, key: &str) -> T {
    serde_json::from_value(input.get(key).cloned().unwrap_or(Value::Null)).unwrap_or_else(|e| panic!("input.{key}: {e} in {input}"))
}

fn s<'a>(input: &'a Value, key: &str) -> &'a str {
    input.get(key).and_then(Value::as_str).unwrap_or_else(|| panic!("input.{key} missing in {input}"))
}

fn mode(input: &Value) -> PagopaCheck {
    input.get("mode").map(|m| serde_json::from_value(m.clone()).expect("mode")).unwrap_or_default()
}

fn out<T: serde::Serialize>(r: Result<T, PaymentsError>) -> Result<Value, PaymentsError> {
    r.map(|v| serde_json::to_value(v).expect("serialises"))
}

fn at(v: &Value) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(v.as_str().expect("instant")).expect("RFC 3339")
}

fn call(f: &str, i: &Value) -> Result<Value, PaymentsError> {
    match f {
        "parse_amount" => out(p::parse_amount(s(i, "s"))),
        "amount_from_cents" => out(Amount::from_cents(arg(i, "cents"))),
        "notice_parse" => out(Notice::parse(s(i, "s"), mode(i))),
        "notice_build" => out(Notice::build(&arg(i, "spec"))),
        "notice_is_valid" => Ok(json!(p::notice_is_valid(s(i, "s")))),
        "notice_check_digits" => out(p::notice_check_digits(s(i, "first16"))),
        "notice_printed" => out(Notice::parse(s(i, "s"), PagopaCheck::Strict).map(|n| n.printed())),
        "rf_build" => out(p::rf_build(s(i, "reference"))),
        "rf_is_valid" => Ok(json!(p::rf_is_valid(s(i, "s")))),
        "rf_validate" => out(p::rf_validate(s(i, "s"))),
        "qr_payload" => {
            let amount: Amount = arg(i, "amount");
            out(p::qr_payload(s(i, "notice"), s(i, "creditorFiscalCode"), amount))
        }
        "parse_qr_payload" => out(p::parse_qr_payload(s(i, "s"), mode(i))),
        "creditor_fiscal_code_validate" => out(p::creditor_fiscal_code_validate(s(i, "s"), mode(i))),
        "parse_remittance" => out(p::parse_remittance(s(i, "s"))),
        "remittance_build" => out(p::remittance_build(&arg(i, "remittance"))),
        "parse_collection_data" => out(p::parse_collection_data(s(i, "s"))),
        "parse_taxonomy" => out(p::parse_taxonomy(s(i, "s"))),
        "stamp_duty" => out(p::StampCatalogue::italy().stamp_duty(&arg(i, "query"))),
        "check_physical_stamp" => {
            let stamp: p::PhysicalStamp = arg(i, "stamp");
            let seen: Vec<String> = arg(i, "seen");
            out(p::check_physical_stamp(&stamp, at(&i["submittedAt"]), at(&i["now"]), |k| seen.iter().any(|x| x == k)))
        }
        "marca_da_bollo_request" => {
            let province = s(i, "province");
            match i.get("document").and_then(Value::as_str) {
                Some(doc) => out(p::MarcaDaBolloRequest::for_document(doc.as_bytes(), province)),
                None => out(p::MarcaDaBolloRequest::new(s(i, "documentHash"), province)),
            }
        }
        "payment_plan" => out(p::payment_plan(&arg::<Vec<p::Charge>>(i, "charges"))),
        "approval_outcome" => out(Ok(p::approval_outcome(arg(i, "amount")))),
        "check_split" => out(p::check_split(arg(i, "total"), &arg::<Vec<p::BudgetEntry>>(i, "entries"))),
        "split_evenly" => out(p::split_evenly(arg(i, "total"), arg(i, "parts"))),
        "check_transfers" => out(p::check_transfers(arg(i, "total"), &arg::<Vec<p::Transfer>>(i, "transfers"))),
        "reconciled_total" => out(p::reconciled_total(&arg::<Vec<p::Transfer>>(i, "transfers"))),
        "iban_is_valid" => Ok(json!(p::iban_is_valid(s(i, "s")))),
        "check_cart" => out(p::check_cart(&arg::<Vec<p::CartItem>>(i, "items"), arg(i, "fee"))),
        "payment_events" => payment_events(i),
        "payment_state_label" => out(p::PaymentState::from_name(s(i, "state")).map(p::PaymentState::label)),
        "iud" => out(p::iud(s(i, "practiceId"))),
        "payment_reason" => out(p::payment_reason(s(i, "practiceId"), s(i, "fiscalCode"), i.get("description").and_then(Value::as_str))),
        "transfer_routing" => out(p::transfer_routing(s(i, "creditorFiscalCode"), &arg::<Vec<p::Transfer>>(i, "transfers"))),
        other => panic!("unknown fn {other}"),
    }
}

fn payment_events(i: &Value) -> Result<Value, PaymentsError> {
    let pay = &i["payment"];
    let expires = pay.get("expiresAt").filter(|v| !v.is_null()).map(at);
    let mut payment = match pay.get("state").and_then(Value::as_str) {
        Some("creating") => p::Payment::creating(arg(pay, "amount"), at(&pay["createdAt"]), expires)?,
        None => p::Payment::new(arg(pay, "amount"), at(&pay["createdAt"]), expires)?,
        Some(other) => panic!("input.payment.state {other}"),
    };
    for (n, step) in i["steps"].as_array().expect("steps").iter().enumerate() {
        let event: p::PaymentEvent = arg(step, "event");
        let r = payment.apply(event, at(&step["at"]));
        match (step.get("expect"), step.get("expectError"), r) {
            (Some(e), _, Ok(state)) => assert_eq!(json!(state), *e, "step {n}"),
            (_, Some(code), Err(err)) => assert_eq!(json!(err.code()), *code, "step {n}: {err}"),
            (_, _, r) => panic!("step {n}: unexpected {r:?} for {step}"),
        }
    }
    out(Ok(payment))
}

/// Reads the structured arguments of `f` with the strict reader every binding uses (unknown keys
/// refused): `Err(path)` where it refuses them. Cases with `"error": "json"` expect it to refuse,
/// at `errorPath`; every other case's input must read.
fn strict_input(f: &str, i: &Value) -> Result<(), String> {
    fn read<T: DeserializeOwned + 'static>(v: &Value) -> Result<(), String> {
        match sportello::json::from_value::<T>(v.clone()) {
            Ok(_) => Ok(()),
            Err(sportello::Error::Json(j)) => Err(j.path),
            Err(e) => panic!("not a json error: {e}"),
        }
    }
    match f {
        "payment_plan" => read::<Vec<p::Charge>>(&i["charges"]),
        "check_transfers" | "reconciled_total" | "transfer_routing" => read::<Vec<p::Transfer>>(&i["transfers"]),
        "payment_events" => i["steps"].as_array().into_iter().flatten().try_for_each(|step| read::<p::PaymentEvent>(&step["event"])),
        _ => Ok(()),
    }
}

/// `expected` is a subset of `actual`: objects by key (recursively), everything else exactly.
fn subset(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e.iter().all(|(k, v)| a.get(k).map_or(v.is_null(), |av| subset(v, av))),
        _ => expected == actual,
    }
}

#[test]
fn payments_cases() {
    let doc: Value = serde_json::from_str(PAYMENTS).expect("payments.json");
    let cf = cf_ready();
    let (mut ran, mut skipped) = (0, 0);
    let mut failures = Vec::new();
    for case in doc["cases"].as_array().expect("cases") {
        let name = case["name"].as_str().unwrap_or("?");
        if case.get("needsCf").and_then(Value::as_bool) == Some(true) && !cf {
            skipped += 1;
            continue;
        }
        ran += 1;
        let strict = strict_input(case["fn"].as_str().expect("fn"), &case["input"]);
        if case.get("error") == Some(&json!("json")) {
            match strict {
                Err(path) if json!(path) == case["errorPath"] => {}
                other => failures.push(format!("{name}: expected a json error at {}, got {other:?}", case["errorPath"])),
            }
            continue;
        }
        if let Err(path) = strict {
            failures.push(format!("{name}: the strict reader refuses the input at {path:?}"));
            continue;
        }
        let got = call(case["fn"].as_str().expect("fn"), &case["input"]);
        match (case.get("error"), got) {
            (Some(code), Err(e)) => {
                let fields = serde_json::to_value(&e).expect("error serialises");
                if json!(e.code()) != *code {
                    failures.push(format!("{name}: expected error {code}, got {} ({e})", e.code()));
                } else if let Some(ef) = case.get("errorFields") {
                    if !subset(ef, &fields) {
                        failures.push(format!("{name}: error fields {fields} do not contain {ef}"));
                    }
                }
            }
            (Some(code), Ok(v)) => failures.push(format!("{name}: expected error {code}, got {v}")),
            (None, Err(e)) => failures.push(format!("{name}: unexpected error {} ({e})", e.code())),
            (None, Ok(v)) => {
                let expected = &case["expected"];
                if !subset(expected, &v) {
                    failures.push(format!("{name}: expected {expected}, got {v}"));
                }
            }
        }
    }
    if skipped > 0 {
        eprintln!("payments.json: {ran} cases run, {skipped} skipped until cf::piva is implemented");
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    assert!(ran > 100);
}

#[test]
fn pagopa_cases() {
    let doc: Value = serde_json::from_str(PAGOPA).expect("pagopa.json");
    for c in doc["notice_numbers"].as_array().expect("notice_numbers") {
        let input = c["input"].as_str().expect("input");
        let valid = c["valid"].as_bool().expect("valid");
        assert_eq!(p::notice_is_valid(input), valid, "{input}");
        assert_eq!(p::notice_is_valid_many(&[input]), vec![valid]);
        match Notice::parse(input, PagopaCheck::Strict) {
            Ok(n) => {
                assert!(valid, "{input}");
                assert_eq!(json!(n.aux_digit), c["aux"], "{input}");
                for (key, got) in [
                    ("iuv", Some(n.iuv.as_str())),
                    ("segregation_code", n.segregation_code.as_deref()),
                    ("application_code", n.application_code.as_deref()),
                ] {
                    if let Some(want) = c.get(key) {
                        assert_eq!(json!(got), *want, "{input} {key}");
                    }
                }
            }
            Err(e) => {
                assert!(!valid, "{input}");
                assert_eq!(json!(e.code()), c["error"], "{input}");
            }
        }
        if let Some(lenient) = c.get("structure_only_valid") {
            assert_eq!(json!(Notice::parse(input, PagopaCheck::StructureOnly).is_ok()), *lenient, "{input}");
        }
    }
    for c in doc["rf_references"].as_array().expect("rf_references") {
        if let Some(reference) = c.get("reference").and_then(Value::as_str) {
            let rf = p::rf_build(reference).expect("builds");
            assert_eq!(json!(rf), c["expected"]);
            assert!(p::rf_is_valid(&rf));
        }
        if let Some(input) = c.get("input").and_then(Value::as_str) {
            assert_eq!(json!(p::rf_is_valid(input)), c["valid"], "{input}");
            if let Some(code) = c.get("error") {
                assert_eq!(json!(p::rf_validate(input).err().map(|e| e.code())), *code);
            }
            if let Some(correct) = c.get("correct").and_then(Value::as_str) {
                assert!(p::rf_is_valid(correct));
            }
        }
    }
    let cf = cf_ready();
    for c in doc["qr_payloads"].as_array().expect("qr_payloads") {
        let notice = c["notice"].as_str().expect("notice");
        let fc = c["creditor_fiscal_code"].as_str().expect("cf");
        let amount: Amount = serde_json::from_value(c["amount"].clone()).expect("amount");
        let expected = c["expected"].as_str().expect("expected");
        let parsed = p::parse_qr_payload(expected, PagopaCheck::StructureOnly).expect("parses");
        assert_eq!((parsed.notice.as_str(), parsed.creditor_fiscal_code.as_str(), parsed.amount), (notice, fc, amount));
        if cf {
            assert_eq!(p::qr_payload(notice, fc, amount).as_deref(), Ok(expected));
            assert!(p::parse_qr_payload(expected, PagopaCheck::Strict).is_ok());
        }
    }
    for c in doc["entity_fiscal_codes"].as_array().expect("entity_fiscal_codes") {
        let input = c["input"].as_str().expect("input");
        let valid = c["valid"].as_bool().expect("valid");
        if cf {
            assert_eq!(p::creditor_fiscal_code_is_valid(input), valid, "{input}");
        } else if input == "00000000000" {
            assert!(!p::creditor_fiscal_code_is_valid(input));
        }
    }
}

#[test]
fn error_codes_are_listed_and_prefixed() {
    for code in p::ERROR_CODES {
        assert!(code.starts_with("payments."), "{code}");
    }
    let doc: Value = serde_json::from_str(PAYMENTS).expect("payments.json");
    for case in doc["cases"].as_array().expect("cases") {
        // "json" is the strict reader's code, shared by every capability.
        if let Some(code) = case.get("error").and_then(Value::as_str).filter(|c| *c != "json") {
            assert!(p::ERROR_CODES.contains(&code), "{code} not in ERROR_CODES");
        }
    }
    // The serialised error carries its code as the tag.
    let e = sportello::Error::from(PaymentsError::AmountZero);
    assert_eq!(e.to_json_value()["code"], "payments.amount_zero");
    assert_eq!(e.capability(), "payments");
}
