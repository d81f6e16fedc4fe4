import datetime as dt
import decimal
import json

import pytest

import sportello
from sportello import access, practice, workdays
from sportello.practice import Actor, Practice, ServiceConfig, Status
from conftest import load_cases

CF = "RSSMRA80A01H501U"
T0 = dt.datetime(2025, 2, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def t(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def when(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s)


def test_status_codes_and_labels():
    s = Status(1400)
    assert s.code == 1400 and s.label == "In attesa di pagamento bolli" and s.name == "stampsPending"
    assert s == 1400 and s == Status(1400) and int(s) == 1400 and hash(s) == hash(Status(1400))
    assert not s.is_final and Status(7500).is_final and Status(7500).label == "Parzialmente approvata"
    assert [x.code for x in Status.all()][:3] == [1000, 1400, 1500]
    with pytest.raises(sportello.PracticeError) as e:
        Status(5000)
    assert e.value.code == "practice.unknown_status" and e.value.details["status"] == 5000


def test_seed_3_event_by_event():
    cfg = ServiceConfig(protocol_required=True, response_days=30)
    p = Practice("P-1", CF, cfg, T0)
    cit, op = Actor.citizen(CF), Actor.operator("op-1")
    assert p.status == 1000 and p.status.label == "Bozza"
    assert p.apply("submit", cit, t(1)) == 1900
    assert p.apply("acquire", Actor.system(), t(2)).label == "Acquisita"
    assert p.apply("register", Actor.protocol(), t(3), protocol_number="2025/0001234") == 3000
    assert p.apply("assign", op, t(4)) == 4000
    assert p.apply("accept", op, t(5), "Concessa") == 6000
    assert p.apply({"type": "registerOutcome"}, {"kind": "protocol"}, t(6)) == 7000
    assert [e.status.code for e in p.timeline()] == [1000, 1900, 2000, 3000, 4000, 6000, 7000]
    first, last = p.timeline()[0], p.timeline()[-1]
    assert first.from_status is None and first.event == "create" and first.actor == cit
    assert last.from_status == 6000 and last.event == "registerOutcome" and last.at == t(6)
    assert p.protocol_number == "2025/0001234" and p.assigned_operator == "op-1" and p.outcome == "accepted"
    assert p.due_date() == dt.date(2025, 3, 22)
    d = p.deadline()
    assert d.closed and d.remaining_days is None and d.submitted_on == dt.date(2025, 2, 20)


def test_denied_transitions_name_every_failed_guard():
    p = Practice("P-1", CF, {"allowWithdrawal": True, "protocolRequired": True}, T0)
    p.apply("submit", Actor.citizen(CF), t(1))
    with pytest.raises(sportello.PracticeError) as e:
        p.apply("withdraw", Actor.operator("op-1"), t(2))
    assert e.value.code == "practice.guard"
    assert [g["code"] for g in e.value.details["failed"]] == ["actor", "applicant", "protocolNotWhileSent"]
    assert str(e.value).startswith("practice.guard: event `withdraw` denied in status 1900 Inviata")
    with pytest.raises(sportello.PracticeError) as e:
        p.apply("accept", Actor.operator("op-1"), t(2))
    assert e.value.code == "practice.transition" and e.value.details["status"] == 1900
    why = p.why_not("withdraw", Actor.citizen(CF))
    assert isinstance(why, sportello.PracticeError) and why.code == "practice.guard"
    assert p.why_not("acquire", Actor.system()) is None
    assert p.allowed_events(Actor.system()) == ["acquire", "message", "attachment", "assignOffice"]
    with pytest.raises(sportello.PracticeError) as e:
        p.apply("submit", Actor.citizen(CF), t(-5))
    assert e.value.code == "practice.out_of_order"
    with pytest.raises(sportello.PracticeError) as e:
        p.apply("fly", Actor.citizen(CF), t(3))
    assert e.value.code == "practice.invalid"
    p.apply("acquire", Actor.system(), t(4))
    p.apply("register", Actor.protocol(), t(4), protocol_number="1")
    p.apply("assign", Actor.operator("op-1"), t(4))
    assert p.why_not("reject", Actor.operator("op-1")) is None
    assert [g["code"] for g in p.why_not({"type": "reject"}, Actor.operator("op-2")).details["failed"]] == ["assignedOperator"]
    assert [g["code"] for g in p.why_not({"type": "requestIntegration"}, Actor.operator("op-1")).details["failed"]] == ["messageGiven"]
    assert p.why_not("reject", Actor.operator("op-1"), "motivo") is None


def test_names_and_event_data_are_read_by_the_core():
    with pytest.raises(sportello.PracticeError) as e:
        Actor("robot")
    assert e.value.code == "practice.invalid" and str(e.value) == 'practice.invalid: unknown actor kind "robot"'
    p = Practice("P-1", CF, {"protocolRequired": True}, T0)
    with pytest.raises(sportello.PracticeError) as e:
        Practice.linked(p, "Renewal", "P-2", Actor.citizen(CF), t(1))
    assert str(e.value) == 'practice.invalid: unknown request kind "Renewal"'
    p.apply("submit", Actor.citizen(CF), t(1))
    p.apply("acquire", Actor.system(), t(2))
    # A bare name with data is the event with them, checked as `apply` checks it; data beside an
    # event object are refused (the core's EventArg::with_data).
    assert p.why_not("register", Actor.protocol()) is None
    assert p.why_not("register", Actor.protocol(), protocol_number="2025/1") is None
    with pytest.raises(sportello.PracticeError) as e:
        p.check({"type": "register", "protocolNumber": "2025/1"}, Actor.protocol(), protocol_number="2025/2")
    assert e.value.code == "practice.invalid"
    with pytest.raises(sportello.PracticeError) as e:
        p.why_not("fly", Actor.protocol(), name="a.pdf")
    assert str(e.value) == 'practice.invalid: unknown event "fly"'
    assert p.apply("register", Actor.protocol(), t(3), protocol_number="2025/1") == 3000 and p.protocol_number == "2025/1"


def test_protocol_data_as_keywords_and_the_yearly_fascicolo():
    # Issue 17 item 3: the fascicolo of the service's year, the protocol's own date as a datetime.
    config = ServiceConfig(protocol_required=True, protocol_handler="external", protocol_folders={"2025": {"number": "7", "code": "6.3"}})
    assert config.protocol_handler == "external" and config.protocol_folders == {"2025": {"number": "7", "code": "6.3"}}
    p = Practice("P-1", CF, config, T0)
    p.apply("submit", Actor.citizen(CF), t(1))
    p.apply("acquire", Actor.system(), t(2))
    with pytest.raises(sportello.PracticeError) as e:
        p.apply("register", Actor.operator("op-1"), t(3), protocol_number="2025/9", folder_number="8")
    assert e.value.code == "practice.protocol" and e.value.details["field"] == "folderNumber"
    at = t(3) - dt.timedelta(minutes=1)
    assert p.apply("register", Actor.operator("op-1"), t(3), protocol_number="2025/9", document_id="D-1", registered_at=at) == 3000
    (r,) = p.protocol()
    assert r["document"] == "practice" and r["direction"] == "incoming" and r["folderNumber"] == "7" and r["documentId"] == "D-1"
    assert dt.datetime.fromisoformat(r["registeredAt"]) == at
    with pytest.raises(sportello.SportelloError) as e:
        ServiceConfig(protocol_folders={"MMXXV": {"number": "7"}})
    assert e.value.code == "json"


def test_status_graph_and_mermaid_as_in_js():
    cfg = ServiceConfig(protocol_required=True)
    assert practice.status(1900) == Status(1900) and practice.status(1900).label == "Inviata"
    with pytest.raises(sportello.PracticeError) as e:
        practice.status(5000)
    assert e.value.code == "practice.unknown_status"
    assert practice.graph(cfg) == cfg.graph() == practice.graph({"protocolRequired": True})
    assert practice.mermaid(cfg) == cfg.mermaid()


def test_config_keywords_and_json():
    cfg = ServiceConfig(payment="deferred", payment_amount=decimal.Decimal("16"), workflow="forward")
    assert cfg.payment == "deferred" and cfg.payment_amount == decimal.Decimal("16.00") and cfg.workflow == "forward"
    assert cfg.to_dict()["paymentAmount"] == "16.00"
    assert ServiceConfig.from_json(cfg.to_json()) == cfg
    assert ServiceConfig.from_dict({"payment": "deferred", "paymentAmount": "16.00", "workflow": "forward"}) == cfg
    assert 4000 not in [s.code for s in cfg.statuses()]
    assert cfg.mermaid().startswith("stateDiagram-v2")
    with pytest.raises(sportello.SportelloError) as e:
        ServiceConfig(payment_amount="1.001")
    assert e.value.code == "json"
    # A float is never money, and the amount stays within pagoPA's maximum (issue 15).
    # A float is of the wrong type (as for every amount parameter); too much money is the core's error.
    for bad, code in ((0.1, "argument"), (16.0, "argument"), (1e20, "argument"), ("1000000000.00", "json"), (10**12, "json")):
        with pytest.raises(sportello.SportelloError) as e:
            ServiceConfig(payment_amount=bad)
        assert e.value.code == code, bad
    with pytest.raises(sportello.SportelloError):
        ServiceConfig.from_json('{"paymentAmount": 1e3}')
    assert ServiceConfig(payment_amount=16).payment_amount == decimal.Decimal("16.00")
    with pytest.raises(sportello.SportelloError):
        ServiceConfig(payment="sometimes")
    # None means the core's default, never a value of the binding's own (issue 17).
    default = ServiceConfig()
    assert default.allow_integration_requests is True and default.allow_partial_approval is False and default.max_suspensions == 1
    assert ServiceConfig(max_suspensions=None, allow_integration_requests=None) == default
    assert ServiceConfig(max_suspensions=2, allow_partial_approval=True).to_dict()["maxSuspensions"] == 2
    with pytest.raises(sportello.SportelloError) as e:
        ServiceConfig.from_dict({"protocolRequred": True})
    assert e.value.code == "json" and e.value.details["path"] == "protocolRequred"


def test_json_round_trip_and_replay():
    p = Practice("P-1", CF, ServiceConfig(payment="immediate", payment_amount="16.00"), T0)
    p.apply("submit", Actor.citizen(CF), t(1))
    p.apply("paymentSucceeded", Actor.gateway(), t(2))
    back = Practice.from_json(p.to_json())
    assert back == p and back.status == 1900
    assert Practice.from_dict(p.to_dict()) == p
    d = p.to_dict()
    d["status"] = 2000
    with pytest.raises(sportello.PracticeError) as e:
        Practice.from_json(json.dumps(d))
    assert e.value.code == "practice.replay"


def test_modification_is_a_new_linked_practice():
    p = Practice("P-1", CF, {}, T0)
    p.apply("submit", Actor.citizen(CF), t(1))
    m = Practice.modification_of(p, "P-2", Actor.citizen(CF), t(10))
    assert m.kind == "modification" and m.linked_to == "P-1" and m.status == 1000 and p.status == 1900
    with pytest.raises(sportello.PracticeError) as e:
        Practice.linked(p, "renewal", "P-3", Actor.citizen(CF), t(10))
    assert e.value.code == "practice.link"
    assert practice.request_kinds()["transfer"] == "Voltura"


def test_deadline_with_calendar_and_suspension():
    p = Practice("P-1", CF, {"responseDays": 30, "rollToWorkingDay": True}, T0)
    p.apply("submit", Actor.citizen(CF), t(1))
    assert p.due_date() == dt.date(2025, 3, 24)
    roma = workdays.HolidayCalendar().with_patron(3, 24, "Test")
    assert p.due_date(calendar=roma) == dt.date(2025, 3, 25)
    d = p.deadline(on=dt.date(2025, 3, 1))
    assert d.remaining_days == 23 and not d.suspended


def test_a_deadline_after_9999_is_the_core_error():
    # years 1-9999 in every binding (docs/LIMITS.md): the core refuses, not Python's date
    p = Practice("P-1", CF, {"responseDays": 3_000_000}, T0)
    p.apply("submit", Actor.citizen(CF), t(1))
    for call in (p.due_date, p.deadline):
        with pytest.raises(sportello.PracticeError) as e:
            call()
        assert e.value.code == "practice.date_range"


def test_audit_and_audit_many():
    cfg = ServiceConfig(allow_withdrawal=True, payment="immediate", payment_amount="16.00")
    clean = [(1000, 1740042000), (1500, 1740042060), (1520, 1740042120), (1900, 1740042120)]
    r = practice.audit(cfg, clean)
    assert r.ok and r.end == 1900 and r.findings == [] and bool(r)
    bad = clean + [(20000, 1740042180)]
    r = practice.audit(cfg, bad)
    assert not r.ok and r.findings == [{"kind": "illegalStep", "index": 4, "from": 1900, "to": 20000, "guards": ["noPayment"], "allowed": [2000, 50000]}]
    mixed = [[(1000, T0), (1900, "2025-02-20T09:30:00+01:00")], [{"status": 1000, "at": 1}, {"status": 1520, "at": 0}]]
    b = practice.audit_many({}, mixed)
    assert (b.histories, b.clean) == (2, 1)
    assert b.failing[0]["history"] == 1
    assert [f["kind"] for f in b.failing[0]["findings"]] == ["outOfOrder", "illegalStep"]
    a = practice.Auditor(cfg)
    assert a.audit(clean).ok and a.audit_many([clean, bad]).clean == 1
    with pytest.raises(sportello.SportelloError) as e:
        practice.audit(cfg, [(1000,)])
    assert e.value.code == "json" and "a step is" in str(e.value)  # the core's AuditStep, as in JS
    assert practice.audit(cfg, [[1000, T0], {"status": 1900, "at": "2025-02-20T10:00:00+01:00"}]).end == 1900
    # a row's instant holds the core's range of instants (iso::INSTANT_SECONDS), as a tuple or as the core's step
    assert practice.audit(cfg, [(1000, 253402214399)]).ok
    with pytest.raises(sportello.ArgumentError) as e:
        practice.audit(cfg, [(1000, 253402214400)])
    assert "expected an instant from 0001-01-02 to 9999-12-30 UTC, got 253402214400 unix seconds" in str(e.value)
    for row in ([1000, 253402214400], [1000, "9999-12-31T00:00:00Z"]):
        with pytest.raises(sportello.SportelloError) as e:
            practice.audit(cfg, [row])
        assert e.value.code == "json", row  # as in JS (tests/js/practice.mjs)


def test_transitions_table_is_data():
    rows = practice.transitions()
    withdraw = [r for r in rows if r["event"] == "withdraw"][0]
    assert withdraw["from"] == [1900, 2000, 3000, 4000]
    assert withdraw["guards"] == ["withdrawalAllowed", "noPayment", "applicant", "forwardOnlyWhenSent", "protocolNotWhileSent"]


# ---------------------------------------------------------------- reference cases


def run(inp):
    pr = inp["practice"]
    p = Practice(pr["id"], pr["applicant"], pr["config"], when(pr["createdAt"]))
    # With `staff` and `service`, every step is applied with the staff consulted.
    staff = access.Staff.from_dict(inp["staff"]) if "staff" in inp else None

    def apply(step):
        if staff is None:
            return p.apply(step["event"], step["actor"], when(step["at"]), step.get("message"))
        return p.apply_staffed(step["event"], step["actor"], when(step["at"]), staff, inp["service"], step.get("message"))

    for i, step in enumerate(inp["steps"]):
        before = p.to_json()
        n = len(p.timeline())
        if "error" in step:
            with pytest.raises(sportello.SportelloError) as e:
                apply(step)
            assert e.value.code == step["error"], (i, step)
            if "failed" in step:
                assert [g["code"] for g in e.value.details["failed"]] == step["failed"], (i, step)
            assert p.to_json() == before
        else:
            apply(step)
            assert [e.status.code for e in p.timeline()[n:]] == step["expect"], (i, step)
    return p


def check_run(name, inp, expected):
    p = run(inp)
    # With `staff` and `service`, the queries consult the staff as the steps do.
    staff = access.Staff.from_dict(inp["staff"]) if "staff" in inp else None
    on = dt.date.fromisoformat(inp["on"]) if "on" in inp else None
    cal = workdays.HolidayCalendar.italy() if inp.get("calendar") == "italy" else None
    d = p.deadline(on=on, calendar=cal)
    iso = lambda x: x.isoformat() if x is not None else None
    getters = {
        "status": lambda: p.status.code,
        "timeline": lambda: [e.status.code for e in p.timeline()],
        "outcome": lambda: p.outcome,
        "assignedOperator": lambda: p.assigned_operator,
        "protocolNumber": lambda: p.protocol_number,
        "protocol": lambda: p.protocol(),
        "office": lambda: p.office,
        "charges": lambda: p.charges(),
        "dueDate": lambda: iso(d.due_date) if d else None,
        "remainingDays": lambda: d.remaining_days if d else None,
        "suspendedDays": lambda: d.suspended_days if d else None,
        "suspended": lambda: d.suspended if d else None,
        "submittedOn": lambda: iso(d.submitted_on) if d else None,
        "closed": lambda: d.closed if d else None,
        "internal": lambda: [e.status.code for e in p.timeline() if e.internal],
        "noticeDays": lambda: d.notice_days if d else None,
        "priority": lambda: p.priority,
        "takeInCharge": lambda: p.take_in_charge(on=on, calendar=cal),
        "rejectionNotices": lambda: p.rejection_notices(),
    }
    for key, want in expected.items():
        if key == "allowed":
            for q in want:
                at = when(q["at"]) if "at" in q else None
                got = p.allowed_events(q["actor"], at) if staff is None else p.allowed_events_staffed(q["actor"], staff, inp["service"], at)
                assert got == q["events"], (name, q)
        elif key == "readBy":
            for q in want:
                events = p.events_for(q["viewer"])
                got = {
                    "viewer": q["viewer"],
                    "events": [e["event"]["type"] for e in events],
                    "messages": [e.get("message") for e in events],
                    "timelineMessages": [e.message for e in p.timeline_for(q["viewer"])],
                }
                assert got == q, (name, q["viewer"])
        elif key == "whyNot":
            for q in want:
                at = when(q["at"]) if "at" in q else None
                if staff is None:
                    got = p.why_not(q["event"], q["actor"], at=at)
                    assert (got is None) == (q["event"] in p.allowed_events(q["actor"], at=at)), (name, q)
                else:
                    got = p.why_not_staffed(q["event"], q["actor"], staff, inp["service"], at=at)
                    assert (got is None) == (q["event"] in p.allowed_events_staffed(q["actor"], staff, inp["service"], at)), (name, q)
                assert (got.code if got else None) == q["error"], (name, q)
                if got and "failed" in q:
                    assert [g["code"] for g in got.details["failed"]] == q["failed"], (name, q)
        else:
            assert getters[key]() == want, (name, key)
    assert Practice.from_json(p.to_json()) == p


def snake(name):
    return "".join("_" + ch.lower() if ch.isupper() else ch for ch in name)


def test_reference_cases():
    cases = load_cases("practice")["cases"]
    assert len(cases) >= 60
    for c in cases:
        name, inp, fn = c["name"], c["input"], c["fn"]
        if fn == "run":
            check_run(name, inp, c["expected"])
        elif fn == "audit":
            r = practice.audit(inp["config"], inp["history"])
            assert r.findings == c["expected"]["findings"] and r.ok == c["expected"]["ok"], name
            if "repair" in c["expected"]:
                assert r.repair == c["expected"]["repair"], name
            if "fitness" in c["expected"]:
                assert r.fitness == c["expected"]["fitness"], name
        elif fn == "readLog":
            read = practice.read_csv if inp["format"] == "csv" else practice.read_xes
            kw = {snake(k): v for k, v in inp.get("options", {}).items()}
            if "error" in c:
                with pytest.raises(sportello.PracticeError) as e:
                    read(inp["text"], **kw)
                assert e.value.code == c["error"] and e.value.details["line"] == c["line"], name
            else:
                assert read(inp["text"], **kw) == c["expected"], name
        elif fn in ("exportCsv", "usage", "calculate"):
            items = inp["items"]
            call = {
                "exportCsv": lambda: practice.export_csv(items, **{snake(k): v for k, v in inp.get("options", {}).items()}),
                "usage": lambda: practice.usage(items),
                "calculate": lambda: practice.calculate(items, inp["fields"]),
            }[fn]
            if "error" in c:
                with pytest.raises(sportello.SportelloError) as e:
                    call()
                assert e.value.code == c["error"], name
            else:
                assert call() == c["expected"], name
        elif fn == "report":
            log = practice.read_csv(inp["csv"], **{snake(k): v for k, v in inp.get("options", {}).items()})
            on = dt.date.fromisoformat(inp["on"]) if "on" in inp else None
            r = practice.report(inp["config"], log, on)
            for k, want in c["expected"].items():
                assert r[k] == want, (name, k)
            text = practice.report_summary(r)
            assert all(line in text for line in c["summaryContains"]), (name, text)
        elif fn == "export":
            a = practice.Auditor(inp["config"])
            text = a.to_pnml() if inp["format"] == "pnml" else a.to_bpmn()
            assert text == (practice.pnml if inp["format"] == "pnml" else practice.bpmn)(inp["config"]), name
            assert all(part in text for part in c["expected"]["contains"]), name
        elif fn == "auditMany":
            assert practice.audit_many(inp["config"], inp["histories"]).to_dict() == c["expected"], name
        elif fn == "link":
            original = run(inp["original"])
            if "error" in c:
                with pytest.raises(sportello.PracticeError) as e:
                    Practice.linked(original, inp["kind"], inp["id"], inp["createdBy"], when(inp["at"]))
                assert e.value.code == c["error"], name
            else:
                p = Practice.linked(original, inp["kind"], inp["id"], inp["createdBy"], when(inp["at"]))
                got = {"kind": p.kind, "linkedTo": p.linked_to, "status": p.status.code, "applicant": p.applicant, "originalStatus": original.status.code}
                assert got == c["expected"], name
        elif fn == "status":
            if "error" in c:
                with pytest.raises(sportello.PracticeError) as e:
                    Status(inp["code"])
                assert e.value.code == c["error"], name
            else:
                s = Status(inp["code"])
                assert {"code": s.code, "label": s.label, "final": s.is_final} == c["expected"], name
        elif fn == "config":
            if "error" in c:
                with pytest.raises(sportello.SportelloError) as e:
                    ServiceConfig.from_dict(inp["config"])
                assert e.value.code == c["error"] and e.value.details["path"] == c["errorPath"], name
            else:
                assert ServiceConfig.from_dict(inp["config"]).to_dict() == c["expected"], name
        elif fn == "checkFile":
            call = lambda: practice.check_file(inp["name"], inp["size"], bytes.fromhex(inp["head"]), inp["purpose"], inp.get("config"))
            if "error" in c:
                with pytest.raises(sportello.PracticeError) as e:
                    call()
                assert e.value.code == c["error"], name
            else:
                assert call() == c["expected"], name
        elif fn == "citizenGroup":
            assert practice.citizen_group(inp["status"], inp.get("lang")) == c["expected"], name
        elif fn == "changeRanges":
            assert practice.change_ranges(dt.date.fromisoformat(inp["date"]), dt.date.fromisoformat(inp["today"]), inp.get("lang")) == c["expected"], name
        elif fn == "priorityLabel":
            assert practice.priority_label(inp["priority"], inp["lang"]) == c["expected"], name
        elif fn == "statusLabel":
            assert practice.status_label(inp["code"], inp["lang"]) == c["expected"], name
        elif fn == "fromJson":
            if "error" in c:
                with pytest.raises(sportello.PracticeError) as e:
                    Practice.from_json(json.dumps(inp["json"]))
                assert e.value.code == c["error"], name
            else:
                p = Practice.from_json(json.dumps(inp["json"]))
                assert p.status.code == c["expected"]["status"], name
                assert [e.status.code for e in p.timeline()] == c["expected"]["timeline"], name
        else:
            raise AssertionError(f"unknown fn {fn}")


def test_event_data_as_keywords_issue_17():
    """`messages` and `send_to_citizen` beside a bare name, as the event object's fields."""
    p = Practice("P-1", CF, {"payment": "immediate", "paymentAmount": "16.00"}, T0)
    p.apply("submit", Actor.citizen(CF), t(1))
    assert p.apply("recordPayment", Actor.operator("op-1"), t(2), "Bonifico ricevuto", send_to_citizen=True) == 1900
    assert p.events()[-1]["event"] == {"type": "recordPayment", "sendToCitizen": True}
    assert [e.internal for e in p.timeline()] == [False, False, False, False]
    q = Practice("P-2", CF, {}, T0)
    q.apply("submit", Actor.citizen(CF), t(1))
    q.apply("acquire", Actor.system(), t(2))
    q.apply("assign", Actor.operator("op-1"), t(3))
    q.apply("requestIntegration", Actor.operator("op-1"), t(4), "Manca la planimetria")
    assert q.apply("acceptIntegration", Actor.operator("op-1"), t(5), messages=["m-1"]) == 4000
    assert q.events()[-1]["event"] == {"type": "acceptIntegration", "messages": ["m-1"]}


def test_check_file_hostile_input_issue_17():
    """Huge names and prefixes, lone surrogates, wrong types: typed errors with codes."""
    pdf = b"%PDF-1.7\n"

    def code(f):
        try:
            f()
            return "ok"
        except sportello.SportelloError as e:
            return e.code

    assert code(lambda: practice.check_file("a" * 100_000 + ".pdf", 10, pdf, "message")) == "practice.file_name"
    big = pdf + bytes(4 << 20)
    assert practice.check_file("a.pdf", len(big), big, "message")["signature"] == "pdf"
    assert practice.check_file("a.pdf", len(big), bytearray(big), "approvalDocument")["signature"] == "pdf"
    assert code(lambda: practice.check_file("a\ud800.pdf", 10, pdf, "message")) == "argument"
    assert code(lambda: practice.check_file("a.pdf", -1, pdf, "message")) == "argument"
    assert code(lambda: practice.check_file("a.pdf", 1.5, pdf, "message")) == "argument"
    assert code(lambda: practice.check_file("a.pdf", 10, pdf, "attachment")) == "argument"
    assert code(lambda: practice.check_file("a.pdf", 10, "%PDF-", "message")) == "argument"
    assert code(lambda: practice.check_file("a.pdf", 10, [37, 80], "message")) == "argument"
    assert code(lambda: practice.check_file(42, 10, pdf, "message")) == "argument"
    with pytest.raises(sportello.SportelloError) as e:
        practice.check_file("a.pdf", 10, pdf, "message", {"files": {"mesage": {}}})
    assert e.value.code == "json" and e.value.details["path"] == "files.mesage"
    narrow = ServiceConfig(files={"approvalDocument": {"extensions": ["pdf"], "maxBytes": 100}})
    assert narrow.files["approvalDocument"] == {"extensions": ["pdf"], "maxBytes": 100}
    assert code(lambda: practice.check_file("a.p7m", 10, pdf, "approvalDocument", narrow)) == "practice.file_type"


def test_private_notes_issue_17():
    """Operators only, text required, never in the citizen's view."""
    cit, op = Actor.citizen(CF), Actor.operator("op-1")
    p = Practice("P-1", CF, {}, T0)
    p.apply("submit", cit, t(1))
    assert p.apply("note", op, t(2), "solo per l'ufficio").code == 1900
    for actor, msg in ((cit, "x"), (op, None)):
        with pytest.raises(sportello.PracticeError) as e:
            p.apply("note", actor, t(3), msg)
        assert e.value.code == "practice.guard"
    assert [e["event"]["type"] for e in p.events_for(cit)] == ["submit"]
    assert [e["event"]["type"] for e in p.events_for(op)] == ["submit", "note"]
    assert len(p.timeline_for(cit)) == len(p.timeline())


def test_operator_work_keywords():
    """Issue 17 item 5: setPriority takes `priority` as a keyword, like the event object's field."""
    op = {"kind": "operator", "id": "op-1"}
    p = Practice("P-1", "RSSMRA80A01H501U", {}, when("2025-02-20T09:00:00+01:00"))
    p.apply("submit", {"kind": "citizen", "id": "RSSMRA80A01H501U"}, when("2025-02-20T09:01:00+01:00"))
    assert p.why_not("setPriority", op) is None
    assert p.why_not("setPriority", op, priority="high") is None
    p.apply("setPriority", op, when("2025-02-20T09:02:00+01:00"), priority="high")
    assert p.priority == "high"
    with pytest.raises(sportello.SportelloError) as e:  # as the event object's field is refused
        p.apply("setPriority", op, when("2025-02-20T09:03:00+01:00"), priority="urgent")
    assert (e.value.code, e.value.details["path"]) == ("json", "priority")
    with pytest.raises(sportello.PracticeError) as e:
        p.check("setPriority", op)
    assert [g["code"] for g in e.value.details["failed"]] == ["priorityGiven"]
    config = ServiceConfig(take_in_charge_days=10, allow_annulment=True)
    assert config.take_in_charge_days == 10 and config.allow_annulment
    assert ServiceConfig().take_in_charge_days == 30
    assert ServiceConfig.from_dict({"takeInChargeDays": None}).take_in_charge_days is None
    assert practice.request_kinds()["regularization"] == "Regolarizzazione"
    assert practice.priority_label("medium", "de") == "Mittel"


def test_decisions_at_approval_as_keywords():
    # Issue 17 item 1: the deferred amount ("0.00" = exempt) and the release stamps, as keywords.
    config = ServiceConfig(payment="deferred", payment_amount="30.00")
    assert config.charges == []
    p = Practice("P-1", CF, config, T0)
    p.apply("submit", Actor.citizen(CF), t(1))
    p.apply("acquire", Actor.system(), t(2))
    p.apply("assign", Actor.operator("op-1"), t(3))
    assert p.charges()[0]["amount"] == "30.00"
    stamp = {"kind": "bollo", "phase": "release", "label": "Marca da bollo provvedimento", "amount": "16.00"}
    with pytest.raises(sportello.PracticeError) as e:
        p.apply("accept", Actor.operator("op-1"), t(4), stamps=[dict(stamp, phase="request")])
    assert e.value.code == "practice.charges" and e.value.details["field"] == "stamps[0]"
    assert p.why_not("accept", Actor.operator("op-1"), amount="0.00", stamps=[stamp]) is None
    assert p.apply("accept", Actor.operator("op-1"), t(4), amount=decimal.Decimal("0.00"), stamps=[stamp]) == 1400
    assert [c["kind"] for c in p.charges()] == ["bollo"]
    assert Practice.from_json(p.to_json()).charges() == p.charges()
