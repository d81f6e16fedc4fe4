//! Runs `tests/cases/access.json` against the core.
use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::{json, Value};
use sportello::access::{
    AccessError, Account, Acting, ActivationPolicy, AttributeOptions, Credential, Delegation, DelegationRules, Identity, IdentitySource, Policy,
    Profile, SecretSpec,
};
use sportello::Coded;

const CASES: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/access.json"));

fn de<T: serde::de::DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("bad input {v}: {e}"))
}

fn fixture(name: &Value) -> Vec<u8> {
    let path = format!("{}/../tests/cases/{}", env!("CARGO_MANIFEST_DIR"), name.as_str().unwrap());
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

/// Runs one case: `Ok(result JSON)` or `Err(error code)`.
fn run(policy: &Policy, fun: &str, input: &Value) -> Result<Value, Value> {
    let err = |e: AccessError| serde_json::to_value(&e).unwrap();
    let now = || de::<DateTime<FixedOffset>>(&input["now"]);
    let cred = || de::<Option<Credential>>(&input["credential"]);
    let attrs = || de::<BTreeMap<String, String>>(&input["attributes"]);
    let today = || de::<NaiveDate>(&input["today"]);
    let json_err = |e: sportello::Error| json!({"code": e.code()});
    let strict = |v: &Value| -> Result<AttributeOptions, Value> {
        sportello::json::from_value_ref::<AttributeOptions>(v).map_err(|e| json!({"code": e.code()}))
    };
    let opts = || input.get("options").map(de::<AttributeOptions>).unwrap_or_default();
    if matches!(fun, "fromSpid" | "fromEidas") {
        if let Some(o) = input.get("options") {
            strict(o)?;
        }
    }
    match fun {
        "decide" => Ok(serde_json::to_value(policy.decide(input["service"].as_str().unwrap(), cred().as_ref(), now())).unwrap()),
        "decideFor" => {
            let acting: Acting = de(&input["acting"]);
            Ok(serde_json::to_value(policy.decide_for(input["service"].as_str().unwrap(), cred().as_ref(), now(), &acting)).unwrap())
        }
        "fromSpid" | "fromSpidError" | "spidCredential" => {
            let r = Identity::from_attributes(IdentitySource::Spid, &attrs(), today(), &opts());
            match (fun, r) {
                ("fromSpidError", Err(e)) => Ok(err(e)),
                ("spidCredential", Ok(i)) => Ok(serde_json::to_value(i.credential()).unwrap()),
                (_, Ok(i)) => Ok(serde_json::to_value(i).unwrap()),
                (_, Err(e)) => Err(err(e)),
            }
        }
        "fromCieId" => Identity::from_attributes(IdentitySource::CieId, &attrs(), today(), &opts())
            .map(|i| serde_json::to_value(i).unwrap())
            .map_err(err),
        "fromEidas" => Identity::from_eidas(&attrs(), today(), &opts()).map(|i| serde_json::to_value(i).unwrap()).map_err(err),
        "mergeProfile" => {
            let stored: Option<Profile> = match &input["stored"] {
                Value::Null => None,
                v => Some(sportello::json::from_value_ref(v).map_err(json_err)?),
            };
            let identity: Identity = sportello::json::from_value_ref(&input["identity"]).map_err(json_err)?;
            Profile::merge(stored.as_ref(), &identity, now()).map(|m| serde_json::to_value(m).unwrap()).map_err(err)
        }
        "editProfile" => {
            let p: Profile = sportello::json::from_value_ref(&input["profile"]).map_err(json_err)?;
            p.edit(input["field"].as_str().unwrap(), input["value"].as_str().unwrap())
                .map(|p| serde_json::to_value(p).unwrap())
                .map_err(err)
        }
        "register" | "passwordLogin" => {
            let p: ActivationPolicy = sportello::json::from_value_ref(&input["policy"]).map_err(json_err)?;
            let mut acc = Account::register(input["fiscalCode"].as_str().unwrap(), now(), &p).map_err(err)?;
            if fun == "register" {
                return Ok(serde_json::to_value(acc).unwrap());
            }
            let password = acc.issue_password(&p, &unhex(input["randomHex"].as_str().unwrap())).map_err(err)?;
            let typed = input.get("wrongPassword").and_then(Value::as_str).unwrap_or(&password).to_string();
            let next = acc.first_login(input["username"].as_str().unwrap(), &typed, now(), &p).map_err(err)?;
            let mut v = serde_json::to_value(&acc).unwrap();
            v["next"] = serde_json::to_value(next).unwrap();
            v["password"] = json!(password);
            Ok(v)
        }
        "checkDelegation" => {
            let d: Delegation = de(&input["delegation"]);
            let rules: DelegationRules = input.get("rules").map(de).unwrap_or_default();
            d.check(
                input["delegate"].as_str().unwrap(),
                input["delegator"].as_str().unwrap(),
                input["service"].as_str().unwrap(),
                de(&input["date"]),
                &rules,
            )
            .map(|()| json!({"valid": true}))
            .map_err(err)
        }
        "keyAvailableFrom" | "keyPromisedBy" => {
            let p: ActivationPolicy = sportello::json::from_value_ref(&input["policy"]).map_err(|e| json!({"code": e.code()}))?;
            let on = de(&input["registeredOn"]);
            let day = if fun == "keyAvailableFrom" { p.key_available_from(on) } else { p.key_promised_by(on) };
            day.map(|d| json!({"date": d})).map_err(err)
        }
        "generateSecret" => {
            let spec: SecretSpec = de(&input["spec"]);
            spec.generate(&unhex(input["randomHex"].as_str().unwrap())).map(|s| json!({"secret": s})).map_err(err)
        }
        "fromCertificate" | "certificateCredential" => {
            let r = Identity::from_certificate(&fixture(&input["file"]), now());
            match (fun, r) {
                ("certificateCredential", Ok(i)) => Ok(serde_json::to_value(i.credential()).unwrap()),
                (_, Ok(i)) => Ok(serde_json::to_value(i).unwrap()),
                (_, Err(e)) => Err(err(e)),
            }
        }
        "verifyChain" => {
            let anchors: Vec<Vec<u8>> = input["anchors"].as_array().unwrap().iter().map(fixture).collect();
            sportello::access::verify_chain(&fixture(&input["file"]), &[], &anchors, now())
                .map(|()| json!({"valid": true}))
                .map_err(err)
        }
        other => panic!("unknown fn {other}"),
    }
}

#[test]
fn reference_cases() {
    let file: Value = serde_json::from_str(CASES).unwrap();
    let policy = Policy::from_json(&file["policy"].to_string()).unwrap();
    let cases = file["cases"].as_array().unwrap();
    assert!(cases.len() > 100);
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let got = run(&policy, case["fn"].as_str().unwrap(), &case["input"]);
        match (case.get("expected"), case.get("error"), got) {
            (Some(exp), None, Ok(v)) => {
                for (k, want) in exp.as_object().unwrap() {
                    if &v[k] != want {
                        failures.push(format!("{name}: {k} = {} (want {want})", v[k]));
                    }
                }
            }
            (None, Some(code), Err(e)) => {
                if &e["code"] != code {
                    failures.push(format!("{name}: error {} (want {code})", e["code"]));
                }
            }
            (_, _, got) => failures.push(format!("{name}: got {got:?}")),
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn error_codes_match_serde_tags() {
    let e = AccessError::WrongSecret { attempts_left: 2 };
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(v["code"], e.code());
    assert_eq!(v["attemptsLeft"], 2);
    let wrapped: sportello::Error = e.into();
    assert_eq!(wrapped.code(), "access.wrong_secret");
    assert_eq!(wrapped.capability(), "access");
}
