//! [`Service`]: a [`ServiceDefinition`] validated as a whole, with its form, access policy,
//! payment plan and calendar compiled once.

use std::collections::HashSet;

use serde::Serialize;

use super::definition::{I18nText, ServiceDefinition};
use super::error::ServiceError;
use crate::access::{DelegationRules, Policy, PolicySpec};
use crate::error::Coded;
use crate::forms::{Form, FormOptions, FormsError};
use crate::payments::{payment_plan, Amount, ChargeKind, ChargePhase, PaymentPlan, PaymentsError};
use crate::practice::{Lang, PaymentMode, ServiceConfig, ServiceGraph, Status};
use crate::slots::Calendar;

/// The statuses an integration may be triggered by (OpenCity IntegrationsDataType: "Pratica
/// pagata", "inviata", "protocollata", "presa in carico", "accettata", "rifiutata").
pub const INTEGRATION_TRIGGERS: [Status; 6] =
    [Status::PaymentSucceeded, Status::Acquired, Status::Registered, Status::InCharge, Status::Accepted, Status::Rejected];

/// A service validated as a whole: every reference resolves, the tabs agree, every text has every
/// language of the service. Build with [`Service::new`] or [`Service::from_json`]; serialises as
/// its [`ServiceDefinition`].
#[derive(Debug, Clone)]
pub struct Service {
    pub(crate) def: ServiceDefinition,
    pub(crate) form: Form,
    pub(crate) policy: Policy,
    pub(crate) plan: PaymentPlan,
    pub(crate) calendar: Option<Calendar>,
    /// The practice configuration its practices are created with: the definition's, holding the
    /// payments tab's charges.
    pub(crate) config: ServiceConfig,
    /// The data path of `payments.amountField`'s component.
    pub(crate) amount_path: Option<String>,
}

impl Serialize for Service {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.def.serialize(s)
    }
}

impl PartialEq for Service {
    fn eq(&self, other: &Self) -> bool {
        self.def == other.def
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_text(path: &str, t: &I18nText, langs: &[Lang], max: Option<usize>) -> Result<(), ServiceError> {
    if t.it.trim().is_empty() {
        return Err(ServiceError::invalid(format!("{path}.it"), "the Italian text is empty"));
    }
    for &lang in std::iter::once(&Lang::It).chain(langs) {
        let Some(s) = t.get(lang) else {
            return Err(ServiceError::MissingTranslation { path: format!("{path}.{}", code(lang)), lang: code(lang).into() });
        };
        if let Some(max) = max {
            if s.chars().count() > max {
                return Err(ServiceError::invalid(format!("{path}.{}", code(lang)), format!("longer than {max} characters")));
            }
        }
    }
    Ok(())
}

pub(crate) fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::It => "it",
        Lang::En => "en",
        Lang::De => "de",
    }
}

