//! Property tests of the stateful `access` values (`Staff`, `Account`, `Envelope`): a call that
//! fails leaves the value exactly as it was (serde JSON compared before and after). The one
//! documented exception is a wrong key / PIN, which counts the attempt (and may lock the
//! account): then only `failedAttempts` (and `state` to `locked`) change. Also: whatever the
//! sequence of staff actions, some active operator still holds `"*"`.
use chrono::{DateTime, FixedOffset, NaiveDate};
use proptest::prelude::*;
use sportello::access::{Account, AccountState, ActivationPolicy, Envelope, Operator, Staff};
use sportello::Coded;

const IDS: [&str; 5] = ["admin", "admin2", "boss", "anna", "ghost"];
const ROLES: [&str; 5] = ["administrator", "manager", "tributi", "anagrafe", "nope"];

#[derive(Debug, Clone)]
enum StaffAction {
    Create(usize, usize, Vec<usize>),
    Grant(usize, usize, usize),
    Revoke(usize, usize, usize),
    EnableService(usize, usize),
    EnableCalendar(usize, usize),
    Delete(usize, usize, u32),
}

fn staff_action() -> impl Strategy<Value = StaffAction> {
    let i = || 0..IDS.len();
    let r = || 0..ROLES.len();
    prop_oneof![
        (i(), i(), prop::collection::vec(r(), 0..3)).prop_map(|(a, t, rs)| StaffAction::Create(a, t, rs)),
        (i(), i(), r()).prop_map(|(a, t, r)| StaffAction::Grant(a, t, r)),
        (i(), i(), r()).prop_map(|(a, t, r)| StaffAction::Revoke(a, t, r)),
        (i(), i()).prop_map(|(a, t)| StaffAction::EnableService(a, t)),
        (i(), i()).prop_map(|(a, t)| StaffAction::EnableCalendar(a, t)),
        (i(), i(), 0u32..2).prop_map(|(a, t, n)| StaffAction::Delete(a, t, n)),
    ]
}

fn op(id: &str, roles: &[&str], active: bool) -> Operator {
    Operator {
        id: id.into(),
        name: id.into(),
        roles: roles.iter().map(|r| r.to_string()).collect(),
        services: vec![],
        calendars: vec![],
        active,
        offices: vec![],
        disabled_services: vec![],
        disabled_calendars: vec![],
    }
}

fn apply(s: &mut Staff, a: &StaffAction) -> Result<(), sportello::access::AccessError> {
    match a {
        StaffAction::Create(actor, id, roles) => {
            let roles: Vec<&str> = roles.iter().map(|r| ROLES[*r]).collect();
            s.create_operator(IDS[*actor], op(IDS[*id], &roles, true))
        }
        StaffAction::Grant(actor, t, r) => s.grant_role(IDS[*actor], IDS[*t], ROLES[*r]),
        StaffAction::Revoke(actor, t, r) => s.revoke_role(IDS[*actor], IDS[*t], ROLES[*r]),
        StaffAction::EnableService(actor, t) => s.enable_service(IDS[*actor], IDS[*t], "tari"),
        StaffAction::EnableCalendar(actor, t) => s.enable_calendar(IDS[*actor], IDS[*t], "cal"),
        StaffAction::Delete(actor, t, n) => s.delete_operator(IDS[*actor], IDS[*t], *n),
    }
}

