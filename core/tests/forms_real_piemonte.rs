//! Issue 16: the Piemonte forms of the real-world corpus (`../shared/forms-real/`: 34 of SCRIVA,
//! 1 of MUDE; not part of the project). Every form either loads and evaluates an empty
//! submission, or is one of `STILL_REFUSED`, refused with the code and the component path listed
//! there (what is left of issue 16; docs/forms.md says why each construct is refused). A form
//! that starts loading fails the test until it is taken off the list, so the list only shrinks.
//! Skipped with a message when the corpus is absent.
use std::path::Path;

mod common;

use serde_json::{Map, Value};
use sportello::forms::{EvalContext, Form};
use sportello::Coded;

/// (file, error code, component path of the refusal).
const STILL_REFUSED: [(&str, &str, &str); 21] = [
    ("mude-piemonte-asseverazioni.json", "forms.duplicate_key", "asseverazioni.q.barriere_architettoniche"),
    ("scriva-json-configura-quadro-pozzo.json", "forms.unsupported_feature", "id_oggetto_istanza"),
    ("scriva-json-configura-quadro-presa-da-acque-superficiali.json", "forms.unsupported_feature", "id_oggetto_istanza"),
    ("scriva-json-quadro-dichiarazioni-val.json", "forms.duplicate_key", "container"),
    ("scriva-json-quadro-dichiarazioni-ver.json", "forms.duplicate_key", "container"),
    ("scriva-qdr-aut-dati-tecnici.json", "forms.unknown_reference", "JS_DATI_TECNICI.tipologia.container.CieloApertometodoDiColtivazione"),
    ("scriva-qdr-der-altriusi.json", "forms.unsupported_feature", "JS_MODAL.USO_AGRICOLO.flgUsoAgricolo"),
    ("scriva-qdr-der-captazione-fontanile.json", "forms.unsupported_feature", "JS_SAVE_SECTION.DATI_IDENTIFICATIVI"),
    ("scriva-qdr-der-captazione-pozzo.json", "forms.unsupported_feature", "JS_SAVE_SECTION.DATI_IDENTIFICATIVI"),
    ("scriva-qdr-der-captazione-presa-da-acque-superficiali.json", "forms.unsupported_feature", "DATI_IDENTIFICATIVI.dati_identificativi.tipo_presa"),
    ("scriva-qdr-der-captazione-sorgente.json", "forms.unsupported_feature", "JS_SAVE_SECTION.DATI_IDENTIFICATIVI"),
    (
        "scriva-qdr-der-captazione-trincea-drenante.json",
        "forms.unsupported_validation",
        "DATI_IDENTIFICATIVI.altri_elementi_identificativi.sviluppo_long",
    ),
    ("scriva-qdr-der-datigen.json", "forms.unsupported_condition", "panelDatiSanatoria"),
    ("scriva-qdr-der-datigenerali-240527-6a04.json", "forms.unsupported_condition", "panelDatiSanatoria"),
    ("scriva-qdr-der-infracc-misuratore-di-portata.json", "forms.unsupported_feature", "DATI_IDENTIFICATIVI.dati_identificativi.tipo_strumento"),
    ("scriva-qdr-der-operetras-condotta-forzata.json", "forms.unknown_reference", "ESERCIZIO.periodiDiUsoDellacqua.periodo_da"),
    ("scriva-qdr-der-restituzione-restituzione.json", "forms.unsupported_feature", "DATI_IDENTIFICATIVI.altri_elementi_identificativi.sponda"),
    ("scriva-qdr-der-usiulo-unita-locale-operativa.json", "forms.unsupported_feature", "DATI_ULO.denominazioneSedeLegale"),
    ("scriva-qdr-dett-oggetto-vinca-app.json", "forms.unsupported_condition", "JS_CATEGORIE_PROGETTUALI.des_altra_categoria_oggetto"),
    ("scriva-qdr-dett-oggetto-vinca-scr.json", "forms.unsupported_condition", "JS_CATEGORIE_PROGETTUALI.des_altra_categoria_oggetto"),
    ("scriva-via-asis.json", "forms.unknown_reference", "dich-orientamento.dichiarazioni[0].check"),
];

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_piemonte_form_loads_or_is_refused_as_listed() {
    let Some(files) = common::forms_corpus() else { return };
    let (mut loaded, mut refused) = (Vec::new(), Vec::new());
    for path in files.iter() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("scriva-") || name.starts_with("mude-")) {
            continue;
        }
        let listed = STILL_REFUSED.iter().find(|(f, _, _)| *f == name);
        match (Form::from_formio(&read(path)), listed) {
            (Ok(form), None) => {
                let r = form.evaluate(&Value::Object(Map::new()), &EvalContext::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(!r.visible.is_empty() || form.component_count() == 0, "{name}: nothing visible");
                loaded.push(name);
            }
            (Ok(_), Some(_)) => panic!("{name} now loads: take it off STILL_REFUSED"),
            (Err(e), None) => panic!("{name}: {e}"),
            (Err(e), Some((_, code, at))) => {
                let json = serde_json::to_value(&e).unwrap();
                assert_eq!(e.code(), *code, "{name}: {e}");
                let path = json.get("path").and_then(Value::as_str).unwrap_or("");
                assert_eq!(path, *at, "{name}: {e}");
                refused.push(name);
            }
        }
    }
    assert_eq!(loaded.len() + refused.len(), 35, "the corpus holds 34 SCRIVA forms and 1 of MUDE: {loaded:?} {refused:?}");
    println!("{} of 35 Piemonte forms load", loaded.len());
}
