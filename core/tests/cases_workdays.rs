//! Runs the reference cases of `tests/cases/workdays.json` against the core.
use chrono::NaiveDate;
use sportello::workdays::{easter_sunday, HolidayCalendar};

#[test]
fn reference_cases() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/workdays.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cal = HolidayCalendar::italy();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    for c in cases {
        let d: NaiveDate = c["date"].as_str().unwrap().parse().unwrap();
        assert_eq!(cal.is_holiday(d), c["holiday"].as_bool().unwrap(), "{c}");
        if let Some(p) = c.get("plusWorkingDays") {
            let n = p[0].as_u64().unwrap() as u32;
            let expected: NaiveDate = p[1].as_str().unwrap().parse().unwrap();
            assert_eq!(cal.add_working_days(d, n).unwrap(), expected, "{c}");
        }
    }
}

/// The range of dates (years 1-9999): the same answers in every binding.
#[test]
fn range_cases() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/workdays.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cal = HolidayCalendar::italy();
    let date = |v: &serde_json::Value| v.as_str().unwrap().parse::<NaiveDate>().unwrap();
    let cases = doc["range"]["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for c in cases {
        let got: Result<serde_json::Value, String> = if let Some(a) = c.get("addWorkingDays") {
            cal.add_working_days(date(&a[0]), a[1].as_u64().unwrap() as u32)
                .map(|d| d.to_string().into())
                .map_err(|e| sportello::Coded::code(&e).into())
        } else if let Some(d) = c.get("nextWorkingDay") {
            cal.next_working_day(date(d)).map(|d| d.to_string().into()).map_err(|e| sportello::Coded::code(&e).into())
        } else if let Some(y) = c.get("holidays") {
            cal.holidays(y.as_i64().unwrap() as i32).map(|h| h.len().into()).map_err(|e| sportello::Coded::code(&e).into())
        } else {
            Ok(easter_sunday(c["easterSunday"].as_i64().unwrap() as i32).map(|d| d.to_string()).into())
        };
        let want = match (c.get("error"), c.get("count")) {
            (Some(e), _) => Err(e.as_str().unwrap().to_string()),
            (None, Some(n)) => Ok(n.clone()),
            (None, None) => Ok(c["result"].clone()),
        };
        assert_eq!(got, want, "{c}");
    }
}
