//! [`Catalogue`]: many services, listed for citizens (published ones) or operators (all), by
//! category and group.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::definition::{I18nText, ServiceDefinition, ServiceStatus};
use super::error::ServiceError;
use super::load::Service;
use crate::practice::Lang;
use crate::slots::Calendar;

/// Who looks at the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/"))]
#[serde(rename_all = "camelCase")]
pub enum Audience {
    /// A citizen: the services whose status is public (published, suspended, scheduled; OpenCity
    /// `Servizio::PUBLIC_STATUSES`).
    Citizen,
    /// An operator: every service, private and draft ones included.
    Operator,
}

/// One service as the catalogue lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/", rename = "CatalogueEntry"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Entry {
    /// The service id.
    pub id: String,
    /// Its slug.
    pub slug: String,
    /// Its name in the language asked (Italian when it has none in it).
    pub name: String,
    /// Its status.
    pub status: ServiceStatus,
    /// Shown first.
    pub sticky: bool,
}

/// The services of one category, those without a group first, then by group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CategoryListing {
    /// The category.
    pub category: String,
    /// The services of the category that belong to no group (sticky first, then by name).
    pub services: Vec<Entry>,
    /// The groups of the category, by name, each with its services (sticky first, then by name).
    pub groups: Vec<GroupListing>,
}

/// The services of one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupListing {
    /// The group.
    pub group: String,
    /// Its services.
    pub services: Vec<Entry>,
}

/// Many services, each validated as a whole, with unique ids and slugs.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    services: Vec<Service>,
}

impl Serialize for Catalogue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.services.serialize(s)
    }
}

impl Catalogue {
    /// Validates every definition ([`Service::new`], the error's path prefixed with
    /// `[i].`) and that ids and slugs are unique (`service.duplicate`).
    pub fn new(definitions: Vec<ServiceDefinition>, calendars: &[Calendar]) -> Result<Catalogue, ServiceError> {
        let mut ids = HashSet::new();
        let mut slugs = HashSet::new();
        let mut services = Vec::with_capacity(definitions.len());
        for (i, def) in definitions.into_iter().enumerate() {
            if !ids.insert(def.card.id.clone()) {
                return Err(ServiceError::Duplicate { path: format!("[{i}].card.id"), id: def.card.id });
            }
            if !slugs.insert(def.card.slug.clone()) {
                return Err(ServiceError::Duplicate { path: format!("[{i}].card.slug"), id: def.card.slug });
            }
            services.push(Service::new(def, calendars).map_err(|e| prefix(e, i))?);
        }
        Ok(Catalogue { services })
    }

    /// Reads a JSON array of definitions strictly (code `json` with the path) and validates it.
    pub fn from_json(json: &str, calendars: &[Calendar]) -> Result<Catalogue, crate::Error> {
        let defs: Vec<ServiceDefinition> = crate::error::from_json(json)?;
        Ok(Catalogue::new(defs, calendars)?)
    }

    /// The JSON array of the definitions.
    pub fn to_json(&self) -> String {
        crate::error::to_json(self)
    }

    /// Every service, in the order given.
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// The service with this id (`service.unknown_service`), whatever its status.
    pub fn get(&self, id: &str) -> Result<&Service, ServiceError> {
        self.services.iter().find(|s| s.id() == id).ok_or_else(|| ServiceError::UnknownService { id: id.into() })
    }

    /// The service with this slug, if `audience` may see it.
    pub fn by_slug(&self, slug: &str, audience: Audience) -> Option<&Service> {
        self.services.iter().find(|s| s.def.card.slug == slug && visible(s, audience))
    }

    /// What `audience` sees, by category (sorted), in `lang`.
    pub fn listing(&self, audience: Audience, lang: Lang) -> Vec<CategoryListing> {
        let mut cats: BTreeMap<&str, Category<'_>> = BTreeMap::new();
        for s in self.services.iter().filter(|s| visible(s, audience)) {
            let card = &s.def.card;
            let entry =
                Entry { id: card.id.clone(), slug: card.slug.clone(), name: name(&card.name, lang), status: card.status, sticky: card.sticky };
            let slot = cats.entry(card.category.as_str()).or_default();
            match &card.group {
                None => slot.0.push(entry),
                Some(g) => slot.1.entry(g.as_str()).or_default().push(entry),
            }
        }
        cats.into_iter()
            .map(|(category, (mut services, groups))| {
                sort(&mut services);
                let groups = groups
                    .into_iter()
                    .map(|(group, mut services)| {
                        sort(&mut services);
                        GroupListing { group: group.into(), services }
                    })
                    .collect();
                CategoryListing { category: category.into(), services, groups }
            })
            .collect()
    }
}

/// A category's services without a group, and its groups' services.
type Category<'a> = (Vec<Entry>, BTreeMap<&'a str, Vec<Entry>>);

fn visible(s: &Service, audience: Audience) -> bool {
    audience == Audience::Operator || s.def.card.status.is_public()
}

fn name(t: &I18nText, lang: Lang) -> String {
    t.in_lang(lang).to_string()
}

fn sort(v: &mut [Entry]) {
    v.sort_by(|a, b| b.sticky.cmp(&a.sticky).then_with(|| a.name.cmp(&b.name)).then_with(|| a.id.cmp(&b.id)));
}

fn prefix(e: ServiceError, i: usize) -> ServiceError {
    let p = |path: String| format!("[{i}].{path}");
    match e {
        ServiceError::Invalid { path, reason } => ServiceError::Invalid { path: p(path), reason },
        ServiceError::Duplicate { path, id } => ServiceError::Duplicate { path: p(path), id },
        ServiceError::UnknownOffice { path, office } => ServiceError::UnknownOffice { path: p(path), office },
        ServiceError::UnknownCalendar { path, calendar } => ServiceError::UnknownCalendar { path: p(path), calendar },
        ServiceError::AmountMismatch { path, expected, found } => ServiceError::AmountMismatch { path: p(path), expected, found },
        ServiceError::Inconsistent { path, reason } => ServiceError::Inconsistent { path: p(path), reason },
        ServiceError::MissingTranslation { path, lang } => ServiceError::MissingTranslation { path: p(path), lang },
        ServiceError::Form { path, cause, message } => ServiceError::Form { path: p(path), cause, message },
        ServiceError::Access { path, cause, message } => ServiceError::Access { path: p(path), cause, message },
        ServiceError::Payments { path, cause, message } => ServiceError::Payments { path: p(path), cause, message },
        ServiceError::Messages { path, cause, message } => ServiceError::Messages { path: p(path), cause, message },
        other => other,
    }
}
