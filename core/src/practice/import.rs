//! Event-log import, pure, from text: a flat CSV (case id, activity, timestamp; columns by name)
//! or XES, grouped by case, activities mapped to status codes, timestamps read as RFC 3339 or as
//! Italian local date-times (`dd/mm/yyyy HH:MM`, Europe/Rome with its daylight-saving changes).

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Europe::Rome;
use serde::{Deserialize, Serialize};

use super::audit::Step;
use super::citizen::Lang;
use super::error::PracticeError;
use super::status::Status;

/// How to read a log. JSON (every key optional): `{"caseColumn": "case", "activityColumn":
/// "activity", "timeColumn": "timestamp", "delimiter": null, "labels": {}, "sortByTime": false}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct LogOptions {
    /// CSV header of the case id (default `"case"`; compared without case and surrounding spaces).
    pub case_column: String,
    /// CSV header of the activity (default `"activity"`).
    pub activity_column: String,
    /// CSV header of the timestamp (default `"timestamp"`).
    pub time_column: String,
    /// CSV field separator; `null`: the one of `,` `;` tab that the header row uses most.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub delimiter: Option<char>,
    /// Activity label -> status code, tried before the built-in labels (compared without case
    /// and surrounding spaces). Built in: the code itself (`"1900"`), the Italian, English and
    /// German labels and the English name (`"sent"`).
    pub labels: HashMap<String, u32>,
    /// Sort each case's rows by time (stable) instead of keeping the file's order, so the audit
    /// reports no `outOfOrder`.
    pub sort_by_time: bool,
}

impl Default for LogOptions {
    fn default() -> Self {
        LogOptions {
            case_column: "case".into(),
            activity_column: "activity".into(),
            time_column: "timestamp".into(),
            delimiter: None,
            labels: HashMap::new(),
            sort_by_time: false,
        }
    }
}

/// One case of a log: its id and its rows in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogCase {
    /// The case id.
    pub id: String,
    /// Its rows, in the file's order (or by time with `sortByTime`).
    pub steps: Vec<Step>,
}

/// An event log grouped by case, cases in order of first appearance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EventLog {
    /// The cases.
    pub cases: Vec<LogCase>,
}

impl EventLog {
    /// The histories, in case order (for `audit_many`).
    pub fn histories(&self) -> Vec<&[Step]> {
        self.cases.iter().map(|c| c.steps.as_slice()).collect()
    }
}

fn err(line: usize, message: impl Into<String>) -> PracticeError {
    PracticeError::Import { line, message: message.into() }
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Label -> code: the caller's labels first, then the built-in ones.
struct Labels(HashMap<String, u32>);

impl Labels {
    fn new(options: &LogOptions) -> Labels {
        let mut m = HashMap::new();
        for s in Status::ALL {
            for l in [s.label(), s.label_in(Lang::En), s.label_in(Lang::De), s.name()] {
                m.entry(norm(l)).or_insert(s.code());
            }
        }
        m.insert(norm("In elaborazione"), 5000);
        for (k, &v) in &options.labels {
            m.insert(norm(k), v);
        }
        Labels(m)
    }

    fn code(&self, label: &str, line: usize) -> Result<u32, PracticeError> {
        if let Some(&c) = self.0.get(&norm(label)) {
            return Ok(c);
        }
        label
            .trim()
            .parse::<u32>()
            .map_err(|_| err(line, format!("activity {label:?} is no status code and no known label (give it in `labels`)")))
    }
}

/// Reads a timestamp: RFC 3339 / ISO 8601 with an offset (`2025-02-20T10:00:00+01:00`, fractions
/// allowed), unix seconds, or a local Europe/Rome date-time: `dd/mm/yyyy HH:MM[:SS]`,
/// `dd/mm/yyyy` (midnight), `yyyy-mm-dd[ T]HH:MM[:SS]`. A local time repeated when the clocks go
/// back is the first of the two; one skipped when they go forward is an error.
pub fn parse_instant(text: &str) -> Result<DateTime<FixedOffset>, String> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Ok(d);
    }
    if let Ok(d) = DateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f%z") {
        return Ok(d);
    }
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        let secs: i64 = t.parse().map_err(|_| format!("timestamp {t:?} out of range"))?;
        return chrono::Utc
            .timestamp_opt(secs, 0)
            .single()
            .map(|d| d.fixed_offset())
            .ok_or_else(|| format!("timestamp {t:?} out of range"));
    }
    const FORMATS: [&str; 6] =
        ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"];
    let naive = FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
        .or_else(|| NaiveDate::parse_from_str(t, "%d/%m/%Y").ok().map(|d| d.and_time(NaiveTime::MIN)))
        .ok_or_else(|| format!("{t:?} is not a date-time (dd/mm/yyyy HH:MM, RFC 3339 or unix seconds)"))?;
    match Rome.from_local_datetime(&naive) {
        LocalResult::Single(d) => Ok(d.fixed_offset()),
        LocalResult::Ambiguous(first, _) => Ok(first.fixed_offset()),
        LocalResult::None => Err(format!("{t} does not exist in Europe/Rome (the clocks go forward that night)")),
    }
}

