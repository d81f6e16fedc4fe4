//! Arrow columns (feature `arrow`): the bulk checks over an [Apache Arrow](https://arrow.apache.org)
//! array of strings, answered as an Arrow array. What Python's `*_arrow` functions and its Polars
//! plugin run after importing a column through the C data interface, and what a Rust pipeline on
//! arrow-rs (DataFusion, Polars, Lance) can call on its own arrays.
//!
//! A [`Column`] takes one row at a time (`None`: a null) and gives the answer column: a
//! [`Check`] a boolean per row, [`ErrorCodes`] the error code per row (null where valid), a
//! [`Decode`] the decoded codice fiscale as a struct column. [`for_each_str`] feeds the rows of
//! a string array of any of Arrow's three layouts (`Utf8`, `LargeUtf8`, `Utf8View`) to one,
//! after checking its offsets or views against its buffers; [`ints`] reads a column of integers,
//! dates or timestamps. Nulls stay nulls, row for row.
//!
//! ```
//! use std::sync::Arc;
//! use arrow_array::{Array, ArrayRef, BooleanArray, StringArray};
//! use sportello::arrow::{for_each_str, Check, Column};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let codes: ArrayRef = Arc::new(StringArray::from(vec![Some("RSSMRA85T10A562S"), None, Some("X")]));
//! let mut column = Check::new(sportello::cf::is_valid);
//! for_each_str(&codes, &mut |row| column.push(row))?;
//! let answer = column.finish()?;
//! let answer = answer.as_any().downcast_ref::<BooleanArray>().ok_or("a boolean column")?;
//! assert_eq!(answer.iter().collect::<Vec<_>>(), [Some(true), None, Some(false)]);
//! # Ok(())
//! # }
//! ```

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Date32Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    ArrowPrimitiveType, Date32Type, Date64Type, Int16Type, Int32Type, Int64Type, Int8Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{make_array, Array, ArrayRef, StructArray};
use arrow_buffer::NullBuffer;
use arrow_schema::{DataType, Field, TimeUnit};

use crate::cf::{decode_with, DecodeOptions};
use crate::error::Coded;
use crate::practice::{Auditor, BatchAudit, CaseRuns};

/// Why a column cannot be read or answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ArrowError {
    /// A column of another type than the function reads (`arrow.type`).
    #[error("an Arrow array of type {data_type}{hint}, expected {expected}")]
    Type {
        /// The column's Arrow type, as arrow-rs writes it (`Int64`, `Dictionary(Int32, Utf8)`).
        data_type: String,
        /// What to do about it, if anything (a dictionary-encoded column: cast it to strings).
        hint: &'static str,
        /// The types the function reads.
        expected: &'static str,
    },
    /// An array whose offsets or views point outside its buffers (`arrow.malformed`).
    #[error("a malformed Arrow array ({0})")]
    Malformed(String),
    /// A row a column of integers cannot hold: a null, or an unsigned value past `i64::MAX`
    /// (`arrow.row`).
    #[error("row {row}: {what}")]
    Row {
        /// The row, from 0.
        row: usize,
        /// `"a null"` or `"out of range"`.
        what: &'static str,
    },
    /// An answer of more than 2 GiB of text, past what 32-bit offsets address (`arrow.too_large`).
    #[error("more than 2 GiB of text in one answer; pass the column in smaller chunks")]
    TooLarge,
    /// An event log's columns that make no histories ([`LogColumns`], `arrow.log`): a column of
    /// another type, a null case or one that comes back after another case, a null or
    /// out-of-range value, a status that is no status code, columns of different lengths. The
    /// message names the column and the row (`cases[3]: a null`).
    #[error("{0}")]
    Log(String),
}

impl Coded for ArrowError {
    fn code(&self) -> &'static str {
        match self {
            ArrowError::Type { .. } => "arrow.type",
            ArrowError::Malformed(_) => "arrow.malformed",
            ArrowError::Row { .. } => "arrow.row",
            ArrowError::TooLarge => "arrow.too_large",
            ArrowError::Log(_) => "arrow.log",
        }
    }
}

// ---------------------------------------------------------------- reading

