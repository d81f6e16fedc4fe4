//! A service's notification settings (the seed's "Messaggi" and "App IO" tabs) and a calendar's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::practice::Lang;

/// A channel a notification goes through. JSON `"email"`, `"sms"`, `"appIo"`, `"pec"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/", rename = "NotifyChannel"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Channel {
    /// E-mail to the recipient's address.
    Email,
    /// SMS to the recipient's mobile number.
    Sms,
    /// A message in the App IO of the citizen with this codice fiscale.
    AppIo,
    /// Certified e-mail (posta elettronica certificata) to the recipient's PEC address.
    Pec,
}

impl Channel {
    /// The JSON name (`"appIo"`).
    pub const fn name(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::AppIo => "appIo",
            Channel::Pec => "pec",
        }
    }
}

/// The switch of one event (or of every event of a kind) for the citizen.
///
/// JSON: `{"enabled": false}`, `{"channels": ["email", "appIo"]}`. Operators' notifications cannot
/// be turned off: `"operators": false` is refused (`notify.operators_mandatory`, with the path).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/", rename = "NotifySwitch"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Switch {
    /// Whether the citizen is told (the seed's "Abilitare l'invio del messaggio?"); `None`: the
    /// default of the event (on, except the ones the seed leaves off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub enabled: Option<bool>,
    /// The citizen's channels for this event; `None`: the service's `channels`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub channels: Option<Vec<Channel>>,
    /// Only `true` is accepted: operators' notifications cannot be turned off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub operators: Option<bool>,
}

/// The service's App IO settings (the seed's "App IO" tab; the API keys stay with the sender).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/", rename = "AppIoSettings"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppIoSettings {
    /// The service's id on App IO (the seed's `IOserviceId`).
    pub service_id: String,
    /// Whether App IO messages are sent (default `true`).
    #[serde(default = "default_true")]
    pub enabled: bool,
}

/// A template that replaces a built-in text, in one language for one event key. Both parts are
/// [minijinja](https://docs.rs/minijinja) templates over the event's variables (see `docs/notify.md`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/", rename = "NotifyTemplate"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateOverride {
    /// The subject; `None`: the built-in subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub subject: Option<String>,
    /// The body; `None`: the built-in body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub body: Option<String>,
}

/// A service's notification settings: the "messages" tab of a service definition.
///
/// JSON (every key optional; the defaults shown):
/// ```json
/// {"languages": ["it"], "channels": ["email"],
///  "events": {"practiceTransition.4000": {"enabled": false}, "paymentCreated": {"channels": ["email", "appIo"]}},
///  "appIo": {"serviceId": "01EXAMPLE", "enabled": true},
///  "templates": {"it": {"practiceTransition.7000": {"subject": "Pratica {{ practiceId }} approvata"}}}}
/// ```
/// Keys of `events` and `templates` are event keys: an event kind (`"paymentCreated"`) or, for a
/// practice transition, `practiceTransition.<status code>`; a bare `practiceTransition` switch
/// applies to every status without a switch of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NotifySettings {
    /// The languages the service writes in; the first is the default (the language of a citizen
    /// whose own is not among them, and of operators). Default `["it"]`.
    #[serde(default = "default_languages")]
    pub languages: Vec<Lang>,
    /// The citizen's channels, for every event without channels of its own. Default `["email"]`.
    #[serde(default = "default_channels")]
    pub channels: Vec<Channel>,
    /// Switches by event key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<BTreeMap<String, Switch>>", optional))]
    pub events: BTreeMap<String, Switch>,
    /// App IO, when the service is on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub app_io: Option<AppIoSettings>,
    /// Template overrides by language, then by event key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<BTreeMap<String, BTreeMap<String, TemplateOverride>>>", optional))]
    pub templates: BTreeMap<Lang, BTreeMap<String, TemplateOverride>>,
}

impl Default for NotifySettings {
    fn default() -> Self {
        NotifySettings {
            languages: default_languages(),
            channels: default_channels(),
            events: BTreeMap::new(),
            app_io: None,
            templates: BTreeMap::new(),
        }
    }
}