/// Splits CSV text into records (RFC 4180 quotes, `""` inside quotes), each with the line it
/// starts on (from 1).
fn records(text: &str, delimiter: char) -> Result<Vec<(usize, Vec<String>)>, PracticeError> {
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut at_start = true;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                quoted = true;
                at_start = false;
            }
            c if c == delimiter => {
                fields.push(std::mem::take(&mut field));
                at_start = false;
            }
            '\r' => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                if !(at_start && fields.len() == 1 && fields.first().is_some_and(String::is_empty)) {
                    out.push((start, std::mem::take(&mut fields)));
                }
                fields.clear();
                line += 1;
                start = line;
                at_start = true;
            }
            _ => {
                field.push(c);
                at_start = false;
            }
        }
    }
    if quoted {
        return Err(err(start, "a quoted field is not closed"));
    }
    if !at_start || !field.is_empty() {
        fields.push(field);
        out.push((start, fields));
    }
    Ok(out)
}

fn group(rows: Vec<(String, Step)>, sort_by_time: bool) -> EventLog {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut cases: Vec<LogCase> = Vec::new();
    for (id, step) in rows {
        let k = *index.entry(id.clone()).or_insert_with(|| {
            cases.push(LogCase { id, steps: Vec::new() });
            cases.len() - 1
        });
        if let Some(c) = cases.get_mut(k) {
            c.steps.push(step);
        }
    }
    if sort_by_time {
        for c in &mut cases {
            c.steps.sort_by_key(|s| s.at);
        }
    }
    EventLog { cases }
}

/// Reads a flat CSV log: a header row naming the columns, then one row per event. Errors
/// (`practice.import`, with the line, from 1): a missing column, a short row, an empty case id,
/// an unknown activity label, a timestamp that is no date-time.
pub fn read_csv(text: &str, options: &LogOptions) -> Result<EventLog, PracticeError> {
    let first_line = text.trim_start_matches('\u{feff}').lines().next().unwrap_or("");
    let delimiter = options.delimiter.unwrap_or_else(|| {
        let count = |d: char| first_line.chars().filter(|&c| c == d).count();
        [',', ';', '\t'].into_iter().max_by_key(|&d| (count(d), d == ',')).unwrap_or(',')
    });
    let recs = records(text, delimiter)?;
    let mut it = recs.into_iter();
    let (hline, header) = it.next().ok_or_else(|| err(1, "the log is empty: a header row is required"))?;
    let col = |name: &str| {
        header
            .iter()
            .position(|h| norm(h) == norm(name))
            .ok_or_else(|| err(hline, format!("no column {name:?} in the header ({})", header.join(", "))))
    };
    let (ci, ai, ti) = (col(&options.case_column)?, col(&options.activity_column)?, col(&options.time_column)?);
    let labels = Labels::new(options);
    let mut rows = Vec::new();
    for (line, rec) in it {
        let get = |i: usize| {
            rec.get(i)
                .map(String::as_str)
                .ok_or_else(|| err(line, format!("the row has {} fields, the header {}", rec.len(), header.len())))
        };
        let id = get(ci)?.trim();
        if id.is_empty() {
            return Err(err(line, "empty case id"));
        }
        let status = labels.code(get(ai)?, line)?;
        let at = parse_instant(get(ti)?).map_err(|m| err(line, m))?;
        rows.push((id.to_string(), Step { status, at }));
    }
    Ok(group(rows, options.sort_by_time))
}

/// One XML tag: its name, attributes, whether it closes (`</x>`) or is empty (`<x/>`), and its line.
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    close: bool,
    empty: bool,
    line: usize,
}

fn unescape(s: &str, line: usize) -> Result<String, PracticeError> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let after = rest.get(i + 1..).unwrap_or("");
        let end = after.find(';').ok_or_else(|| err(line, "an entity is not closed with ';'"))?;
        let ent = after.get(..end).unwrap_or("");
        let c = match ent {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let n = if let Some(h) = ent.strip_prefix("#x") {
                    u32::from_str_radix(h, 16).ok()
                } else {
                    ent.strip_prefix('#').and_then(|d| d.parse().ok())
                };
                n.and_then(char::from_u32).ok_or_else(|| err(line, format!("unknown entity &{ent};")))?
            }
        };
        out.push(c);
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    Ok(out)
}

