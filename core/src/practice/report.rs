//! Aggregate report over an event log: findings per kind and per step, variants, time per status,
//! missed response deadlines; as data (JSON) and as a readable summary.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::audit::{Auditor, Finding};
use super::config::ServiceConfig;
use super::deadline::{rome_date, term};
use super::import::EventLog;
use super::status::Status;

/// One step (a pair of consecutive rows) of a log: how often it occurs and how often it is a
/// finding (`illegalStep` at its second row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "LogStep"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StepCount {
    /// The status code of the first row.
    pub from: u32,
    /// The status code of the second row.
    pub to: u32,
    /// Occurrences in the log.
    pub count: usize,
    /// Cases that go through it at least once.
    pub cases: usize,
    /// Occurrences reported as an `illegalStep`.
    pub illegal: usize,
}

/// A variant: a distinct sequence of status codes, with the cases that follow it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "LogVariant"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Variant {
    /// The sequence of status codes.
    pub codes: Vec<u32>,
    /// Cases following it.
    pub count: usize,
    /// The graph allows it (no finding other than `outOfOrder`).
    pub fits: bool,
    /// Its minimal repair's cost (`null` over the repair limit).
    pub cost: Option<u32>,
}

/// Time spent in one status: from entering it to the next row of the same case (a case's last
/// row is not counted: it is still there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "LogStatusTime"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusTime {
    /// The status code.
    pub status: u32,
    /// Stays measured.
    pub stays: usize,
    /// Mean stay, in seconds (rounded down).
    pub mean_seconds: i64,
    /// Median stay, in seconds (the lower middle).
    pub median_seconds: i64,
    /// Longest stay, in seconds.
    pub max_seconds: i64,
}

/// A case whose response deadline passed before its first final status, or before `on` while still
/// open: the due date of [`Practice::deadline`](super::Practice::deadline) computed from the case's
/// rows (`responseDays` after the first 1900, Europe/Rome dates, integration suspensions and
/// restarts, `rollToWorkingDay` with the national holidays).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "LogMissedDeadline"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MissedDeadline {
    /// The case id.
    pub case: String,
    /// The date sent (first 1900).
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub sent_on: NaiveDate,
    /// The due date, by the practice's own rule (integration suspensions, restarts, working days).
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub due_date: NaiveDate,
    /// Days added for integration requests (`integrationClock: "suspended"`).
    #[serde(default)]
    pub suspended_days: u32,
    /// The date of the first final status (`null`: still open on `on`).
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub closed_on: Option<NaiveDate>,
    /// Days past the due date (at closing, or on `on`).
    pub days_late: i64,
}

/// The aggregate report of a log against one configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogReport {
    /// Cases in the log.
    pub cases: usize,
    /// Cases without findings.
    pub clean: usize,
    /// Rows in the log.
    pub rows: usize,
    /// Log fitness (as `BatchAudit.fitness`).
    pub fitness: f64,
    /// Findings per kind (`illegalStep`, `outOfOrder`, ...), kinds in alphabetical order.
    pub findings: BTreeMap<String, usize>,
    /// Every step of the log, most frequent first (then by codes).
    pub steps: Vec<StepCount>,
    /// The variants, most frequent first (then by codes).
    pub variants: Vec<Variant>,
    /// Time per status, by code.
    pub times: Vec<StatusTime>,
    /// The service's response time in days (`null`: no deadline check).
    pub response_days: Option<u32>,
    /// Cases that missed the response deadline, in case order.
    pub missed_deadlines: Vec<MissedDeadline>,
}

