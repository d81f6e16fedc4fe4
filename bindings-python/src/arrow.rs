//! The Arrow C data interface, both ways, for the `*_arrow` functions (`cf.is_valid_arrow`, ...):
//! a column of strings is read in place from anything exposing the Arrow PyCapsule interface
//! (`__arrow_c_array__` or `__arrow_c_stream__`: pyarrow arrays and chunked arrays, Polars
//! Series, nanoarrow, DuckDB results), without copying a string, and the answers go back as an
//! Arrow array (boolean, string, date32 or struct) that any Arrow library imports without a copy.
//!
//! The C structs, their import, validation and export are arrow-rs's (`arrow-array` with its
//! `ffi` feature, none of its compute kernels): this module says which columns it reads (strings
//! of the three layouts, integers, dates, timestamps) and builds the answers. Its `unsafe` is
//! taking the structs out of the producers' capsules and driving a C stream
//! (<https://arrow.apache.org/docs/format/CDataInterface.html>,
//! <https://arrow.apache.org/docs/format/CStreamInterface.html>). No rule lives here.
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, c_void, CStr};
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Date32Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::ffi::{from_ffi_and_data_type, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::types::{
    ArrowPrimitiveType, Date32Type, Date64Type, Int16Type, Int32Type, Int64Type, Int8Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{make_array, Array, ArrayRef, StructArray};
use arrow_buffer::NullBuffer;
use arrow_schema::{DataType, Field, TimeUnit};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::arg_err;

// ---------------------------------------------------------------- reading the columns

/// The binary type a string column is read as (`None`: a column of nulls): the rows are read as
/// bytes, which the import checks only for their bounds, then as UTF-8 where they are, lossily
/// where not (the core then refuses them as it refuses any wrong character).
fn bytes_type(dt: &DataType, name: &str) -> Result<Option<DataType>, String> {
    Ok(Some(match dt {
        DataType::Utf8 => DataType::Binary,
        DataType::LargeUtf8 => DataType::LargeBinary,
        DataType::Utf8View => DataType::BinaryView,
        DataType::Null => return Ok(None),
        other => {
            let hint = if matches!(other, DataType::Dictionary(..)) { " (dictionary-encoded: cast it to string first)" } else { "" };
            return Err(format!("{name}: an Arrow array of type {other}{hint}, expected strings (string, large_string, string_view)"));
        }
    }))
}

/// `f` over every row's bytes of the string column chunk `array` (its type checked by
/// `bytes_type`, the result `to`).
fn each_row(array: &ArrayRef, to: &Option<DataType>, name: &str, f: &mut impl FnMut(Option<&[u8]>)) -> Result<(), String> {
    let Some(to) = to else {
        (0..array.len()).for_each(|_| f(None));
        return Ok(());
    };
    // Rebuilt as binary, which validates the offsets or views against the buffers.
    let data = array
        .to_data()
        .into_builder()
        .data_type(to.clone())
        .build()
        .map_err(|e| format!("{name}: a malformed Arrow array ({e})"))?;
    let rows = make_array(data);
    match to {
        DataType::Binary => rows.as_binary::<i32>().iter().for_each(f),
        DataType::LargeBinary => rows.as_binary::<i64>().iter().for_each(f),
        _ => rows.as_binary_view().iter().for_each(f),
    }
    Ok(())
}

/// `f` of the text of a row: its UTF-8, or read lossily when it is not.
#[inline(always)]
fn text(b: Option<&[u8]>, f: &mut impl FnMut(Option<&str>)) {
    match b.map(std::str::from_utf8) {
        None => f(None),
        Some(Ok(s)) => f(Some(s)),
        Some(Err(_)) => f(b.map(String::from_utf8_lossy).as_deref()),
    }
}

/// `f` over every row of the string chunks `chunks` of type `dt` (the column `name`); the type is
/// checked even when there is no chunk. What the Polars plugin reads its input with.
pub(crate) fn each_chunk(dt: &DataType, chunks: &[ArrayRef], name: &str, f: &mut impl FnMut(Option<&str>)) -> Result<(), String> {
    let to = bytes_type(dt, name)?;
    chunks.iter().try_for_each(|a| each_row(a, &to, name, &mut |b| text(b, f)))
}

/// One value of a column of options (a literal the Polars plugin is given).
pub(crate) enum Scalar {
    Bool(bool),
    Int(i64),
    Date(chrono::NaiveDate),
}

/// The first value of `array`: a boolean, an integer or a date32; `None` when it is null, the
/// array empty or of another type (an integer past `i64::MAX` is `i64::MAX`, out of every range).
pub(crate) fn first_scalar(array: &dyn Array) -> Option<Scalar> {
    if array.is_empty() || array.is_null(0) {
        return None;
    }
    Some(match array.data_type() {
        DataType::Boolean => Scalar::Bool(array.as_boolean().value(0)),
        DataType::Date32 => Scalar::Date(array.as_primitive::<Date32Type>().value_as_date(0)?),
        // not null: an error is a value past `i64::MAX`
        t if t.is_integer() => Scalar::Int(int_values(&array.slice(0, 1))?.ok().and_then(|v| v.first().copied()).unwrap_or(i64::MAX)),
        _ => return None,
    })
}

/// Whether `obj` exposes the Arrow PyCapsule interface.
pub(crate) fn is_arrow(obj: &Bound<'_, PyAny>) -> bool {
    obj.hasattr("__arrow_c_array__").unwrap_or(false) || obj.hasattr("__arrow_c_stream__").unwrap_or(false)
}

/// `f` over every row of the Arrow string column `obj` (the parameter `name`), with the GIL
/// released; returns the number of rows. A column that is no Arrow string column raises
/// `ArgumentError`.
pub(crate) fn for_each<F: FnMut(Option<&str>) + Send>(obj: &Bound<'_, PyAny>, name: &str, mut f: F) -> PyResult<usize> {
    for_each_bytes(obj, name, |b| text(b, &mut f))
}

/// [`for_each`] with each row's bytes as they are (no UTF-8 check: for keys compared, not read).
pub(crate) fn for_each_bytes<F: FnMut(Option<&[u8]>) + Send>(obj: &Bound<'_, PyAny>, name: &str, mut f: F) -> PyResult<usize> {
    let py = obj.py();
    let (mut rows, mut to) = (0, None);
    arrays(obj, name, &mut |dt, array| {
        if to.is_none() {
            to = Some(bytes_type(dt, name).map_err(arg_err)?);
        }
        let (Some(to), Some(array)) = (&to, array) else { return Ok(()) };
        py.detach(|| each_row(&array, to, name, &mut f)).map_err(arg_err)?;
        rows += array.len();
        Ok(())
    })?;
    Ok(rows)
}

/// The Arrow integer column `obj` (the parameter `name`): signed or unsigned integers of any
/// width, dates (`date32`, `date64`) or timestamps of any unit (their raw values: what ordering
/// needs). A null, or an unsigned value past `i64::MAX`, raises `ArgumentError` with its row.
pub(crate) fn ints(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<i64>> {
    let mut out = Vec::new();
    arrays(obj, name, &mut |dt, array| {
        let wrong = || arg_err(format!("{name}: an Arrow array of type {dt}, expected integers, dates or timestamps"));
        if !(dt.is_integer() || matches!(dt, DataType::Date32 | DataType::Date64 | DataType::Timestamp(..))) {
            return Err(wrong());
        }
        let Some(array) = array else { return Ok(()) };
        let values = int_values(&array).ok_or_else(wrong)?;
        out.extend(values.map_err(|(row, what)| arg_err(format!("{name}[{}]: {what}", out.len() + row)))?);
        Ok(())
    })?;
    Ok(out)
}

/// The values of an array of integers, dates or timestamps as `i64` (`None` for another type);
/// `Err` names the first row that is null or an unsigned value past `i64::MAX`.
fn int_values(a: &ArrayRef) -> Option<Result<Vec<i64>, (usize, &'static str)>> {
    fn each<T: ArrowPrimitiveType>(a: &ArrayRef) -> Result<Vec<i64>, (usize, &'static str)>
    where
        T::Native: TryInto<i64>,
    {
        let row = |(i, v): (usize, Option<T::Native>)| v.ok_or((i, "a null"))?.try_into().map_err(|_| (i, "out of range"));
        a.as_primitive::<T>().iter().enumerate().map(row).collect()
    }
    Some(match a.data_type() {
        DataType::Int8 => each::<Int8Type>(a),
        DataType::Int16 => each::<Int16Type>(a),
        DataType::Int32 => each::<Int32Type>(a),
        DataType::Int64 => each::<Int64Type>(a),
        DataType::UInt8 => each::<UInt8Type>(a),
        DataType::UInt16 => each::<UInt16Type>(a),
        DataType::UInt32 => each::<UInt32Type>(a),
        DataType::UInt64 => each::<UInt64Type>(a),
        DataType::Date32 => each::<Date32Type>(a),
        DataType::Date64 => each::<Date64Type>(a),
        DataType::Timestamp(TimeUnit::Second, _) => each::<TimestampSecondType>(a),
        DataType::Timestamp(TimeUnit::Millisecond, _) => each::<TimestampMillisecondType>(a),
        DataType::Timestamp(TimeUnit::Microsecond, _) => each::<TimestampMicrosecondType>(a),
        DataType::Timestamp(TimeUnit::Nanosecond, _) => each::<TimestampNanosecondType>(a),
        _ => return None,
    })
}

/// The C array `array` of type `dt` (one this module reads: strings, integers, dates,
/// timestamps, booleans, nulls) as an arrow-rs array; a malformed one is refused, not imported.
pub(crate) fn import(array: FFI_ArrowArray, dt: &DataType) -> Result<ArrayRef, String> {
    // The import trusts the lengths and counts of the C struct; arrow-rs reads them as `usize`,
    // so a negative one is past every bound here.
    let buffers = match dt {
        DataType::Null => 0..=1,
        DataType::Utf8View => 3..=usize::MAX,
        DataType::Utf8 | DataType::LargeUtf8 => 3..=3,
        _ => 2..=2,
    };
    let rows = 0..1_usize << 40; // a bound no array in memory reaches, far from overflowing a byte count
    if !rows.contains(&array.len())
        || !rows.contains(&array.offset())
        || array.null_count_opt().is_some_and(|n| n > array.len())
        || !buffers.contains(&array.num_buffers())
        || array.num_children() != 0
    {
        return Err("a malformed Arrow array (length, offset, null count, buffers or children)".into());
    }
    // SAFETY: a live array the producer made for this type, its counts checked above. A panic of
    // the import (a null list of buffers, or what the checks do not cover) is refused as the
    // checks refuse.
    std::panic::catch_unwind(|| unsafe { from_ffi_and_data_type(array, dt.clone()) }.map(make_array))
        .map_err(|_| "a malformed Arrow array".to_string())?
        .map_err(|e| format!("a malformed Arrow array ({e})"))
}

/// The type of the C schema `schema` (a malformed one, which arrow-rs would panic on, refused).
pub(crate) fn data_type(schema: &FFI_ArrowSchema) -> Result<DataType, String> {
    match std::panic::catch_unwind(|| DataType::try_from(schema)) {
        Ok(Ok(dt)) => Ok(dt),
        Ok(Err(e)) => Err(format!("an Arrow schema that does not read ({e})")),
        Err(_) => Err("a malformed Arrow schema".into()),
    }
}

/// The name of the C schema `schema` (empty when it has none, or one that is not UTF-8, on which
/// arrow-rs's `name()` panics), as [`data_type`] reads its type.
pub(crate) fn name_of(schema: &FFI_ArrowSchema) -> String {
    std::panic::catch_unwind(|| schema.name().map(str::to_owned)).ok().flatten().unwrap_or_default()
}

/// An Arrow C stream (the interface's struct, driven here so that each array is checked by
/// [`import`]); released when dropped.
#[repr(C)]
struct Stream {
    get_schema: Option<unsafe extern "C" fn(*mut Stream, *mut FFI_ArrowSchema) -> c_int>,
    get_next: Option<unsafe extern "C" fn(*mut Stream, *mut FFI_ArrowArray) -> c_int>,
    get_last_error: Option<unsafe extern "C" fn(*mut Stream) -> *const c_char>,
    release: Option<unsafe extern "C" fn(*mut Stream)>,
    private_data: *mut c_void,
}

impl Drop for Stream {
    fn drop(&mut self) {
        if let Some(r) = self.release.take() {
            // SAFETY: the producer's callback on the stream it made, called once.
            unsafe { r(self) };
        }
    }
}

impl Stream {
    /// The producer's error after return code `rc`.
    fn failed(&mut self, rc: c_int) -> String {
        // SAFETY: the producer's callback; a non-null answer is a NUL-terminated string.
        let why = self.get_last_error.map(|g| unsafe { g(self) }).filter(|m| !m.is_null());
        let why = why.map(|m| unsafe { CStr::from_ptr(m) }.to_string_lossy().into_owned()).unwrap_or_default();
        format!("the Arrow stream failed (error {rc}) {why}")
    }
}

/// `f` on the type of `obj` alone (`None`: a column of the wrong type is refused even when it has
/// no rows, and before any array is imported), then on each of its arrays: the one array of
/// `__arrow_c_array__`, or every chunk of `__arrow_c_stream__` as the producer gives it.
fn arrays(obj: &Bound<'_, PyAny>, name: &str, f: &mut dyn FnMut(&DataType, Option<ArrayRef>) -> PyResult<()>) -> PyResult<()> {
    let malformed = |e: String| arg_err(format!("{name}: {e}"));
    if obj.hasattr("__arrow_c_array__")? {
        let pair = obj.call_method0("__arrow_c_array__")?;
        let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) =
            pair.extract().map_err(|_| arg_err(format!("{name}: __arrow_c_array__ did not return two capsules")))?;
        let s = schema.pointer_checked(Some(c"arrow_schema"))?.cast::<FFI_ArrowSchema>();
        let a = array.pointer_checked(Some(c"arrow_array"))?.cast::<FFI_ArrowArray>();
        // SAFETY: the capsule holds a live schema (its name checked), borrowed while `pair` lives.
        let dt = data_type(unsafe { s.as_ref() }).map_err(malformed)?;
        f(&dt, None)?;
        // SAFETY: a live array (its capsule's name checked), moved out: the capsule's copy is
        // marked released.
        let a = unsafe { FFI_ArrowArray::from_raw(a.as_ptr()) };
        return f(&dt, Some(import(a, &dt).map_err(malformed)?));
    }
    if !obj.hasattr("__arrow_c_stream__")? {
        return Err(arg_err(format!("{name}: expected an Arrow array (__arrow_c_array__ or __arrow_c_stream__), got {}", obj.get_type().name()?)));
    }
    let capsule = obj.call_method0("__arrow_c_stream__")?;
    let capsule = capsule.cast::<PyCapsule>().map_err(|_| arg_err(format!("{name}: __arrow_c_stream__ did not return a capsule")))?;
    let p = capsule.pointer_checked(Some(c"arrow_array_stream"))?.cast::<Stream>().as_ptr();
    // SAFETY: a live stream (the capsule's name checked), moved out as the interface prescribes:
    // the capsule's copy is marked released, ours is released when `stream` drops.
    let mut stream = unsafe { std::ptr::read(p) };
    unsafe { (*p).release = None };
    let (Some(get_schema), Some(get_next)) = (stream.get_schema, stream.get_next) else {
        return Err(malformed("an Arrow stream without callbacks".into()));
    };
    let mut schema = FFI_ArrowSchema::empty();
    // SAFETY (both calls): the producer's callbacks, on its stream and a struct for it to fill.
    match unsafe { get_schema(&mut stream, &mut schema) } {
        0 => {}
        rc => return Err(malformed(stream.failed(rc))),
    }
    let dt = data_type(&schema).map_err(malformed)?;
    f(&dt, None)?;
    loop {
        let mut array = FFI_ArrowArray::empty();
        match unsafe { get_next(&mut stream, &mut array) } {
            0 if array.is_released() => return Ok(()), // the end of the stream
            0 => f(&dt, Some(import(array, &dt).map_err(malformed)?))?,
            rc => return Err(malformed(stream.failed(rc))),
        }
    }
}

// ---------------------------------------------------------------- building the answers

/// An answer column: its field (name and type, nullable) and its array.
pub(crate) struct Node {
    field: Field,
    array: ArrayRef,
}

impl Node {
    fn new(name: &str, array: ArrayRef) -> Node {
        Node { field: Field::new(name.replace('\0', ""), array.data_type().clone(), true), array }
    }

    /// The same column under another name.
    pub(crate) fn named(self, name: &str) -> Node {
        Node::new(name, self.array)
    }

    /// The column as the C interface's schema and array (which own what they point to).
    pub(crate) fn export(&self) -> Result<(FFI_ArrowSchema, FFI_ArrowArray), String> {
        let schema = FFI_ArrowSchema::try_from(&self.field).map_err(|e| e.to_string())?;
        Ok((schema, FFI_ArrowArray::new(&self.array.to_data())))
    }
}

/// Booleans, nulls kept.
#[derive(Default)]
pub(crate) struct Bools(BooleanBuilder);

impl Bools {
    pub(crate) fn push(&mut self, v: Option<bool>) {
        self.0.append_option(v);
    }

    pub(crate) fn finish(mut self, name: &str) -> Node {
        Node::new(name, Arc::new(self.0.finish()))
    }
}

/// Strings (32-bit offsets), nulls kept.
#[derive(Default)]
pub(crate) struct Strings {
    rows: StringBuilder,
    bytes: usize,
}

impl Strings {
    pub(crate) fn push(&mut self, v: Option<&str>) {
        self.bytes += v.map_or(0, str::len);
        // Past 2 GiB of text 32-bit offsets overflow: `finish` refuses the column.
        self.rows.append_option(v.filter(|_| self.bytes <= i32::MAX as usize));
    }

    pub(crate) fn finish(mut self, name: &str) -> Result<Node, String> {
        if self.bytes > i32::MAX as usize {
            return Err(format!("{name}: more than 2 GiB of text in one answer; pass the column in smaller chunks"));
        }
        Ok(Node::new(name, Arc::new(self.rows.finish())))
    }
}

/// Dates (date32: days since 1970-01-01), nulls kept.
#[derive(Default)]
pub(crate) struct Dates(Date32Builder);

impl Dates {
    pub(crate) fn push(&mut self, v: Option<chrono::NaiveDate>) {
        self.0.append_option(v.map(Date32Type::from_naive_date));
    }

    pub(crate) fn finish(mut self, name: &str) -> Node {
        Node::new(name, Arc::new(self.0.finish()))
    }
}

/// A struct column of `fields` (each as long as `valid`), null where `valid` is false.
pub(crate) fn structure(valid: Vec<bool>, fields: Vec<Node>) -> Result<Node, String> {
    let nulls = Some(NullBuffer::from(valid)).filter(|n| n.null_count() > 0);
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = fields.into_iter().map(|n| (n.field, n.array)).unzip();
    let array = StructArray::try_new(fields.into(), arrays, nulls).map_err(|e| e.to_string())?;
    Ok(Node::new("", Arc::new(array)))
}

/// An Arrow array made by sportello (the answer of a `*_arrow` function given a column that is
/// neither pyarrow nor Polars): import it with `pyarrow.array(a)`, `polars.Series(a)` or any
/// reader of the Arrow PyCapsule interface; no copy is made.
#[pyclass(module = "sportello", name = "ArrowArray", frozen)]
pub(crate) struct ArrowArray {
    node: Node,
}

#[pymethods]
impl ArrowArray {
    /// The Arrow PyCapsule interface: `(schema, array)` capsules (`requested_schema` is ignored:
    /// the array is given in its own type).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        let _ = requested_schema;
        let (schema, array) = self.node.export().map_err(arg_err)?;
        // The capsules own the structs: dropped (released) with them unless a consumer took them.
        let schema = PyCapsule::new_with_value_and_destructor(py, schema, c"arrow_schema", |s, _| drop(s))?;
        let array = PyCapsule::new_with_value_and_destructor(py, array, c"arrow_array", |a, _| drop(a))?;
        Ok((schema, array))
    }

    fn __len__(&self) -> usize {
        self.node.array.len()
    }

    fn __repr__(&self) -> String {
        format!("ArrowArray(type={}, length={}, null_count={})", self.node.field.data_type(), self.__len__(), self.node.array.null_count())
    }
}

/// The answer for the column `input`: a `pyarrow.Array` when it came from pyarrow, a
/// `polars.Series` (named as the input) when from Polars, else a `sportello.ArrowArray`.
pub(crate) fn answer<'py>(input: &Bound<'py, PyAny>, node: Node) -> PyResult<Bound<'py, PyAny>> {
    let py = input.py();
    let out = Bound::new(py, ArrowArray { node })?.into_any();
    let module = input.get_type().module()?.to_string();
    if module == "pyarrow" || module.starts_with("pyarrow.") {
        return py.import("pyarrow")?.call_method1("array", (out,));
    }
    if module == "polars" || module.starts_with("polars.") {
        let series = py.import("polars")?.getattr("Series")?.call1((out,))?;
        return match input.getattr("name") {
            Ok(name) => series.call_method1("alias", (name,)),
            Err(_) => Ok(series),
        };
    }
    Ok(out)
}

