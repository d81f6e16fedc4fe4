"""The contract every capability keeps in Python (issue 14): arguments that do not convert raise
``ArgumentError`` (code ``argument``, the parameter named), aware datetimes of any tzinfo, ``today``
optional where it is only a reference, result objects picklable, equal by value, with Python reprs,
and every name a stub declares present at run time."""

import ast
import copy
import datetime as dt
import json
import pathlib
import pickle
import zoneinfo
from decimal import Decimal

import pytest

import sportello
from sportello import access, cf, forms, notify, payments, practice, service, slots, workdays
from conftest import load_cases

ROME = zoneinfo.ZoneInfo("Europe/Rome")
NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=ROME)
CF = "RSSMRA80A01H501U"
MODULES = {"cf": cf, "piva": sportello.piva, "access": access, "practice": practice, "forms": forms, "payments": payments, "slots": slots, "workdays": workdays, "service": service, "notify": notify}
STUBS = pathlib.Path(sportello.__file__).parent


def argument_error(call, parameter: str) -> sportello.ArgumentError:
    with pytest.raises(sportello.ArgumentError) as e:
        call()
    err = e.value
    assert isinstance(err, sportello.SportelloError) and isinstance(err, ValueError) and isinstance(err, TypeError)
    assert err.code == "argument" and set(err.details) == {"code", "message"} and err.details["code"] == "argument"
    assert parameter in err.details["message"] and str(err) == f"argument: {err.details['message']}"
    return err


# ------------------------------------------------------------------ integers out of range, wrong types

OUT_OF_RANGE = [
    ("Status(2**32)", lambda: practice.Status(2**32), "code"),
    ("Status(-1)", lambda: practice.Status(-1), "code"),
    ("ServiceConfig(response_days=-5)", lambda: practice.ServiceConfig(response_days=-5), "response_days"),
    ("ServiceConfig(max_suspended_days=2**40)", lambda: practice.ServiceConfig(max_suspended_days=2**40), "max_suspended_days"),
    ("with_patron month", lambda: workdays.HolidayCalendar().with_patron(2**40, 1, "x"), "month"),
    ("holidays year", lambda: workdays.HolidayCalendar().holidays(2**31), "year"),
    ("easter_sunday", lambda: workdays.easter_sunday(-(2**63)), "year"),
    ("amount_from_cents", lambda: payments.amount_from_cents(-1), "cents"),
    ("split_evenly parts", lambda: payments.split_evenly("10", 2**64), "parts"),
    ("Notice.build aux_digit", lambda: payments.Notice.build(aux_digit=256, iuv_base="1" * 17), "aux_digit"),
    ("decode max_age", lambda: cf.decode(CF, dt.date(2025, 1, 1), max_age=2**33), "max_age"),
    ("place_search limit", lambda: cf.place_search("Ro", limit=-1), "limit"),
    ("delete_operator", lambda: access.Staff.citel().delete_operator("a", "b", -1), "practices_in_charge"),
    ("stamp_duty sheets", lambda: payments.StampCatalogue().stamp_duty(act="istanza", on=dt.date(2025, 1, 1), sheets=2**40), "sheets"),
]


@pytest.mark.parametrize("call,parameter", [c[1:] for c in OUT_OF_RANGE], ids=[c[0] for c in OUT_OF_RANGE])
def test_integers_out_of_range_are_argument_errors(call, parameter):
    err = argument_error(call, parameter)
    assert "out of range" in str(err)


def test_history_rows_out_of_range():
    with pytest.raises(sportello.ArgumentError):
        practice.audit({}, [(2**40, 0)])
    with pytest.raises(sportello.ArgumentError):
        practice.audit({}, [(1000, 2**70)])


