//! Back-office operators: roles as data (sets of permissions on functional areas), operators
//! enabled per service and per calendar, manager-only actions.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::level::Text;
use super::offices::Office;
use super::AccessError;

/// The permission that makes a role a manager: create and delete operators, grant and revoke
/// roles, enable services and calendars.
pub const MANAGE_OPERATORS: &str = "operators:manage";

/// A role: a named set of permissions `"area:action"`; `"area:*"` grants every action of an area
/// and `"*"` everything. JSON: `{"id": "tributi", "label": {...}, "permissions": ["tributi:*"]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Role {
    /// Role id, referred to by operators' `roles`, e.g. `"tributi"`.
    pub id: String,
    /// Name shown in the back office, in Italian and English.
    pub label: Text,
    /// Permissions granted: `"area:action"`, `"area:*"` or `"*"`.
    pub permissions: Vec<String>,
}

impl Role {
    /// Whether the role grants `permission` (`"area:action"`).
    pub fn grants(&self, permission: &str) -> bool {
        self.permissions.iter().any(|p| permission_covers(p, permission))
    }
}

fn permission_covers(granted: &str, wanted: &str) -> bool {
    if granted == "*" || granted == wanted {
        return true;
    }
    match (granted.strip_suffix(":*"), wanted.split_once(':')) {
        (Some(area), Some((w_area, _))) => area == w_area,
        (Some(area), None) => area == wanted,
        _ => false,
    }
}

/// A back-office operator. `services` and `calendars`: the ids the operator is enabled for
/// (`"*"`: all); `disabledServices` and `disabledCalendars`: the ones it is disabled for without
/// losing the rest (`"*"`: all); `offices`: the offices (uffici) it belongs to. JSON: `{"id":
/// "op1", "name": "Anna Verdi", "roles": ["tributi"], "services": ["tari"], "calendars":
/// ["anagrafe-sportello-1"], "active": true, "offices": ["tributi"], "disabledServices": [],
/// "disabledCalendars": []}` (the last three omitted when empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Operator {
    /// Operator id (the back office's login), unique in the staff.
    pub id: String,
    /// Full name, for display.
    pub name: String,
    /// Ids of the roles the operator holds.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Service ids the operator is enabled for (`"*"`: all).
    #[serde(default)]
    pub services: Vec<String>,
    /// Calendar ids the operator is enabled for (`"*"`: all).
    #[serde(default)]
    pub calendars: Vec<String>,
    /// Whether the operator is enabled (default `true`); a disabled one is refused like an unknown one.
    #[serde(default = "yes")]
    pub active: bool,
    /// Ids of the offices (uffici, the seed's user groups) the operator belongs to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<String>>"))]
    pub offices: Vec<String>,
    /// Service ids the operator is disabled for, whatever `services` says (`"*"`: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<String>>"))]
    pub disabled_services: Vec<String>,
    /// Calendar ids the operator is disabled for, whatever `calendars` says (`"*"`: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<String>>"))]
    pub disabled_calendars: Vec<String>,
}

fn yes() -> bool {
    true
}

/// Whether `id` is in `ids` or `ids` holds `"*"`.
pub(super) fn listed(ids: &[String], id: &str) -> bool {
    ids.iter().any(|s| s == "*" || s == id)
}

/// Roles, operators and offices of a portal. JSON: `{"roles": [...], "operators": [...],
/// "offices": [...]}` (`offices` omitted when empty). Mutations take
/// the acting operator and are refused unless it holds [`MANAGE_OPERATORS`]; only an operator
/// holding `"*"` can grant a role holding `"*"` (no escalation to administrator).
///
/// Administrators (operators holding `"*"`) are protected: only an administrator changes
/// (grants, revokes, enables) or deletes one (`access.admin_only`), and the last active
/// administrator can be neither deleted nor demoted (`access.last_admin`). A refused mutation
/// leaves the staff unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Staff {
    /// The roles operators can hold.
    pub roles: Vec<Role>,
    /// The back-office operators.
    #[serde(default)]
    pub operators: Vec<Operator>,
    /// The offices (uffici) operators belong to and practices are assigned to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<Office>>"))]
    pub offices: Vec<Office>,
}

