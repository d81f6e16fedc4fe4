//! Demo section for `forms`: the seed delegation form, evaluated as a citizen fills it in.
use serde_json::{json, Value};
use sportello::forms::{apply_logic, EvalContext, Form, FormOptions, FormSession};

const DELEGA: &str = include_str!("../../tests/cases/forms/delega.json");

pub fn run() {
    println!("== forms: Form.io forms, conditions, validation, office assignment");
    let doc: Value = match serde_json::from_str(DELEGA) {
        Ok(v) => v,
        Err(e) => return println!("  fixture unreadable: {e}"),
    };
    let options: FormOptions = serde_json::from_value(doc["options"].clone()).unwrap_or_default();
    let form = match Form::from_formio_with(&doc["form"], &options) {
        Ok(f) => f,
        Err(e) => return println!("  cannot load: {e}"),
    };
    println!("  loaded {:?}: {} components, {} with conditions (compiled once)", form.title(), form.component_count(), form.condition_count());
    let ctx = EvalContext { today: chrono::NaiveDate::from_ymd_opt(2026, 6, 15), ..Default::default() };
    // A form being filled in: the session holds the submission, each change sends only what changed.
    let start = json!({"nome": "Lorenzo", "cognome": "Bertoldi", "sesso": "M", "dataNascita": "1996-03-11",
        "luogoNascita": "L378", "codiceFiscale": "BRTLNZ96C11L378I", "email": "lorenzo.bertoldi@example.it",
        "presentazione": "perSe", "privacy": true});
    let mut session = match FormSession::new(start) {
        Ok(s) => s,
        Err(e) => return println!("  cannot start: {e}"),
    };
    let mut show = |label: &str, change: Value| match session.update(&form, change, &ctx) {
        Ok(r) => {
            let sections: Vec<&str> = ["pannelloBeneficiario", "documentiDelega", "note"].into_iter().filter(|k| r.visible.contains(k)).collect();
            println!("  {label}: visible sections {sections:?}, {} errors, office {:?}", r.errors.len(), r.assigned_office.unwrap_or_default());
            for e in r.errors.iter().filter(|e| e.code != "codiceFiscale").take(4) {
                println!("      {} [{}] {}", e.path, e.code, e.message);
            }
        }
        Err(e) => println!("  {label}: {e}"),
    };
    show("per sé", json!({}));
    show("delegato (nothing else filled in)", json!({"presentazione": "delegato"}));
    show(
        "delegato, expired delegation",
        json!({"beneficiario": {"nome": "Mario", "cognome": "Rossi", "codiceFiscale": "RSSMRA80B20L378U"}, "scadenzaDelega": "2026-01-31"}),
    );
    let rejected = Form::from_formio(&json!({"components": [
        {"type": "textfield", "key": "a", "customConditional": "show = instance.parent.manualMode"}]}));
    if let Err(e) = rejected {
        println!("  rejected at load time: [{}] {e}", sportello::Coded::code(&e));
    }
    let r = apply_logic(&json!({"if": [{"iban": {"var": "iban"}}, "IBAN ok", "IBAN errato"]}), &json!({"iban": "IT60 X054 2811 1010 0000 0123 456"}));
    println!("  JSON Logic on its own: {}", r.map(|v| v.to_string()).unwrap_or_else(|e| e.to_string()));
    println!();
}
