//! Back-office staff: manager-only actions and the protection of administrators (holders of
//! `"*"`): only an administrator changes or deletes one, and the last one stays.
use sportello::access::{AccessError, Operator, Staff};
use sportello::Coded;

fn op(id: &str, roles: &[&str]) -> Operator {
    Operator {
        id: id.into(),
        name: id.to_uppercase(),
        roles: roles.iter().map(|r| r.to_string()).collect(),
        services: vec![],
        calendars: vec![],
        active: true,
        offices: vec![],
        disabled_services: vec![],
        disabled_calendars: vec![],
    }
}

/// `admin` (administrator), `boss` (manager), `anna` (tributi).
fn staff() -> Staff {
    let mut s = Staff::citel();
    s.operators = vec![op("admin", &["administrator"]), op("boss", &["manager"]), op("anna", &["tributi"])];
    s.check().unwrap();
    s
}

fn code(r: Result<(), AccessError>) -> &'static str {
    r.err().map(|e| e.code()).unwrap_or("ok")
}

#[test]
fn a_manager_cannot_demote_or_delete_an_administrator() {
    let mut s = staff();
    let before = s.to_json();
    assert_eq!(code(s.revoke_role("boss", "admin", "administrator")), "access.admin_only");
    assert_eq!(code(s.delete_operator("boss", "admin", 0)), "access.admin_only");
    assert_eq!(code(s.grant_role("boss", "admin", "tributi")), "access.admin_only");
    assert_eq!(code(s.enable_service("boss", "admin", "tari")), "access.admin_only");
    assert_eq!(code(s.enable_calendar("boss", "admin", "c1")), "access.admin_only");
    assert_eq!(s.to_json(), before, "a refused action changes nothing");
    assert!(s.permits("admin", "*"));
    // The error names the actor and the target.
    let e = s.delete_operator("boss", "admin", 0).unwrap_err();
    assert_eq!(e, AccessError::AdminOnly { operator: "boss".into(), target: "admin".into() });
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(v["code"], "access.admin_only");
}

#[test]
fn a_manager_still_manages_plain_operators() {
    let mut s = staff();
    s.grant_role("boss", "anna", "anagrafe").unwrap();
    s.revoke_role("boss", "anna", "tributi").unwrap();
    s.enable_service("boss", "anna", "tari").unwrap();
    s.delete_operator("boss", "anna", 0).unwrap();
    assert!(s.operator("anna").is_none());
    // Managers manage managers (no `*` involved).
    s.create_operator("boss", op("boss2", &["manager"])).unwrap();
    s.delete_operator("boss", "boss2", 0).unwrap();
}

#[test]
fn the_last_administrator_is_never_removed_or_demoted() {
    let mut s = staff();
    let before = s.to_json();
    assert_eq!(code(s.revoke_role("admin", "admin", "administrator")), "access.last_admin");
    assert_eq!(code(s.delete_operator("admin", "admin", 0)), "access.last_admin");
    assert_eq!(s.to_json(), before);
    // Revoking another role of the last administrator is fine: `*` stays.
    s.grant_role("admin", "admin", "tributi").unwrap();
    s.revoke_role("admin", "admin", "tributi").unwrap();
    // With a second administrator, one may go.
    s.create_operator("admin", op("admin2", &["administrator"])).unwrap();
    s.revoke_role("admin2", "admin", "administrator").unwrap();
    assert!(!s.permits("admin", "*"));
    assert_eq!(code(s.delete_operator("admin2", "admin2", 0)), "access.last_admin");
    // A second role holding `*` keeps the operator an administrator.
    s.roles
        .push(sportello::access::Role { id: "root".into(), label: sportello::access::Text::new("Root", "Root"), permissions: vec!["*".into()] });
    s.grant_role("admin2", "admin2", "root").unwrap();
    s.revoke_role("admin2", "admin2", "administrator").unwrap();
    assert!(s.permits("admin2", "*"));
    assert_eq!(code(s.revoke_role("admin2", "admin2", "root")), "access.last_admin");
}

#[test]
fn an_inactive_administrator_does_not_count() {
    let mut s = staff();
    let mut sleeping = op("old", &["administrator"]);
    sleeping.active = false;
    s.operators.push(sleeping);
    assert_eq!(code(s.delete_operator("admin", "admin", 0)), "access.last_admin");
    // ... and only an administrator removes it.
    assert_eq!(code(s.delete_operator("boss", "old", 0)), "access.admin_only");
    s.delete_operator("admin", "old", 0).unwrap();
}

/// CiTel profiles are data: roles whose ids are the profile codes (`R-CAF1`, `R27.1`, ...). The
/// seed's list of profiles and their rights was not found (docs/access.md §5), so the permissions
/// here are examples; what is checked is the mechanism: the manager and administrator rules apply
/// to profile-coded roles unchanged.
#[test]
fn profile_coded_roles_follow_the_manager_and_administrator_rules() {
    let json = r#"{"roles": [
        {"id": "R-CAF1", "label": {"it": "R-CAF1", "en": "R-CAF1"}, "permissions": ["caf:view"]},
        {"id": "R27.1", "label": {"it": "R27.1", "en": "R27.1"}, "permissions": ["anagrafe:*"]},
        {"id": "R-Ente", "label": {"it": "R-Ente", "en": "R-Ente"}, "permissions": ["operators:manage", "anagrafe:view"]},
        {"id": "PAAS", "label": {"it": "PAAS", "en": "PAAS"}, "permissions": ["*"]}],
      "operators": [{"id": "root", "name": "Root", "roles": ["PAAS"]}, {"id": "ente", "name": "Ente", "roles": ["R-Ente"]}]}"#;
    let mut s = Staff::from_json(json).unwrap();
    assert_eq!(code(s.create_operator("ente", op("caf", &["R-CAF1"]))), "ok");
    assert!(s.permits("caf", "caf:view") && !s.permits("caf", "anagrafe:view"));
    assert_eq!(code(s.grant_role("ente", "caf", "R27.1")), "ok");
    assert!(s.permits("caf", "anagrafe:edit"));
    // A manager cannot make an administrator, nor touch one; the last administrator stays.
    assert_eq!(code(s.grant_role("ente", "caf", "PAAS")), "access.forbidden");
    assert_eq!(code(s.revoke_role("ente", "root", "PAAS")), "access.admin_only");
    assert_eq!(code(s.delete_operator("root", "root", 0)), "access.last_admin");
    assert_eq!(code(s.create_operator("caf", op("x", &["R-CAF1"]))), "access.forbidden");
}
