//! The JSON definition of a service, one struct per tab of the seed's "scheda servizio"
//! (OpenCity: `src/Entity/Servizio.php` and the tab form types in `src/Form/Admin/Servizio/`).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::access::{Clause, Level, Registration, ServiceSpec, Text};
use crate::forms::OfficeTable;
use crate::notify::NotifySettings;
use crate::payments::Charge;
use crate::practice::{Lang, ServiceConfig, Status};

/// A text in Italian, English and German. Italian is always required; `en` and `de` are required
/// when the service's `translations.languages` lists them. JSON: `{"it": "...", "en": "...", "de": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/"))]
#[serde(deny_unknown_fields)]
pub struct I18nText {
    /// Italian.
    pub it: String,
    /// English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub en: Option<String>,
    /// German.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub de: Option<String>,
}

impl I18nText {
    /// The text in `lang` (`it`, `en`, `de`); `None` when absent or blank.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        let s = match lang {
            Lang::It => Some(self.it.as_str()),
            Lang::En => self.en.as_deref(),
            Lang::De => self.de.as_deref(),
        };
        s.filter(|s| !s.trim().is_empty())
    }

    /// The text in `lang`, or the Italian one.
    pub fn in_lang(&self, lang: Lang) -> &str {
        self.get(lang).unwrap_or(&self.it)
    }

    fn new(it: &str, en: &str, de: &str) -> I18nText {
        I18nText { it: it.into(), en: Some(en.into()), de: Some(de.into()) }
    }
}

/// The publication status of a service (OpenCity `Servizio::STATUS_*`, GeneralDataType's
/// `servizio.statutes.*`). JSON camelCase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/"))]
#[serde(rename_all = "camelCase")]
pub enum ServiceStatus {
    /// "Bozza" (0): being prepared; operators only.
    Draft,
    /// "Pubblicato" (1): listed for citizens and open.
    Published,
    /// "Sospeso" (2): listed for citizens, closed to new applications.
    Suspended,
    /// "Privato" (3): operators only (and citizens with the direct link, never listed).
    Private,
    /// "Schedulato" (4): listed, open between `scheduledFrom` and `scheduledTo`.
    Scheduled,
}

impl ServiceStatus {
    /// The seed's numeric code (`Servizio::STATUS_*`).
    pub fn code(self) -> u8 {
        match self {
            ServiceStatus::Draft => 0,
            ServiceStatus::Published => 1,
            ServiceStatus::Suspended => 2,
            ServiceStatus::Private => 3,
            ServiceStatus::Scheduled => 4,
        }
    }

    /// Listed in the citizens' catalogue (`Servizio::PUBLIC_STATUSES`: published, suspended, scheduled).
    pub fn is_public(self) -> bool {
        matches!(self, ServiceStatus::Published | ServiceStatus::Suspended | ServiceStatus::Scheduled)
    }
}

/// How a citizen can reach the service. JSON camelCase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/", rename = "ServiceChannel"))]
#[serde(rename_all = "camelCase")]
pub enum Channel {
    /// Online, through the portal (the journey of this module).
    Online,
    /// At the office's desk (sportello fisico).
    Desk,
    /// By phone.
    Phone,
    /// By e-mail.
    Email,
    /// By PEC (certified e-mail).
    Pec,
    /// By post.
    Post,
    /// Through the App IO.
    AppIo,
}

/// The card ("scheda"): who the service is, as citizens see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/", rename = "ServiceCard"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Card {
    /// The service id: the access policy's service id and the id delegations name. Non-empty.
    pub id: String,
    /// Human-readable unique identifier in URLs: lower-case letters, digits and `-`.
    pub slug: String,
    /// The name (OpenCity `name`, at most 255 characters).
    pub name: I18nText,
    /// The subtitle (OpenCity `shortDescription`, at most 160 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub short_description: Option<I18nText>,
    /// The description.
    pub description: I18nText,
    /// The category (OpenCity `topics`, a `Categoria`).
    pub category: String,
    /// The service group (OpenCity `serviceGroup`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub group: Option<String>,
    /// The publication status.
    pub status: ServiceStatus,
    /// With status `scheduled`: when it opens (required then, before `scheduledTo`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<String>"))]
    #[serde(deserialize_with = "crate::iso::de_opt_instant")]
    pub scheduled_from: Option<DateTime<FixedOffset>>,
    /// With status `scheduled`: when it closes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<String>"))]
    #[serde(deserialize_with = "crate::iso::de_opt_instant")]
    pub scheduled_to: Option<DateTime<FixedOffset>>,
    /// How it can be reached (at least one).
    pub channels: Vec<Channel>,
    /// Shown at the top of the list (OpenCity `sticky`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<bool>"))]
    pub sticky: bool,
}

