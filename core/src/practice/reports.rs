//! Reports over a list of practices, as the reference platform's back office gives them
//! (issue 17, item 7): the CSV export of the practices' list, the counts per year, per service
//! and per month, the time to the outcome, and the sum, average and count of form fields.
//!
//! Source: neboduus/comune-ita-platform `src/Controller/Ui/Backend/OperatoriController.php`
//! (`indexCSVAction`: the export's columns; `indexCalculateAction`: sum / avg / count of chosen
//! form fields; `usageAction`: practices sent per year).

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::citizen::Lang;
use super::error::PracticeError;
use super::lifecycle::{Practice, PracticeRecord};
use super::status::Status;

/// One practice with what the export shows besides its own record (the service's name, the
/// applicant's name, the login, the operator's name, the form's data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReportItem {
    /// The practice as stored (`Practice.toJson()`), replayed on load.
    pub practice: PracticeRecord,
    /// The service's name (column "Servizio"; `?` when absent, as the reference platform writes).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub service: Option<String>,
    /// The applicant's full name (column "Richiedente").
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub applicant_name: Option<String>,
    /// How the applicant logged in (column "Login": `spid`, `cie`, ...).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub login: Option<String>,
    /// The name of the operator in charge (column "Operatore"; default: the operator's id).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub operator_name: Option<String>,
    /// The form's submission (extra columns and calculations read it by dotted path).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional, type = "Record<string, unknown>"))]
    pub data: Option<Value>,
}

/// An extra column of the export: a form field, by its label and its dotted data path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportColumn {
    /// The header.
    pub label: String,
    /// The field's path in the submission (`richiedente.nome`).
    pub path: String,
}

/// Options of [`export_csv`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportOptions {
    /// Form fields added after the fixed columns, in this order.
    #[serde(default)]
    pub columns: Vec<ExportColumn>,
    /// The language of the status labels (default Italian, as the reference platform).
    #[serde(default)]
    pub lang: Lang,
}

/// The fixed columns of the reference platform's export (`indexCSVAction`).
pub const EXPORT_HEADERS: [&str; 11] = [
    "ID",
    "Numero di protocollo",
    "Login",
    "Pagamenti",
    "Richiedente",
    "Codice fiscale",
    "Data di inserimento",
    "Ultimo cambio stato",
    "Stato",
    "Operatore",
    "Servizio",
];

fn load(items: &[ReportItem]) -> Result<Vec<Practice>, PracticeError> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            Practice::from_record(item.practice.clone()).map_err(|e| PracticeError::Invalid { message: format!("items[{i}].practice: {e}") })
        })
        .collect()
}

fn rome(at: DateTime<FixedOffset>) -> String {
    at.with_timezone(&chrono_tz::Europe::Rome).format("%d/%m/%Y %H:%M:%S").to_string()
}

/// The value at a dotted path of a submission.
fn at_path<'a>(data: Option<&'a Value>, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(data?, |v, key| v.get(key))
}

/// A cell as the reference platform writes it: a list or an object by its length, `true` as
/// `1`, `false` and null as empty (PHP's string conversion).
fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) | Some(Value::Bool(false)) => String::new(),
        Some(Value::Bool(true)) => "1".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Array(a)) => a.len().to_string(),
        Some(Value::Object(o)) => o.len().to_string(),
    }
}

/// A payment is complete unless the practice still waits for it or it failed: the reference
/// platform's `payment_complete` (status 1530, or any status up to 1510, is not complete).
fn payment_complete(status: Status) -> bool {
    !(status == Status::PaymentFailed || status.code() <= Status::PaymentOutcomePending.code())
}

/// Writes one CSV line as PHP's `fputcsv` does (comma, `"` doubled inside quotes; a field with a
/// comma, quote, backslash, space, tab or line break is quoted).
fn write_row(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if f.chars().any(|c| matches!(c, ',' | '"' | '\\' | ' ' | '\t' | '\n' | '\r')) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push('\n');
}