/// A column computed row by row from a column of strings: what an Arrow function of the binding
/// and the Polars plugin (`polars_plugin.rs`) both run, so each rule is called from one place.
pub(crate) trait Column: Send {
    /// The answer for one row (`None`: a null).
    fn push(&mut self, row: Option<&str>);
    /// The answer column, named `name`.
    fn finish(self, name: &str) -> Result<Node, String>;
}

/// `check` of each row: a boolean column, nulls kept.
pub(crate) struct BoolColumn<F> {
    check: F,
    out: Bools,
}

impl<F: Fn(&str) -> bool + Send> BoolColumn<F> {
    pub(crate) fn new(check: F) -> Self {
        BoolColumn { check, out: Bools::default() }
    }
}

impl<F: Fn(&str) -> bool + Send> Column for BoolColumn<F> {
    #[inline(always)]
    fn push(&mut self, row: Option<&str>) {
        self.out.push(row.map(&self.check));
    }
    fn finish(self, name: &str) -> Result<Node, String> {
        Ok(self.out.finish(name))
    }
}

/// The error code of each row: a string column, null where the row is valid or null.
pub(crate) struct CodeColumn<F> {
    code: F,
    out: Strings,
}

impl<F: Fn(&str) -> Option<&'static str> + Send> CodeColumn<F> {
    pub(crate) fn new(code: F) -> Self {
        CodeColumn { code, out: Strings::default() }
    }
}