/// The access tab: the access capability's requirement for this service (the fields of
/// [`ServiceSpec`] but `id` and `name`, which come from the card). JSON: `{"level": "substantial"}`,
/// `{"anyOf": [{"level": "high"}, {"capabilities": ["sign"]}]}` or `{"public": true}`, plus
/// `intermediaries`, `delegable`, `household`, and `registration` (issue 18: a service says which
/// activation policy it uses).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/", rename = "ServiceAccess"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Access {
    /// No login needed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<bool>"))]
    pub public: bool,
    /// Minimum level of the main requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub level: Option<Level>,
    /// Capabilities required with `level`, e.g. `["sign"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<String>>"))]
    pub capabilities: Vec<String>,
    /// Further alternatives: any one is enough.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<Clause>>"))]
    pub any_of: Vec<Clause>,
    /// Intermediary roles enabled (`notaio`, `caf`, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<String>>"))]
    pub intermediaries: Vec<String>,
    /// A delegate may act for the delegator.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<bool>"))]
    pub delegable: bool,
    /// A user may act for a member of their household.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<bool>"))]
    pub household: bool,
    /// How the portal registers the citizens of this service (the `registration` of its
    /// [`crate::access::ActivationPolicy`]: `activationKey`, `immediate`, `generatedPassword`,
    /// `envelope`); absent: the portal's own policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub registration: Option<Registration>,
}

impl Access {
    /// The access policy's [`ServiceSpec`] of the service with this card: the one place it comes from.
    pub fn spec(&self, card: &Card) -> ServiceSpec {
        ServiceSpec {
            id: card.id.clone(),
            name: Text::new(card.name.it.clone(), card.name.in_lang(Lang::En).to_string()),
            public: self.public,
            level: self.level,
            capabilities: self.capabilities.clone(),
            any_of: self.any_of.clone(),
            intermediaries: self.intermediaries.clone(),
            delegable: self.delegable,
            household: self.household,
        }
    }
}

/// The form tab: a Form.io form, the forms it nests by id, its custom types and overrides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/", rename = "ServiceForm"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FormTab {
    /// The Form.io form: `{title, name, display, components: [...]}`.
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub schema: Value,
    /// Custom component types mapped onto built-in ones, e.g. `{"sdcfile": "file"}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<BTreeMap<String, String>>"))]
    pub type_aliases: BTreeMap<String, String>,
    /// The forms its nested forms reference by id (`FormOptions::forms`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<BTreeMap<String, serde_json::Value>>"))]
    pub forms: BTreeMap<String, Value>,
    /// Properties replacing components' own, by component path (`FormOptions::overrides`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<BTreeMap<String, serde_json::Map<String, serde_json::Value>>>"))]
    pub overrides: BTreeMap<String, serde_json::Map<String, Value>>,
}

/// The payments and stamps tab: the charges of the practice (stamps, diritti, tariffs), each with
/// an exact amount. The practice configuration's `payment`, `paymentAmount`, `stampsOnRequest`
/// and `stampsOnRelease` must agree with them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/", rename = "ServicePayments"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Payments {
    /// The charges, request and release phase.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<Charge>>"))]
    pub charges: Vec<Charge>,
    /// Payment gateways enabled (OpenCity `paymentParameters.gateways`), e.g. `["pagopa"]`; at
    /// least one when a fee is due.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<String>>"))]
    pub gateways: Vec<String>,
    /// The key of the form's component whose value, calculated by the form (`calculateValue`),
    /// is the practice's amount (JSON `amountField`): given at `submit` in place of
    /// `paymentAmount` and the fees of the payment's phase (issue 17 item 1). Absent: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub amount_field: Option<String>,
}

/// The protocol tab (OpenCity `protocolHandler`, `protocolloParameters`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/", rename = "ServiceProtocol"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Protocol {
    /// The protocol system: `dummy`, `pec`, `pitre`, `infor`, ... (non-empty).
    pub handler: String,
    /// Its parameters (classification, register, ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<BTreeMap<String, String>>"))]
    pub parameters: BTreeMap<String, String>,
}

/// One back-office integration (OpenCity IntegrationsDataType: "Punto di attivazione" and
/// "Azione da eseguire"): when the practice enters `trigger`, `action` is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/", rename = "ServiceIntegration"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Integration {
    /// The status that activates it: one of the seed's 1520 (paid), 2000 (acquired, OpenCity
    /// "inviata"), 3000 (registered), 4000 (taken in charge), 7000 (accepted), 9000 (rejected),
    /// and one the service's practice graph has.
    pub trigger: Status,
    /// The back office to call (non-empty).
    pub action: String,
}

/// The receipt tab: what the citizen reads on the receipt and at the end of the form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/", rename = "ServiceReceipt"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Receipt {
    /// Shown at the end of the compilation (OpenCity `finalIndications`); absent: the seed's
    /// default, "La domanda è stata correttamente registrata, ...".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub final_indications: Option<I18nText>,
    /// Shown during the compilation (OpenCity `compilationInfo`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub compilation_info: Option<I18nText>,
}

