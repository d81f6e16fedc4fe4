"""1,000 calendars from Python (issue 6: <= 10 s on one core).

Each calendar is the criterion fixture of benches/benches/slots.rs (Monday-Friday, mornings
08:00-13:00 and afternoons 14:00-18:00 = 10 opening hours, 20-minute meetings, 3 in parallel;
50 closures; national holidays) with its own id and shifted closures, and 5,000 bookings. The timed
loop calls ``calendar.slots(2026-01-01, 2026-12-31, bookings, now)`` for each calendar and reads
every slot's ``remaining``. Run from the repo root after building the binding:
    . .venv/bin/activate && (cd bindings-python && maturin develop --release)
    python benches/peers/slots_python_1000.py
There is no peer library for this capability; the figure is compared with the issue's target.
"""
import datetime as dt
import json
import time

from sportello import slots

N = 1000
NOW = dt.datetime(2025, 12, 31, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def calendar(i):
    ohs = [
        {"id": f"{part}{wd}", "startDate": "2026-01-01", "endDate": "2026-12-31", "weekdays": [wd],
         "begin": b, "end": e, "meetingMinutes": 20, "intervalMinutes": 0, "parallel": 3}
        for wd in range(1, 6) for part, b, e in (("am", "08:00", "13:00"), ("pm", "14:00", "18:00"))
    ]
    closures = []
    for k in range(50):
        start = dt.datetime(2026, 1, 5, 7, tzinfo=dt.timezone.utc) + dt.timedelta(days=7 * k, hours=(k + i) % 5)
        closures.append({"from": start.isoformat(), "to": (start + dt.timedelta(hours=2 + (k % 4) * 8)).isoformat(), "reason": f"chiusura {k}"})
    return slots.Calendar.from_json(json.dumps({
        "id": f"cal{i}", "title": f"Ufficio {i}", "openingHours": ohs, "closures": closures,
        "holidays": {"national": True}, "rollingDays": 180, "noticeHours": 24,
    }))


def bookings(cal):
    free = cal.slots(START, END, [], NOW)
    out = []
    for i in range(5000):
        s = free[(i * 7919) % len(free)]
        out.append(slots.Booking.from_json({"id": f"b{i}", "openingHour": s.opening_hours[0], "start": s.start.isoformat(),
                                            "end": s.end.isoformat(), "status": "confirmed", "user": f"U{i % 900}"}))
    return out


def main():
    cals = [calendar(i) for i in range(N)]
    books = bookings(cals[0])  # bookings without calendarId count in every calendar
    as_json = json.dumps([b.to_dict() for b in books])
    for label, arg in (("Booking objects", books), ("one JSON string", as_json)):
        cpu, wall, total = time.process_time(), time.perf_counter(), 0
        for cal in cals:
            total += sum(s.remaining for s in cal.slots(START, END, arg, NOW))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"{N} calendars x 1 year ({label}): {wall:.2f} s wall, {cpu:.2f} s CPU, {cpu / N * 1000:.2f} ms CPU per calendar (places left: {total})")


if __name__ == "__main__":
    main()