/// The back office's CSV export of a list of practices: the reference platform's 11 columns
/// ([`EXPORT_HEADERS`]), then the chosen form fields. Dates are Europe/Rome `dd/mm/yyyy
/// HH:MM:SS`; "Pagamenti" is `1` for a practice with a payment that is complete, empty otherwise
/// (and for one without payment); the codice fiscale loses the `-suffix` of anonymous users; a
/// list or object field counts its items.
pub fn export_csv(items: &[ReportItem], options: &ExportOptions) -> Result<String, PracticeError> {
    let practices = load(items)?;
    let mut out = String::new();
    let mut headers: Vec<String> = EXPORT_HEADERS.iter().map(|h| (*h).to_string()).collect();
    headers.extend(options.columns.iter().map(|c| c.label.clone()));
    write_row(&mut out, &headers);
    for (item, p) in items.iter().zip(&practices) {
        let last = p.timeline().last().map_or(p.created_at(), |e| e.at);
        let mut row = vec![
            p.id().to_string(),
            p.protocol_number().unwrap_or_default().to_string(),
            item.login.clone().unwrap_or_default(),
            if p.payment_created() && payment_complete(p.status()) { "1".to_string() } else { String::new() },
            item.applicant_name.clone().unwrap_or_default(),
            p.applicant().split('-').next().unwrap_or_default().to_string(),
            p.submitted_at().map(rome).unwrap_or_default(),
            rome(last),
            p.status().label_in(options.lang).to_string(),
            item.operator_name.clone().or_else(|| p.assigned_operator().map(str::to_string)).unwrap_or_default(),
            item.service.clone().unwrap_or_else(|| "?".to_string()),
        ];
        row.extend(options.columns.iter().map(|c| cell(at_path(item.data.as_ref(), &c.path))));
        write_row(&mut out, &row);
    }
    Ok(out)
}

/// A count for a period or a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "UsageCount"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Count {
    /// The year (`2026`), the month (`2026-03`) or the service's name.
    pub key: String,
    /// Practices sent in it.
    pub count: usize,
}

/// The time from sending to the outcome (the first final status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OutcomeTime {
    /// Practices sent that reached a final status.
    pub count: usize,
    /// Mean, in seconds (0 when none).
    pub mean_seconds: i64,
    /// Median (the lower middle), in seconds.
    pub median_seconds: i64,
}

/// The counts of [`usage`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Usage {
    /// Practices sent (drafts never sent are not counted, as the reference platform's
    /// `status > 1000 and submission_time is not null`).
    pub sent: usize,
    /// Per year of sending (Europe/Rome), oldest first.
    pub by_year: Vec<Count>,
    /// Per month of sending (`yyyy-mm`), oldest first: the trend.
    pub by_month: Vec<Count>,
    /// Per service (`?` without a name), most practices first, then by name.
    pub by_service: Vec<Count>,
    /// Per current status code, by code.
    pub by_status: Vec<Count>,
    /// Time to the outcome.
    pub outcome: OutcomeTime,
}

