//! The Arrow C data interface, both ways, for the `*_arrow` functions (`cf.is_valid_arrow`, ...):
//! a column of strings is read in place from anything exposing the Arrow PyCapsule interface
//! (`__arrow_c_array__` or `__arrow_c_stream__`: pyarrow arrays and chunked arrays, Polars
//! Series, nanoarrow, DuckDB results), without copying a string, and the answers go back as an
//! Arrow array (boolean, string, date32 or struct) that any Arrow library imports without a copy.
//!
//! The C structs, their import and export are arrow-rs's (`arrow-array` with its `ffi` feature,
//! none of its compute kernels); reading the rows and building the answers is the core's
//! `sportello::arrow` (which columns are read, each answer's shape). This module checks each C
//! array before the import, takes the structs out of the producers' capsules, drives a C stream
//! (<https://arrow.apache.org/docs/format/CDataInterface.html>,
//! <https://arrow.apache.org/docs/format/CStreamInterface.html>) and hands the answer back to the
//! library the column came from. No rule lives here.
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, c_void, CStr};

use arrow_array::cast::AsArray;
use arrow_array::ffi::{from_ffi_and_data_type, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::types::Date32Type;
use arrow_array::{make_array, Array, ArrayRef};
use arrow_schema::{DataType, Field};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
pub(crate) use sportello::arrow::{Check, Column, ErrorCodes};

use crate::arg_err;

// ---------------------------------------------------------------- reading the columns

/// The core's error about the column `name`, as the parameter's `ArgumentError` message.
pub(crate) fn named(name: &str) -> impl Fn(sportello::arrow::ArrowError) -> String + '_ {
    move |e| format!("{name}: {e}")
}

/// `f` over every row of the string chunks `chunks` of type `dt` (the column `name`); the type is
/// checked even when there is no chunk. What the Polars plugin reads its input with.
pub(crate) fn each_chunk(dt: &DataType, chunks: &[ArrayRef], name: &str, f: &mut impl FnMut(Option<&str>)) -> Result<(), String> {
    sportello::arrow::strings_type(dt).map_err(named(name))?;
    chunks.iter().try_for_each(|a| sportello::arrow::for_each_str(a, f)).map_err(named(name))
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
        t if t.is_integer() => Scalar::Int(sportello::arrow::ints(&array.slice(0, 1)).ok().and_then(|v| v.first().copied()).unwrap_or(i64::MAX)),
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
    let (py, mut rows) = (obj.py(), 0);
    arrays(obj, name, &mut |dt, array| {
        sportello::arrow::strings_type(dt).map_err(|e| arg_err(named(name)(e)))?;
        let Some(array) = array else { return Ok(()) };
        py.detach(|| sportello::arrow::for_each_str(&array, &mut f)).map_err(|e| arg_err(named(name)(e)))?;
        rows += array.len();
        Ok(())
    })?;
    Ok(rows)
}

/// The type and the chunks of the Arrow column `obj` (the parameter `name`), imported (checked,
/// not copied): for the core's functions that read a whole column.
pub(crate) fn chunks(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<(DataType, Vec<ArrayRef>)> {
    let (mut data_type, mut out) = (DataType::Null, Vec::new());
    arrays(obj, name, &mut |dt, array| {
        data_type = dt.clone();
        out.extend(array);
        Ok(())
    })?;
    Ok((data_type, out))
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
    pub(crate) fn new(name: &str, array: ArrayRef) -> Node {
        Node { field: Field::new(name.replace('\0', ""), array.data_type().clone(), true), array }
    }

    /// The column as the C interface's schema and array (which own what they point to).
    pub(crate) fn export(&self) -> Result<(FFI_ArrowSchema, FFI_ArrowArray), String> {
        let schema = FFI_ArrowSchema::try_from(&self.field).map_err(|e| e.to_string())?;
        Ok((schema, FFI_ArrowArray::new(&self.array.to_data())))
    }
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

/// `column` over the Arrow string column `codes` (the parameter `name`), answered as `answer`
/// does.
pub(crate) fn map_column<'py>(codes: &Bound<'py, PyAny>, name: &str, mut column: impl Column) -> PyResult<Bound<'py, PyAny>> {
    for_each(codes, name, |s| column.push(s))?;
    answer(codes, Node::new(name, column.finish().map_err(|e| arg_err(named(name)(e)))?))
}

/// `check` over the Arrow column `codes` (parameter `name`): a boolean column, nulls kept.
pub(crate) fn map_bool<'py>(codes: &Bound<'py, PyAny>, name: &str, check: fn(&str) -> bool) -> PyResult<Bound<'py, PyAny>> {
    map_column(codes, name, Check::new(check))
}

/// The error code of each row of the Arrow column `codes`: a string column, null when the row is
/// valid or null.
pub(crate) fn map_code<'py>(
    codes: &Bound<'py, PyAny>,
    name: &str,
    code: impl Fn(&str) -> Option<&'static str> + Send + Sync,
) -> PyResult<Bound<'py, PyAny>> {
    map_column(codes, name, ErrorCodes::new(code))
}