impl Service {
    /// Validates `def` as a whole against the appointment `calendars` of the portal. Errors (each
    /// names the path inside the definition): `service.invalid`, `service.duplicate`,
    /// `service.unknown_office`, `service.unknown_calendar`, `service.amount_mismatch`,
    /// `service.inconsistent`, `service.missing_translation`, `service.form`, `service.access`,
    /// `service.payments`.
    pub fn new(def: ServiceDefinition, calendars: &[Calendar]) -> Result<Service, ServiceError> {
        let card = &def.card;
        if card.id.trim().is_empty() {
            return Err(ServiceError::invalid("card.id", "the id is empty"));
        }
        if !is_slug(&card.slug) {
            return Err(ServiceError::invalid("card.slug", "a slug is lower-case letters and digits joined by single '-'"));
        }
        if card.category.trim().is_empty() {
            return Err(ServiceError::invalid("card.category", "the category is empty"));
        }
        if card.group.as_deref().is_some_and(|g| g.trim().is_empty()) {
            return Err(ServiceError::invalid("card.group", "the group is empty (leave it out instead)"));
        }
        if card.channels.is_empty() {
            return Err(ServiceError::invalid("card.channels", "at least one channel"));
        }
        for (i, c) in card.channels.iter().enumerate() {
            if card.channels[..i].contains(c) {
                return Err(ServiceError::Duplicate { path: format!("card.channels[{i}]"), id: crate::error::to_json(c).trim_matches('"').into() });
            }
        }
        match (card.status, card.scheduled_from, card.scheduled_to) {
            (super::ServiceStatus::Scheduled, None, _) => {
                return Err(ServiceError::invalid("card.scheduledFrom", "a scheduled service needs its opening"))
            }
            (super::ServiceStatus::Scheduled, _, None) => {
                return Err(ServiceError::invalid("card.scheduledTo", "a scheduled service needs its closing"))
            }
            (super::ServiceStatus::Scheduled, Some(from), Some(to)) if from >= to => {
                return Err(ServiceError::invalid("card.scheduledTo", "the closing is not after the opening"))
            }
            (super::ServiceStatus::Scheduled, ..) => {}
            (_, Some(_), _) => return Err(ServiceError::inconsistent("card.scheduledFrom", "only a scheduled service has an opening date")),
            (_, _, Some(_)) => return Err(ServiceError::inconsistent("card.scheduledTo", "only a scheduled service has a closing date")),
            _ => {}
        }

        // --- translations: every text in every language of the service
        let tr = &def.translations;
        if !tr.languages.contains(&Lang::It) {
            return Err(ServiceError::invalid("translations.languages", "Italian is always one of the languages"));
        }
        let others: Vec<Lang> = {
            let mut v: Vec<Lang> = Vec::new();
            for &l in &tr.languages {
                if l != Lang::It && !v.contains(&l) {
                    v.push(l);
                }
            }
            v
        };
        check_text("card.name", &card.name, &others, Some(255))?;
        if let Some(t) = &card.short_description {
            check_text("card.shortDescription", t, &others, Some(160))?;
        }
        check_text("card.description", &card.description, &others, None)?;
        if let Some(t) = &def.receipt.final_indications {
            check_text("receipt.finalIndications", t, &others, None)?;
        }
        if let Some(t) = &def.receipt.compilation_info {
            check_text("receipt.compilationInfo", t, &others, None)?;
        }

        // --- offices and their assignment
        let mut ids: HashSet<&str> = HashSet::new();
        for (i, o) in def.offices.iter().enumerate() {
            if o.id.trim().is_empty() {
                return Err(ServiceError::invalid(format!("offices[{i}].id"), "the id is empty"));
            }
            if !ids.insert(o.id.as_str()) {
                return Err(ServiceError::Duplicate { path: format!("offices[{i}].id"), id: o.id.clone() });
            }
            check_text(&format!("offices[{i}].name"), &o.name, &others, None)?;
        }
        match &def.assignment {
            None if !def.offices.is_empty() => {
                return Err(ServiceError::invalid("assignment", "offices are given but no assignment says which one a practice goes to"))
            }
            None => {}
            Some(t) => {
                for (i, r) in t.rules.iter().enumerate() {
                    if !ids.contains(r.office.as_str()) {
                        return Err(ServiceError::UnknownOffice { path: format!("assignment.rules[{i}].office"), office: r.office.clone() });
                    }
                }
                if !ids.contains(t.default.as_str()) {
                    return Err(ServiceError::UnknownOffice { path: "assignment.default".into(), office: t.default.clone() });
                }
            }
        }

        // --- the form (with the assignment as its office table)
        let options = FormOptions {
            type_aliases: def.form.type_aliases.clone(),
            offices: def.assignment.clone(),
            forms: def.form.forms.clone(),
            overrides: def.form.overrides.clone(),
            ..FormOptions::default()
        };
        let form = Form::from_formio_with(&def.form.schema, &options).map_err(|e| {
            let path = if matches!(e, FormsError::InvalidOfficeTable { .. }) { "assignment" } else { "form.schema" };
            ServiceError::Form { path: path.into(), cause: e.code().into(), message: e.to_string() }
        })?;
        office_fields(&def, &form)?;
        for &lang in &others {
            let labels = tr.form.of(lang);
            for c in form.info().components {
                if !c.input || c.hidden || c.component_type == "hidden" || c.label.trim().is_empty() {
                    continue;
                }
                let translated = labels.and_then(|m| m.get(&c.label)).is_some_and(|s| !s.trim().is_empty());
                if !translated {
                    return Err(ServiceError::MissingTranslation {
                        path: format!("translations.form.{}[{}]", code(lang), crate::error::to_json(&c.label)),
                        lang: code(lang).into(),
                    });
                }
            }
        }

        // --- access: the access policy's service, from the card and the access tab
        let spec = PolicySpec {
            services: vec![def.access.spec(card)],
            credentials: None,
            extra_credentials: Vec::new(),
            intermediary_roles: None,
            delegations: DelegationRules::default(),
        };
        let policy = Policy::new(spec).map_err(|e| ServiceError::Access { path: "access".into(), cause: e.code().into(), message: e.to_string() })?;

        // --- payments and stamps, and their agreement with the practice configuration
        let plan = payment_plan(&def.payments.charges).map_err(|e| {
            let path = match &e {
                PaymentsError::Charge { index, .. } => format!("payments.charges[{index}]"),
                _ => "payments.charges".into(),
            };
            ServiceError::Payments { path, cause: e.code().into(), message: e.to_string() }
        })?;
        let p = &def.practice;
        let has_stamp = |phase: ChargePhase| def.payments.charges.iter().any(|c| c.kind == ChargeKind::Bollo && c.phase == phase);
        if p.stamps_on_request != has_stamp(ChargePhase::Request) {
            return Err(ServiceError::inconsistent(
                "practice.stampsOnRequest",
                format!(
                    "is {} but the charges have {} stamp (bollo) in the request phase",
                    p.stamps_on_request,
                    if p.stamps_on_request { "no" } else { "a" }
                ),
            ));
        }
        if p.stamps_on_release != has_stamp(ChargePhase::Release) {
            return Err(ServiceError::inconsistent(
                "practice.stampsOnRelease",
                format!(
                    "is {} but the charges have {} stamp (bollo) in the release phase",
                    p.stamps_on_release,
                    if p.stamps_on_release { "no" } else { "a" }
                ),
            ));
        }
        let mismatch = |expected: Amount| ServiceError::AmountMismatch {
            path: "practice.paymentAmount".into(),
            expected: expected.to_string(),
            found: p.payment_amount.to_string(),
        };
        let (due, other, other_phase) = match p.payment {
            PaymentMode::None => (Amount::ZERO, plan.request.fees_total.checked_add(plan.release.fees_total).unwrap_or(Amount::ZERO), "either"),
            PaymentMode::Immediate => (plan.request.fees_total, plan.release.fees_total, "the release"),
            PaymentMode::Deferred => (plan.release.fees_total, plan.request.fees_total, "the request"),
        };
        if p.payment == PaymentMode::None {
            if !other.is_zero() {
                return Err(ServiceError::inconsistent("practice.payment", "fees are charged but the payment is \"none\""));
            }
            if !p.payment_amount.is_zero() {
                return Err(mismatch(Amount::ZERO));
            }
        } else {
            if p.payment_amount != due {
                return Err(mismatch(due));
            }
            if !other.is_zero() {
                return Err(ServiceError::inconsistent(
                    "practice.payment",
                    format!("fees are charged in {other_phase} phase, which this payment mode does not collect"),
                ));
            }
        }
        let fees = plan.request.fees_total.checked_add(plan.release.fees_total).unwrap_or(Amount::ZERO);
        if !(fees.is_zero() && plan.request.stamps_total.is_zero() && plan.release.stamps_total.is_zero()) && def.payments.gateways.is_empty() {
            return Err(ServiceError::inconsistent("payments.gateways", "something is to be paid but no payment gateway is enabled"));
        }
        for (i, g) in def.payments.gateways.iter().enumerate() {
            if g.trim().is_empty() {
                return Err(ServiceError::invalid(format!("payments.gateways[{i}]"), "the gateway is empty"));
            }
        }

        // --- protocol and integrations
        match &def.protocol {
            None if p.protocol_required => {
                return Err(ServiceError::inconsistent("protocol", "the practice requires the protocol but no protocol system is given"))
            }
            Some(pr) if pr.handler.trim().is_empty() => return Err(ServiceError::invalid("protocol.handler", "the handler is empty")),
            _ => {}
        }
        let reachable = ServiceGraph::new(p).statuses();
        for (i, it) in def.integrations.iter().enumerate() {
            if !INTEGRATION_TRIGGERS.contains(&it.trigger) {
                return Err(ServiceError::invalid(
                    format!("integrations[{i}].trigger"),
                    format!("{} is not an activation point (1520, 2000, 3000, 4000, 7000, 9000)", it.trigger.code()),
                ));
            }
            if !reachable.contains(&it.trigger) {
                return Err(ServiceError::inconsistent(
                    format!("integrations[{i}].trigger"),
                    format!("the practice of this service never reaches {}", it.trigger.code()),
                ));
            }
            if it.action.trim().is_empty() {
                return Err(ServiceError::invalid(format!("integrations[{i}].action"), "the action is empty"));
            }
        }

        // --- the messages tab: the notify capability's settings, in the service's languages
        def.messages.validate().map_err(|e| {
            let inner = crate::error::details(&e);
            let at = inner
                .get("path")
                .and_then(|p| p.as_str())
                .filter(|p| !p.is_empty())
                .map(|p| format!("messages.{p}"))
                .unwrap_or_else(|| "messages".into());
            ServiceError::Messages { path: at, cause: e.code().into(), message: e.to_string() }
        })?;
        for (i, lang) in def.messages.languages.iter().enumerate() {
            if !tr.languages.contains(lang) {
                return Err(ServiceError::inconsistent(
                    format!("messages.languages[{i}]"),
                    format!("{} is not one of the service's languages (translations.languages)", code(*lang)),
                ));
            }
        }

        // --- the linked calendar
        let calendar = match &def.calendar {
            None => None,
            Some(id) => match calendars.iter().find(|c| &c.id == id) {
                Some(c) => Some(c.clone()),
                None => return Err(ServiceError::UnknownCalendar { path: "calendar".into(), calendar: id.clone() }),
            },
        };
        // --- the practice's charges and the form's amount (issue 17 item 1)
        if !def.practice.charges.is_empty() {
            return Err(ServiceError::inconsistent("practice.charges", "the service's charges are given in payments.charges"));
        }
        let amount_path = match &def.payments.amount_field {
            None => None,
            Some(_) if def.practice.payment == PaymentMode::None => {
                return Err(ServiceError::inconsistent("payments.amountField", "the form's amount is given but the payment is \"none\""))
            }
            Some(key) => match form.info().components.into_iter().find(|c| c.input && &c.key == key) {
                Some(c) => Some(c.path),
                None => return Err(ServiceError::invalid("payments.amountField", format!("the form has no value component {key:?}"))),
            },
        };
        let config = ServiceConfig { charges: def.payments.charges.clone(), ..def.practice.clone() };
        Ok(Service { def, form, policy, plan, calendar, config, amount_path })
    }