/// Practices sent per year, per month and per service, per status, and the time from sending to
/// the outcome.
pub fn usage(items: &[ReportItem]) -> Result<Usage, PracticeError> {
    let practices = load(items)?;
    let mut years: BTreeMap<String, usize> = BTreeMap::new();
    let mut months: BTreeMap<String, usize> = BTreeMap::new();
    let mut services: BTreeMap<String, usize> = BTreeMap::new();
    let mut statuses: BTreeMap<u32, usize> = BTreeMap::new();
    let mut times: Vec<i64> = Vec::new();
    let mut sent = 0;
    for (item, p) in items.iter().zip(&practices) {
        let Some(at) = p.submitted_at() else { continue };
        sent += 1;
        let local = at.with_timezone(&chrono_tz::Europe::Rome);
        *years.entry(format!("{:04}", local.year())).or_default() += 1;
        *months.entry(format!("{:04}-{:02}", local.year(), local.month())).or_default() += 1;
        *services.entry(item.service.clone().unwrap_or_else(|| "?".to_string())).or_default() += 1;
        *statuses.entry(p.status().code()).or_default() += 1;
        if let Some(end) = p.timeline().iter().find(|e| e.at >= at && e.status.is_final()) {
            times.push((end.at - at).num_seconds());
        }
    }
    let counts = |m: BTreeMap<String, usize>| m.into_iter().map(|(key, count)| Count { key, count }).collect::<Vec<_>>();
    let mut by_service = counts(services);
    by_service.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    times.sort_unstable();
    let n = times.len();
    let outcome = OutcomeTime {
        count: n,
        mean_seconds: if n == 0 { 0 } else { times.iter().sum::<i64>().div_euclid(n as i64) },
        median_seconds: times.get(n.saturating_sub(1) / 2).copied().unwrap_or(0),
    };
    Ok(Usage {
        sent,
        by_year: counts(years),
        by_month: counts(months),
        by_service,
        by_status: statuses.into_iter().map(|(code, count)| Count { key: code.to_string(), count }).collect(),
        outcome,
    })
}

/// The form fields to add up, average and count ([`calculate`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CalculateFields {
    /// Paths to add up.
    #[serde(default)]
    pub sum: Vec<String>,
    /// Paths to average.
    #[serde(default)]
    pub avg: Vec<String>,
    /// Paths whose filled values to count.
    #[serde(default)]
    pub count: Vec<String>,
}

/// The answers of [`calculate`], per path; sums and averages as exact decimal strings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Calculation {
    /// Sum of the numeric values.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, string>"))]
    pub sum: BTreeMap<String, Decimal>,
    /// Average of the numeric values (`null` when none), to at most 6 decimals.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, string | null>"))]
    pub avg: BTreeMap<String, Option<Decimal>>,
    /// Values present and not empty (null, `""` and `[]` are empty).
    pub count: BTreeMap<String, usize>,
}

/// A number, or a string holding one (a Form.io number field may store either; `1,5` with a
/// decimal comma too).
fn number(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => Decimal::from_str(&n.to_string()).or_else(|_| Decimal::from_scientific(&n.to_string())).ok(),
        Value::String(s) => Decimal::from_str(s.trim()).or_else(|_| Decimal::from_str(&s.trim().replace(',', "."))).ok(),
        _ => None,
    }
}

/// The back office's figures over form fields (`indexCalculateAction`): the sum and the average
/// of the numeric values at each path, and the count of filled values, over every practice.
/// Values that are not numbers (nor strings holding one) are left out of sums and averages.
pub fn calculate(items: &[ReportItem], fields: &CalculateFields) -> Result<Calculation, PracticeError> {
    load(items)?;
    fn values<'a>(items: &'a [ReportItem], path: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        items.iter().filter_map(move |i| at_path(i.data.as_ref(), path))
    }
    let mut out = Calculation::default();
    for path in &fields.sum {
        let total = values(items, path).filter_map(number).try_fold(Decimal::ZERO, |a, b| a.checked_add(b));
        out.sum
            .insert(path.clone(), total.ok_or_else(|| PracticeError::Invalid { message: format!("the sum of {path} overflows") })?);
    }
    for path in &fields.avg {
        let nums: Vec<Decimal> = values(items, path).filter_map(number).collect();
        let total = nums.iter().try_fold(Decimal::ZERO, |a, b| a.checked_add(*b));
        let avg = match total {
            _ if nums.is_empty() => None,
            Some(t) => t.checked_div(Decimal::from(nums.len())).map(|d| d.round_dp(6).normalize()),
            None => return Err(PracticeError::Invalid { message: format!("the sum of {path} overflows") }),
        };
        out.avg.insert(path.clone(), avg);
    }
    for path in &fields.count {
        let n = values(items, path)
            .filter(|v| !matches!(v, Value::Null) && v.as_str() != Some("") && v.as_array().is_none_or(|a| !a.is_empty()))
            .count();
        out.count.insert(path.clone(), n);
    }
    Ok(out)
}