impl Receipt {
    /// The final indications, or the seed's default (`Servizio::__construct`), in it/en/de.
    pub fn final_indications(&self) -> I18nText {
        self.final_indications.clone().unwrap_or_else(|| {
            I18nText::new(
                "La domanda è stata correttamente registrata, non ti sono richieste altre operazioni. Grazie per la tua collaborazione.",
                "The application has been registered correctly; nothing else is required of you. Thank you for your cooperation.",
                "Der Antrag wurde korrekt registriert; weitere Schritte sind nicht erforderlich. Vielen Dank für Ihre Mitarbeit.",
            )
        })
    }
}

/// The translations tab: the languages of the service and the form's labels in each
/// (Form.io i18n, OpenCity FormIOI18nType: `{"en": {"Nome": "Name"}}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/", rename = "ServiceTranslations"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Translations {
    /// The languages every text must have (Italian always; default `["it"]`).
    #[serde(default = "only_it")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<Lang>>"))]
    pub languages: Vec<Lang>,
    /// The form's labels in English and German: Italian label -> translation.
    #[serde(default, skip_serializing_if = "FormLabels::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<FormLabels>"))]
    pub form: FormLabels,
}

/// The form's labels translated (Form.io i18n): `{"en": {"Nome": "Name"}, "de": {"Nome": "Vorname"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/", rename = "ServiceFormLabels"))]
#[serde(deny_unknown_fields)]
pub struct FormLabels {
    /// English labels.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<BTreeMap<String, String>>"))]
    pub en: BTreeMap<String, String>,
    /// German labels.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<BTreeMap<String, String>>"))]
    pub de: BTreeMap<String, String>,
}

impl FormLabels {
    /// No label translated.
    pub fn is_empty(&self) -> bool {
        self.en.is_empty() && self.de.is_empty()
    }

    /// The labels of `lang` (`None` for Italian, the form's own).
    pub fn of(&self, lang: Lang) -> Option<&BTreeMap<String, String>> {
        match lang {
            Lang::It => None,
            Lang::En => Some(&self.en),
            Lang::De => Some(&self.de),
        }
    }
}

fn only_it() -> Vec<Lang> {
    vec![Lang::It]
}

impl Default for Translations {
    fn default() -> Self {
        Translations { languages: only_it(), form: FormLabels::default() }
    }
}

/// An office a practice of the service can be assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/", rename = "ServiceOffice"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Office {
    /// The office id, as the assignment rules name it (unique, non-empty).
    pub id: String,
    /// The office's name.
    pub name: I18nText,
    /// The office's e-mail address, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub email: Option<String>,
}

/// One service, every tab of the seed's "scheda servizio" (the messages and App IO tab is
/// the notify capability's [`NotifySettings`]). The documented JSON shape (unknown keys
/// are refused, with their path):
///
/// ```json
/// {"card": {"id": "...", "slug": "...", "name": {"it": "..."}, "description": {"it": "..."},
///           "category": "...", "group": null, "status": "published", "channels": ["online"]},
///  "access": {"level": "substantial", "delegable": true},
///  "form": {"schema": {"components": []}},
///  "practice": {"protocolRequired": true, "responseDays": 30},
///  "payments": {"charges": [], "gateways": []},
///  "protocol": {"handler": "pec"},
///  "integrations": [{"trigger": 3000, "action": "anagrafe"}],
///  "messages": {"channels": ["email"]},
///  "receipt": {}, "translations": {"languages": ["it"]},
///  "offices": [{"id": "urp", "name": {"it": "URP"}}], "assignment": {"default": "urp"},
///  "calendar": "ritiro-documenti"}
/// ```
/// Only `card`, `access` and `form` are required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceDefinition {
    /// The card.
    pub card: Card,
    /// The access level (or any-of alternatives), delegations, intermediaries.
    pub access: Access,
    /// The Form.io form.
    pub form: FormTab,
    /// The practice configuration (the practice capability's [`ServiceConfig`]).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<ServiceConfig>"))]
    pub practice: ServiceConfig,
    /// Payments and stamps.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Payments>"))]
    pub payments: Payments,
    /// The protocol system; required when `practice.protocolRequired`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub protocol: Option<Protocol>,
    /// Back-office integrations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<Integration>>"))]
    pub integrations: Vec<Integration>,
    /// The messages tab: the notify capability's settings (switches, channels, App IO, texts).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<NotifySettings>"))]
    pub messages: NotifySettings,
    /// The receipt.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Receipt>"))]
    pub receipt: Receipt,
    /// Languages and the form's labels in them.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Translations>"))]
    pub translations: Translations,
    /// The offices practices are assigned to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<Office>>"))]
    pub offices: Vec<Office>,
    /// The office assignment (the forms capability's [`OfficeTable`]); required when `offices`
    /// is not empty; every office it names must be in `offices`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub assignment: Option<OfficeTable>,
    /// The id of the appointment calendar linked to the service (one of the calendars given at load).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub calendar: Option<String>,
}