    /// Reads the documented JSON strictly (code `json` with the path of an unknown key or a wrong
    /// type) and validates it ([`Service::new`]).
    pub fn from_json(json: &str, calendars: &[Calendar]) -> Result<Service, crate::Error> {
        let def: ServiceDefinition = crate::error::from_json(json)?;
        Ok(Service::new(def, calendars)?)
    }

    /// The documented JSON of the definition.
    pub fn to_json(&self) -> String {
        crate::error::to_json(&self.def)
    }

    /// The definition.
    pub fn definition(&self) -> &ServiceDefinition {
        &self.def
    }

    /// The service id (`card.id`).
    pub fn id(&self) -> &str {
        &self.def.card.id
    }

    /// The compiled form.
    pub fn form(&self) -> &Form {
        &self.form
    }

    /// The access policy of this one service.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The charges due, request and release phase (stamps and fees totalled apart).
    pub fn charges(&self) -> &PaymentPlan {
        &self.plan
    }

    /// The linked calendar, if any.
    pub fn calendar(&self) -> Option<&Calendar> {
        self.calendar.as_ref()
    }

    /// The practice graph this service's configuration gives (statuses and transitions).
    pub fn graph(&self) -> ServiceGraph {
        ServiceGraph::new(&self.def.practice)
    }
}

/// The seed assigns an office from the form only on Select and Radio fields (issue 17 item 2):
/// every rule of the service's assignment names one (`field` + `value`); a JSON Logic `when` or
/// another component is `service.invalid` with the rule's path.
fn office_fields(def: &ServiceDefinition, form: &Form) -> Result<(), ServiceError> {
    let Some(t) = &def.assignment else { return Ok(()) };
    if t.rules.is_empty() {
        return Ok(());
    }
    let components = form.info().components;
    for (i, r) in t.rules.iter().enumerate() {
        let Some(field) = &r.field else {
            let why = "the seed assigns an office only from a Select or Radio field: give `field` and `value`, not `when`";
            return Err(ServiceError::invalid(format!("assignment.rules[{i}].when"), why));
        };
        let kind = components.iter().find(|c| c.path == *field || c.key == *field).map(|c| c.component_type.as_str());
        if !matches!(kind, Some("select" | "radio")) {
            let why = format!("{field:?} is a {} component: the seed assigns an office only from a Select or Radio field", kind.unwrap_or("missing"));
            return Err(ServiceError::invalid(format!("assignment.rules[{i}].field"), why));
        }
    }
    Ok(())
}