/// The tags of an XML text (text content, comments, CDATA, declarations and processing
/// instructions skipped). Enough for XES, whose data are all in attributes.
fn tags(text: &str) -> Result<Vec<Tag>, PracticeError> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut line = 1;
    while let Some(i) = rest.find('<') {
        line += rest.get(..i).unwrap_or("").matches('\n').count();
        rest = rest.get(i..).unwrap_or("");
        let skip = |rest: &str, open: &str, close: &str| -> Option<usize> {
            if rest.starts_with(open) {
                rest.find(close).map(|e| e + close.len())
            } else {
                None
            }
        };
        let special = [("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>"), ("<!", ">")];
        if let Some((open, close)) = special.iter().find(|(o, _)| rest.starts_with(o)) {
            let e = skip(rest, open, close).ok_or_else(|| err(line, format!("`{open}` is not closed")))?;
            line += rest.get(..e).unwrap_or("").matches('\n').count();
            rest = rest.get(e..).unwrap_or("");
            continue;
        }
        // Find the end of the tag outside quoted attribute values.
        let mut quote: Option<char> = None;
        let mut end = None;
        for (k, c) in rest.char_indices().skip(1) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '>') => {
                    end = Some(k);
                    break;
                }
                _ => {}
            }
        }
        let end = end.ok_or_else(|| err(line, "a tag is not closed with '>'"))?;
        let body = rest.get(1..end).unwrap_or("");
        let tag_line = line;
        line += body.matches('\n').count();
        rest = rest.get(end + 1..).unwrap_or("");
        let close = body.starts_with('/');
        let empty = body.ends_with('/');
        let body = body.trim_start_matches('/').trim_end_matches('/');
        let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
        let name = body.get(..name_end).unwrap_or("").to_string();
        let mut attrs = Vec::new();
        let mut a = body.get(name_end..).unwrap_or("").trim_start();
        while !a.is_empty() {
            let eq = a.find('=').ok_or_else(|| err(tag_line, format!("attribute without a value in <{name}>")))?;
            let key = a.get(..eq).unwrap_or("").trim().to_string();
            let v = a.get(eq + 1..).unwrap_or("").trim_start();
            let q = v
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')
                .ok_or_else(|| err(tag_line, format!("unquoted attribute {key:?} in <{name}>")))?;
            let close_at = v.get(1..).and_then(|x| x.find(q)).ok_or_else(|| err(tag_line, format!("attribute {key:?} not closed in <{name}>")))?;
            attrs.push((key, unescape(v.get(1..close_at + 1).unwrap_or(""), tag_line)?));
            a = v.get(close_at + 2..).unwrap_or("").trim_start();
        }
        out.push(Tag { name, attrs, close, empty, line: tag_line });
    }
    Ok(out)
}