/// The binary type a string column of type `dt` is read as (`None`: a column of nulls, whose
/// rows are all null); another type is [`ArrowError::Type`]. Checking the type before any array
/// is read refuses a wrong column even when it has no rows.
pub fn strings_type(dt: &DataType) -> Result<Option<DataType>, ArrowError> {
    Ok(Some(match dt {
        DataType::Utf8 => DataType::Binary,
        DataType::LargeUtf8 => DataType::LargeBinary,
        DataType::Utf8View => DataType::BinaryView,
        DataType::Null => return Ok(None),
        other => {
            let hint = if matches!(other, DataType::Dictionary(..)) { " (dictionary-encoded: cast it to string first)" } else { "" };
            return Err(ArrowError::Type { data_type: other.to_string(), hint, expected: "strings (string, large_string, string_view)" });
        }
    }))
}

/// `f` over the bytes of every row of the string array `array` (nulls as `None`). The array is
/// rebuilt as binary, which validates its offsets or views against its buffers (an array from
/// the C data interface is otherwise trusted); its bytes are then given as they are, without a
/// UTF-8 check (for keys that are compared, not read).
pub fn for_each_bytes(array: &ArrayRef, f: &mut impl FnMut(Option<&[u8]>)) -> Result<(), ArrowError> {
    let Some(to) = strings_type(array.data_type())? else {
        (0..array.len()).for_each(|_| f(None));
        return Ok(());
    };
    let data = array.to_data().into_builder().data_type(to.clone()).build().map_err(|e| ArrowError::Malformed(e.to_string()))?;
    let rows = make_array(data);
    match to {
        DataType::Binary => rows.as_binary::<i32>().iter().for_each(f),
        DataType::LargeBinary => rows.as_binary::<i64>().iter().for_each(f),
        _ => rows.as_binary_view().iter().for_each(f),
    }
    Ok(())
}

/// `f` over the text of every row of the string array `array`, as [`for_each_bytes`] reads it: a
/// row that is not UTF-8 is read lossily (U+FFFD for each bad sequence), and the checks then
/// refuse it as they refuse any wrong character.
pub fn for_each_str(array: &ArrayRef, f: &mut impl FnMut(Option<&str>)) -> Result<(), ArrowError> {
    for_each_bytes(array, &mut |b| match b.map(std::str::from_utf8) {
        None => f(None),
        Some(Ok(s)) => f(Some(s)),
        Some(Err(_)) => f(b.map(String::from_utf8_lossy).as_deref()),
    })
}

/// Whether `dt` is a type [`ints`] reads: integers of any width and sign, `Date32`, `Date64`, or
/// timestamps of any unit.
pub fn is_ints_type(dt: &DataType) -> bool {
    dt.is_integer() || matches!(dt, DataType::Date32 | DataType::Date64 | DataType::Timestamp(..))
}

/// The values of an array of integers, dates or timestamps (their raw values: days, or units
/// since the epoch) as `i64`; another type is [`ArrowError::Type`], a null or an unsigned value
/// past `i64::MAX` [`ArrowError::Row`].
pub fn ints(array: &ArrayRef) -> Result<Vec<i64>, ArrowError> {
    fn each<T: ArrowPrimitiveType>(a: &ArrayRef) -> Result<Vec<i64>, ArrowError>
    where
        T::Native: TryInto<i64>,
    {
        let row = |(row, v): (usize, Option<T::Native>)| {
            v.ok_or(ArrowError::Row { row, what: "a null" })?.try_into().map_err(|_| ArrowError::Row { row, what: "out of range" })
        };
        a.as_primitive::<T>().iter().enumerate().map(row).collect()
    }
    match array.data_type() {
        DataType::Int8 => each::<Int8Type>(array),
        DataType::Int16 => each::<Int16Type>(array),
        DataType::Int32 => each::<Int32Type>(array),
        DataType::Int64 => each::<Int64Type>(array),
        DataType::UInt8 => each::<UInt8Type>(array),
        DataType::UInt16 => each::<UInt16Type>(array),
        DataType::UInt32 => each::<UInt32Type>(array),
        DataType::UInt64 => each::<UInt64Type>(array),
        DataType::Date32 => each::<Date32Type>(array),
        DataType::Date64 => each::<Date64Type>(array),
        DataType::Timestamp(TimeUnit::Second, _) => each::<TimestampSecondType>(array),
        DataType::Timestamp(TimeUnit::Millisecond, _) => each::<TimestampMillisecondType>(array),
        DataType::Timestamp(TimeUnit::Microsecond, _) => each::<TimestampMicrosecondType>(array),
        DataType::Timestamp(TimeUnit::Nanosecond, _) => each::<TimestampNanosecondType>(array),
        other => Err(ArrowError::Type { data_type: other.to_string(), hint: "", expected: "integers, dates or timestamps" }),
    }
}

