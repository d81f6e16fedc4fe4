import datetime as dt
import json
import re

import pytest

import sportello
from sportello import access
from conftest import CASES, load_cases

NOW = dt.datetime.fromisoformat("2025-06-10T10:00:00+02:00")
FILE = load_cases("access")
POLICY = access.Policy.from_dict(FILE["policy"])


def fixture(name: str) -> bytes:
    return (CASES / name).read_bytes()


def when(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


def day(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def options(i: dict) -> dict:
    """A case's JS options object as Python's keyword arguments."""
    return {re.sub(r"(?<!^)(?=[A-Z])", "_", k).lower(): v for k, v in (i.get("options") or {}).items()}


def run(fn: str, i: dict):
    """Result as a dict in the JSON shape (the runner compares the `expected` subset)."""
    if fn == "decide":
        return POLICY.decide(i["service"], i["credential"], when(i["now"])).to_dict()
    if fn == "decideFor":
        return POLICY.decide_for(i["service"], i["credential"], when(i["now"]), i["acting"]).to_dict()
    if fn in ("fromSpid", "fromSpidError", "spidCredential"):
        try:
            ident = access.Identity.from_spid(i["attributes"], day(i["today"]), **options(i))
        except sportello.AccessError as e:
            if fn == "fromSpidError":
                return e.details
            raise
        return ident.credential() if fn == "spidCredential" else ident.to_dict()
    if fn == "fromCieId":
        return access.Identity.from_cie_id(i["attributes"], day(i["today"]), **options(i)).to_dict()
    if fn == "fromEidas":
        return access.Identity.from_eidas(i["attributes"], day(i["today"]), **options(i)).to_dict()
    if fn == "mergeProfile":
        return access.merge_profile(i["stored"], i["identity"], when(i["now"]))
    if fn == "editProfile":
        return access.edit_profile(i["profile"], i["field"], i["value"])
    if fn in ("register", "passwordLogin"):
        p = access.ActivationPolicy.from_dict(i["policy"])
        acc = access.Account.register(i["fiscalCode"], when(i["now"]), p)
        if fn == "register":
            return acc.to_dict()
        password = acc.issue_password(p, bytes.fromhex(i["randomHex"]))
        nxt = acc.first_login(i["username"], i.get("wrongPassword") or password, when(i["now"]), p)
        return {**acc.to_dict(), "next": nxt, "password": password}
    if fn == "checkDelegation":
        access.check_delegation(i["delegation"], i["delegate"], i["delegator"], i["service"], day(i["date"]), i.get("rules"))
        return {"valid": True}
    if fn in ("keyAvailableFrom", "keyPromisedBy"):
        p = access.ActivationPolicy.from_dict(i["policy"])
        on = day(i["registeredOn"])
        return {"date": (p.key_available_from(on) if fn == "keyAvailableFrom" else p.key_promised_by(on)).isoformat()}
    if fn == "generateSecret":
        return {"secret": access.generate_secret(i["spec"], bytes.fromhex(i["randomHex"]))}
    if fn in ("fromCertificate", "certificateCredential"):
        ident = access.Identity.from_certificate(fixture(i["file"]), when(i["now"]))
        return ident.credential() if fn == "certificateCredential" else ident.to_dict()
    if fn == "verifyChain":
        access.verify_chain(fixture(i["file"]), [fixture(a) for a in i["anchors"]], when(i["now"]))
        return {"valid": True}
    raise AssertionError(f"unknown fn {fn}")


def norm(v):
    """Instants compared as instants (the core writes UTC as `Z`)."""
    if isinstance(v, str) and len(v) >= 20 and v[4] == "-" and "T" in v:
        try:
            return when(v)
        except ValueError:
            return v
    return v


@pytest.mark.parametrize("case", FILE["cases"], ids=[c["name"] for c in FILE["cases"]])
def test_reference_case(case):
    if "error" in case:
        # Access rules raise AccessError; a policy of the wrong shape is a JSON error (code "json").
        with pytest.raises(sportello.SportelloError) as e:
            run(case["fn"], case["input"])
        assert e.value.code == case["error"]
        assert isinstance(e.value, sportello.AccessError) or case["error"] == "json"
    else:
        got = run(case["fn"], case["input"])
        for k, want in case["expected"].items():
            assert norm(got.get(k)) == norm(want), k


def test_decision_attributes():
    d = POLICY.decide("autocertificazioneResidenza", {"kind": "weak"}, NOW)
    assert not d and d.allowed is False
    assert d.reason == "insufficientLevel" and d.required == "substantial"
    assert {"kind": "spid", "level": "SpidL2"} in d.sufficient
    assert d.message["it"].startswith("Per «Autocertificazione di residenza»")
    assert POLICY.decide("alboPretorio", None, NOW).allowed
    assert POLICY.level_of({"kind": "spid", "level": "https://www.spid.gov.it/SpidL3"}) == "high"
    with pytest.raises(sportello.SportelloError) as e:
        access.Policy.from_json('{"services": [{"id": "x", "name": {"it": "x", "en": "x"}}]}')
    assert e.value.code == "access.invalid"


def test_certificate_identity_and_trust():
    pem = fixture("access/cns.pem")
    ident = access.Identity.from_certificate(pem.decode(), NOW, trust_anchors=[fixture("access/ca.pem")])
    assert ident.source == "cns" and ident.fiscal_code == "RSSMRA80A01H501U"
    assert POLICY.decide("praticaEdilizia", ident.credential(), NOW).allowed
    with pytest.raises(sportello.AccessError) as e:
        access.Identity.from_certificate(pem, NOW, trust_anchors=[fixture("access/cie.pem")])
    assert e.value.code == "access.certificate_untrusted"
    # Intermediates without anchors verify nothing: refused, never accepted unverified.
    with pytest.raises(sportello.AccessError) as e:
        access.Identity.from_certificate(pem, NOW, intermediates=[fixture("access/ca.pem")])
    assert e.value.code == "access.no_trust_anchor"
    with pytest.raises(sportello.AccessError) as e:
        access.Identity.from_certificate(b"\x30\x03\x02\x01", NOW)
    assert e.value.code == "access.certificate_malformed"


def test_activation_self_registration():
    p = access.ActivationPolicy()
    acc = access.Account.self_register("RSSMRA80A01H501U", dt.date(2025, 4, 24), p)
    # Promised "entro due giorni lavorativi" (25 April and the weekend skipped), issuable at once.
    assert acc.state == "pendingActivation" and acc.key_promised_by == dt.date(2025, 4, 29)
    assert acc.key_available_from == dt.date(2025, 4, 24)
    with pytest.raises(sportello.AccessError) as e:
        acc.issue_activation_key(dt.date(2025, 4, 23), p)
    assert e.value.code == "access.key_not_yet_available"
    waiting = access.Account.self_register("RSSMRA80A01H501U", dt.date(2025, 4, 24), access.ActivationPolicy.from_dict({"keyMinWaitWorkingDays": 1}))
    assert waiting.key_available_from == dt.date(2025, 4, 28)
    key = acc.issue_activation_key(dt.date(2025, 4, 25), p)  # OS randomness
    assert len(key) == 12 and all(c in "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" for c in key)
    for left in (4, 3):
        with pytest.raises(sportello.AccessError) as e:
            acc.activate("WRONG-KEY", NOW, p)
        assert e.value.code == "access.wrong_secret" and e.value.details["attemptsLeft"] == left
    stored = access.Account.from_json(acc.to_json())
    stored.activate(key[:4] + "-" + key[4:].lower(), NOW, p)
    assert stored.state == "active" and stored.level == "low"


def test_activation_lock_and_envelope():
    p = access.ActivationPolicy.from_dict({"maxAttempts": 2})
    env = access.Envelope.generate("B-000123", "u000123", p)
    assert env.pin is not None and len(env.pin) == 8 and env.pin.isdigit()
    assert "pin" not in json.loads(env.to_json())
    acc = env.bind("VRDGPP70C15L219C", dt.date(2025, 6, 10), p)
    with pytest.raises(sportello.AccessError):
        env.bind("RSSMRA80A01H501U", dt.date(2025, 6, 10), p)
    with pytest.raises(sportello.AccessError):
        acc.first_login("u000123", "00000000" if env.pin != "00000000" else "11111111", NOW, p)
    with pytest.raises(sportello.AccessError) as e:
        acc.first_login("someone", env.pin, NOW, p)
    assert e.value.code == "access.locked" and acc.state == "locked"
    acc.unlock()
    assert acc.first_login("u000123", env.pin, NOW, p) == "changePassword"
    acc.password_changed()
    assert acc.state == "active" and acc.level == "substantial" and not acc.must_change_password


def test_staff():
    s = access.Staff.citel()
    s = access.Staff.from_json(
        json.dumps({**s.to_dict(), "operators": [{"id": "capo", "name": "Capo", "roles": ["manager"], "services": ["*"]}]})
    )
    s.create_operator("capo", {"id": "anna", "name": "Anna", "roles": ["tributi"], "services": ["tari"], "calendars": ["cal1"]})
    assert s.can_handle("anna", "tari", "tributi:edit") and not s.can_handle("anna", "imu", "tributi:edit")
    assert s.enabled_for_calendar("anna", "cal1")
    with pytest.raises(sportello.AccessError) as e:
        s.grant_role("anna", "anna", "anagrafe")
    assert e.value.code == "access.forbidden"
    with pytest.raises(sportello.AccessError) as e:
        s.grant_role("capo", "anna", "administrator")
    assert e.value.code == "access.forbidden"
    with pytest.raises(sportello.AccessError) as e:
        s.delete_operator("capo", "anna", 2)
    assert e.value.code == "access.operator_has_practices" and e.value.details["count"] == 2
    s.delete_operator("capo", "anna", 0)
    assert not s.permits("anna", "tributi:view")


def test_staff_protects_administrators():
    s = access.Staff.from_json(json.dumps({**access.Staff.citel().to_dict(), "operators": [
        {"id": "root", "name": "Root", "roles": ["administrator"]}, {"id": "capo", "name": "Capo", "roles": ["manager"]}]}))
    before = s.to_dict()
    for call in (lambda: s.revoke_role("capo", "root", "administrator"), lambda: s.delete_operator("capo", "root", 0)):
        with pytest.raises(sportello.AccessError) as e:
            call()
        assert e.value.code == "access.admin_only"
    for call in (lambda: s.revoke_role("root", "root", "administrator"), lambda: s.delete_operator("root", "root", 0)):
        with pytest.raises(sportello.AccessError) as e:
            call()
        assert e.value.code == "access.last_admin"
    assert s.to_dict() == before


def test_staff_offices_and_disabling():
    # issue 17 item 2: offices, an operator deactivated or disabled for one service without deletion.
    s = access.Staff.from_dict({**access.Staff.citel().to_dict(),
        "offices": [{"id": "tributi", "name": "Ufficio tributi", "services": ["tari"]}, {"id": "urp", "name": "URP"}],
        "operators": [{"id": "capo", "name": "Capo", "roles": ["manager"], "services": ["*"]},
                      {"id": "anna", "name": "Anna", "roles": ["tributi"], "services": ["tari", "imu"], "offices": ["urp", "tributi"]}]})
    assert s.office_for("anna", "tari") == "tributi" and s.office_for("anna", "imu") == "urp"
    assert s.office_for("capo", "tari") is None and s.in_office("anna", "urp")
    s.disable_service("capo", "anna", "tari")
    assert not s.enabled_for_service("anna", "tari") and s.enabled_for_service("anna", "imu")
    with pytest.raises(sportello.AccessError) as e:
        s.check_service("anna", "tari")
    assert e.value.code == "access.not_enabled"
    s.set_active("capo", "anna", False)
    with pytest.raises(sportello.AccessError) as e:
        s.check_service("anna", "imu")
    assert e.value.code == "access.operator_disabled"
    with pytest.raises(sportello.AccessError) as e:
        s.add_to_office("capo", "anna", "nope")
    assert e.value.code == "access.unknown_reference"
    s.remove_from_office("capo", "anna", "urp")
    assert s.to_dict()["operators"][1] == {"id": "anna", "name": "Anna", "roles": ["tributi"], "services": ["tari", "imu"], "calendars": [],
                                           "active": False, "offices": ["tributi"], "disabledServices": ["tari"]}
    # What the staff allows an operator, asked before acting (allowed_events_staffed, why_not_staffed).
    from sportello.practice import Practice
    at = lambda m: dt.datetime(2026, 3, 2, 9, m, tzinfo=dt.timezone.utc)
    p = Practice("P-1", "RSSMRA80A01H501U", {}, at(0))
    p.apply("submit", {"kind": "citizen", "id": "RSSMRA80A01H501U"}, at(1))
    p.apply("acquire", {"kind": "system"}, at(2))
    anna = {"kind": "operator", "id": "anna"}
    assert p.allowed_events_staffed(anna, s, "imu") == []
    assert p.why_not_staffed("assign", anna, s, "imu").code == "access.operator_disabled"
    s.set_active("capo", "anna", True)
    assert "assign" in p.allowed_events_staffed(anna, s, "imu")
    assert p.why_not_staffed("assign", anna, s, "imu") is None
    assert p.why_not_staffed({"type": "assign", "operator": "capo"}, anna, s, "imu").code == "practice.office"
    with pytest.raises(sportello.SportelloError) as e:
        p.allowed_events_staffed(anna, {"extra": 1}, "imu")
    assert e.value.code == "json" and "extra" in str(e.value)


def test_delegation_helpers():
    d = {"delegator": "RSSMRA80A01H501U", "delegate": "BNCLRA85M41F205C", "scope": ["tari"], "expires": "2025-12-31",
         "document": {"kind": "cartaIdentita", "number": "CA00000AA"}}
    assert access.is_delegation_valid(d, "BNCLRA85M41F205C", "RSSMRA80A01H501U", "tari", dt.date(2025, 12, 31))
    assert not access.is_delegation_valid(d, "BNCLRA85M41F205C", "RSSMRA80A01H501U", "tari", dt.date(2026, 1, 1))
    assert any(c["id"] == "spid" for c in access.default_credentials())


def test_identity_profile_and_registration_modes():
    ident = access.Identity.from_spid({"fiscalNumber": "TINIT-RSSMRA80A01H501U", "email": "m@example.it"}, dt.date(2025, 6, 10), purpose="PF")
    assert ident.purpose == "PF" and ident.person_identifier is None
    merged = access.merge_profile(None, ident, NOW)  # an Identity or its dict
    assert merged == access.merge_profile(None, ident.to_dict(), NOW)
    assert merged["locked"] == ["email"] and "email" not in merged["editable"]
    with pytest.raises(sportello.AccessError) as e:
        access.edit_profile(merged["profile"], "email", "x@example.it")
    assert e.value.code == "access.profile_locked"
    eu = access.Identity.from_eidas({"PersonIdentifier": "ES/IT/99999999R"}, dt.date(2025, 6, 10))
    assert (eu.source, eu.fiscal_code, eu.person_identifier) == ("eidas", "ES/IT/99999999R", "ES/IT/99999999R")
    weak = access.Account.register("RSSMRA80A01H501U", NOW, access.ActivationPolicy.from_dict({"registration": "immediate"}))
    assert (weak.state, weak.level) == ("active", "low")
    p = access.ActivationPolicy.from_dict({"registration": "generatedPassword"})
    acc = access.Account.register("RSSMRA80A01H501U", NOW, p)
    password = acc.issue_password(p)  # OS randomness
    assert len(password) == 10
    assert acc.first_login("RSSMRA80A01H501U", password, NOW, p) == "changePassword"
    with pytest.raises(sportello.AccessError) as e:
        access.Account.self_register("RSSMRA80A01H501U", dt.date(2025, 6, 10), p)
    assert e.value.code == "access.registration_mode"