WRONG_TYPES = [
    ("is_valid", lambda: cf.is_valid(123), "code"),
    ("decode", lambda: cf.decode(123), "code"),
    ("decode today", lambda: cf.decode(CF, "2025-01-01"), "today"),
    ("encode sex", lambda: cf.encode(surname="Rossi", name="Mario", sex=1, birth_date=dt.date(1980, 1, 1), birthplace="H501"), "sex"),
    ("Status", lambda: practice.Status("1000"), "code"),
    ("ServiceConfig flag", lambda: practice.ServiceConfig(allow_reopening="yes"), "allow_reopening"),
    ("Practice at", lambda: practice.Practice("P-1", CF, {}, "yesterday"), "at"),
    ("Practice at object", lambda: practice.Practice("P-1", CF, {}, object()), "at"),
    ("Notice.parse lenient", lambda: payments.Notice.parse("301000000000000144", lenient="no"), "lenient"),
    ("split_evenly float", lambda: payments.split_evenly(16.5, 2), "total"),
    ("translate_js target", lambda: forms.translate_js("show = true;", target=5), "target"),
    ("Calendar.slots first", lambda: slots.Calendar.from_json(load_cases("slots")["calendars"]["seed"]).slots("2026-03-02", dt.date(2026, 3, 2), [], NOW), "first"),
    ("Booking.cancel calendar", lambda: slots.Booking.from_json(BOOKING).cancel("cal", "citizen", NOW), "calendar"),
    ("Account.self_register policy", lambda: access.Account.self_register(CF, dt.date(2025, 1, 1), {}), "policy"),
    ("generate_secret random", lambda: access.generate_secret({"alphabet": "AB", "length": 2}, random="ab"), "random"),
    ("is_valid_many codes", lambda: cf.is_valid_many(5), "codes"),
    ("audit history", lambda: practice.audit({}, 5), "history"),
    ("audit_many histories", lambda: practice.audit_many({}, None), "histories"),
    ("Calendar.slots bookings", lambda: slots.Calendar.from_json(load_cases("slots")["calendars"]["seed"]).slots(dt.date(2026, 3, 2), dt.date(2026, 3, 2), 5, NOW), "bookings"),
]

BOOKING = {"id": "b1", "openingHour": "lmv", "start": "2026-03-02T09:00:00+01:00", "end": "2026-03-02T09:30:00+01:00", "status": "confirmed"}


@pytest.mark.parametrize("call,parameter", [c[1:] for c in WRONG_TYPES], ids=[c[0] for c in WRONG_TYPES])
def test_wrong_types_are_argument_errors_naming_the_parameter(call, parameter):
    argument_error(call, parameter)


def test_keywords_read_as_the_cores_shape():
    """Keyword options are the fields of the core's shape in snake_case (one reader, `keywords` in
    lib.rs): an unknown keyword, or a field given in camelCase, is refused as Python refuses one;
    a value the core's rules refuse keeps the core's code, its path starting at the keyword."""
    for call, keyword in (
        (lambda: practice.ServiceConfig(response_day=5), "response_day"),
        (lambda: practice.ServiceConfig(responseDays=5), "responseDays"),
        (lambda: cf.encode(surname="Rossi", nickname="x"), "nickname"),
        (lambda: forms.Form.from_formio({"components": []}, type_alias={}), "type_alias"),
    ):
        with pytest.raises(sportello.ArgumentError) as e:
            call()
        assert isinstance(e.value, TypeError) and f"unexpected keyword argument '{keyword}'" in str(e.value)
    with pytest.raises(sportello.SportelloError) as e:
        practice.ServiceConfig(files={"approval_document": {}})  # inside a value: the core's shape
    assert (e.value.code, e.value.details["path"]) == ("json", "files.approval_document")
    with pytest.raises(sportello.ArgumentError, match="surname is required"):
        cf.encode(name="Mario")
    with pytest.raises(sportello.ArgumentError) as e:  # a keyword's own message, without a second code
        payments.physical_stamp_key(identifier="01234567890123", issued_at=dt.datetime(2025, 7, 1, 10))
    assert e.value.details["message"] == "issued_at: expected an aware datetime (with tzinfo), got a naive one"
    with pytest.raises(sportello.ArgumentError) as e:
        practice.ServiceConfig(response_days=-5)
    assert e.value.details["message"] == "response_days: -5 is out of range (expected u32)"
    assert practice.ServiceConfig(response_days=None) == practice.ServiceConfig()
    # Every field of the shape is a keyword (this one was missing before the keywords were read as the shape).
    assert practice.ServiceConfig(annulment_term_months=12).annulment_term_months == 12


def test_core_errors_keep_their_code_and_name_the_parameter():
    with pytest.raises(sportello.PaymentsError) as e:
        payments.split_evenly("16.005", 2)
    assert e.value.code == "payments.amount_precision" and e.value.details["message"].startswith("total: ")


