import datetime as dt
import json

import pytest

import sportello
from sportello import slots
from conftest import load_cases

CASES = load_cases("slots")
ROME_WINTER = dt.timezone(dt.timedelta(hours=1))


def t(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


def d(s):
    return dt.date.fromisoformat(s)


def calendar_json(ref):
    named = CASES["calendars"]
    if isinstance(ref, str):
        return named[ref]
    if "$base" in ref:
        out = dict(named[ref["$base"]])
        out.update({k: v for k, v in ref.items() if k != "$base"})
        return out
    return ref


def matches(expected, actual, path="result"):
    """`expected` is a subset of `actual` (None matches a missing key; lists have equal length)."""
    if expected is None:
        assert actual is None, f"{path}: expected nothing, got {actual!r}"
    elif isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for k, v in expected.items():
            matches(v, actual.get(k), f"{path}.{k}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: expected {len(expected)} items, got {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            matches(e, a, f"{path}[{i}]")
    else:
        assert expected == actual, f"{path}: expected {expected!r}, got {actual!r}"


def is_match(expected, actual):
    try:
        matches(expected, actual)
        return True
    except AssertionError:
        return False


def csv_records(text):
    out, cur, quoted, i = [], "", False, 0
    while i < len(text):
        c = text[i]
        if c == '"':
            quoted = not quoted
        if not quoted and text.startswith("\r\n", i):
            out.append(cur)
            cur, i = "", i + 2
            continue
        cur += c
        i += 1
    if cur:
        out.append(cur)
    return out


def run(case):
    inp = case["input"]
    cal = slots.Calendar.from_json(json.dumps(calendar_json(inp["calendar"])))
    bookings = inp.get("bookings", [])
    ente = inp.get("ente")
    fn = case["fn"]
    if fn == "calendarFromJson":
        back = slots.Calendar.from_json(cal.to_json())
        assert back.to_dict() == cal.to_dict()
        return {"valid": True, "json": cal.to_dict()}
    if fn == "slots":
        result = cal.slots(d(inp["from"]), d(inp["to"]), bookings, t(inp["now"]), ente)
        return {"count": len(result), "slots": [s.to_dict() for s in result]}
    if fn == "firstAvailable":
        s = cal.first_available(d(inp["from"]), bookings, t(inp["now"]), ente)
        return {"slot": None if s is None else s.to_dict()}
    if fn == "book":
        b = cal.book(inp["request"], bookings, t(inp["now"]), ente)
        if case.get("derivedId"):
            assert cal.book(inp["request"], bookings, t(inp["now"]), ente).id == b.id
            assert len(b.id) == 36
        return b.to_dict()
    if fn == "transition":
        b = slots.Booking.from_json(inp["booking"])
        now, actor = t(inp["now"]), inp.get("actor", "operator")
        action = inp["action"]
        if action == "submit":
            r = b.submit(cal, bookings, now, ente)
        elif action == "approve":
            r = b.approve(now)
        elif action == "refuse":
            r = b.refuse(now, inp.get("outcome"))
        elif action == "cancel":
            r = b.cancel(cal, actor, now)
        elif action == "markDone":
            r = b.mark_done(now)
        elif action == "markMissed":
            r = b.mark_missed(now)
        elif action == "awaitPayment":
            r = b.await_payment(cal, now)
        elif action == "reschedule":
            r = b.reschedule(cal, t(inp["start"]), t(inp["end"]), bookings, now, actor, inp.get("openingHour"), ente)
        else:
            raise AssertionError(action)
        return r.to_dict()
    if fn == "followPractice":
        changed = slots.follow_practice(bookings, inp["practice"], inp["status"], t(inp["now"]), inp.get("reason"))
        return {"changed": [b.to_dict() for b in changed]}
    if fn == "removeOpeningHour":
        c = cal.remove_opening_hour(inp["openingHour"], bookings, t(inp["now"]))
        return {"openingHours": [o["id"] for o in c.to_dict()["openingHours"]]}
    if fn == "toIcs":
        s = inp.get("slots")
        free = cal.slots(d(s["from"]), d(s["to"]), bookings, t(s["now"])) if s else []
        opts = inp["options"]
        ics = slots.to_ics(cal, bookings, free, dtstamp=t(opts["dtstamp"]), personal_data=opts.get("personalData"))
        assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
        return {"text": ics.replace("\r\n ", ""), "events": ics.count("BEGIN:VEVENT")}
    if fn == "reminderAt":
        at = slots.Booking.from_json(inp["booking"]).reminder_at(cal)
        return {"at": None if at is None else at.isoformat()}
    if fn == "validateAt":
        cal.validate_at(d(inp["today"]))
        return {"valid": True}
    if fn == "titleIn":
        return {"title": cal.title_in(inp["lang"]), "emailLanguage": cal.email_language}
    if fn == "toCsv":
        return {"lines": csv_records(slots.to_csv(cal, bookings))}
    raise AssertionError(fn)


def check(case):
    if "error" in case:
        with pytest.raises(sportello.SportelloError) as e:
            run(case)
        assert e.value.code == case["error"], str(e.value)
        if "errorDetails" in case:
            matches(case["errorDetails"], e.value.details, "error")
        return
    got, exp = run(case), case["expected"]
    if case["fn"] == "slots":
        if "count" in exp:
            assert got["count"] == exp["count"], got["slots"]
        if "slots" in exp:
            matches(exp["slots"], got["slots"], "slots")
        for want in exp.get("contains", []):
            assert any(is_match(want, s) for s in got["slots"]), (want, got["slots"])
        for start in exp.get("absent", []):
            assert all(s["start"] != start for s in got["slots"])
    elif case["fn"] == "toIcs":
        for c in exp.get("contains", []):
            assert c in got["text"], (c, got["text"])
        for c in exp.get("notContains", []):
            assert c not in got["text"], c
        if "events" in exp:
            assert got["events"] == exp["events"]
    else:
        matches(exp, got)


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_reference_case(case):
    check(case)


SEED = CASES["calendars"]["seed"]
NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=ROME_WINTER)


def test_slots_are_aware_datetimes_in_rome_time():
    cal = slots.Calendar.from_json(SEED)
    week = cal.slots(dt.date(2026, 3, 30), dt.date(2026, 4, 3), [], NOW)
    first = week[0]
    assert first.start == dt.datetime(2026, 3, 30, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert first.start.utcoffset() == dt.timedelta(hours=2)
    assert first.date == dt.date(2026, 3, 30)
    assert (first.capacity, first.remaining, first.available, first.unavailable) == (2, 2, True, None)
    assert week[-1].unavailable == "beyondWindow"
    with pytest.raises((TypeError, ValueError)):
        cal.slots(dt.date(2026, 3, 2), dt.date(2026, 3, 2), [], dt.datetime(2026, 3, 1, 8, 0))  # naive


def test_booking_life_with_objects():
    cal = slots.Calendar.from_json(json.dumps(SEED))
    free = cal.slots(dt.date(2026, 3, 4), dt.date(2026, 3, 4), [], NOW)
    b = cal.book({"start": free[0].start, "end": free[0].end, "user": "RSSMRA80A01H501U", "practice": "P-1"}, [], NOW)
    assert b.status == "draft" and b.status_code == 6 and b.status_label == "Bozza"
    assert b.expires_at == NOW + dt.timedelta(minutes=10)
    assert cal.slots(dt.date(2026, 3, 4), dt.date(2026, 3, 4), [b], NOW)[0].remaining == 1
    c = b.submit(cal, [b], NOW)
    assert (c.status, c.expires_at) == ("confirmed", None)
    with pytest.raises(sportello.SlotsError) as e:
        cal.book({"start": free[1].start, "end": free[1].end, "practice": "P-1"}, [c], NOW)
    assert e.value.code == "slots.practice_has_meeting" and e.value.details["booking"] == c.id
    moved = c.reschedule(cal, free[2].start, free[2].end, [c], NOW, "citizen")
    assert moved.start == free[2].start and moved.reschedule_count() == 1
    assert [h["action"] for h in moved.history] == ["create", "submit", "reschedule"]
    with pytest.raises(sportello.SlotsError) as e:
        moved.cancel(cal, "citizen", dt.datetime(2026, 3, 2, 8, 0, tzinfo=ROME_WINTER))
    assert e.value.code == "slots.cancel_too_late"
    assert moved.cancel(cal, "operator", dt.datetime(2026, 3, 2, 8, 0, tzinfo=ROME_WINTER)).status == "cancelled"
    # bookings may also be given as one JSON string
    assert cal.slots(dt.date(2026, 3, 4), dt.date(2026, 3, 4), json.dumps([moved.to_dict()]), NOW)[2].booked == 1


def test_removing_a_used_opening_hour():
    cal = slots.Calendar.from_json(SEED)
    b = slots.Booking.from_json({"id": "b1", "openingHour": "lmv", "start": "2026-03-02T09:00:00+01:00", "end": "2026-03-02T09:30:00+01:00", "status": "confirmed"})
    with pytest.raises(sportello.SlotsError) as e:
        cal.remove_opening_hour("lmv", [b], NOW)
    assert e.value.details["bookings"] == ["b1"]


def test_ics_parses_with_icalendar():
    icalendar = pytest.importorskip("icalendar")
    cal = slots.Calendar.from_json(SEED)
    free = cal.slots(dt.date(2026, 3, 4), dt.date(2026, 3, 6), [], NOW)
    b = cal.book({"id": "b1", "start": free[0].start, "end": free[0].end, "name": "Mario Rossi", "message": "Carta d'identità; urgente, grazie\nriga 2"}, [], NOW)
    c = b.submit(cal, [], NOW)
    text = slots.to_ics(cal, [c], free[1:], dtstamp=NOW, personal_data=True)
    parsed = icalendar.Calendar.from_ical(text)
    events = [e for e in parsed.walk("VEVENT")]
    assert len(events) == 1 + len(free) - 1
    tz = [z for z in parsed.walk("VTIMEZONE")]
    assert len(tz) == 1 and str(tz[0]["TZID"]) == "Europe/Rome"
    ev = events[0]
    start = ev.decoded("DTSTART")
    assert start == free[0].start and start.utcoffset() == dt.timedelta(hours=1)
    assert ev["DTSTART"].params["TZID"] == "Europe/Rome"
    assert str(ev["SUMMARY"]) == "Ufficio anagrafe – Mario Rossi"
    assert "Carta d'identità; urgente, grazie\nriga 2" in str(ev["DESCRIPTION"])
    assert str(ev["STATUS"]) == "CONFIRMED"
    uids = {str(e["UID"]) for e in events}
    assert len(uids) == len(events)
    # stable: the same export again gives the same UIDs
    again = icalendar.Calendar.from_ical(slots.to_ics(cal, [c], free[1:], dtstamp=NOW, personal_data=True))
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == uids


def test_ics_dst_days_parse_to_the_right_instants():
    icalendar = pytest.importorskip("icalendar")
    cal = slots.Calendar.from_json(CASES["calendars"]["night"])
    now = dt.datetime(2026, 3, 1, 8, 0, tzinfo=ROME_WINTER)
    autumn = dt.datetime(2026, 10, 1, 8, 0, tzinfo=ROME_WINTER)
    days = cal.slots(dt.date(2026, 3, 29), dt.date(2026, 3, 29), [], now) + cal.slots(dt.date(2026, 10, 25), dt.date(2026, 10, 25), [], autumn)
    assert all(s.available for s in days)
    parsed = icalendar.Calendar.from_ical(slots.to_ics(cal, [], days, dtstamp=now))
    # (PEP 495: an ambiguous local time never compares equal across zones, so compare in UTC)
    utc = dt.timezone.utc
    got = sorted((e.decoded("DTSTART").astimezone(utc), e.decoded("DTEND").astimezone(utc)) for e in parsed.walk("VEVENT"))
    want = sorted((s.start.astimezone(utc), s.end.astimezone(utc)) for s in days)
    assert len(got) == len(want) == 9
    for (gs, ge), (ws, we) in zip(got, want):
        assert gs == ws and ge == we, (gs, ge, ws, we)


def test_csv_header():
    cal = slots.Calendar.from_json(SEED)
    assert slots.to_csv(cal, []).startswith("ID,Calendario,Data,Ora inizio,Ora fine,Stato,")


def test_follow_practice_takes_a_status_or_its_code():
    from sportello import ArgumentError, PracticeError, practice

    booking = {
        "id": "m1",
        "openingHour": "lmv",
        "practice": "P-1",
        "status": "confirmed",
        "start": "2026-03-04T09:00:00+01:00",
        "end": "2026-03-04T09:30:00+01:00",
    }
    now = t("2026-03-03T12:00:00+01:00")
    by_object = slots.follow_practice([booking], "P-1", practice.Status(20000), now, "Ritirata")
    by_code = slots.follow_practice([booking], "P-1", 20000, now, reason="Ritirata")
    assert [b.to_dict() for b in by_object] == [b.to_dict() for b in by_code]
    assert by_code[0].status == "cancelled" and by_code[0].to_dict()["outcome"] == "Ritirata"
    assert slots.follow_practice([booking], "P-2", 20000, now) == []
    with pytest.raises(PracticeError) as e:
        slots.follow_practice([booking], "P-1", 12345, now)
    assert e.value.code == "practice.unknown_status"
    with pytest.raises(ArgumentError):
        slots.follow_practice([booking], "P-1", "20000", now)
