//! iCalendar (RFC 5545) export of bookings and free slots.
//!
//! - one `VTIMEZONE` for Europe/Rome (EU rule: last Sunday of March and of October, since 1996);
//! - times as `DTSTART;TZID=Europe/Rome:20260302T090000`, except the second occurrence of a
//!   repeated October hour, which RFC 5545 cannot name with a TZID: written in UTC (`...Z`);
//! - stable UIDs: UUID v5 (namespace [`namespace`]) of the calendar id and the booking id, or of
//!   the slot's start and end instants, followed by `@sportello`;
//! - TEXT escaping (`\\ \; \, \n`), lines folded at 75 octets without splitting a character, CRLF.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::booking::{Booking, BookingStatus};
use super::calendar::Calendar;
use super::generate::Slot;
use super::time::{resolve, AmbiguousTime, ZONE};

/// Options of [`to_ics`]. JSON: camelCase; an unknown key is refused (a misspelt option would
/// otherwise be ignored without a word).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IcsOptions {
    /// `DTSTAMP` of every event: when the export was made (the library has no clock).
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub dtstamp: DateTime<FixedOffset>,
    /// Write the citizen's name, contacts, user id and message into the events (default false).
    #[serde(default)]
    pub personal_data: bool,
}

impl IcsOptions {
    /// The options of an export made at `dtstamp`, the others at their defaults (no personal data).
    pub fn new(dtstamp: DateTime<FixedOffset>) -> IcsOptions {
        IcsOptions { dtstamp, personal_data: false }
    }
}

/// The UUID namespace of every UID and derived id of this module:
/// UUID v5 of the URL namespace and `urn:sportello:slots` (`9917de3b-5f04-55aa-8ef8-fe7c47cd3d0a`).
pub fn namespace() -> Uuid {
    Uuid::from_u128(0x9917de3b_5f04_55aa_8ef8_fe7c47cd3d0a)
}

/// The UID of a booking's event.
pub fn booking_uid(calendar: &Calendar, booking: &Booking) -> String {
    let name = format!("booking\n{}\n{}", calendar.id, booking.id);
    format!("{}@sportello", Uuid::new_v5(&namespace(), name.as_bytes()))
}

/// The UID of a free slot's event.
pub fn slot_uid(calendar: &Calendar, slot: &Slot) -> String {
    let name = format!("slot\n{}\n{}\n{}", calendar.id, slot.start.to_utc().to_rfc3339(), slot.end.to_utc().to_rfc3339());
    format!("{}@sportello", Uuid::new_v5(&namespace(), name.as_bytes()))
}