def test_big_integers_in_data_behave_as_json_text():
    form = forms.Form.from_formio({"components": [{"type": "number", "key": "eta", "label": "Età"}]})
    as_dict = form.evaluate({"eta": 10**30})
    as_text = form.evaluate('{"eta": 1000000000000000000000000000000}')
    assert as_dict == as_text and as_dict.data == {"eta": 1e30}
    assert forms.apply_logic({"+": [{"var": "a"}, 1]}, {"a": 2**64}) == forms.apply_logic({"+": [{"var": "a"}, 1]}, json.loads('{"a": 18446744073709551616}'))
    for data in ({"eta": 10**400}, '{"eta": 1' + "0" * 400 + "}"):
        with pytest.raises(sportello.SportelloError) as e:
            form.evaluate(data)
        assert e.value.code == "json" and "out of range" in str(e.value)


def test_results_past_year_9999_are_the_cores_errors():
    # Years 1-9999 in every binding (core/src/iso.rs): the core refuses with its code, the one JS
    # gets too (tests/js/workdays.mjs, practice.mjs), before Python's date would have to.
    cal = workdays.HolidayCalendar()
    late = dt.datetime(9999, 12, 1, 10, 0, tzinfo=dt.timezone.utc)
    p = practice.Practice("P-1", CF, {"responseDays": 60}, late)
    p.apply("submit", practice.Actor.citizen(CF), late)
    for call, code in (
        (lambda: cal.add_working_days(dt.date(9999, 12, 30), 5), "workdays.out_of_range"),
        (lambda: cal.holidays(10000), "workdays.out_of_range"),
        (p.due_date, "practice.date_range"),
    ):
        with pytest.raises(sportello.SportelloError) as e:
            call()
        assert e.value.code == code
    assert workdays.easter_sunday(10000) is None


def test_instants_are_held_one_day_inside_years_1_to_9999():
    # the core's rule (iso::instant_checked), whatever form the instant takes; JS: tests/js/workdays.mjs
    for at in (
        dt.datetime(9999, 12, 31, tzinfo=dt.timezone.utc),
        dt.datetime(9999, 12, 30, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-1))),
        dt.datetime(1, 1, 1, 23, 59, 59, tzinfo=dt.timezone.utc),
        "9999-12-31T00:00:00Z",
        253402214400,  # 9999-12-31T00:00:00Z in unix seconds
        10**12,
    ):
        with pytest.raises(sportello.ArgumentError) as e:
            practice.Practice("P-1", CF, {}, at)
        assert "expected an instant from 0001-01-02 to 9999-12-30 UTC" in str(e.value) or "out of range" in str(e.value), at
    assert practice.Practice("P-1", CF, {}, dt.datetime(9999, 12, 30, 23, 59, 59, tzinfo=dt.timezone.utc)).status == 1000
    shape = json.loads(practice.Practice("P-1", CF, {}, "2026-03-02T09:00:00+01:00").to_json())
    shape["createdAt"] = "9999-12-31T00:00:00Z"
    with pytest.raises(sportello.SportelloError) as e:
        practice.Practice.from_json(json.dumps(shape))
    assert e.value.code == "practice.invalid" and "0001-01-02 to 9999-12-30 UTC" in str(e.value)


# ------------------------------------------------------------------ instants and dates as people pass them

AWARE = [("ZoneInfo", ROME), ("fixed offset", dt.timezone(dt.timedelta(hours=2)))]


def zones():
    out = list(AWARE)
    try:
        from dateutil import tz

        out.append(("dateutil", tz.gettz("Europe/Rome")))
    except ImportError:
        pass
    return out


@pytest.mark.parametrize("tzinfo", [z[1] for z in zones()], ids=[z[0] for z in zones()])
def test_aware_datetimes_of_any_tzinfo(tzinfo):
    at = dt.datetime(2025, 7, 1, 10, 0, tzinfo=tzinfo)  # +02:00 in Rome (summer time)
    utc = dt.datetime(2025, 7, 1, 8, 0, tzinfo=dt.timezone.utc)
    p = practice.Practice("P-1", CF, {}, at)
    assert p.created_at == utc and p.created_at.utcoffset() == dt.timedelta(hours=2)
    winter = dt.datetime(2025, 1, 10, 10, 0, tzinfo=tzinfo)
    if tzinfo is not AWARE[1][1]:
        assert practice.Practice("P-2", CF, {}, winter).created_at.utcoffset() == dt.timedelta(hours=1)
    pay = payments.Payment("16.00", at)
    assert pay.created_at == utc
    policy = access.Policy.from_dict(load_cases("access")["policy"])
    assert policy.decide("alboPretorio", None, at).allowed


