//! Offices (issue 17 item 2): the office a practice is assigned to, and the events applied with
//! the back-office staff consulted ([`Practice::apply_staffed`]): only operators enabled for the
//! service work its practices, and only the practice's office's operators take it in charge and
//! decide it (shared/domain/practice.md §3, §4.2).

use chrono::{DateTime, FixedOffset};

use super::actor::{Actor, ActorKind};
use super::error::PracticeError;
use super::event::{Event, EventArg, EventKind};
use super::lifecycle::Practice;
use super::rules::{self, Guard};
use super::status::Status;
use crate::access::Staff;

/// The longest office id an event may carry, in characters.
pub const MAX_OFFICE_ID: usize = 200;

fn refused(office: &str, message: impl Into<String>) -> PracticeError {
    PracticeError::Office { office: office.chars().take(64).collect(), message: message.into() }
}

/// The office `event` assigns the practice to, if any, checked: non-blank, at most
/// [`MAX_OFFICE_ID`] characters, no control character (`practice.office`).
pub(crate) fn assigned(event: &Event) -> Result<Option<String>, PracticeError> {
    let office = match event {
        Event::AssignOffice { office } => office.as_str(),
        Event::Assign { office: Some(office), .. } => office.as_str(),
        _ => return Ok(None),
    };
    let id = office.trim();
    if id.is_empty() {
        return Err(refused(office, "the office is required"));
    }
    if id.chars().count() > MAX_OFFICE_ID {
        return Err(refused(office, format!("more than {MAX_OFFICE_ID} characters")));
    }
    if id.chars().any(char::is_control) {
        return Err(refused(office, "holds a control character"));
    }
    Ok(Some(id.to_string()))
}

impl Practice {
    /// [`Practice::apply`] with the back office's [`Staff`] consulted, for a practice of the
    /// service `service` (practice.md §3: "Operator enabled for the service"; §4.2). On top of
    /// the transition's guards:
    /// - an operator firing any event must exist (`access.unknown_operator`), be active
    ///   (`access.operator_disabled`) and be enabled for the service and not disabled for it
    ///   (`access.not_enabled`); so must the operator a take-in-charge names;
    /// - an office an event names must be one of the staff's offices (`practice.office`);
    /// - when the staff has offices, the operator taking the practice in charge (`assign`,
    ///   `reopen`) and the operator firing an event reserved to the assigned operator (integration
    ///   requests, outcome) must belong to the practice's office (`practice.office`); an `assign`
    ///   naming another office than the practice's is refused (move it with `assignOffice`
    ///   first), and one naming none takes the practice's office or, if it has none, the
    ///   operator's office chosen as the seed does ([`Staff::office_for`]), which the recorded
    ///   event then names;
    /// - an operator moving a practice to another office by hand must belong to its current one.
    ///
    /// Citizens, the system, the gateway and the protocol are not staff: their events apply as
    /// with [`Practice::apply`]. The recorded event replays without the staff. On error nothing
    /// changes.
    pub fn apply_staffed(
        &mut self,
        event: Event,
        actor: Actor,
        at: DateTime<FixedOffset>,
        staff: &Staff,
        service: &str,
        message: Option<String>,
    ) -> Result<Status, crate::Error> {
        let event = self.staffed(event, &actor, staff, service)?;
        Ok(self.apply(event, actor, at, message)?)
    }

    /// Checks `event` exactly as [`Practice::apply_staffed`] would at `at`, without applying it
    /// (`at` as in [`Practice::check`]).
    pub fn check_staffed(
        &self,
        event: &Event,
        actor: &Actor,
        staff: &Staff,
        service: &str,
        message: Option<&str>,
        at: Option<DateTime<FixedOffset>>,
    ) -> Result<(), crate::Error> {
        let event = self.staffed(event.clone(), actor, staff, service)?;
        Ok(self.check(&event, actor, message, at)?)
    }

    /// The events `actor` may fire at `at` with the staff consulted: [`Practice::allowed_events`] less
    /// those [`Practice::apply_staffed`] would refuse for the staff's reasons (an operator
    /// unknown, deactivated or not enabled for the service; not of the practice's office where
    /// one decides). Judged on the bare event, as `allowed_events` is: an `assign` takes the
    /// operator itself, an `assignOffice` one of the staff's offices (none: not offered).
    pub fn allowed_events_staffed(&self, actor: &Actor, staff: &Staff, service: &str, at: Option<DateTime<FixedOffset>>) -> Vec<EventKind> {
        self.allowed_events(actor, at).into_iter().filter(|&k| self.staff_refusal(k, actor, staff, service).is_none()).collect()
    }

