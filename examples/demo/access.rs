//! Demo section for `access`: levels, the decision window, identities, delegations, operators
//! and activation, on built-in data.
use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use sportello::access::{
    Account, Acting, ActivationPolicy, AttributeOptions, Credential, Delegation, Envelope, Identity, Operator, Policy, Profile, Registration, Staff,
};

const POLICY: &str = r#"{"services": [
  {"id": "alboPretorio", "name": {"it": "Albo Pretorio", "en": "Official notice board"}, "public": true},
  {"id": "avvisiSms", "name": {"it": "Avvisi SMS", "en": "SMS alerts"}, "level": "weak"},
  {"id": "autocertificazione", "name": {"it": "Autocertificazione di residenza", "en": "Self-certification of residence"}, "level": "medium"},
  {"id": "istanza", "name": {"it": "Presentazione di un'istanza", "en": "Submitting an application"},
   "anyOf": [{"level": "strong"}, {"capabilities": ["sign"]}], "delegable": true, "intermediaries": ["caf"]}
]}"#;

const CNS_PEM: &str = include_str!("../../tests/cases/access/cns.pem");

pub fn run() {
    println!("== access: credential levels, identities, delegations, operators, activation ==");
    let now: DateTime<FixedOffset> = "2025-06-10T10:00:00+02:00".parse().unwrap_or_default();
    let today = now.date_naive();
    let policy = match Policy::from_json(POLICY) {
        Ok(p) => p,
        Err(e) => return println!("  policy error: {e}"),
    };

    println!("-- the level matrix (a higher level grants every lower service):");
    let creds = [
        ("no login", None),
        ("weak", Some(Credential::new("weak"))),
        ("SPID L2", Some(Credential::with_level("spid", "https://www.spid.gov.it/SpidL2"))),
        ("CNS", Some(Credential::new("cns"))),
    ];
    for svc in policy.service_ids() {
        let row: Vec<String> = creds
            .iter()
            .map(|(n, c)| format!("{n}: {}", if policy.decide(svc, c.as_ref(), now).allowed { "yes" } else { "no" }))
            .collect();
        println!("  {svc:<20} {}", row.join(" | "));
    }
    let d = policy.decide("autocertificazione", Some(&Credential::new("weak")), now);
    println!("-- the window shown on a denial (weak credential, self-certification):");
    println!("  IT: {}", d.message.it);
    println!("  EN: {}", d.message.en);
    let d = policy.decide("nonEsiste", Some(&Credential::new("cns")), now);
    println!("  fail-closed, unknown service: allowed = {}, reason = {:?}", d.allowed, d.reason);

    println!("-- identity from a SPID attribute set (CF cross-checked with the birth data):");
    let mut attrs: BTreeMap<String, String> = [
        ("fiscalNumber", "TINIT-RSSMRA80A01H501U"),
        ("name", "Mario"),
        ("familyName", "Rossi"),
        ("dateOfBirth", "1980-01-01"),
        ("placeOfBirth", "H501"),
        ("gender", "M"),
        ("authnContextClassRef", "https://www.spid.gov.it/SpidL2"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    match Identity::from_spid(&attrs, today) {
        Ok(id) => println!("  {} {} {} level {:?}", id.fiscal_code, id.given_name.unwrap_or_default(), id.family_name.unwrap_or_default(), id.level),
        Err(e) => println!("  error: {e}"),
    }
    attrs.insert("dateOfBirth".into(), "1980-01-02".into());
    match Identity::from_spid(&attrs, today) {
        Ok(_) => println!("  (unexpected) mismatching birth date accepted"),
        Err(e) => println!("  birth date 1980-01-02 instead: {e}"),
    }

    println!("-- the citizen's profile: what SPID gives is locked and refreshed at every login:");
    attrs.insert("dateOfBirth".into(), "1980-01-01".into());
    attrs.insert("email".into(), "mario.rossi@example.org".into());
    attrs.insert("mobilePhone".into(), "+393331234567".into());
    if let Ok(id) = Identity::from_spid(&attrs, today) {
        if let Ok(first) = Profile::merge(None, &id, now) {
            println!("  first login: locked {:?}", first.locked);
            let edit = first.profile.edit("email", "altro@example.org");
            println!("  the citizen edits the e-mail: {}", edit.err().map(|e| e.to_string()).unwrap_or_default());
            let mine = first.profile.edit("phoneHome", "02 1234567").unwrap_or_else(|_| first.profile.clone());
            attrs.insert("email".into(), "m.rossi@example.org".into());
            if let Ok(next) = Identity::from_spid(&attrs, today).and_then(|id| Profile::merge(Some(&mine), &id, now)) {
                println!(
                    "  next login with a new SPID e-mail: changed {:?}, the citizen's own phoneHome kept: {:?}",
                    next.changed,
                    next.profile.values.get("phoneHome")
                );
            }
        }
    }

    println!("-- an eIDAS identity (a citizen of another EU country):");
    let eidas: BTreeMap<String, String> = [
        ("PersonIdentifier", "DE/IT/02635542Y"),
        ("CurrentGivenName", "Erika"),
        ("CurrentFamilyName", "Mustermann"),
        ("DateOfBirth", "1964-08-12"),
        ("authnContextClassRef", "http://eidas.europa.eu/LoA/substantial"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    match Identity::from_eidas(&eidas, today, &AttributeOptions::default()) {
        Ok(id) => println!(
            "  {} {}: key {} (no codice fiscale), self-certification allowed: {}",
            id.given_name.clone().unwrap_or_default(),
            id.family_name.clone().unwrap_or_default(),
            id.fiscal_code,
            policy.decide("autocertificazione", Some(&id.credential()), now).allowed
        ),
        Err(e) => println!("  error: {e}"),
    }

    println!("-- identity from a (synthetic) CNS certificate:");
    match Identity::from_certificate(CNS_PEM.as_bytes(), now) {
        Ok(id) => {
            let card = id.certificate.as_ref().and_then(|c| c.card_id.clone()).unwrap_or_default();
            println!(
                "  {:?}: CF {} (card {card}), allowed to submit an application: {}",
                id.source,
                id.fiscal_code,
                policy.decide("istanza", Some(&id.credential()), now).allowed
            );
        }
        Err(e) => println!("  error: {e}"),
    }
    let later: DateTime<FixedOffset> = "2028-01-01T00:00:00+01:00".parse().unwrap_or_default();
    if let Err(e) = Identity::from_certificate(CNS_PEM.as_bytes(), later) {
        println!("  the same certificate in 2028: {e}");
    }

    println!("-- acting for others:");
    let delegation = Delegation {
        delegator: "RSSMRA80A01H501U".into(),
        delegate: "BNCLRA85M41F205C".into(),
        scope: vec!["istanza".into()],
        valid_from: None,
        expires: NaiveDate::from_ymd_opt(2025, 12, 31),
        document: Some(sportello::access::IdDocument { kind: "cartaIdentita".into(), number: "CA00000AA".into(), expires: None }),
    };
    let acting = Acting::Delegate { actor: "BNCLRA85M41F205C".into(), principal: "RSSMRA80A01H501U".into(), delegation };
    let d = policy.decide_for("istanza", Some(&Credential::new("cns")), now, &acting);
    println!("  delegate with CNS: allowed = {}, on behalf of {:?}", d.allowed, d.on_behalf_of);
    let d = policy.decide_for("istanza", Some(&Credential::new("cns")), later, &acting);
    println!("  same in 2028: allowed = {}, {:?} ({})", d.allowed, d.reason, d.error.unwrap_or_default());

    println!("-- operators (CiTel-style roles as data):");
    let mut staff = Staff::citel();
    staff.operators.push(Operator {
        id: "capo".into(),
        name: "Responsabile URP".into(),
        roles: vec!["manager".into()],
        services: vec!["*".into()],
        calendars: vec![],
        active: true,
        offices: vec![],
        disabled_services: vec![],
        disabled_calendars: vec![],
    });
    let anna = Operator {
        id: "anna".into(),
        name: "Anna Verdi".into(),
        roles: vec!["tributi".into()],
        services: vec!["tari".into()],
        calendars: vec![],
        active: true,
        offices: vec![],
        disabled_services: vec![],
        disabled_calendars: vec![],
    };
    println!("  manager creates anna (tributi): {:?}", staff.create_operator("capo", anna.clone()).map(|_| "ok"));
    println!(
        "  anna grants herself 'anagrafe': {}",
        staff.grant_role("anna", "anna", "anagrafe").map(|_| "ok".to_string()).unwrap_or_else(|e| e.to_string())
    );
    println!("  anna may work tributi:edit on tari: {}", staff.can_handle("anna", "tari", "tributi:edit"));
    println!(
        "  delete anna with 3 practices in charge: {}",
        staff.delete_operator("capo", "anna", 3).map(|_| "ok".to_string()).unwrap_or_else(|e| e.to_string())
    );

    println!("-- activation (demo bytes, not random: the bindings use the OS generator):");
    let ap = ActivationPolicy::default();
    let random: Vec<u8> = (0..ap.key_random_bytes().unwrap_or_default()).map(|i| (i * 37 % 251) as u8).collect();
    let thursday = NaiveDate::from_ymd_opt(2025, 4, 24).unwrap_or_default();
    match Account::self_register("RSSMRA80A01H501U", thursday, &ap) {
        Ok(mut acc) => {
            println!(
                "  registered Thu 2025-04-24; key promised by {:?} ('entro due giorni lavorativi': 25 April and the weekend skipped)",
                acc.key_promised_by
            );
            println!("  the promise is not a wait: the counter may issue it from {:?}", acc.key_available_from);
            let early = acc.issue_activation_key(NaiveDate::from_ymd_opt(2025, 4, 23).unwrap_or_default(), &ap, &random);
            println!("  asking the day before registering: {}", early.err().map(|e| e.to_string()).unwrap_or_default());
            if let Ok(key) = acc.issue_activation_key(NaiveDate::from_ymd_opt(2025, 4, 25).unwrap_or_default(), &ap, &random) {
                println!("  key printed at the counter: {key} ({:.0} bits)", ap.key.entropy_bits());
                println!("  wrong key: {}", acc.activate("AAAA-BBBB-CCCC", now, &ap).err().map(|e| e.to_string()).unwrap_or_default());
                println!("  right key: {:?} -> state {:?}, level {:?}", acc.activate(&key.to_lowercase(), now, &ap), acc.state, acc.level);
            }
        }
        Err(e) => println!("  self-registration: {e}"),
    }
    let pin_random: Vec<u8> = (0..ap.pin_random_bytes().unwrap_or_default()).map(|i| (i * 53 % 241) as u8).collect();
    if let Ok(mut new) = Envelope::generate("B-000123", "u000123", &ap, &pin_random) {
        println!("  envelope {} for user {}: PIN {}", new.envelope.code, new.envelope.username, new.pin);
        if let Ok(mut acc) = new.envelope.bind("VRDGPP70C15L219C", today, &ap) {
            println!("  first login: {:?}", acc.first_login("u000123", &new.pin, now, &ap));
        }
    }

    println!("-- the other registration modes of the seed portals (a portal or a service chooses one):");
    let password_policy = ActivationPolicy { registration: Registration::GeneratedPassword, ..ActivationPolicy::default() };
    let pw_random: Vec<u8> = (0..password_policy.password_random_bytes().unwrap_or_default()).map(|i| (i * 29 % 239) as u8).collect();
    for (mode, seed) in [
        (Registration::Immediate, "CiTel: a weak account usable at once"),
        (Registration::GeneratedPassword, "Maggioli: a generated password, changed at the first login"),
        (Registration::Envelope, "the URP's sealed envelope only"),
    ] {
        let policy = ActivationPolicy { registration: mode, ..ActivationPolicy::default() };
        match Account::register("VRDGPP70C15L219C", now, &policy) {
            Ok(mut acc) if mode == Registration::GeneratedPassword => {
                let password = acc.issue_password(&policy, &pw_random).unwrap_or_default();
                let next = acc.first_login("vrdgpp70c15l219c", &password, now, &policy);
                println!("  {seed}: e-mailed password {password}; first login -> {next:?}, state {:?}", acc.state);
            }
            Ok(acc) => println!("  {seed}: state {:?}, level {:?}", acc.state, acc.level),
            Err(e) => println!("  {seed}: {e}"),
        }
    }
    println!();
}