/// Reads an XES log (IEEE 1849): each `<trace>` is a case, its `concept:name` string attribute the
/// case id; each `<event>` a row, its `concept:name` the activity (mapped as in CSV) and its
/// `time:timestamp` date the instant. Attributes nested deeper (lists, containers, ...) are
/// ignored. Errors (`practice.import`, with the line): malformed XML, an event without activity
/// or timestamp, a trace without id, an unknown label.
pub fn read_xes(text: &str, options: &LogOptions) -> Result<EventLog, PracticeError> {
    let labels = Labels::new(options);
    let mut stack: Vec<String> = Vec::new();
    let mut rows: Vec<(String, Step)> = Vec::new();
    let mut case: Option<String> = None;
    let mut pending: Vec<(usize, String, DateTime<FixedOffset>)> = Vec::new();
    let mut event: (Option<String>, Option<String>, usize) = (None, None, 0);
    let mut traces = 0usize;
    for t in tags(text)? {
        if t.close {
            if stack.pop().as_deref() != Some(t.name.as_str()) {
                return Err(err(t.line, format!("</{}> closes no open <{}>", t.name, t.name)));
            }
            match t.name.as_str() {
                "event" if stack.last().map(String::as_str) == Some("trace") => {
                    let (activity, time, line) = std::mem::take(&mut event);
                    let activity = activity.ok_or_else(|| err(line, "an event without concept:name"))?;
                    let time = time.ok_or_else(|| err(line, "an event without time:timestamp"))?;
                    let at = parse_instant(&time).map_err(|m| err(line, m))?;
                    pending.push((line, activity, at));
                }
                "trace" => {
                    traces += 1;
                    let id = case.take().ok_or_else(|| err(t.line, format!("trace {traces} has no concept:name")))?;
                    for (line, activity, at) in pending.drain(..) {
                        rows.push((id.clone(), Step { status: labels.code(&activity, line)?, at }));
                    }
                }
                _ => {}
            }
            continue;
        }
        let parent = stack.last().map(String::as_str);
        let attr = |k: &str| t.attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone());
        match (parent, t.name.as_str()) {
            (Some("trace"), "event") => event = (None, None, t.line),
            (Some("trace"), "string") if attr("key").as_deref() == Some("concept:name") => case = attr("value"),
            (Some("event"), "string") if attr("key").as_deref() == Some("concept:name") => event.0 = attr("value"),
            (Some("event"), "date") if attr("key").as_deref() == Some("time:timestamp") => event.1 = attr("value"),
            _ => {}
        }
        if !t.empty {
            stack.push(t.name);
        }
    }
    if let Some(open) = stack.last() {
        return Err(err(text.lines().count().max(1), format!("<{open}> is not closed")));
    }
    Ok(group(rows, options.sort_by_time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Coded;

    #[test]
    fn italian_local_times_follow_rome_daylight_saving() {
        assert_eq!(parse_instant("20/02/2025 10:00").unwrap().to_rfc3339(), "2025-02-20T10:00:00+01:00");
        assert_eq!(parse_instant("20/07/2025 10:00").unwrap().to_rfc3339(), "2025-07-20T10:00:00+02:00");
        // 26 Oct 2025 02:30 happens twice: the first (summer time) is taken.
        assert_eq!(parse_instant("26/10/2025 02:30").unwrap().to_rfc3339(), "2025-10-26T02:30:00+02:00");
        // 30 Mar 2025 02:30 does not exist.
        assert!(parse_instant("30/03/2025 02:30").is_err());
        assert!(parse_instant("31/02/2025 10:00").is_err());
    }

    #[test]
    fn csv_errors_name_the_line() {
        let e = read_csv("case;activity;timestamp\nP1;Bozza;20/02/2025 10:00\nP1;Boh;20/02/2025 10:05\n", &LogOptions::default()).unwrap_err();
        assert_eq!(e.code(), "practice.import");
        assert!(matches!(e, PracticeError::Import { line: 3, .. }), "{e:?}");
        let e = read_csv("case,activity\n", &LogOptions::default()).unwrap_err();
        assert!(matches!(e, PracticeError::Import { line: 1, .. }), "{e:?}");
    }

    #[test]
    fn xes_reads_traces_and_events() {
        let xes = r#"<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0">
  <!-- a comment -->
  <trace>
    <string key="concept:name" value="P&amp;1"/>
    <event><string key="concept:name" value="Bozza"/><date key="time:timestamp" value="2025-02-20T10:00:00.000+01:00"/></event>
    <event>
      <string key="concept:name" value="1900"/>
      <date key="time:timestamp" value="2025-02-20T10:05:00+01:00"/>
      <list key="x"><string key="concept:name" value="ignored"/></list>
    </event>
  </trace>
</log>"#;
        let log = read_xes(xes, &LogOptions::default()).unwrap();
        assert_eq!(log.cases.len(), 1);
        assert_eq!(log.cases[0].id, "P&1");
        assert_eq!(log.cases[0].steps.iter().map(|s| s.status).collect::<Vec<_>>(), vec![1000, 1900]);
        let bad = read_xes("<log>\n<trace>\n<event>\n</trace></log>", &LogOptions::default()).unwrap_err();
        assert!(matches!(bad, PracticeError::Import { line: 4, .. }), "{bad:?}");
    }
}

#[cfg(test)]
mod csv_tests {
    use super::*;

    #[test]
    fn csv_groups_by_case_maps_labels_and_sorts_on_request() {
        let text = "\u{feff}Pratica;Stato;Data\nP1;Bozza;20/02/2025 10:00\nP2;Bozza;20/02/2025 11:00\nP1;\"Inviata\";20/02/2025 10:05\nP1;Acquisita;20/02/2025 10:04\nP2;sent;20/02/2025 11:01\n";
        let mut o =
            LogOptions { case_column: "pratica".into(), activity_column: "stato".into(), time_column: "data".into(), ..LogOptions::default() };
        let log = read_csv(text, &o).unwrap();
        assert_eq!(log.cases.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec!["P1", "P2"]);
        assert_eq!(log.cases[0].steps.iter().map(|s| s.status).collect::<Vec<_>>(), vec![1000, 1900, 2000]);
        let auditor = crate::practice::Auditor::new(&crate::practice::ServiceConfig::default());
        let batch = auditor.audit_many(&log.histories());
        assert_eq!(batch.clean, 1);
        o.sort_by_time = true;
        let log = read_csv(text, &o).unwrap();
        assert_eq!(log.cases[0].steps.iter().map(|s| s.status).collect::<Vec<_>>(), vec![1000, 2000, 1900]);
        let mut d = LogOptions::default();
        d.labels.insert("Boh".into(), 4600);
        assert_eq!(read_csv("case,activity,timestamp\nX,boh,1740042000\n", &d).unwrap().cases[0].steps[0].status, 4600);
    }
}
