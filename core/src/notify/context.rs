//! Who can be told, and the names the texts use: what the caller knows beside the event.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::settings::CalendarNotify;
use crate::practice::Lang;

/// The citizen: the practice's applicant, the booking's owner, the account's holder.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/", rename = "NotifyCitizen"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Citizen {
    /// Full name (template variable `userName`).
    #[serde(default)]
    pub name: String,
    /// Codice fiscale: the App IO recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub fiscal_code: Option<String>,
    /// Contact e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub email: Option<String>,
    /// Mobile number, for SMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub phone: Option<String>,
    /// PEC address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub pec: Option<String>,
    /// The citizen's language; `None`: the service's first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub lang: Option<Lang>,
}

/// An operator of the office that handles the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/", rename = "NotifyOperator"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Operator {
    /// The operator's id.
    pub id: String,
    /// Full name.
    #[serde(default)]
    pub name: String,
    /// E-mail; an operator without one is not told.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub email: Option<String>,
    /// The operator in charge of the practice (default `false`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub assigned: bool,
}

/// Links the texts may carry (template variables `link`, `paymentLink`, `cancelLink`, `approveLink`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/", rename = "NotifyLinks"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Links {
    /// The practice's page (or the portal's home).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub practice: Option<String>,
    /// The payment page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub payment: Option<String>,
    /// The page that cancels a booking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub cancel: Option<String>,
    /// The page where an operator approves a pending booking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub approve: Option<String>,
}

/// What the caller knows beside the event: the entity, the service, who can be told.
///
/// JSON: `{"entity": "Comune di Bugliano", "service": {"id": "carta-identita", "name": "Carta d'identità"},
/// "citizen": {...}, "operators": [{...}], "calendar": {...}, "links": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NotifyContext {
    /// The entity's name (template variable `entity`), e.g. `"Comune di Bugliano"`.
    #[serde(default)]
    pub entity: String,
    /// The service.
    #[serde(default)]
    pub service: ServiceFacts,
    /// The citizen, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub citizen: Option<Citizen>,
    /// The operators of the office that handles the service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<Operator>>", optional))]
    pub operators: Vec<Operator>,
    /// The calendar of a booking event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub calendar: Option<CalendarNotify>,
    /// Links for the texts.
    #[serde(default)]
    pub links: Links,
}

/// The service as the texts name it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/", rename = "NotifyService"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceFacts {
    /// The service's id.
    #[serde(default)]
    pub id: String,
    /// Its name (template variable `service`).
    #[serde(default)]
    pub name: String,
    /// Its name by language, where it differs from `name`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<BTreeMap<String, String>>", optional))]
    pub names: BTreeMap<Lang, String>,
}

impl ServiceFacts {
    /// The name in `lang` (`names[lang]`, else `name`).
    pub fn name_in(&self, lang: Lang) -> &str {
        self.names.get(&lang).map(String::as_str).unwrap_or(&self.name)
    }
}