    /// [`Practice::why_not_arg`] with the staff consulted: `None` if `actor` may fire `event` at `at`
    /// under [`Practice::apply_staffed`]. A bare name without `message` is judged as
    /// [`Practice::allowed_events_staffed`] judges it (the staff's refusal first, then the
    /// guards); an event object, or a name with a message, exactly as
    /// [`Practice::check_staffed`]. `Err` (`practice.invalid`) only for a name that is no event.
    /// `at` as in [`Practice::allowed_events`].
    pub fn why_not_staffed(
        &self,
        event: EventArg,
        actor: &Actor,
        staff: &Staff,
        service: &str,
        message: Option<&str>,
        at: Option<DateTime<FixedOffset>>,
    ) -> Result<Option<crate::Error>, PracticeError> {
        match (event, message) {
            (EventArg::Name(name), None) => {
                let kind = EventKind::from_name(&name).ok_or_else(|| PracticeError::Invalid { message: format!("unknown event {name:?}") })?;
                Ok(self.staff_refusal(kind, actor, staff, service).or_else(|| self.why_not(kind, actor, at).map(Into::into)))
            }
            (event, message) => Ok(self.check_staffed(&event.event()?, actor, staff, service, message, at).err()),
        }
    }

    /// The staff's refusal of the bare event of kind `kind`, if any.
    fn staff_refusal(&self, kind: EventKind, actor: &Actor, staff: &Staff, service: &str) -> Option<crate::Error> {
        let event = match kind {
            // The office a bare move names: the practice's own, else the staff's first.
            EventKind::AssignOffice => Event::AssignOffice {
                office: self.office().map(str::to_owned).or_else(|| staff.offices.first().map(|o| o.id.clone())).unwrap_or_default(),
            },
            kind => Event::of_kind(kind)?,
        };
        self.staffed(event, actor, staff, service).err()
    }

    /// The event with the office a take-in-charge gets, after the staff's checks.
    fn staffed(&self, event: Event, actor: &Actor, staff: &Staff, service: &str) -> Result<Event, crate::Error> {
        if let Some(office) = assigned(&event)? {
            if staff.office(&office).is_none() {
                return Err(refused(&office, "not an office of the staff").into());
            }
        }
        if actor.kind != ActorKind::Operator {
            return Ok(event);
        }
        let me = actor.id.as_deref().unwrap_or_default();
        staff.check_service(me, service)?;
        let offices = !staff.offices.is_empty();
        let current = self.office();
        let belong = |operator: &str, office: &str| -> Result<(), PracticeError> {
            match staff.in_office(operator, office) {
                true => Ok(()),
                false => Err(refused(office, format!("operator {operator:?} does not belong to the office"))),
            }
        };
        match event {
            Event::Assign { operator, office } => {
                let target = operator.clone().unwrap_or_else(|| me.to_string());
                if target != me {
                    staff.check_service(&target, service)?;
                }
                if !offices {
                    return Ok(Event::Assign { operator, office });
                }
                let office = match (office, current) {
                    (Some(given), Some(cur)) if given.trim() != cur => {
                        return Err(refused(&given, format!("the practice is assigned to the office {cur:?}: move it with assignOffice first")).into())
                    }
                    (Some(given), _) => Some(given),
                    (None, Some(_)) => None,
                    (None, None) => staff.office_for(&target, service).map(str::to_owned),
                };
                match office.as_deref().or(current) {
                    Some(f) => belong(&target, f.trim())?,
                    None => return Err(refused("", format!("operator {target:?} belongs to no office")).into()),
                }
                Ok(Event::Assign { operator, office })
            }
            Event::AssignOffice { .. } | Event::Reopen if offices => {
                if let Some(cur) = current {
                    belong(me, cur)?;
                }
                Ok(event)
            }
            event => {
                let reserved = rules::row_for(event.kind(), self.status()).is_some_and(|r| r.guards.contains(&Guard::AssignedOperator));
                if let (true, true, Some(cur)) = (offices, reserved, current) {
                    belong(me, cur)?;
                }
                Ok(event)
            }
        }
    }
}