const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Rome",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// An iCalendar document with one event per booking of `calendar` (drafts left out; refused and
/// cancelled ones as `STATUS:CANCELLED` so that importers drop them) and one transparent event per
/// available slot of `slots`.
pub fn to_ics(calendar: &Calendar, bookings: &[Booking], slots: &[Slot], options: &IcsOptions) -> String {
    let mut out = String::new();
    let mut line = |s: &str| fold_into(&mut out, s);
    for l in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//sportello//slots//IT", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"] {
        line(l);
    }
    if !calendar.title.is_empty() {
        line(&format!("X-WR-CALNAME:{}", escape(&calendar.title)));
    }
    line("X-WR-TIMEZONE:Europe/Rome");
    for l in VTIMEZONE {
        line(l);
    }
    let stamp = utc_stamp(&options.dtstamp.to_utc());
    let title = if calendar.title.is_empty() { calendar.id.as_str() } else { calendar.title.as_str() };
    for b in bookings.iter().filter(|b| b.belongs_to(calendar) && b.status != BookingStatus::Draft) {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", booking_uid(calendar, b)));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART{}", when(&b.start)));
        line(&format!("DTEND{}", when(&b.end)));
        let who = if options.personal_data { b.name.as_deref().filter(|n| !n.trim().is_empty()) } else { None };
        let summary = match who {
            Some(n) => format!("{title} – {n}"),
            None => format!("Appuntamento – {title}"),
        };
        line(&format!("SUMMARY:{}", escape(&summary)));
        if let Some(loc) = &calendar.location {
            line(&format!("LOCATION:{}", escape(loc)));
        }
        let mut desc = vec![format!("Stato: {}", b.status.label_it())];
        if options.personal_data {
            for (label, v) in [("Nome", &b.name), ("Codice fiscale", &b.user), ("Email", &b.email), ("Telefono", &b.phone), ("Messaggio", &b.message)]
            {
                if let Some(v) = v {
                    desc.push(format!("{label}: {v}"));
                }
            }
        }
        if let Some(p) = &b.practice {
            desc.push(format!("Pratica: {p}"));
        }
        if let Some(o) = &b.outcome {
            desc.push(format!("Esito: {o}"));
        }
        line(&format!("DESCRIPTION:{}", escape(&desc.join("\n"))));
        let status = match b.status {
            BookingStatus::PendingApproval => "TENTATIVE",
            BookingStatus::Refused | BookingStatus::Cancelled => "CANCELLED",
            _ => "CONFIRMED",
        };
        line(&format!("STATUS:{status}"));
        line(&format!("SEQUENCE:{}", b.history.len().saturating_sub(1)));
        if let Some(h) = b.history.last() {
            line(&format!("LAST-MODIFIED:{}", utc_stamp(&h.at.to_utc())));
        }
        line("END:VEVENT");
    }
    for s in slots.iter().filter(|s| s.available) {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", slot_uid(calendar, s)));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART{}", when(&s.start)));
        line(&format!("DTEND{}", when(&s.end)));
        let places = if s.remaining == 1 { "1 posto".to_string() } else { format!("{} posti", s.remaining) };
        line(&format!("SUMMARY:{}", escape(&format!("Disponibile ({places}) – {title}"))));
        if let Some(loc) = &calendar.location {
            line(&format!("LOCATION:{}", escape(loc)));
        }
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// `;TZID=Europe/Rome:YYYYMMDDTHHMMSS`, or `:YYYYMMDDTHHMMSSZ` when the local time is the second
/// occurrence of a repeated hour (a TZID time names the first).
fn when(t: &DateTime<FixedOffset>) -> String {
    let local = t.with_timezone(&ZONE).naive_local();
    if resolve(local, AmbiguousTime::Earlier).is_some_and(|first| first == *t) {
        format!(";TZID=Europe/Rome:{}", basic(&local))
    } else {
        format!(":{}", utc_stamp(&t.to_utc()))
    }
}

/// `YYYYMMDDTHHMMSS` (RFC 5545 basic format).
fn basic(t: &chrono::NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second())
}

fn utc_stamp(t: &DateTime<Utc>) -> String {
    basic(&t.naive_utc()) + "Z"
}

/// TEXT value escaping (RFC 5545 §3.3.11); control characters other than newlines are dropped.
pub(crate) fn escape(s: &str) -> String {
    if !s.contains(['\\', ';', ',']) && !s.chars().any(char::is_control) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets (RFC 5545 §3.1), each physical line ending in CRLF.
pub(crate) fn fold_into(out: &mut String, line: &str) {
    if line.len() <= 75 {
        out.push_str(line);
        out.push_str("\r\n");
        return;
    }
    let mut width = 0usize;
    let mut limit = 75usize;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > limit {
            out.push_str("\r\n ");
            width = 0;
            limit = 74; // the leading space counts
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespace_derivation() {
        assert_eq!(namespace(), Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:sportello:slots"));
    }

    #[test]
    fn folding_keeps_characters_whole() {
        let mut out = String::new();
        let long = "DESCRIPTION:".to_string() + &"è".repeat(100);
        fold_into(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, long + "\r\n");
    }

    #[test]
    fn escaping() {
        assert_eq!(escape("a,b;c\\d\r\ne\nf\u{7}"), "a\\,b\\;c\\\\d\\ne\\nf");
    }
}