impl<F: Fn(&str) -> Option<&'static str> + Send> Column for CodeColumn<F> {
    #[inline(always)]
    fn push(&mut self, row: Option<&str>) {
        self.out.push(row.and_then(&self.code));
    }
    fn finish(self, name: &str) -> Result<Node, String> {
        self.out.finish(name)
    }
}

/// `column` over the Arrow string column `codes` (the parameter `name`), answered as `answer`
/// does.
pub(crate) fn map_column<'py>(codes: &Bound<'py, PyAny>, name: &str, mut column: impl Column) -> PyResult<Bound<'py, PyAny>> {
    for_each(codes, name, |s| column.push(s))?;
    answer(codes, column.finish(name).map_err(arg_err)?)
}

/// `check` over the Arrow column `codes` (parameter `name`): a boolean column, nulls kept.
pub(crate) fn map_bool<'py>(codes: &Bound<'py, PyAny>, name: &str, check: fn(&str) -> bool) -> PyResult<Bound<'py, PyAny>> {
    map_column(codes, name, BoolColumn::new(check))
}

/// The error code of each row of the Arrow column `codes`: a string column, null when the row is
/// valid or null.
pub(crate) fn map_code<'py>(
    codes: &Bound<'py, PyAny>,
    name: &str,
    code: impl Fn(&str) -> Option<&'static str> + Send + Sync,
) -> PyResult<Bound<'py, PyAny>> {
    map_column(codes, name, CodeColumn::new(code))
}