/// A calendar's notification switches and contact (the seed calendar's `contact_email`).
///
/// JSON: `{"id": "anagrafe", "title": "Ufficio anagrafe", "location": "Piazza del Comune 1",
/// "contactEmail": "anagrafe@comune.example.it", "citizen": true, "contact": true, "reminders": true}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "notify/", rename = "CalendarNotify"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CalendarNotify {
    /// The calendar's id (the same as `slots::Calendar::id`).
    pub id: String,
    /// The office's name (template variable `calendar`).
    #[serde(default)]
    pub title: String,
    /// Where the meetings take place (template variable `location`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub location: Option<String>,
    /// The calendar's contact e-mail: told of every new, moved or cancelled booking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub contact_email: Option<String>,
    /// Whether the citizen is told of the calendar's bookings (default `true`).
    #[serde(default = "default_true")]
    pub citizen: bool,
    /// Whether the contact e-mail is told (default `true`).
    #[serde(default = "default_true")]
    pub contact: bool,
    /// Whether the reminder the day before is sent (default `true`).
    #[serde(default = "default_true")]
    pub reminders: bool,
}

fn default_true() -> bool {
    true
}
fn default_languages() -> Vec<Lang> {
    vec![Lang::It]
}
fn default_channels() -> Vec<Channel> {
    vec![Channel::Email]
}

/// Whether `key` names an event: an event kind, or `practiceTransition.<status code>`.
pub(crate) fn known_key(key: &str) -> bool {
    match key.strip_prefix("practiceTransition.") {
        Some(code) => code.parse::<u32>().ok().and_then(crate::practice::Status::from_code_opt).is_some(),
        None => super::event::EventKind::from_name(key).is_some(),
    }
}

impl NotifySettings {
    /// Reads settings from their JSON shape and [validates](Self::validate) them: unknown keys
    /// are refused with their path (`json`), as is every error `validate` finds.
    pub fn from_json(text: &str) -> Result<NotifySettings, crate::Error> {
        let settings: NotifySettings = crate::json::from_str(text)?;
        settings.validate()?;
        Ok(settings)
    }

    /// The settings as JSON.
    pub fn to_json(&self) -> String {
        crate::error::to_json(self)
    }

    /// Checks the settings as a whole; the error names the path of the first problem:
    /// `notify.invalid` (no language, a language or channel given twice, App IO without a
    /// service id), `notify.unknown_event` (a key of `events` or `templates` naming no event),
    /// `notify.operators_mandatory` (`"operators": false`), `notify.template` (a template that
    /// does not compile or uses a variable its event does not have).
    pub fn validate(&self) -> Result<(), super::NotifyError> {
        use super::NotifyError;
        if self.languages.is_empty() {
            return Err(NotifyError::Invalid { path: "languages".into(), message: "at least one language is needed".into() });
        }
        for (i, lang) in self.languages.iter().enumerate() {
            if self.languages[..i].contains(lang) {
                return Err(NotifyError::Invalid { path: format!("languages[{i}]"), message: "language given twice".into() });
            }
        }
        check_channels(&self.channels, "channels")?;
        let app_io_refused = |channels: &[Channel], path: &str| -> Result<(), NotifyError> {
            match channels.iter().position(|c| *c == Channel::AppIo) {
                Some(i) if self.app_io.is_none() => Err(NotifyError::Invalid {
                    path: format!("{path}[{i}]"),
                    message: "the App IO channel needs the service's appIo settings".into(),
                }),
                _ => Ok(()),
            }
        };
        app_io_refused(&self.channels, "channels")?;
        if let Some(io) = &self.app_io {
            if io.service_id.trim().is_empty() {
                return Err(NotifyError::Invalid { path: "appIo.serviceId".into(), message: "the App IO service id must not be empty".into() });
            }
        }
        for (key, switch) in &self.events {
            let path = format!("events.{key}");
            if !known_key(key) {
                return Err(NotifyError::UnknownEvent { path, key: key.clone() });
            }
            if switch.operators == Some(false) {
                return Err(NotifyError::OperatorsMandatory { path: format!("{path}.operators") });
            }
            if let Some(channels) = &switch.channels {
                check_channels(channels, &format!("{path}.channels"))?;
                app_io_refused(channels, &format!("{path}.channels"))?;
            }
        }
        for (lang, templates) in &self.templates {
            for (key, template) in templates {
                let path = format!("templates.{}.{key}", lang_code(*lang));
                if !known_key(key) {
                    return Err(NotifyError::UnknownEvent { path, key: key.clone() });
                }
                super::texts::check_override(key, template, &path)?;
            }
        }
        Ok(())
    }
}

fn check_channels(channels: &[Channel], path: &str) -> Result<(), super::NotifyError> {
    for (i, c) in channels.iter().enumerate() {
        if channels[..i].contains(c) {
            return Err(super::NotifyError::Invalid { path: format!("{path}[{i}]"), message: format!("channel {} given twice", c.name()) });
        }
    }
    Ok(())
}

/// The JSON code of a language.
pub(crate) fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::It => "it",
        Lang::En => "en",
        Lang::De => "de",
    }
}