// ---------------------------------------------------------------- answering

/// A column computed row by row from a column of strings.
pub trait Column: Send {
    /// The answer for one row (`None`: a null, answered null).
    fn push(&mut self, row: Option<&str>);
    /// The answer column, as long as the rows pushed.
    fn finish(self) -> Result<ArrayRef, ArrowError>;
}

/// Strings (32-bit offsets), nulls kept; past 2 GiB of text, [`ArrowError::TooLarge`].
#[derive(Default)]
struct Strings {
    rows: StringBuilder,
    bytes: usize,
}

impl Strings {
    fn push(&mut self, v: Option<&str>) {
        self.bytes += v.map_or(0, str::len);
        self.rows.append_option(v.filter(|_| self.bytes <= i32::MAX as usize));
    }

    fn finish(mut self) -> Result<ArrayRef, ArrowError> {
        if self.bytes > i32::MAX as usize {
            return Err(ArrowError::TooLarge);
        }
        Ok(Arc::new(self.rows.finish()))
    }
}

/// `check` of each row: a boolean column, nulls kept (`cf::is_valid`, `piva::is_valid`,
/// `payments::notice_is_valid`).
pub struct Check<F> {
    check: F,
    out: BooleanBuilder,
}

impl<F: Fn(&str) -> bool + Send> Check<F> {
    /// The column of `check`.
    pub fn new(check: F) -> Self {
        Check { check, out: BooleanBuilder::new() }
    }
}

impl<F: Fn(&str) -> bool + Send> Column for Check<F> {
    #[inline(always)]
    fn push(&mut self, row: Option<&str>) {
        self.out.append_option(row.map(&self.check));
    }
    fn finish(mut self) -> Result<ArrayRef, ArrowError> {
        Ok(Arc::new(self.out.finish()))
    }
}

/// The error code of each row (`cf::error_code`, ...): a string column, null where the row is
/// valid or null.
pub struct ErrorCodes<F> {
    code: F,
    out: Strings,
}

impl<F: Fn(&str) -> Option<&'static str> + Send> ErrorCodes<F> {
    /// The column of `code`.
    pub fn new(code: F) -> Self {
        ErrorCodes { code, out: Strings::default() }
    }
}

impl<F: Fn(&str) -> Option<&'static str> + Send> Column for ErrorCodes<F> {
    #[inline(always)]
    fn push(&mut self, row: Option<&str>) {
        self.out.push(row.and_then(&self.code));
    }
    fn finish(self) -> Result<ArrayRef, ArrowError> {
        self.out.finish()
    }
}

/// `cf::decode_with` of each row, as a struct column of the fields `sex`, `birth_date` (date32),
/// `birthplace_code`, `birthplace_name`, `birthplace_province`, `canonical` and `error`: a row
/// that does not decode has only `error` (its code), a null row is null.
pub struct Decode {
    options: DecodeOptions,
    sex: Strings,
    date: Date32Builder,
    place_code: Strings,
    place_name: Strings,
    province: Strings,
    canonical: Strings,
    error: Strings,
    rows: Vec<bool>,
}

impl Decode {
    /// The column of `decode_with(_, options)`.
    pub fn new(options: DecodeOptions) -> Self {
        let (sex, date, place_code, place_name) = (Strings::default(), Date32Builder::new(), Strings::default(), Strings::default());
        let (province, canonical, error) = (Strings::default(), Strings::default(), Strings::default());
        Decode { options, sex, date, place_code, place_name, province, canonical, error, rows: Vec::new() }
    }
}

