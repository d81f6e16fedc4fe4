import datetime as dt

import pytest

import sportello
from sportello import workdays
from conftest import load_cases


def test_italian_holidays():
    it = workdays.HolidayCalendar.italy()
    assert it.is_holiday(dt.date(2025, 4, 21))
    assert it.holiday_name(dt.date(2027, 10, 4)) == "San Francesco d'Assisi"
    assert it.add_working_days(dt.date(2025, 4, 24), 2) == dt.date(2025, 4, 29)
    assert workdays.easter_sunday(2026) == dt.date(2026, 4, 5)
    assert [h.date for h in it.holidays(2025)][:2] == [dt.date(2025, 1, 1), dt.date(2025, 1, 6)]


def test_a_huge_number_of_working_days_is_refused_at_once():
    import time

    it = workdays.HolidayCalendar.italy()
    t = time.monotonic()
    with pytest.raises(sportello.WorkdaysError) as e:
        it.add_working_days(dt.date(2026, 3, 2), 2**31 - 1)
    assert e.value.code == "workdays.out_of_range"
    assert time.monotonic() - t < 2


def test_errors_carry_code_and_details():
    with pytest.raises(sportello.WorkdaysError) as e:
        workdays.HolidayCalendar().with_patron(2, 30, "x")
    assert isinstance(e.value, sportello.SportelloError)
    assert isinstance(e.value, ValueError)
    assert e.value.code == "workdays.invalid_day"
    assert e.value.details == {"code": "workdays.invalid_day", "message": "30/2 is not a day of the year", "month": 2, "day": 30}
    assert str(e.value).startswith("workdays.invalid_day: ")


def test_json_round_trip():
    it = workdays.HolidayCalendar().with_patron(6, 29, "Santi Pietro e Paolo")
    back = workdays.HolidayCalendar.from_json(it.to_json())
    assert back.is_holiday(dt.date(2026, 6, 29))
    assert it.to_dict()["weekend"] == ["Sat", "Sun"]
    with pytest.raises(sportello.SportelloError) as e:
        workdays.HolidayCalendar.from_json("{")
    assert e.value.code == "json"


def test_reference_cases():
    cases = load_cases("workdays")
    cal = workdays.HolidayCalendar()
    for c in cases["cases"]:
        d = dt.date.fromisoformat(c["date"])
        assert cal.is_holiday(d) == c["holiday"], c
        if "plusWorkingDays" in c:
            n, expected = c["plusWorkingDays"]
            assert cal.add_working_days(d, n) == dt.date.fromisoformat(expected), c


def test_range_cases():
    """Years 1-9999 (tests/cases/workdays.json "range"): the core's error, never Python's own."""
    cal = workdays.HolidayCalendar()
    for c in load_cases("workdays")["range"]["cases"]:
        if "addWorkingDays" in c:
            d, n = c["addWorkingDays"]
            call = lambda: cal.add_working_days(dt.date.fromisoformat(d), n).isoformat()  # noqa: E731
        elif "nextWorkingDay" in c:
            call = lambda: cal.next_working_day(dt.date.fromisoformat(c["nextWorkingDay"])).isoformat()  # noqa: E731
        elif "holidays" in c:
            call = lambda: len(cal.holidays(c["holidays"]))  # noqa: E731
        else:
            call = lambda: (lambda e: e and e.isoformat())(workdays.easter_sunday(c["easterSunday"]))  # noqa: E731
        if "error" in c:
            with pytest.raises(sportello.SportelloError) as e:
                call()
            assert e.value.code == c["error"], c
        else:
            assert call() == c.get("count", c.get("result")), c
