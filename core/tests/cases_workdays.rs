//! Runs the reference cases of `tests/cases/workdays.json` against the core.
use chrono::NaiveDate;
use sportello::workdays::HolidayCalendar;

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
