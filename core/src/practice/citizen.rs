//! What a citizen sees of a practice: the groups of the citizen's list ("In bozza", "Inviate",
//! "Da integrare", "Da pagare", "Accettate", "Rifiutate", "Ritirate") as a function of the status,
//! the "ultimo cambio stato" ranges ("oggi", "ieri", "ultimi 7 giorni", "questo mese", "mese
//! scorso") as a pure function of a date and today, and statuses and labels in Italian, English and
//! German. Everything here is pure: `today` is always a parameter.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::error::PracticeError;
use super::status::Status;

/// A language of the labels. JSON `"it"`, `"en"`, `"de"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "PracticeLang"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Lang {
    /// Italian (the seed portals' and the reference platform's language).
    #[default]
    It,
    /// English.
    En,
    /// German (the bilingual administrations of South Tyrol).
    De,
}

impl Lang {
    /// The language with this code (`"it"`, `"en"`, `"de"`); `practice.invalid` otherwise.
    pub fn from_code(code: &str) -> Result<Lang, PracticeError> {
        match code {
            "it" => Ok(Lang::It),
            "en" => Ok(Lang::En),
            "de" => Ok(Lang::De),
            _ => Err(PracticeError::Invalid { message: format!("unknown language {code:?} (it, en or de)") }),
        }
    }
}

/// A group of the citizen's list of practices ("Le mie pratiche").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "CitizenGroup"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum CitizenGroup {
    /// "In bozza": 1000.
    Draft,
    /// "Inviate": sent and being handled (1520, 1900 to 4100, 4300 to 4500).
    Sent,
    /// "Da integrare": the office awaits the citizen's integration (4200).
    ToIntegrate,
    /// "Da pagare": a payment or stamps are due (1400, 1500, 1510, 1530).
    ToPay,
    /// "Accettate": accepted, in full or in part (6000, 6500, 7000, 7500).
    Accepted,
    /// "Rifiutate": rejected (8000, 9000).
    Rejected,
    /// "Ritirate": withdrawn by the citizen (20000).
    Withdrawn,
}

impl CitizenGroup {
    /// The seven groups, in the seed portal's order.
    pub const ALL: [CitizenGroup; 7] = [
        CitizenGroup::Draft,
        CitizenGroup::Sent,
        CitizenGroup::ToIntegrate,
        CitizenGroup::ToPay,
        CitizenGroup::Accepted,
        CitizenGroup::Rejected,
        CitizenGroup::Withdrawn,
    ];

    /// The group of a status; `None` for 50000 "Annullata", which the seed's groups do not list.
    pub const fn of(status: Status) -> Option<CitizenGroup> {
        use Status::*;
        Some(match status {
            Draft => CitizenGroup::Draft,
            StampsPending | PaymentPending | PaymentOutcomePending | PaymentFailed => CitizenGroup::ToPay,
            PaymentSucceeded
            | Sent
            | Acquired
            | Registered
            | InCharge
            | IntegrationRequested
            | IntegrationReceived
            | IntegrationRegistered
            | InChargeAfterIntegration => CitizenGroup::Sent,
            AwaitingIntegration => CitizenGroup::ToIntegrate,
            AcceptedAwaitingRegistration | PartiallyApprovedAwaitingRegistration | Accepted | PartiallyApproved => CitizenGroup::Accepted,
            RejectedAwaitingRegistration | Rejected => CitizenGroup::Rejected,
            Withdrawn => CitizenGroup::Withdrawn,
            Annulled => return None,
        })
    }

    /// The statuses of the group, ordered by code.
    pub fn statuses(self) -> Vec<Status> {
        Status::ALL.iter().copied().filter(|s| CitizenGroup::of(*s) == Some(self)).collect()
    }