impl Auditor {
    /// The aggregate report of `log`; `on` is today for the cases still open (`None`: only closed
    /// cases are checked against the deadline).
    pub fn report(&self, log: &EventLog, on: Option<NaiveDate>) -> LogReport {
        let batch = self.audit_many(&log.histories());
        let mut findings: BTreeMap<String, usize> = BTreeMap::new();
        let mut illegal: HashMap<(usize, usize), ()> = HashMap::new();
        for h in &batch.failing {
            for f in &h.findings {
                *findings.entry(kind(f).to_string()).or_default() += 1;
                if let Finding::IllegalStep { index, .. } = f {
                    illegal.insert((h.history, *index), ());
                }
            }
        }
        let fits: HashMap<usize, bool> =
            batch.failing.iter().map(|h| (h.history, h.findings.iter().all(|f| matches!(f, Finding::OutOfOrder { .. })))).collect();
        let costs: HashMap<usize, Option<u32>> = batch.failing.iter().map(|h| (h.history, h.repair.as_ref().map(|r| r.cost))).collect();
        let mut steps: HashMap<(u32, u32), StepCount> = HashMap::new();
        let mut variants: HashMap<Vec<u32>, Variant> = HashMap::new();
        let mut stays: BTreeMap<u32, Vec<i64>> = BTreeMap::new();
        let mut missed = Vec::new();
        let mut rows = 0;
        for (k, case) in log.cases.iter().enumerate() {
            rows += case.steps.len();
            let codes: Vec<u32> = case.steps.iter().map(|s| s.status).collect();
            let mut seen: Vec<(u32, u32)> = Vec::new();
            for (i, w) in case.steps.windows(2).enumerate() {
                let (Some(a), Some(b)) = (w.first(), w.get(1)) else { continue };
                let e = steps.entry((a.status, b.status)).or_insert(StepCount { from: a.status, to: b.status, count: 0, cases: 0, illegal: 0 });
                e.count += 1;
                if !seen.contains(&(a.status, b.status)) {
                    seen.push((a.status, b.status));
                    e.cases += 1;
                }
                if illegal.contains_key(&(k, i + 1)) {
                    e.illegal += 1;
                }
                stays.entry(a.status).or_default().push((b.at - a.at).num_seconds());
            }
            let v = variants.entry(codes.clone()).or_insert(Variant {
                codes,
                count: 0,
                fits: fits.get(&k).copied().unwrap_or(true),
                cost: costs.get(&k).copied().unwrap_or(Some(0)),
            });
            v.count += 1;
            if let Some(days) = self.config().response_days {
                if let Some(m) = deadline(self.config(), days, case, on) {
                    missed.push(m);
                }
            }
        }
        let mut steps: Vec<StepCount> = steps.into_values().collect();
        steps.sort_by(|a, b| b.count.cmp(&a.count).then((a.from, a.to).cmp(&(b.from, b.to))));
        let mut variants: Vec<Variant> = variants.into_values().collect();
        variants.sort_by(|a, b| b.count.cmp(&a.count).then(a.codes.cmp(&b.codes)));
        let times = stays
            .into_iter()
            .map(|(status, mut v)| {
                v.sort_unstable();
                let n = v.len().max(1) as i64;
                StatusTime {
                    status,
                    stays: v.len(),
                    mean_seconds: v.iter().sum::<i64>().div_euclid(n),
                    median_seconds: v.get(v.len().saturating_sub(1) / 2).copied().unwrap_or(0),
                    max_seconds: v.last().copied().unwrap_or(0),
                }
            })
            .collect();
        LogReport {
            cases: batch.histories,
            clean: batch.clean,
            rows,
            fitness: batch.fitness,
            findings,
            steps,
            variants,
            times,
            response_days: self.config().response_days,
            missed_deadlines: missed,
        }
    }
}

fn deadline(config: &ServiceConfig, days: u32, case: &super::import::LogCase, on: Option<NaiveDate>) -> Option<MissedDeadline> {
    let sent = case.steps.iter().find(|s| s.status == Status::Sent.code())?;
    let after = || case.steps.iter().filter(|s| s.at >= sent.at);
    let closed = after().find(|s| Status::from_code_opt(s.status).is_some_and(Status::is_final));
    let closed_on = closed.map(|s| rome_date(s.at));
    let end = closed_on.or(on)?;
    // The practice's own rule (integration suspensions, restarts, working days), on the rows up to
    // the outcome; a due date that cannot be computed (after 9999-12-31) is not reported.
    let rows = after().take_while(|s| closed.is_none_or(|c| s.at <= c.at));
    let steps = rows.map(|s| (s.at, Status::from_code_opt(s.status).is_some_and(Status::awaits_integration)));
    let t = term(config, days, sent.at, steps, &[], end, None).ok()?;
    let due = t.due_date?;
    let late = (end - due).num_days();
    (late > 0).then(|| MissedDeadline {
        case: case.id.clone(),
        sent_on: t.submitted_on,
        due_date: due,
        suspended_days: t.suspended_days,
        closed_on,
        days_late: late,
    })
}

fn kind(f: &Finding) -> &'static str {
    match f {
        Finding::Empty => "empty",
        Finding::BadStart { .. } => "badStart",
        Finding::UnknownStatus { .. } => "unknownStatus",
        Finding::LegacyStatus { .. } => "legacyStatus",
        Finding::LegacySelfLoop { .. } => "legacySelfLoop",
        Finding::IllegalStep { .. } => "illegalStep",
        Finding::OutOfOrder { .. } => "outOfOrder",
        Finding::ImpossibleEnd { .. } => "impossibleEnd",
    }
}

fn duration(secs: i64) -> String {
    let (d, h, m) = (secs / 86_400, (secs % 86_400) / 3600, (secs % 3600) / 60);
    if d > 0 {
        format!("{d}d {h}h")
    } else if h > 0 {
        format!("{h}h {m}m")
    } else {
        format!("{m}m")
    }
}