impl Column for Decode {
    fn push(&mut self, s: Option<&str>) {
        let decoded = s.map(|s| decode_with(s, &self.options));
        let ok = match &decoded {
            Some(Ok(d)) => Some(d),
            _ => None,
        };
        self.sex.push(ok.map(|d| d.sex.as_str()));
        self.date.append_option(ok.and_then(|d| d.birth_date).map(Date32Type::from_naive_date));
        self.place_code.push(ok.map(|d| &*d.birthplace.code));
        self.place_name.push(ok.map(|d| &*d.birthplace.name));
        self.province.push(ok.and_then(|d| d.birthplace.province.as_deref()));
        self.canonical.push(ok.map(|d| d.canonical.as_str()));
        self.error.push(match &decoded {
            Some(Err(e)) => Some(e.code()),
            _ => None,
        });
        self.rows.push(s.is_some());
    }

    fn finish(mut self) -> Result<ArrayRef, ArrowError> {
        let fields = [
            ("sex", self.sex.finish()?),
            ("birth_date", Arc::new(self.date.finish()) as ArrayRef),
            ("birthplace_code", self.place_code.finish()?),
            ("birthplace_name", self.place_name.finish()?),
            ("birthplace_province", self.province.finish()?),
            ("canonical", self.canonical.finish()?),
            ("error", self.error.finish()?),
        ];
        let nulls = Some(NullBuffer::from(self.rows)).filter(|n| n.null_count() > 0);
        let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) =
            fields.into_iter().map(|(name, a)| (Field::new(name, a.data_type().clone(), true), a)).unzip();
        Ok(Arc::new(StructArray::try_new(fields.into(), arrays, nulls).map_err(|e| ArrowError::Malformed(e.to_string()))?))
    }
}

// ---------------------------------------------------------------- event logs

/// An event log held as Arrow columns, grouped into the histories an [`Auditor`] checks: what
/// Python's `Auditor.audit_arrow` / `conforms_arrow` read from a data frame. Each column is given
/// as its type and its chunks, in order: `cases` (strings or integers; a case's rows consecutive,
/// as an export sorted by case gives them), `statuses` (integer status codes), `at` (timestamps
/// of any unit, dates or integers: only their order is read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogColumns {
    ends: Vec<usize>,
    /// Checked to be status codes (`u32`) by `read`, kept as read (no second column built).
    codes: Vec<i64>,
    times: Vec<i64>,
}

/// A column given as its type (checked even without chunks) and its chunks.
pub type Chunks<'a> = (&'a DataType, &'a [ArrayRef]);

impl LogColumns {
    /// The histories of the three columns; [`ArrowError::Log`] when they make none (see there).
    pub fn read(cases: Chunks<'_>, statuses: Chunks<'_>, at: Chunks<'_>) -> Result<LogColumns, ArrowError> {
        let ends = case_ends(cases)?;
        let (codes, times) = (column_ints("statuses", statuses)?, column_ints("at", at)?);
        let rows = ends.last().copied().unwrap_or(0);
        if codes.len() != rows || times.len() != rows {
            return Err(ArrowError::Log(format!("cases, statuses and at: columns of {rows}, {} and {} rows", codes.len(), times.len())));
        }
        if let Some((i, c)) = codes.iter().enumerate().find(|(_, &c)| u32::try_from(c).is_err()) {
            return Err(ArrowError::Log(format!("statuses[{i}]: {c} is not a status code")));
        }
        Ok(LogColumns { ends, codes, times })
    }

