//! Offices (uffici, the seed's user groups): operators belong to them and practices are assigned
//! to them; an operator deactivated, or disabled for one service or calendar, without being
//! deleted (issue 17 item 2; shared/domain/practice.md §3, §4.2).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::operators::{listed, Operator, Staff, MANAGE_OPERATORS};
use super::AccessError;

/// An office (ufficio; OpenCity's "user group"): a unit of the ente whose operators take its
/// practices in charge. `services`: the services it handles (`"*"`: all), read by the choice of an
/// operator's office when a take-in-charge names none. JSON: `{"id": "tributi", "name": "Ufficio
/// tributi", "services": ["tari"]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/", rename = "StaffOffice"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Office {
    /// Office id, unique in the staff, e.g. `"tributi"` (the id a service's office assignment names).
    pub id: String,
    /// Name shown in the back office; the order of an operator's offices when one is chosen.
    pub name: String,
    /// Service ids the office handles (`"*"`: all).
    #[serde(default)]
    pub services: Vec<String>,
}

impl Staff {
    /// Office ids non-empty and unique (`access.invalid`, `access.duplicate`).
    pub(super) fn check_offices(&self) -> Result<(), AccessError> {
        let mut seen = HashSet::new();
        for o in &self.offices {
            if o.id.trim().is_empty() {
                return Err(AccessError::invalid("an office id is empty"));
            }
            if !seen.insert(o.id.as_str()) {
                return Err(AccessError::Duplicate { kind: "office".into(), id: o.id.clone() });
            }
        }
        Ok(())
    }

    /// The office, if declared.
    pub fn office(&self, id: &str) -> Option<&Office> {
        self.offices.iter().find(|o| o.id == id)
    }

    /// Whether the operator (active or not) belongs to the office.
    pub fn in_office(&self, operator: &str, office: &str) -> bool {
        self.operator(operator).is_some_and(|o| o.offices.iter().any(|f| f == office))
    }

    /// The office an operator takes a practice of `service` in charge for when none is given
    /// (practice.md §4.2): the operator's offices sorted by name, the first that handles the
    /// service, else the first. `None` when the operator belongs to no office.
    pub fn office_for(&self, operator: &str, service: &str) -> Option<&str> {
        let o = self.operator(operator)?;
        let mut mine: Vec<&Office> = o.offices.iter().filter_map(|id| self.office(id)).collect();
        mine.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        mine.iter().find(|f| listed(&f.services, service)).or(mine.first()).map(|f| f.id.as_str())
    }

    /// `Ok` if the operator may work practices of `service`: it exists
    /// (`access.unknown_operator`), is active (`access.operator_disabled`), and is enabled for the
    /// service and not disabled for it (`access.not_enabled`).
    pub fn check_service(&self, operator: &str, service: &str) -> Result<(), AccessError> {
        self.check_enabled(operator, "service", service, self.enabled_for_service(operator, service))
    }

    /// `Ok` if the operator may work `calendar`: as [`Staff::check_service`] for a calendar.
    pub fn check_calendar(&self, operator: &str, calendar: &str) -> Result<(), AccessError> {
        self.check_enabled(operator, "calendar", calendar, self.enabled_for_calendar(operator, calendar))
    }

    fn check_enabled(&self, operator: &str, kind: &str, id: &str, enabled: bool) -> Result<(), AccessError> {
        match self.operator(operator) {
            None => Err(AccessError::UnknownOperator { operator: operator.into() }),
            Some(o) if !o.active => Err(AccessError::OperatorDisabled { operator: operator.into() }),
            Some(_) if !enabled => Err(AccessError::NotEnabled { operator: operator.into(), kind: kind.into(), id: id.into() }),
            Some(_) => Ok(()),
        }
    }

    /// A manager-only change of `target` (an administrator only by an administrator).
    fn change(&mut self, actor: &str, target: &str, edit: impl FnOnce(&mut Operator)) -> Result<(), AccessError> {
        self.authorize(actor, MANAGE_OPERATORS)?;
        self.guard_target(actor, target)?;
        edit(self.target_mut(target)?);
        Ok(())
    }

    /// Manager-only: activates or deactivates an operator without deleting it (its roles,
    /// services, calendars and offices are kept). An administrator only by an administrator
    /// (`access.admin_only`); never the last active administrator (`access.last_admin`).
    pub fn set_active(&mut self, actor: &str, target: &str, active: bool) -> Result<(), AccessError> {
        self.authorize(actor, MANAGE_OPERATORS)?;
        self.guard_target(actor, target)?;
        self.guard_last_admin(target, active)?;
        self.change(actor, target, |t| t.active = active)
    }