impl LogReport {
    /// A readable summary (English, plain text; status codes with their Italian labels).
    pub fn summary(&self) -> String {
        let label = |c: u32| Status::from_code_opt(c).map_or_else(|| c.to_string(), |s| format!("{c} {}", s.label()));
        let mut out = String::new();
        let pct = |a: usize, b: usize| if b == 0 { 100.0 } else { 100.0 * a as f64 / b as f64 };
        out.push_str(&format!(
            "{} cases, {} rows; {} clean ({:.1} %); log fitness {:.4}\n",
            self.cases,
            self.rows,
            self.clean,
            pct(self.clean, self.cases),
            self.fitness
        ));
        if !self.findings.is_empty() {
            out.push_str("\nFindings by kind:\n");
            for (k, n) in &self.findings {
                out.push_str(&format!("  {k:<16} {n}\n"));
            }
        }
        let bad: Vec<&StepCount> = self.steps.iter().filter(|s| s.illegal > 0).collect();
        if !bad.is_empty() {
            out.push_str("\nIllegal steps:\n");
            for s in bad {
                out.push_str(&format!("  {} -> {}: {} of {}\n", label(s.from), label(s.to), s.illegal, s.count));
            }
        }
        out.push_str("\nVariants (most frequent first):\n");
        for v in self.variants.iter().take(10) {
            let codes: Vec<String> = v.codes.iter().map(u32::to_string).collect();
            let cost = v.cost.map_or_else(|| "?".to_string(), |c| c.to_string());
            out.push_str(&format!(
                "  {:>6}  {:>5.1} %  {}  {}\n",
                v.count,
                pct(v.count, self.cases),
                if v.fits { "fits     ".to_string() } else { format!("repair {cost:<2}") },
                codes.join(" ")
            ));
        }
        if self.variants.len() > 10 {
            out.push_str(&format!("  ... {} more\n", self.variants.len() - 10));
        }
        if !self.times.is_empty() {
            out.push_str("\nTime per status (median / mean / max):\n");
            for t in &self.times {
                out.push_str(&format!(
                    "  {:<50} {} / {} / {} ({} stays)\n",
                    label(t.status),
                    duration(t.median_seconds),
                    duration(t.mean_seconds),
                    duration(t.max_seconds),
                    t.stays
                ));
            }
        }
        if let Some(days) = self.response_days {
            out.push_str(&format!("\nResponse deadline ({days} days): {} missed\n", self.missed_deadlines.len()));
            for m in self.missed_deadlines.iter().take(10) {
                let state = m.closed_on.map_or_else(|| "still open".to_string(), |d| format!("closed {d}"));
                let suspended = if m.suspended_days > 0 { format!(" (+{} days suspended)", m.suspended_days) } else { String::new() };
                out.push_str(&format!("  {}: due {}{suspended}, {state}, {} days late\n", m.case, m.due_date, m.days_late));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::{read_csv, LogOptions, ServiceConfig};

    #[test]
    fn report_counts_variants_steps_times_and_deadlines() {
        let csv = "case;activity;timestamp\n\
            A;1000;01/03/2025 09:00\nA;1900;01/03/2025 10:00\nA;2000;01/03/2025 12:00\nA;4000;02/03/2025 12:00\nA;7000;10/04/2025 12:00\n\
            B;1000;01/03/2025 09:00\nB;1900;01/03/2025 09:30\nB;2000;01/03/2025 10:30\n\
            C;1000;01/03/2025 09:00\nC;1900;01/03/2025 09:30\nC;7000;01/03/2025 10:30\n";
        let log = read_csv(csv, &LogOptions::default()).unwrap();
        let config = ServiceConfig { response_days: Some(30), ..ServiceConfig::default() };
        let r = Auditor::new(&config).report(&log, NaiveDate::from_ymd_opt(2025, 4, 15));
        assert_eq!((r.cases, r.clean, r.rows), (3, 2, 11));
        assert_eq!(r.findings.get("illegalStep"), Some(&1));
        assert_eq!(r.variants.len(), 3);
        let bad = r.steps.iter().find(|s| (s.from, s.to) == (1900, 7000)).unwrap();
        assert_eq!((bad.count, bad.illegal), (1, 1));
        let sent = r.times.iter().find(|t| t.status == 1900).unwrap();
        assert_eq!((sent.stays, sent.max_seconds), (3, 7200));
        // A: sent 1 Mar, due 31 Mar, closed 10 Apr (10 days late); B open on 15 Apr (15 days late).
        let late: Vec<(&str, i64)> = r.missed_deadlines.iter().map(|m| (m.case.as_str(), m.days_late)).collect();
        assert_eq!(late, vec![("A", 10), ("B", 15)]);
        let text = r.summary();
        assert!(text.contains("3 cases, 11 rows; 2 clean"), "{text}");
        assert!(text.contains("1900 Inviata -> 7000 Accettata: 1 of 1"), "{text}");
    }
}