/// The functional areas of the built-in roles (the seed's CiTel back-office profiles).
pub const AREAS: [(&str, &str, &str); 9] = [
    ("instradamento", "Instradamento delle pratiche", "Routing of applications"),
    ("riconoscimento", "Riconoscimento allo sportello", "Identification at the counter"),
    ("sms", "Avvisi SMS", "SMS alerts"),
    ("istruzione", "Servizi scolastici", "School services"),
    ("tributi", "Tributi", "Local taxes"),
    ("buste", "Buste con credenziali", "Credential envelopes"),
    ("edilizia", "Edilizia", "Building permits"),
    ("ztl", "Permessi ZTL", "Limited-traffic-zone permits"),
    ("anagrafe", "Anagrafe", "Registry office"),
];

impl Staff {
    /// The built-in roles: one per functional area of [`AREAS`] (`"<area>:*"`), plus `manager`
    /// (manage operators, see every area) and `administrator` (`"*"`). No operators.
    pub fn citel() -> Staff {
        let mut roles: Vec<Role> = AREAS
            .iter()
            .map(|(id, it, en)| Role {
                id: (*id).to_string(),
                label: Text::new(format!("Operatore {it}"), format!("{en} operator")),
                permissions: vec![format!("{id}:*")],
            })
            .collect();
        let mut manager_perms = vec![MANAGE_OPERATORS.to_string()];
        manager_perms.extend(AREAS.iter().map(|(id, _, _)| format!("{id}:view")));
        roles.push(Role { id: "manager".into(), label: Text::new("Responsabile", "Manager"), permissions: manager_perms });
        roles.push(Role { id: "administrator".into(), label: Text::new("Amministratore", "Administrator"), permissions: vec!["*".into()] });
        Staff { roles, operators: Vec::new(), offices: Vec::new() }
    }

    /// Parses the documented JSON and checks it (`access.duplicate`, `access.unknown_reference`).
    pub fn from_json(s: &str) -> Result<Staff, crate::Error> {
        let staff: Staff = crate::error::from_json(s)?;
        staff.check()?;
        Ok(staff)
    }

    /// The documented JSON.
    pub fn to_json(&self) -> String {
        crate::error::to_json(self)
    }

    /// Ids unique, every operator's role and office declared.
    pub fn check(&self) -> Result<(), AccessError> {
        self.check_offices()?;
        let mut seen = HashSet::new();
        for r in &self.roles {
            if !seen.insert(r.id.as_str()) {
                return Err(AccessError::Duplicate { kind: "role".into(), id: r.id.clone() });
            }
        }
        let mut ops = HashSet::new();
        for o in &self.operators {
            if !ops.insert(o.id.as_str()) {
                return Err(AccessError::Duplicate { kind: "operator".into(), id: o.id.clone() });
            }
            if let Some(r) = o.roles.iter().find(|r| !seen.contains(r.as_str())) {
                return Err(AccessError::UnknownReference { kind: "role".into(), id: r.clone() });
            }
            if let Some(f) = o.offices.iter().find(|f| self.office(f).is_none()) {
                return Err(AccessError::UnknownReference { kind: "office".into(), id: f.clone() });
            }
        }
        Ok(())
    }

    /// The operator, if present.
    pub fn operator(&self, id: &str) -> Option<&Operator> {
        self.operators.iter().find(|o| o.id == id)
    }

    pub(super) fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// Whether the (active) operator holds `permission` through one of its roles.
    pub fn permits(&self, operator: &str, permission: &str) -> bool {
        self.operator(operator)
            .filter(|o| o.active)
            .is_some_and(|o| o.roles.iter().filter_map(|r| self.role(r)).any(|r| r.grants(permission)))
    }