    /// Each history: how many rows it has, and its rows (status code, time).
    pub fn histories(&self) -> impl Iterator<Item = (usize, impl Iterator<Item = (u32, i64)> + Clone + '_)> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(self.ends.iter().copied()).map(|(a, b)| {
            let (codes, times) = (self.codes.get(a..b).unwrap_or(&[]), self.times.get(a..b).unwrap_or(&[]));
            (codes.len(), codes.iter().map(|&c| c as u32).zip(times.iter().copied()))
        })
    }

    /// The audit of every history.
    pub fn audit(&self, auditor: &Auditor) -> BatchAudit {
        let mut batch = BatchAudit::new();
        self.histories().for_each(|(_, rows)| batch.push(auditor.audit_iter(rows)));
        batch
    }

    /// Per row, whether its history conforms (a mask for the data frame): a boolean column.
    pub fn conforms(&self, auditor: &Auditor) -> ArrayRef {
        let mut out = BooleanBuilder::with_capacity(self.codes.len());
        self.histories().for_each(|(n, rows)| out.append_n(n, auditor.conforms_iter(rows)));
        Arc::new(out.finish())
    }
}

/// The end of each run of the column `cases` ([`CaseRuns`]: strings as their bytes, integers as
/// their little-endian bytes).
fn case_ends((dt, chunks): Chunks<'_>) -> Result<Vec<usize>, ArrowError> {
    let mut runs = CaseRuns::new();
    let pushed = |r: Result<(), Option<usize>>, runs: &CaseRuns| match r {
        Ok(()) => Ok(()),
        Err(None) => Err(ArrowError::Log(format!("cases[{}]: a null", runs.rows()))),
        Err(Some(row)) => Err(ArrowError::Log(format!("cases[{row}]: the case comes back after another case (its rows must be consecutive)"))),
    };
    if strings_type(dt).is_ok() {
        for chunk in chunks {
            let mut bad = Ok(());
            for_each_bytes(chunk, &mut |s| {
                if bad.is_ok() {
                    bad = s.ok_or(None).and_then(|s| runs.push(s).map_err(Some));
                }
            })?;
            pushed(bad, &runs)?;
        }
    } else if is_ints_type(dt) {
        for id in column_ints("cases", (dt, chunks))? {
            pushed(runs.push(&id.to_le_bytes()).map_err(Some), &runs)?;
        }
    } else {
        return Err(ArrowError::Log("cases: an Arrow column of strings or integers".into()));
    }
    Ok(runs.finish())
}