fn some_active_admin(s: &Staff) -> bool {
    s.operators.iter().any(|o| s.permits(&o.id, "*"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_failed_staff_action_changes_nothing(
        second_admin in any::<bool>(),
        admin2_active in any::<bool>(),
        actions in prop::collection::vec(staff_action(), 1..25),
    ) {
        let mut s = Staff::citel();
        s.operators = vec![op("admin", &["administrator"], true), op("boss", &["manager"], true), op("anna", &["tributi"], true)];
        if second_admin {
            s.operators.push(op("admin2", &["administrator"], admin2_active));
        }
        for a in &actions {
            let before = s.to_json();
            let r = apply(&mut s, a);
            if let Err(e) = &r {
                prop_assert_eq!(&s.to_json(), &before, "{:?} failed with {} but changed the staff", a, e.code());
            }
            prop_assert!(some_active_admin(&s), "nobody holds * after {:?}", a);
            prop_assert!(s.check().is_ok());
        }
    }
}

// --- activation

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at() -> DateTime<FixedOffset> {
    "2025-06-20T10:00:00+02:00".parse().unwrap()
}

#[derive(Debug, Clone)]
enum AccountAction {
    /// Issue a key on day 2025-06-(10 + n) with `bytes` random bytes.
    IssueKey(u32, usize),
    /// Activate with the last issued key (true) or a wrong one.
    Activate(bool),
    /// First login with the right (true) or wrong username and PIN.
    FirstLogin(bool, bool),
    PasswordChanged,
    Unlock,
}

fn account_action() -> impl Strategy<Value = AccountAction> {
    prop_oneof![
        (0u32..6, prop_oneof![Just(0usize), Just(20), Just(200)]).prop_map(|(d, b)| AccountAction::IssueKey(d, b)),
        any::<bool>().prop_map(AccountAction::Activate),
        (any::<bool>(), any::<bool>()).prop_map(|(u, p)| AccountAction::FirstLogin(u, p)),
        Just(AccountAction::PasswordChanged),
        Just(AccountAction::Unlock),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_failed_account_call_changes_nothing_but_the_attempt_count(
        envelope in any::<bool>(),
        max_attempts in 1u32..4,
        seed in any::<u8>(),
        actions in prop::collection::vec(account_action(), 1..20),
    ) {
        let policy = ActivationPolicy { max_attempts, ..ActivationPolicy::default() };
        let random = |n: usize| -> Vec<u8> { (0..n).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect() };
        let (mut acc, pin) = if envelope {
            let mut n = Envelope::generate("B-1", "u1", &policy, &random(policy.pin_random_bytes().unwrap())).unwrap();
            let acc = n.envelope.bind("RSSMRA80A01H501U", day("2025-06-10"), &policy).unwrap();
            // A bound envelope refuses a second binding, unchanged.
            let before = serde_json::to_string(&n.envelope).unwrap();
            prop_assert_eq!(n.envelope.bind("VRDGPP70C15L219C", day("2025-06-11"), &policy).unwrap_err().code(), "access.envelope_bound");
            prop_assert_eq!(serde_json::to_string(&n.envelope).unwrap(), before);
            (acc, n.pin)
        } else {
            (Account::self_register("RSSMRA80A01H501U", day("2025-06-10"), &policy).unwrap(), String::new())
        };
        let mut key: Option<String> = None;
        for a in &actions {
            let before = acc.clone();
            let before_json = serde_json::to_string(&acc).unwrap();
            let r: Result<(), sportello::access::AccessError> = match a {
                AccountAction::IssueKey(d, n) => {
                    let today = day("2025-06-10") + chrono::Duration::days(i64::from(*d));
                    acc.issue_activation_key(today, &policy, &random(*n)).map(|k| key = Some(k))
                }
                AccountAction::Activate(right) => {
                    let k = if *right { key.clone().unwrap_or_default() } else { "WRONG-KEY-0000".into() };
                    acc.activate(&k, at(), &policy)
                }
                AccountAction::FirstLogin(u, p) => {
                    let user = if *u { "u1" } else { "u2" };
                    let pin = if *p { pin.clone() } else { "00000000x".into() };
                    acc.first_login(user, &pin, at(), &policy).map(|_| ())
                }
                AccountAction::PasswordChanged => acc.password_changed(),
                AccountAction::Unlock => acc.unlock(),
            };
            let Err(e) = r else { continue };
            let counted = before.state != AccountState::Locked && matches!(e.code(), "access.wrong_secret" | "access.locked");
            if counted {
                // The attempt is counted, nothing else moves.
                let mut expected = before.clone();
                expected.failed_attempts = before.failed_attempts + 1;
                if e.code() == "access.locked" {
                    expected.state = AccountState::Locked;
                }
                prop_assert_eq!(&acc, &expected, "{:?} -> {}", a, e.code());
            } else {
                prop_assert_eq!(serde_json::to_string(&acc).unwrap(), before_json, "{:?} failed with {} but changed the account", a, e.code());
            }
        }
    }
}