    /// `Ok` if the operator holds `permission`, else `access.forbidden` / `access.unknown_operator`.
    pub fn authorize(&self, operator: &str, permission: &str) -> Result<(), AccessError> {
        match self.operator(operator) {
            Some(o) if o.active => {
                if self.permits(operator, permission) {
                    Ok(())
                } else {
                    Err(AccessError::Forbidden { operator: operator.into(), permission: permission.into() })
                }
            }
            _ => Err(AccessError::UnknownOperator { operator: operator.into() }),
        }
    }

    /// Whether the operator is active, enabled for the service and not disabled for it.
    pub fn enabled_for_service(&self, operator: &str, service: &str) -> bool {
        self.operator(operator)
            .is_some_and(|o| o.active && listed(&o.services, service) && !listed(&o.disabled_services, service))
    }

    /// Whether the operator is active, enabled for the calendar and not disabled for it.
    pub fn enabled_for_calendar(&self, operator: &str, calendar: &str) -> bool {
        self.operator(operator)
            .is_some_and(|o| o.active && listed(&o.calendars, calendar) && !listed(&o.disabled_calendars, calendar))
    }

    /// Whether the operator may work `permission` on `service`: permission held and service enabled.
    pub fn can_handle(&self, operator: &str, service: &str, permission: &str) -> bool {
        self.permits(operator, permission) && self.enabled_for_service(operator, service)
    }

    fn all_permissions(&self, operator: &str) -> Vec<&str> {
        self.operator(operator)
            .map(|o| o.roles.iter().filter_map(|r| self.role(r)).flat_map(|r| r.permissions.iter().map(String::as_str)).collect())
            .unwrap_or_default()
    }

    /// Whether `actor` may grant `role`: a manager grants any area role and the manager role;
    /// a role with the all-permissions wildcard `"*"` only by an operator who holds `"*"`.
    fn can_grant(&self, actor: &str, role: &Role) -> bool {
        let held = self.all_permissions(actor);
        role.permissions.iter().all(|p| p != "*" || held.contains(&"*"))
    }

    /// Whether the operator holds `"*"` through one of its roles (active or not).
    fn holds_all(&self, operator: &Operator) -> bool {
        operator.roles.iter().filter_map(|r| self.role(r)).any(|r| r.permissions.iter().any(|p| p == "*"))
    }

    /// Whether the operator is an administrator: active and holding `"*"`.
    fn is_administrator(&self, operator: &str) -> bool {
        self.operator(operator).is_some_and(|o| o.active && self.holds_all(o))
    }

    /// The target must exist; if it holds `"*"`, the actor must hold `"*"` too
    /// (`access.admin_only`).
    pub(super) fn guard_target(&self, actor: &str, target: &str) -> Result<(), AccessError> {
        let t = self.operator(target).ok_or_else(|| AccessError::UnknownOperator { operator: target.into() })?;
        if self.holds_all(t) && !self.is_administrator(actor) {
            return Err(AccessError::AdminOnly { operator: actor.into(), target: target.into() });
        }
        Ok(())
    }

    /// Refuses (`access.last_admin`) when the target is an active administrator and no other
    /// active administrator would remain once `would_still_hold` is false for it.
    pub(super) fn guard_last_admin(&self, target: &str, would_still_hold: bool) -> Result<(), AccessError> {
        if would_still_hold || !self.is_administrator(target) {
            return Ok(());
        }
        if self.operators.iter().any(|o| o.id != target && o.active && self.holds_all(o)) {
            return Ok(());
        }
        Err(AccessError::LastAdmin { operator: target.into() })
    }

    pub(super) fn target_mut(&mut self, target: &str) -> Result<&mut Operator, AccessError> {
        self.operators
            .iter_mut()
            .find(|o| o.id == target)
            .ok_or_else(|| AccessError::UnknownOperator { operator: target.into() })
    }