    /// The camelCase name (as serialised).
    pub const fn name(self) -> &'static str {
        match self {
            CitizenGroup::Draft => "draft",
            CitizenGroup::Sent => "sent",
            CitizenGroup::ToIntegrate => "toIntegrate",
            CitizenGroup::ToPay => "toPay",
            CitizenGroup::Accepted => "accepted",
            CitizenGroup::Rejected => "rejected",
            CitizenGroup::Withdrawn => "withdrawn",
        }
    }

    /// The label in `lang` (Italian: the seed portal's words).
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (CitizenGroup::Draft, Lang::It) => "In bozza",
            (CitizenGroup::Draft, Lang::En) => "Drafts",
            (CitizenGroup::Draft, Lang::De) => "Entwürfe",
            (CitizenGroup::Sent, Lang::It) => "Inviate",
            (CitizenGroup::Sent, Lang::En) => "Sent",
            (CitizenGroup::Sent, Lang::De) => "Gesendet",
            (CitizenGroup::ToIntegrate, Lang::It) => "Da integrare",
            (CitizenGroup::ToIntegrate, Lang::En) => "To be completed",
            (CitizenGroup::ToIntegrate, Lang::De) => "Zu ergänzen",
            (CitizenGroup::ToPay, Lang::It) => "Da pagare",
            (CitizenGroup::ToPay, Lang::En) => "To be paid",
            (CitizenGroup::ToPay, Lang::De) => "Zu bezahlen",
            (CitizenGroup::Accepted, Lang::It) => "Accettate",
            (CitizenGroup::Accepted, Lang::En) => "Accepted",
            (CitizenGroup::Accepted, Lang::De) => "Angenommen",
            (CitizenGroup::Rejected, Lang::It) => "Rifiutate",
            (CitizenGroup::Rejected, Lang::En) => "Rejected",
            (CitizenGroup::Rejected, Lang::De) => "Abgelehnt",
            (CitizenGroup::Withdrawn, Lang::It) => "Ritirate",
            (CitizenGroup::Withdrawn, Lang::En) => "Withdrawn",
            (CitizenGroup::Withdrawn, Lang::De) => "Zurückgezogen",
        }
    }

    /// The group as data: `{name, label, statuses}`.
    pub fn info(self, lang: Lang) -> GroupInfo {
        GroupInfo { name: self, label: self.label(lang).to_owned(), statuses: self.statuses() }
    }
}

/// A citizen group as data. JSON: `{"name": "toPay", "label": "Da pagare", "statuses": [1400, 1500, 1510, 1530]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "CitizenGroupInfo"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupInfo {
    /// The group.
    pub name: CitizenGroup,
    /// Its label in the language asked for.
    pub label: String,
    /// Its statuses, ordered by code.
    pub statuses: Vec<Status>,
}

/// A range of the "ultimo cambio stato" filter of the seed's back office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "ChangeRange"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum ChangeRange {
    /// "Oggi": today.
    Today,
    /// "Ieri": the day before today.
    Yesterday,
    /// "Ultimi 7 giorni": today and the 6 days before.
    Last7Days,
    /// "Questo mese": from the first of today's month to today.
    ThisMonth,
    /// "Mese scorso": the whole previous calendar month.
    LastMonth,
}

impl ChangeRange {
    /// The five ranges, in the seed's order.
    pub const ALL: [ChangeRange; 5] =
        [ChangeRange::Today, ChangeRange::Yesterday, ChangeRange::Last7Days, ChangeRange::ThisMonth, ChangeRange::LastMonth];