    /// Manager-only: disables the operator for one service (`"*"`: all) while keeping its other
    /// services; [`Staff::enable_service`] lifts it. An administrator only by an administrator.
    pub fn disable_service(&mut self, actor: &str, target: &str, service: &str) -> Result<(), AccessError> {
        self.change(actor, target, |t| add(&mut t.disabled_services, service))
    }

    /// Manager-only: disables the operator for one calendar (`"*"`: all) while keeping its other
    /// calendars; [`Staff::enable_calendar`] lifts it. An administrator only by an administrator.
    pub fn disable_calendar(&mut self, actor: &str, target: &str, calendar: &str) -> Result<(), AccessError> {
        self.change(actor, target, |t| add(&mut t.disabled_calendars, calendar))
    }

    /// Manager-only: adds the operator to a declared office (`access.unknown_reference`
    /// otherwise). An administrator only by an administrator.
    pub fn add_to_office(&mut self, actor: &str, target: &str, office: &str) -> Result<(), AccessError> {
        self.authorize(actor, MANAGE_OPERATORS)?;
        if self.office(office).is_none() {
            return Err(AccessError::UnknownReference { kind: "office".into(), id: office.into() });
        }
        self.change(actor, target, |t| add(&mut t.offices, office))
    }

    /// Manager-only: removes the operator from an office. An administrator only by an
    /// administrator.
    pub fn remove_from_office(&mut self, actor: &str, target: &str, office: &str) -> Result<(), AccessError> {
        self.change(actor, target, |t| t.offices.retain(|f| f != office))
    }
}

/// Adds `id` to `ids` unless it is there.
fn add(ids: &mut Vec<String>, id: &str) {
    if !ids.iter().any(|s| s == id) {
        ids.push(id.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff() -> Staff {
        Staff::from_json(
            r#"{"roles": [{"id": "admin", "label": {"it": "A", "en": "A"}, "permissions": ["*"]},
                          {"id": "op", "label": {"it": "O", "en": "O"}, "permissions": ["tributi:*"]}],
                "operators": [{"id": "root", "name": "Root", "roles": ["admin"], "services": ["*"]},
                              {"id": "anna", "name": "Anna", "roles": ["op"], "services": ["tari", "imu"], "offices": ["urp", "tributi"]}],
                "offices": [{"id": "tributi", "name": "Ufficio tributi", "services": ["tari"]},
                            {"id": "urp", "name": "URP", "services": []}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn office_choice_and_disabling() {
        let mut s = staff();
        // Sorted by name ("URP" < "Ufficio tributi"): the first handling the service, else the first.
        assert_eq!(s.office_for("anna", "tari"), Some("tributi"));
        assert_eq!(s.office_for("anna", "imu"), Some("urp"));
        assert_eq!(s.office_for("root", "tari"), None);
        assert!(s.check_service("anna", "tari").is_ok());
        s.disable_service("root", "anna", "tari").unwrap();
        assert!(!s.enabled_for_service("anna", "tari"));
        assert!(s.enabled_for_service("anna", "imu"));
        assert_eq!(crate::Coded::code(&s.check_service("anna", "tari").unwrap_err()), "access.not_enabled");
        s.enable_service("root", "anna", "tari").unwrap();
        assert!(s.enabled_for_service("anna", "tari"));
        s.set_active("root", "anna", false).unwrap();
        assert_eq!(crate::Coded::code(&s.check_service("anna", "imu").unwrap_err()), "access.operator_disabled");
        assert!(s.operator("anna").is_some());
        assert_eq!(crate::Coded::code(&s.set_active("root", "root", false).unwrap_err()), "access.last_admin");
        assert_eq!(crate::Coded::code(&s.add_to_office("root", "anna", "nope").unwrap_err()), "access.unknown_reference");
        let bad = r#"{"roles": [], "offices": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}"#;
        assert_eq!(Staff::from_json(bad).unwrap_err().code(), "access.duplicate");
        let bad = r#"{"roles": [], "operators": [{"id": "x", "name": "X", "offices": ["b"]}]}"#;
        assert_eq!(Staff::from_json(bad).unwrap_err().code(), "access.unknown_reference");
    }
}
