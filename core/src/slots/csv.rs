//! CSV of bookings, with the columns of the back office's meeting table ("Appuntamenti").
//!
//! RFC 4180: comma separator, every field quoted when it holds `"`, `,`, CR or LF, CRLF line ends,
//! one header row. Dates and times are Europe/Rome local (`dd/mm/yyyy`, `HH:MM`); the status is the
//! Italian label. Text typed by citizens that starts with `= + - @`, a tab or CR is prefixed with
//! `'` so that spreadsheets do not run it as a formula. Drafts are left out; rows are sorted by
//! start, then id.

use super::booking::{Booking, BookingStatus};
use super::calendar::Calendar;
use super::time::ZONE;

/// The header row (Italian, as in the back office).
pub const CSV_HEADER: [&str; 18] = [
    "ID",
    "Calendario",
    "Data",
    "Ora inizio",
    "Ora fine",
    "Stato",
    "Nome",
    "Cognome",
    "Codice fiscale",
    "Email",
    "Telefono",
    "Messaggio",
    "Motivo",
    "Esito",
    "Pratica",
    "Orario",
    "Riprogrammato",
    "Creato il",
];

/// The bookings of `calendar` as CSV.
pub fn to_csv(calendar: &Calendar, bookings: &[Booking]) -> String {
    let mut rows: Vec<&Booking> = bookings.iter().filter(|b| b.belongs_to(calendar) && b.status != BookingStatus::Draft).collect();
    rows.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    let mut out = String::new();
    push_row(&mut out, CSV_HEADER.iter().map(|h| h.to_string()));
    let title = if calendar.title.is_empty() { &calendar.id } else { &calendar.title };
    for b in rows {
        let start = b.start.with_timezone(&ZONE);
        let end = b.end.with_timezone(&ZONE);
        let oh = calendar.opening_hour(&b.opening_hour).and_then(|o| o.name.clone()).unwrap_or_else(|| b.opening_hour.clone());
        let text = |v: &Option<String>| v.as_deref().map(defuse).unwrap_or_default();
        push_row(
            &mut out,
            [
                b.id.clone(),
                title.clone(),
                start.format("%d/%m/%Y").to_string(),
                start.format("%H:%M").to_string(),
                end.format("%H:%M").to_string(),
                b.status.label_it().to_string(),
                text(&b.name),
                text(&b.surname),
                text(&b.user),
                text(&b.email),
                text(&b.phone),
                text(&b.message),
                text(&b.reason),
                text(&b.outcome),
                text(&b.practice),
                oh,
                b.reschedule_count().to_string(),
                b.created_at.map(|c| c.with_timezone(&ZONE).format("%d/%m/%Y %H:%M").to_string()).unwrap_or_default(),
            ]
            .into_iter(),
        );
    }
    out
}

fn defuse(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, c) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if c.contains(['"', ',', '\r', '\n']) {
            out.push('"');
            out.push_str(&c.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&c);
        }
    }
    out.push_str("\r\n");
}