    /// The camelCase name (as serialised).
    pub const fn name(self) -> &'static str {
        match self {
            ChangeRange::Today => "today",
            ChangeRange::Yesterday => "yesterday",
            ChangeRange::Last7Days => "last7Days",
            ChangeRange::ThisMonth => "thisMonth",
            ChangeRange::LastMonth => "lastMonth",
        }
    }

    /// The label in `lang` (Italian: the seed's words).
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ChangeRange::Today, Lang::It) => "Oggi",
            (ChangeRange::Today, Lang::En) => "Today",
            (ChangeRange::Today, Lang::De) => "Heute",
            (ChangeRange::Yesterday, Lang::It) => "Ieri",
            (ChangeRange::Yesterday, Lang::En) => "Yesterday",
            (ChangeRange::Yesterday, Lang::De) => "Gestern",
            (ChangeRange::Last7Days, Lang::It) => "Ultimi 7 giorni",
            (ChangeRange::Last7Days, Lang::En) => "Last 7 days",
            (ChangeRange::Last7Days, Lang::De) => "Letzte 7 Tage",
            (ChangeRange::ThisMonth, Lang::It) => "Questo mese",
            (ChangeRange::ThisMonth, Lang::En) => "This month",
            (ChangeRange::ThisMonth, Lang::De) => "Dieser Monat",
            (ChangeRange::LastMonth, Lang::It) => "Mese scorso",
            (ChangeRange::LastMonth, Lang::En) => "Last month",
            (ChangeRange::LastMonth, Lang::De) => "Letzter Monat",
        }
    }

    /// The first and last date of the range (both included) as of `today`. `practice.date_range`
    /// only at the very start of the [supported range](crate::iso#the-range-of-dates).
    pub fn bounds(self, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), PracticeError> {
        let back = |n: u64| crate::iso::sub_days(today, n).ok_or(PracticeError::DateRange);
        let first = today.with_day(1).ok_or(PracticeError::DateRange)?;
        Ok(match self {
            ChangeRange::Today => (today, today),
            ChangeRange::Yesterday => (back(1)?, back(1)?),
            ChangeRange::Last7Days => (back(6)?, today),
            ChangeRange::ThisMonth => (first, today),
            ChangeRange::LastMonth => {
                let start = first.checked_sub_months(Months::new(1)).and_then(crate::iso::in_range).ok_or(PracticeError::DateRange)?;
                let end = crate::iso::sub_days(first, 1).ok_or(PracticeError::DateRange)?;
                (start, end)
            }
        })
    }

    /// Whether `date` falls in the range as of `today` (never for a date after today).
    pub fn contains(self, date: NaiveDate, today: NaiveDate) -> bool {
        self.bounds(today).is_ok_and(|(from, to)| from <= date && date <= to)
    }

    /// The range as data as of `today`: `{name, label, from, to}`.
    pub fn info(self, today: NaiveDate, lang: Lang) -> Result<RangeInfo, PracticeError> {
        let (from, to) = self.bounds(today)?;
        Ok(RangeInfo { name: self, label: self.label(lang).to_owned(), from, to })
    }
}

/// A range of the "ultimo cambio stato" filter as data. JSON: `{"name": "lastMonth", "label":
/// "Mese scorso", "from": "2025-02-01", "to": "2025-02-28"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "ChangeRangeInfo"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RangeInfo {
    /// The range.
    pub name: ChangeRange,
    /// Its label in the language asked for.
    pub label: String,
    /// Its first date (included).
    #[serde(deserialize_with = "crate::iso::de_date")]
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub from: NaiveDate,
    /// Its last date (included).
    #[serde(deserialize_with = "crate::iso::de_date")]
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub to: NaiveDate,
}

/// The ranges of the "ultimo cambio stato" filter that hold `date` as of `today`, in the seed's
/// order (they overlap: today is also in the last 7 days and, usually, this month). Pure: `today`
/// is a parameter.
pub fn change_ranges(date: NaiveDate, today: NaiveDate, lang: Lang) -> Result<Vec<RangeInfo>, PracticeError> {
    ChangeRange::ALL.iter().filter(|r| r.contains(date, today)).map(|r| r.info(today, lang)).collect()
}

/// The citizen groups as data, in the seed's order.
pub fn citizen_groups(lang: Lang) -> Vec<GroupInfo> {
    CitizenGroup::ALL.iter().map(|g| g.info(lang)).collect()
}

