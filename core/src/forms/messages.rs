//! Validation messages in Italian (the default), English and German, by Form.io's translation
//! keys (`required`, `minLength`, `invalid_email`, ...), with the placeholders Form.io uses
//! (`{{field}}`, `{{length}}`, `{{min}}`, `{{max}}`, `{{pattern}}`, `{{minYear}}`, `{{maxYear}}`)
//! plus the library's own (`{{fields}}`, `{{name}}`, `{{size}}`).
//!
//! Which text a field error gets, first match: the component's `validate.customMessage`; its
//! `errors{<code>}` (`patternMessage` for `pattern`); the form's `i18n` for the evaluation's
//! language ([`super::FormOptions::i18n`]); the built-in text below.

use std::collections::BTreeMap;

use crate::practice::Lang;

/// The keys of the built-in texts, which are also the keys `FormOptions.i18n` accepts.
pub const MESSAGE_KEYS: &[&str] = &[
    "required",
    "minLength",
    "maxLength",
    "minWords",
    "maxWords",
    "pattern",
    "mask",
    "min",
    "max",
    "number",
    "invalid_email",
    "invalid_url",
    "invalid_date",
    "minDate",
    "maxDate",
    "invalid_day",
    "minYear",
    "maxYear",
    "select",
    "invalid",
    "codiceFiscale",
    "partitaIva",
    "cfOrPiva",
    "cap",
    "provincia",
    "iban",
    "phone",
    "cfMismatch",
    "fileList",
    "fileOne",
    "fileNoName",
    "fileType",
    "fileSize",
    "fileMinSize",
    "fileSizeMissing",
];

/// The built-in text of `key` in `lang` (`""` for a key that is not one of [`MESSAGE_KEYS`]).
pub(crate) fn builtin(lang: Lang, key: &str) -> &'static str {
    let [it, en, de] = match key {
        "required" => ["{{field}} è obbligatorio", "{{field}} is required", "{{field}} ist erforderlich"],
        "minLength" => [
            "{{field}} deve avere almeno {{length}} caratteri",
            "{{field}} must have at least {{length}} characters",
            "{{field}} muss mindestens {{length}} Zeichen haben",
        ],
        "maxLength" => [
            "{{field}} non può avere più di {{length}} caratteri",
            "{{field}} must have no more than {{length}} characters",
            "{{field}} darf höchstens {{length}} Zeichen haben",
        ],
        "minWords" => [
            "{{field}} deve avere almeno {{length}} parole",
            "{{field}} must have at least {{length}} words",
            "{{field}} muss mindestens {{length}} Wörter haben",
        ],
        "maxWords" => [
            "{{field}} non può avere più di {{length}} parole",
            "{{field}} must have no more than {{length}} words",
            "{{field}} darf höchstens {{length}} Wörter haben",
        ],
        "pattern" => [
            "{{field}} non rispetta il formato richiesto {{pattern}}",
            "{{field}} does not match the pattern {{pattern}}",
            "{{field}} entspricht nicht dem Format {{pattern}}",
        ],
        "mask" => [
            "{{field}} non corrisponde alla maschera di inserimento",
            "{{field}} does not match the mask",
            "{{field}} entspricht nicht der Eingabemaske",
        ],
        "min" => {
            ["{{field}} non può essere minore di {{min}}", "{{field}} cannot be less than {{min}}", "{{field}} darf nicht kleiner als {{min}} sein"]
        }
        "max" => [
            "{{field}} non può essere maggiore di {{max}}",
            "{{field}} cannot be greater than {{max}}",
            "{{field}} darf nicht größer als {{max}} sein",
        ],
        "number" => ["{{field}} deve essere un numero", "{{field}} must be a number", "{{field}} muss eine Zahl sein"],
        "invalid_email" => {
            ["{{field}} deve essere un indirizzo email valido", "{{field}} must be a valid email", "{{field}} muss eine gültige E-Mail-Adresse sein"]
        }
        "invalid_url" => ["{{field}} deve essere un indirizzo web valido", "{{field}} must be a valid url", "{{field}} muss eine gültige URL sein"],
        "invalid_date" => ["{{field}} non è una data valida", "{{field}} is not a valid date", "{{field}} ist kein gültiges Datum"],
        "minDate" => [
            "{{field}} non può essere precedente alla data minima",
            "{{field}} should not contain date before the minimum date",
            "{{field}} darf nicht vor dem frühesten Datum liegen",
        ],
        "maxDate" => [
            "{{field}} non può essere successiva alla data massima",
            "{{field}} should not contain date after the maximum date",
            "{{field}} darf nicht nach dem spätesten Datum liegen",
        ],
        "invalid_day" => ["{{field}} non è un giorno valido", "{{field}} is not a valid day", "{{field}} ist kein gültiger Tag"],
        "minYear" => [
            "{{field}} non può indicare un anno precedente al {{minYear}}",
            "{{field}} should not contain a year before {{minYear}}",
            "{{field}} darf kein Jahr vor {{minYear}} enthalten",
        ],
        "maxYear" => [
            "{{field}} non può indicare un anno successivo al {{maxYear}}",
            "{{field}} should not contain a year after {{maxYear}}",
            "{{field}} darf kein Jahr nach {{maxYear}} enthalten",
        ],
        "select" => ["{{field}} contiene un valore non ammesso", "{{field}} is an invalid value", "{{field}} enthält einen ungültigen Wert"],
        "invalid" => ["{{field}} non è valido", "{{field}} is not valid", "{{field}} ist ungültig"],
        "codiceFiscale" => [
            "{{field}} deve essere un codice fiscale valido",
            "{{field}} must be a valid codice fiscale",
            "{{field}} muss ein gültiger Codice Fiscale sein",
        ],
        "partitaIva" => {
            ["{{field}} deve essere una partita IVA valida", "{{field}} must be a valid partita IVA", "{{field}} muss eine gültige Partita IVA sein"]
        }
        "cfOrPiva" => [
            "{{field}} deve essere un codice fiscale o una partita IVA validi",
            "{{field}} must be a valid codice fiscale or partita IVA",
            "{{field}} muss ein gültiger Codice Fiscale oder eine gültige Partita IVA sein",
        ],
        "cap" => ["{{field}} deve essere un CAP valido", "{{field}} must be a valid CAP", "{{field}} muss eine gültige Postleitzahl (CAP) sein"],
        "provincia" => [
            "{{field}} deve essere la sigla di una provincia",
            "{{field}} must be a valid province abbreviation",
            "{{field}} muss ein gültiges Provinzkürzel sein",
        ],
        "iban" => ["{{field}} deve essere un IBAN valido", "{{field}} must be a valid IBAN", "{{field}} muss eine gültige IBAN sein"],
        "phone" => [
            "{{field}} deve essere un numero di telefono italiano valido",
            "{{field}} must be a valid Italian phone number",
            "{{field}} muss eine gültige italienische Telefonnummer sein",
        ],
        "cfMismatch" => [
            "{{field}} non corrisponde a quanto dichiarato: {{fields}}",
            "{{field}} does not match the declared {{fields}}",
            "{{field}} stimmt nicht mit den Angaben überein: {{fields}}",
        ],
        "fileList" => [
            "il valore di un file deve essere un elenco di file",
            "the file value must be a list of files",
            "der Wert muss eine Liste von Dateien sein",
        ],
        "fileOne" => ["è ammesso un solo file", "only one file is allowed", "nur eine Datei ist erlaubt"],
        "fileNoName" => ["un file non ha nome", "a file has no name", "eine Datei hat keinen Namen"],
        "fileType" => ["{{name}}: tipo di file non ammesso", "{{name}}: file type not allowed", "{{name}}: Dateityp nicht erlaubt"],
        "fileSize" => [
            "{{name}}: il file è troppo grande; la dimensione massima è {{size}}",
            "{{name}}: the file is too big; the maximum is {{size}}",
            "{{name}}: die Datei ist zu groß; höchstens {{size}}",
        ],
        "fileMinSize" => [
            "{{name}}: il file è troppo piccolo; la dimensione minima è {{size}}",
            "{{name}}: the file is too small; the minimum is {{size}}",
            "{{name}}: die Datei ist zu klein; mindestens {{size}}",
        ],
        "fileSizeMissing" => ["{{name}}: manca la dimensione del file", "{{name}}: the file size is missing", "{{name}}: die Dateigröße fehlt"],
        _ => ["", "", ""],
    };
    match lang {
        Lang::It => it,
        Lang::En => en,
        Lang::De => de,
    }
}