def test_pytz_localized_datetimes():
    pytz = pytest.importorskip("pytz")
    at = pytz.timezone("Europe/Rome").localize(dt.datetime(2025, 1, 10, 10, 0))
    assert practice.Practice("P-1", CF, {}, at).created_at == dt.datetime(2025, 1, 10, 9, 0, tzinfo=dt.timezone.utc)


NAIVE = dt.datetime(2025, 7, 1, 10, 0)
NAIVE_CALLS = [
    ("Practice at", lambda: practice.Practice("P-1", CF, {}, NAIVE), "at"),
    ("decide now", lambda: access.Policy.from_dict(load_cases("access")["policy"]).decide("alboPretorio", None, NAIVE), "now"),
    ("Payment created_at", lambda: payments.Payment("16.00", NAIVE), "created_at"),
    ("Calendar.slots now", lambda: slots.Calendar.from_json(load_cases("slots")["calendars"]["seed"]).slots(dt.date(2026, 3, 2), dt.date(2026, 3, 2), [], NAIVE), "now"),
    ("physical_stamp_key issued_at", lambda: payments.physical_stamp_key(identifier="01234567890123", issued_at=NAIVE), "issued_at"),
]


@pytest.mark.parametrize("call,parameter", [c[1:] for c in NAIVE_CALLS], ids=[c[0] for c in NAIVE_CALLS])
def test_naive_datetimes_are_refused_naming_the_argument(call, parameter):
    err = argument_error(call, parameter)
    assert "naive" in str(err)


@pytest.fixture
def today(monkeypatch):
    """Sets the date `datetime.date.today()` answers (the binding asks Python's clock)."""

    def set_today(d: dt.date):
        class FakeDate(dt.date):
            @classmethod
            def today(cls):
                return cls(d.year, d.month, d.day)

        monkeypatch.setattr(dt, "date", FakeDate)

    return set_today


def test_today_is_optional_where_it_is_a_reference(today):
    real = dt.date.today()
    code = cf.encode(surname="Rossi", name="Mario", sex="M", birth_date=dt.date(2005, 1, 1), birthplace="H501")
    assert cf.decode(code) == cf.decode(code, real)
    assert cf.place_lookup("H501") == cf.place_lookup("H501", real)
    assert cf.place_resolve("Roma") == cf.place_resolve("Roma", real)
    today(dt.date(1999, 6, 1))
    assert cf.decode(code).birth_date == dt.date(1905, 1, 1)
    assert cf.place_lookup("H501").valid_from == dt.date(1884, 9, 11)
    today(dt.date(1800, 1, 1))
    assert cf.place_lookup("H501") is None
    delegation = next(c["input"] for c in load_cases("access")["cases"] if c["fn"] == "checkDelegation")
    args = (delegation["delegation"], delegation["delegate"], delegation["delegator"], delegation["service"])
    today(dt.date(2025, 6, 10))
    assert access.is_delegation_valid(*args)
    access.check_delegation(*args)
    spid = next(c["input"] for c in load_cases("access")["cases"] if c["fn"] == "fromSpid")
    assert access.Identity.from_spid(spid["attributes"]) == access.Identity.from_spid(spid["attributes"], dt.date(2025, 6, 10))
    today(dt.date(2026, 1, 1))
    assert not access.is_delegation_valid(*args)
    with pytest.raises(sportello.AccessError):
        access.check_delegation(*args)


def test_an_absent_option_is_the_cores_default():
    """Python's signatures default to None; the core resolves it (no default lives in the binding)."""
    assert cf.decode(CF, dt.date(2025, 1, 1)) == cf.decode(CF, dt.date(2025, 1, 1), max_age=120, strict_place=False)
    assert len(cf.place_search("S")) == 10  # sportello::cf::places::SEARCH_LIMIT
    assert forms.translate_js("show = true;") == forms.translate_js("show = true;", target="show")
    cat = payments.StampCatalogue()
    on = dt.date(2025, 2, 20)
    assert cat.stamp_duty(act="istanza", on=on) == cat.stamp_duty(act="istanza", on=on, channel="telematic")
    with pytest.raises(sportello.PaymentsError):
        payments.Notice.parse("301000000000000145")  # strict unless lenient=True
    cal = slots.Calendar.from_json(load_cases("slots")["calendars"]["seed"])
    free = cal.slots(dt.date(2026, 3, 4), dt.date(2026, 3, 4), [], NOW)
    booked = cal.book({"start": free[0].start, "end": free[0].end, "user": CF, "name": "Mario Rossi"}, [], NOW).submit(cal, [], NOW)
    moved = booked.reschedule(cal, free[1].start, free[1].end, [booked], NOW)
    assert moved == booked.reschedule(cal, free[1].start, free[1].end, [booked], NOW, "operator")  # Actor::RESCHEDULE_DEFAULT
    assert "Mario Rossi" not in slots.to_ics(cal, [booked], [], dtstamp=NOW)
    with pytest.raises(sportello.SportelloError) as e:
        payments.next_state("created", "renew")  # PaymentEvent::from_name: renew needs its fields
    assert e.value.code == "json"