    /// Manager-only: adds an operator (its roles must exist and be grantable by `actor`).
    pub fn create_operator(&mut self, actor: &str, operator: Operator) -> Result<(), AccessError> {
        self.authorize(actor, MANAGE_OPERATORS)?;
        if self.operator(&operator.id).is_some() {
            return Err(AccessError::Duplicate { kind: "operator".into(), id: operator.id });
        }
        for r in &operator.roles {
            let role = self.role(r).ok_or_else(|| AccessError::UnknownReference { kind: "role".into(), id: r.clone() })?;
            if !self.can_grant(actor, role) {
                return Err(AccessError::Forbidden { operator: actor.into(), permission: format!("grant:{r}") });
            }
        }
        self.operators.push(operator);
        Ok(())
    }

    /// Manager-only: grants a role (no escalation beyond the actor's own permissions; an
    /// administrator's roles only by an administrator).
    pub fn grant_role(&mut self, actor: &str, target: &str, role: &str) -> Result<(), AccessError> {
        self.authorize(actor, MANAGE_OPERATORS)?;
        let r = self.role(role).ok_or_else(|| AccessError::UnknownReference { kind: "role".into(), id: role.into() })?;
        if !self.can_grant(actor, r) {
            return Err(AccessError::Forbidden { operator: actor.into(), permission: format!("grant:{role}") });
        }
        self.guard_target(actor, target)?;
        let t = self.target_mut(target)?;
        if !t.roles.iter().any(|x| x == role) {
            t.roles.push(role.to_string());
        }
        Ok(())
    }

    /// Manager-only: revokes a role. An administrator's roles only by an administrator
    /// (`access.admin_only`); never the last `"*"` of the last administrator (`access.last_admin`).
    pub fn revoke_role(&mut self, actor: &str, target: &str, role: &str) -> Result<(), AccessError> {
        self.authorize(actor, MANAGE_OPERATORS)?;
        self.guard_target(actor, target)?;
        let still_holds = self
            .operator(target)
            .is_some_and(|o| o.roles.iter().filter(|r| *r != role).filter_map(|r| self.role(r)).any(|r| r.permissions.iter().any(|p| p == "*")));
        self.guard_last_admin(target, still_holds)?;
        self.target_mut(target)?.roles.retain(|r| r != role);
        Ok(())
    }

    /// Manager-only: enables the operator for a service (`"*"`: all), lifting a
    /// [`Staff::disable_service`] of it; an administrator only by an administrator.
    pub fn enable_service(&mut self, actor: &str, target: &str, service: &str) -> Result<(), AccessError> {
        self.authorize(actor, MANAGE_OPERATORS)?;
        self.guard_target(actor, target)?;
        let t = self.target_mut(target)?;
        if !t.services.iter().any(|s| s == service) {
            t.services.push(service.to_string());
        }
        t.disabled_services.retain(|s| s != service);
        Ok(())
    }

    /// Manager-only: enables the operator for a calendar (`"*"`: all), lifting a
    /// [`Staff::disable_calendar`] of it; an administrator only by an administrator.
    pub fn enable_calendar(&mut self, actor: &str, target: &str, calendar: &str) -> Result<(), AccessError> {
        self.authorize(actor, MANAGE_OPERATORS)?;
        self.guard_target(actor, target)?;
        let t = self.target_mut(target)?;
        if !t.calendars.iter().any(|s| s == calendar) {
            t.calendars.push(calendar.to_string());
        }
        t.disabled_calendars.retain(|s| s != calendar);
        Ok(())
    }

    /// Manager-only: deletes an operator. `practices_in_charge` is the number of practices the
    /// host's records show in the target's charge: an operator with practices in charge cannot
    /// be deleted (`access.operator_has_practices`); reassign them first. An administrator is
    /// deleted only by an administrator (`access.admin_only`), and never the last one
    /// (`access.last_admin`).
    pub fn delete_operator(&mut self, actor: &str, target: &str, practices_in_charge: u32) -> Result<(), AccessError> {
        self.authorize(actor, MANAGE_OPERATORS)?;
        self.guard_target(actor, target)?;
        self.guard_last_admin(target, false)?;
        if practices_in_charge > 0 {
            return Err(AccessError::OperatorHasPractices { operator: target.into(), count: practices_in_charge });
        }
        self.operators.retain(|o| o.id != target);
        Ok(())
    }
}