/// What a check says: a text key with its arguments, or a text of the form itself (a
/// `validate.json` rule returning a message).
pub(crate) enum Say {
    /// A key of [`MESSAGE_KEYS`] and the values of its placeholders.
    Key(&'static str, Vec<(&'static str, String)>),
    /// A text given by the form.
    Text(String),
}

impl Say {
    /// A key without arguments.
    pub fn key(key: &'static str) -> Say {
        Say::Key(key, Vec::new())
    }
    /// A key with one argument.
    pub fn with(key: &'static str, name: &'static str, value: impl ToString) -> Say {
        Say::Key(key, vec![(name, value.to_string())])
    }
}

/// The texts of one evaluation: its language and the form's own texts for it.
#[derive(Clone, Copy)]
pub(crate) struct Texts<'a> {
    pub lang: Lang,
    pub custom: Option<&'a BTreeMap<String, String>>,
}

impl Texts<'_> {
    /// The text of `say`, its placeholders filled (`{{x}}`, `{{ x }}` and Form.io's unescaped
    /// `{{- x}}`), `override_text` (the component's own message) taking precedence.
    pub fn render(&self, say: Say, override_text: Option<&str>, field: &str) -> String {
        let (template, args): (&str, &[(&str, String)]) = match (&say, override_text) {
            (Say::Key(_, args), Some(t)) => (t, args),
            (Say::Text(_), Some(t)) => (t, &[]),
            (Say::Key(key, args), None) => {
                (self.custom.and_then(|m| m.get(*key)).map(String::as_str).unwrap_or_else(|| builtin(self.lang, key)), args)
            }
            (Say::Text(t), None) => (t.as_str(), &[]),
        };
        if !template.contains("{{") {
            return template.to_string();
        }
        let mut out = template.to_string();
        for (name, value) in std::iter::once(("field", field)).chain(args.iter().map(|(n, v)| (*n, v.as_str()))) {
            for form in [format!("{{{{{name}}}}}"), format!("{{{{ {name} }}}}"), format!("{{{{- {name}}}}}")] {
                if out.contains(&form) {
                    out = out.replace(&form, value);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_three_texts() {
        for key in MESSAGE_KEYS {
            for lang in [Lang::It, Lang::En, Lang::De] {
                assert!(!builtin(lang, key).is_empty(), "{key} {lang:?}");
            }
        }
    }

    #[test]
    fn placeholders_in_every_spelling_are_filled() {
        let t = Texts { lang: Lang::It, custom: None };
        assert_eq!(t.render(Say::with("minLength", "length", 3), None, "Nome"), "Nome deve avere almeno 3 caratteri");
        assert_eq!(t.render(Say::key("required"), Some("{{ field }} manca ({{- field}})"), "Nome"), "Nome manca (Nome)");
        assert_eq!(t.render(Say::Text("Deve coincidere".into()), None, "A"), "Deve coincidere");
    }
}