/// The values of the column `name` of integers, dates or timestamps ([`ints`] of each chunk).
fn column_ints(name: &str, (dt, chunks): Chunks<'_>) -> Result<Vec<i64>, ArrowError> {
    if !is_ints_type(dt) {
        return Err(ArrowError::Log(format!("{name}: an Arrow array of type {dt}, expected integers, dates or timestamps")));
    }
    let mut out = Vec::new();
    for chunk in chunks {
        out.extend(ints(chunk).map_err(|e| match e {
            ArrowError::Row { row, what } => ArrowError::Log(format!("{name}[{}]: {what}", out.len() + row)),
            e => e,
        })?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use arrow_array::{BooleanArray, Int64Array, LargeStringArray, NullArray, StringArray, StringViewArray, UInt64Array};

    use super::*;

    fn rows(array: ArrayRef) -> Vec<Option<String>> {
        let mut out = Vec::new();
        for_each_str(&array, &mut |r| out.push(r.map(str::to_owned))).unwrap();
        out
    }

    #[test]
    fn the_three_string_layouts_and_nulls_read_the_same() {
        let v = vec![Some("RSSMRA85T10A562S"), None, Some("")];
        let want: Vec<Option<String>> = v.iter().map(|s| s.map(str::to_owned)).collect();
        assert_eq!(rows(Arc::new(StringArray::from(v.clone()))), want);
        assert_eq!(rows(Arc::new(LargeStringArray::from(v.clone()))), want);
        assert_eq!(rows(Arc::new(StringViewArray::from(v))), want);
        assert_eq!(rows((Arc::new(StringArray::from(vec!["a", "b", "c"])) as ArrayRef).slice(1, 2)), [Some("b".into()), Some("c".into())]);
        assert_eq!(rows(Arc::new(NullArray::new(2))), [None, None]);
        let e = for_each_str(&(Arc::new(Int64Array::from(vec![1])) as ArrayRef), &mut |_| {}).unwrap_err();
        assert_eq!((e.code(), e.to_string().contains("type Int64")), ("arrow.type", true));
    }

    #[test]
    fn columns_answer_row_for_row() {
        let codes: ArrayRef = Arc::new(StringArray::from(vec![Some("RSSMRA85T10A562S"), None, Some("RSSMRA85T10A562T")]));
        let mut check = Check::new(crate::cf::is_valid);
        let mut errors = ErrorCodes::new(crate::cf::error_code);
        for_each_str(&codes, &mut |r| {
            check.push(r);
            errors.push(r);
        })
        .unwrap();
        assert_eq!(check.finish().unwrap().as_boolean(), &BooleanArray::from(vec![Some(true), None, Some(false)]));
        assert_eq!(errors.finish().unwrap().as_string::<i32>(), &StringArray::from(vec![None, None, Some("cf.check_char")]));
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut decode = Decode::new(DecodeOptions::new(today));
        for_each_str(&codes, &mut |r| decode.push(r)).unwrap();
        let d = decode.finish().unwrap();
        let d = d.as_struct();
        assert_eq!(d.column_names(), ["sex", "birth_date", "birthplace_code", "birthplace_name", "birthplace_province", "canonical", "error"]);
        assert_eq!((d.is_null(1), d.column(0).as_string::<i32>().value(0), d.column(6).as_string::<i32>().value(2)), (true, "M", "cf.check_char"));
    }

    #[test]
    fn an_event_log_in_columns_is_audited_history_by_history() {
        let auditor = Auditor::new(&crate::practice::ServiceConfig::default());
        let cases: ArrayRef = Arc::new(StringArray::from(vec!["a", "a", "b"]));
        let statuses: ArrayRef = Arc::new(Int64Array::from(vec![1000, 1900, 1000]));
        let at: ArrayRef = Arc::new(Int64Array::from(vec![1, 2, 3]));
        let col = |a: &ArrayRef| (a.data_type().clone(), vec![a.clone()]);
        let ((cd, cc), (sd, sc), (ad, ac)) = (col(&cases), col(&statuses), col(&at));
        let log = LogColumns::read((&cd, &cc), (&sd, &sc), (&ad, &ac)).unwrap();
        let codes = |(_, rows): (usize, _)| Iterator::map(rows, |(c, _): (u32, i64)| c).collect::<Vec<_>>();
        assert_eq!(log.histories().map(codes).collect::<Vec<_>>(), [vec![1000, 1900], vec![1000]]);
        assert_eq!(log.audit(&auditor).histories, 2);
        assert_eq!(log.conforms(&auditor).len(), 3);
        let back: ArrayRef = Arc::new(StringArray::from(vec![Some("a"), Some("b"), Some("a")]));
        let e = LogColumns::read((&cd, &[back]), (&sd, &sc), (&ad, &ac)).unwrap_err();
        assert_eq!((e.code(), e.to_string().starts_with("cases[2]: the case comes back")), ("arrow.log", true));
        let e = LogColumns::read((&cd, &cc), (&sd, &sc[..0]), (&ad, &ac)).unwrap_err();
        assert_eq!(e.to_string(), "cases, statuses and at: columns of 3, 0 and 3 rows");
        let e = LogColumns::read((&DataType::Boolean, &[]), (&sd, &sc), (&ad, &ac)).unwrap_err();
        assert_eq!(e.to_string(), "cases: an Arrow column of strings or integers");
    }

    #[test]
    fn integers_dates_and_timestamps_as_i64() {
        assert_eq!(ints(&(Arc::new(Int64Array::from(vec![1, -2])) as ArrayRef)).unwrap(), [1, -2]);
        let e = ints(&(Arc::new(UInt64Array::from(vec![1, u64::MAX])) as ArrayRef)).unwrap_err();
        assert_eq!(e, ArrowError::Row { row: 1, what: "out of range" });
        let e = ints(&(Arc::new(Int64Array::from(vec![Some(1), None])) as ArrayRef)).unwrap_err();
        assert_eq!(e.code(), "arrow.row");
        assert!(ints(&(Arc::new(StringArray::from(vec!["1"])) as ArrayRef)).is_err());
    }
}