impl Status {
    /// The label in `lang`: Italian is [`Status::label`] (the reference platform's and the seed's
    /// words); English and German are the library's translations.
    pub const fn label_in(self, lang: Lang) -> &'static str {
        use Status::*;
        match lang {
            Lang::It => self.label(),
            Lang::En => match self {
                Draft => "Draft",
                StampsPending => "Awaiting payment of stamp duty",
                PaymentPending => "Awaiting payment",
                PaymentOutcomePending => "Awaiting the payment outcome",
                PaymentSucceeded => "Payment successful",
                PaymentFailed => "Payment refused",
                Sent => "Sent",
                Acquired => "Received",
                Registered => "Registered",
                InCharge => "In progress",
                IntegrationRequested => "Integration requested",
                AwaitingIntegration => "Awaiting integration",
                IntegrationReceived => "Integration awaiting registration",
                IntegrationRegistered => "Integration registered",
                InChargeAfterIntegration => "In progress after integration",
                AcceptedAwaitingRegistration => "Processed (outcome document awaiting registration)",
                PartiallyApprovedAwaitingRegistration => "Partially approved (outcome document awaiting registration)",
                Accepted => "Accepted",
                PartiallyApproved => "Partially approved",
                RejectedAwaitingRegistration => "Rejected (outcome document awaiting registration)",
                Rejected => "Rejected",
                Withdrawn => "Withdrawn",
                Annulled => "Annulled",
            },
            Lang::De => match self {
                Draft => "Entwurf",
                StampsPending => "Warten auf Zahlung der Stempelsteuer",
                PaymentPending => "Warten auf Zahlung",
                PaymentOutcomePending => "Warten auf das Zahlungsergebnis",
                PaymentSucceeded => "Zahlung erfolgreich",
                PaymentFailed => "Zahlung abgelehnt",
                Sent => "Gesendet",
                Acquired => "Eingegangen",
                Registered => "Protokolliert",
                InCharge => "In Bearbeitung",
                IntegrationRequested => "Ergänzung angefordert",
                AwaitingIntegration => "Warten auf Ergänzungen",
                IntegrationReceived => "Ergänzungen warten auf Protokollierung",
                IntegrationRegistered => "Ergänzungen protokolliert",
                InChargeAfterIntegration => "In Bearbeitung nach Ergänzungen",
                AcceptedAwaitingRegistration => "Bearbeitet (Ergebnisdokument wartet auf Protokollierung)",
                PartiallyApprovedAwaitingRegistration => "Teilweise genehmigt (Ergebnisdokument wartet auf Protokollierung)",
                Accepted => "Angenommen",
                PartiallyApproved => "Teilweise genehmigt",
                RejectedAwaitingRegistration => "Abgelehnt (Ergebnisdokument wartet auf Protokollierung)",
                Rejected => "Abgelehnt",
                Withdrawn => "Zurückgezogen",
                Annulled => "Annulliert",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::iso::parse_date(s).unwrap_or_default()
    }

    #[test]
    fn every_status_but_annulled_has_one_group() {
        let grouped: usize = CitizenGroup::ALL.iter().map(|g| g.statuses().len()).sum();
        assert_eq!(grouped, Status::ALL.len() - 1);
        assert_eq!(CitizenGroup::of(Status::Annulled), None);
    }

    #[test]
    fn ranges_across_a_year() {
        let today = d("2025-01-03");
        let (from, to) = ChangeRange::LastMonth.bounds(today).unwrap_or_else(|_| unreachable!());
        assert_eq!((from, to), (d("2024-12-01"), d("2024-12-31")));
        assert_eq!(ChangeRange::Last7Days.bounds(today).map(|b| b.0).ok(), Some(d("2024-12-28")));
        let names: Vec<ChangeRange> = change_ranges(d("2024-12-30"), today, Lang::It).unwrap_or_default().iter().map(|r| r.name).collect();
        assert_eq!(names, vec![ChangeRange::Last7Days, ChangeRange::LastMonth]);
        assert!(change_ranges(d("2025-01-04"), today, Lang::It).unwrap_or_default().is_empty());
    }
}