# ------------------------------------------------------------------ result objects


def results():
    """One object of every class, by capability."""
    cal = slots.Calendar.from_json(load_cases("slots")["calendars"]["seed"])
    free = cal.slots(dt.date(2026, 3, 4), dt.date(2026, 3, 4), [], NOW)
    p = practice.Practice("P-1", CF, {"responseDays": 30}, NOW)
    p.apply("submit", practice.Actor.citizen(CF), NOW)
    form = forms.Form.from_formio({"components": [{"type": "textfield", "key": "nome", "label": "Nome", "validate": {"required": True}}]})
    ev = form.evaluate({})
    policy = access.Policy.from_dict(load_cases("access")["policy"])
    spid = next(c["input"] for c in load_cases("access")["cases"] if c["fn"] == "fromSpid")
    ap = access.ActivationPolicy()
    cat = payments.StampCatalogue()
    charges = [{"kind": "bollo", "phase": "request", "label": "Marca da bollo", "amount": "16.00"}]
    decoded = cf.decode(CF, dt.date(2025, 1, 1))
    t0 = dt.datetime(2025, 2, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    return {
        "cf": [decoded, decoded.birthplace, cf.matches(CF, surname="Rossi"), cf.place_lookup("H501", dt.date(2025, 1, 1))],
        "workdays": [workdays.HolidayCalendar().holidays(2025)[0], workdays.HolidayCalendar().with_patron(6, 29, "Santi Pietro e Paolo")],
        "practice": [
            practice.Status(1900),
            practice.Actor.operator("op-1"),
            practice.ServiceConfig(response_days=30, payment="immediate", payment_amount=Decimal("16.00")),
            p.timeline()[-1],
            p.deadline(),
            p,
            practice.audit({}, [(1000, 0), (1900, 1)]),
            practice.audit_many({}, [[(1000, 0)], [(1900, 0)]]),
        ],
        "access": [
            policy.decide("alboPretorio", None, NOW),
            policy,
            access.Identity.from_spid(spid["attributes"], dt.date(2025, 6, 10)),
            ap,
            access.Account.self_register(CF, dt.date(2025, 4, 24), ap),
            access.Envelope.generate("B-000123", "u000123", ap, bytes(range(128))),
            access.Staff.citel(),
        ],
        "forms": [ev.errors[0], ev, forms.Logic({"==": [{"var": "a"}, 1]})],
        "slots": [cal, free[0], cal.book({"start": free[0].start, "end": free[0].end, "user": CF}, [], NOW)],
        "notify": [notify.NotifySettings.from_dict({"languages": ["it", "en"]})],
        "payments": [
            payments.Notice.build(aux_digit=3, iuv_base="0000000000001", segregation_code="01"),
            payments.parse_qr_payload("PAGOPA|002|301000000000000144|83000390019|1600", lenient=True),
            payments.parse_remittance("/RFB/01000000000000144/16.00"),
            cat.stamp_duty(act="istanza", on=dt.date(2025, 2, 20)),
            cat,
            payments.payment_plan(charges).request,
            payments.payment_plan(charges),
            payments.check_cart([{"notice": "301000000000000144", "creditorFiscalCode": "83000390019", "amount": "16.00"}], "1.00"),
            payments.Payment("16,00", t0, t0 + dt.timedelta(days=90)),
        ],
    }


RESULTS = [(cap, obj) for cap, objs in results().items() for obj in objs]
IDS = [type(obj).__name__ for _, obj in RESULTS]


@pytest.mark.parametrize("cap,obj", RESULTS, ids=IDS)
def test_results_pickle_compare_and_show_python_values(cap, obj):
    cls = type(obj)
    assert cls.__module__ == f"sportello.{cap}"
    back = pickle.loads(pickle.dumps(obj))
    assert type(back) is cls and back == obj and copy.deepcopy(obj) == obj
    if hasattr(cls, "to_dict"):  # JS's toObject / fromObject
        assert cls.from_dict(obj.to_dict()) == obj
    assert obj != object()
    if cls.__hash__ is not None:
        assert hash(back) == hash(obj)
    text = repr(obj)
    assert text.startswith(f"{cls.__name__}(") and "Some(" not in text and "null" not in text


def test_frozen_results_are_hashable_and_mutable_ones_are_not():
    frozen = [obj for _, obj in RESULTS if not isinstance(obj, (practice.Practice, access.Account, access.Envelope, access.Staff, payments.Payment))]
    assert len({hash(o) for o in frozen}) == len(frozen)
    for mutable in (practice.Practice, access.Account, access.Envelope, access.Staff, payments.Payment):
        assert mutable.__hash__ is None


def test_reprs_show_python_values():
    assert repr(cf.place_lookup("H501", dt.date(2025, 1, 1))) == "Place(code='H501', name='Roma', province='RM', kind='comune', valid_from=datetime.date(1884, 9, 11), valid_to=None)"
    assert repr(practice.Status(1900)) == "Status(code=1900, label='Inviata')"
    assert repr(practice.Actor.system()) == "Actor(kind='system', id=None)"
    assert repr(next(o for _, o in RESULTS if isinstance(o, access.Policy))).startswith("Policy(service_ids=['")
    deadline = next(o for _, o in RESULTS if isinstance(o, practice.Deadline))
    assert "due_date=datetime.date(2026, 3, 31)" in repr(deadline) and "remaining_days=30" in repr(deadline)
    entry = practice.Practice("P-1", CF, {}, dt.datetime(2025, 7, 1, 10, 0, tzinfo=dt.timezone.utc)).timeline()[0]
    assert repr(entry) == (
        "TimelineEntry(seq=0, at=datetime.datetime(2025, 7, 1, 10, 0, tzinfo=datetime.timezone.utc), from_status=None, "
        "status=Status(code=1000, label='Bozza'), event='create', actor=Actor(kind='citizen', id='RSSMRA80A01H501U'), message=None, "
        "internal=False)"
    )


def test_every_class_belongs_to_its_capability_module():
    for cap, module in MODULES.items():
        for name in dir(module):
            obj = getattr(module, name)
            if isinstance(obj, type):
                assert obj.__module__ == f"sportello.{cap}", name


# ------------------------------------------------------------------ stubs


def stub_names(path: pathlib.Path):
    """Public names a stub declares: top level, and the members of each class."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            yield node.name, None
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            yield node.target.id, None
        elif isinstance(node, ast.Assign):
            yield from ((t.id, None) for t in node.targets if isinstance(t, ast.Name))
        if isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, ast.FunctionDef):
                    yield node.name, member.name
                elif isinstance(member, ast.AnnAssign) and isinstance(member.target, ast.Name):
                    yield node.name, member.target.id


@pytest.mark.parametrize("stub", sorted(STUBS.glob("*.pyi")), ids=lambda p: p.stem)
def test_every_name_a_stub_declares_exists_at_run_time(stub):
    module = sportello if stub.stem == "__init__" else MODULES[stub.stem]
    for name, member in stub_names(stub):
        if name.startswith("_") and not name.startswith("__"):
            continue  # type-only aliases (`_Sex`): private, never imported
        obj = getattr(module, name, None)
        assert obj is not None, f"{module.__name__}.{name}"
        if member is not None and member not in ("code", "details"):
            assert hasattr(obj, member), f"{module.__name__}.{name}.{member}"
    if stub.stem == "__init__":
        declared = next(n.value for n in ast.parse(stub.read_text()).body if isinstance(n, ast.Assign) and n.targets[0].id == "__all__")
        assert sorted(ast.literal_eval(declared)) == sorted(sportello.__all__)


def test_from_import_of_stub_names():
    from sportello.cf import Decoded, decode  # noqa: F401
    from sportello.practice import Actor, ServiceConfig, Status  # noqa: F401
    from sportello import ArgumentError, SportelloError  # noqa: F401

    assert issubclass(ArgumentError, SportelloError)


def test_stubtest_passes(tmp_path):
    """The stubs match the built module (`python -m mypy.stubtest sportello`; its cache in tmp_path)."""
    pytest.importorskip("mypy.stubtest")
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "mypy.stubtest", "sportello"], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
