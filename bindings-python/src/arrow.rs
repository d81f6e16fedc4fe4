//! The Arrow C data interface, both ways, for the `*_arrow` functions (`cf.is_valid_arrow`, ...):
//! a column of strings is read in place from anything exposing the Arrow PyCapsule interface
//! (`__arrow_c_array__` or `__arrow_c_stream__`: pyarrow arrays and chunked arrays, Polars
//! Series, nanoarrow, DuckDB results), without copying a string, and the answers go back as an
//! Arrow array (boolean, string, date32 or struct) that any Arrow library imports without a copy.
//!
//! Hand-written rather than `pyo3-arrow` / `arrow-array` (`ffi`): the few layouts a code column
//! has (string, large_string, string_view, null) take a page; the crates would add arrow-cast,
//! chrono-tz and numpy to every wheel and minutes to a build, for nothing these functions use.
//! This is the one module of the binding with `unsafe`: reading and writing the C structs of
//! <https://arrow.apache.org/docs/format/CDataInterface.html> and
//! <https://arrow.apache.org/docs/format/CStreamInterface.html>. No rule lives here.
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::ptr::{null, null_mut};
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::arg_err;

#[repr(C)]
pub(crate) struct FfiSchema {
    format: *const c_char,
    name: *const c_char,
    metadata: *const c_char,
    flags: i64,
    n_children: i64,
    children: *mut *mut FfiSchema,
    dictionary: *mut FfiSchema,
    release: Option<unsafe extern "C" fn(*mut FfiSchema)>,
    private_data: *mut c_void,
}

#[repr(C)]
pub(crate) struct FfiArray {
    length: i64,
    null_count: i64,
    offset: i64,
    n_buffers: i64,
    n_children: i64,
    buffers: *mut *const c_void,
    children: *mut *mut FfiArray,
    dictionary: *mut FfiArray,
    release: Option<unsafe extern "C" fn(*mut FfiArray)>,
    private_data: *mut c_void,
}

#[repr(C)]
struct FfiStream {
    get_schema: Option<unsafe extern "C" fn(*mut FfiStream, *mut FfiSchema) -> c_int>,
    get_next: Option<unsafe extern "C" fn(*mut FfiStream, *mut FfiArray) -> c_int>,
    get_last_error: Option<unsafe extern "C" fn(*mut FfiStream) -> *const c_char>,
    release: Option<unsafe extern "C" fn(*mut FfiStream)>,
    private_data: *mut c_void,
}

impl FfiSchema {
    fn empty() -> Self {
        FfiSchema {
            format: null(),
            name: null(),
            metadata: null(),
            flags: 0,
            n_children: 0,
            children: null_mut(),
            dictionary: null_mut(),
            release: None,
            private_data: null_mut(),
        }
    }
}

impl FfiArray {
    fn empty() -> Self {
        FfiArray {
            length: 0,
            null_count: 0,
            offset: 0,
            n_buffers: 0,
            n_children: 0,
            buffers: null_mut(),
            children: null_mut(),
            dictionary: null_mut(),
            release: None,
            private_data: null_mut(),
        }
    }
}

/// Releases an owned schema, array or stream when dropped (the C interface's `release`).
pub(crate) struct Owned<T: Release>(pub(crate) T);

pub(crate) trait Release {
    fn release(&mut self);
}

macro_rules! release {
    ($t:ty) => {
        impl Release for $t {
            fn release(&mut self) {
                if let Some(r) = self.release {
                    // SAFETY: the producer's callback on the struct it filled; it marks it released.
                    unsafe { r(self) };
                    self.release = None;
                }
            }
        }
    };
}
release!(FfiSchema);
release!(FfiArray);
release!(FfiStream);

impl<T: Release> Drop for Owned<T> {
    fn drop(&mut self) {
        self.0.release();
    }
}

/// The string layouts read.
#[derive(Clone, Copy)]
enum Layout {
    Utf8,
    LargeUtf8,
    Utf8View,
    Null,
}

fn layout(schema: &FfiSchema, name: &str) -> Result<Layout, String> {
    if schema.format.is_null() {
        return Err(format!("{name}: an Arrow schema without a format"));
    }
    // SAFETY: a non-null format is a NUL-terminated string owned by the schema.
    let format = unsafe { CStr::from_ptr(schema.format) };
    match format.to_bytes() {
        b"u" => Ok(Layout::Utf8),
        b"U" => Ok(Layout::LargeUtf8),
        b"vu" => Ok(Layout::Utf8View),
        b"n" => Ok(Layout::Null),
        other => {
            let other = String::from_utf8_lossy(other);
            let hint = if schema.dictionary.is_null() { "" } else { " (dictionary-encoded: cast it to string first)" };
            Err(format!("{name}: an Arrow array of format '{other}'{hint}, expected strings (string, large_string, string_view)"))
        }
    }
}

/// One chunk of strings, borrowed from its producer while the answers are computed.
struct Chunk<'a> {
    array: &'a FfiArray,
    layout: Layout,
}

// SAFETY: a chunk only reads immutable Arrow buffers, which the C interface lets any thread read;
// its owner (a capsule or an `Owned`) outlives the computation that holds it.
unsafe impl Send for Chunk<'_> {}
// SAFETY: as above: shared reads only.
unsafe impl Sync for Chunk<'_> {}

impl<'a> Chunk<'a> {
    fn new(array: &'a FfiArray, layout: Layout, name: &str) -> Result<Chunk<'a>, String> {
        let need = match layout {
            Layout::Utf8 | Layout::LargeUtf8 => 3,
            Layout::Utf8View => 2,
            Layout::Null => 0,
        };
        if array.length < 0 || array.offset < 0 || array.n_buffers < need || (need > 0 && array.buffers.is_null()) {
            return Err(format!("{name}: a malformed Arrow array (length, offset or buffers)"));
        }
        Ok(Chunk { array, layout })
    }

    fn len(&self) -> usize {
        self.array.length as usize
    }

    /// Row `i` (< `len()`): `None` for a null; `Err` for a string_view pointing at no buffer.
    fn get(&self, i: usize) -> Result<Option<&[u8]>, ()> {
        let a = self.array;
        let j = a.offset as usize + i;
        // SAFETY (every read below): the C data interface guarantees the buffers of this layout,
        // `offset + length` rows long, valid while the producer has not released the array.
        unsafe {
            if let Layout::Null = self.layout {
                return Ok(None);
            }
            let validity = *a.buffers as *const u8;
            if !validity.is_null() && a.null_count != 0 && (*validity.add(j / 8) >> (j % 8)) & 1 == 0 {
                return Ok(None);
            }
            let (start, len, data) = match self.layout {
                Layout::Utf8 => {
                    let offsets = *a.buffers.add(1) as *const i32;
                    let (s, e) = (*offsets.add(j), *offsets.add(j + 1));
                    (s as isize, e as isize - s as isize, *a.buffers.add(2) as *const u8)
                }
                Layout::LargeUtf8 => {
                    let offsets = *a.buffers.add(1) as *const i64;
                    let (s, e) = (*offsets.add(j), *offsets.add(j + 1));
                    (s as isize, e as isize - s as isize, *a.buffers.add(2) as *const u8)
                }
                Layout::Utf8View => {
                    let view = (*a.buffers.add(1) as *const u8).add(j * 16);
                    let word = |k: usize| i32::from_le_bytes([*view.add(k), *view.add(k + 1), *view.add(k + 2), *view.add(k + 3)]);
                    let len = word(0);
                    if len <= 12 {
                        (4, len as isize, view)
                    } else {
                        // data buffers follow validity and views; the last buffer holds their sizes
                        let buffer = word(8);
                        if buffer < 0 || 2 + buffer as i64 >= a.n_buffers - 1 {
                            return Err(());
                        }
                        (word(12) as isize, len as isize, *a.buffers.add(2 + buffer as usize) as *const u8)
                    }
                }
                Layout::Null => return Ok(None),
            };
            if len <= 0 || data.is_null() || start < 0 {
                return Ok(Some(&[]));
            }
            Ok(Some(std::slice::from_raw_parts(data.offset(start), len as usize)))
        }
    }

    /// `f` over every row (text as UTF-8; bytes that are not are read lossily: the core then
    /// refuses them as it refuses any wrong character). The offset layouts take a loop of their
    /// own, buffers read once (the hot path of a column of codes).
    #[inline(always)]
    fn each(&self, name: &str, f: &mut impl FnMut(Option<&str>)) -> Result<(), String> {
        self.each_bytes(name, &mut |b: Option<&[u8]>| match b {
            None => f(None),
            Some(b) => text(b, f),
        })
    }

    /// `f` over every row's bytes, as they are.
    fn each_bytes(&self, name: &str, f: &mut impl FnMut(Option<&[u8]>)) -> Result<(), String> {
        match self.layout {
            Layout::Utf8 => self.each_offsets::<i32>(f),
            Layout::LargeUtf8 => self.each_offsets::<i64>(f),
            Layout::Utf8View | Layout::Null => {
                for i in 0..self.len() {
                    match self.get(i) {
                        Ok(b) => f(b),
                        Err(()) => return Err(format!("{name}[{i}]: a string_view pointing at no data buffer")),
                    }
                }
                Ok(())
            }
        }
    }

    fn each_offsets<O: Copy + Into<i64>>(&self, f: &mut impl FnMut(Option<&[u8]>)) -> Result<(), String> {
        let a = self.array;
        let (start, n) = (a.offset as usize, self.len());
        if n == 0 {
            return Ok(());
        }
        // SAFETY: the buffers of a (large) string array: validity bitmap (or null), `offset +
        // length + 1` offsets, and the data they index, valid until the producer releases it.
        unsafe {
            let validity = *a.buffers as *const u8;
            let nulls = !validity.is_null() && a.null_count != 0;
            let offsets = std::slice::from_raw_parts(*a.buffers.add(1) as *const O, start + n + 1);
            let data = *a.buffers.add(2) as *const u8;
            for j in start..start + n {
                if nulls && (*validity.add(j / 8) >> (j % 8)) & 1 == 0 {
                    f(None);
                    continue;
                }
                let (s, e): (i64, i64) = (offsets[j].into(), offsets[j + 1].into());
                if e <= s || s < 0 || data.is_null() {
                    f(Some(b""));
                    continue;
                }
                f(Some(std::slice::from_raw_parts(data.add(s as usize), (e - s) as usize)));
            }
        }
        Ok(())
    }
}

/// `f` of the text of a row: its UTF-8, or read lossily when it is not.
#[inline(always)]
fn text(b: &[u8], f: &mut impl FnMut(Option<&str>)) {
    match std::str::from_utf8(b) {
        Ok(s) => f(Some(s)),
        Err(_) => f(Some(&String::from_utf8_lossy(b))),
    }
}

/// `f` over every row of the string chunks `chunks` of schema `schema` (the column `name`); the
/// schema is checked even when there is no chunk. What the Polars plugin reads its input with.
pub(crate) fn each_chunk<'a>(
    schema: &FfiSchema,
    chunks: impl Iterator<Item = &'a FfiArray>,
    name: &str,
    f: &mut impl FnMut(Option<&str>),
) -> Result<(), String> {
    let l = layout(schema, name)?;
    for array in chunks {
        Chunk::new(array, l, name)?.each(name, f)?;
    }
    Ok(())
}

/// The name of a schema (empty when it has none).
pub(crate) fn schema_name(schema: &FfiSchema) -> String {
    if schema.name.is_null() {
        return String::new();
    }
    // SAFETY: a non-null name is a NUL-terminated string owned by the schema.
    unsafe { CStr::from_ptr(schema.name) }.to_string_lossy().into_owned()
}

/// One value of a column of options (a literal the Polars plugin is given).
pub(crate) enum Scalar {
    Bool(bool),
    Int(i64),
    Date(chrono::NaiveDate),
}

/// The first value of `array` (of schema `schema`): a boolean, an integer or a date32; `None` when
/// it is null, the array empty or of another type.
pub(crate) fn first_scalar(schema: &FfiSchema, array: &FfiArray) -> Option<Scalar> {
    if schema.format.is_null() || array.length < 1 || array.offset < 0 || array.n_buffers < 2 || array.buffers.is_null() {
        return None;
    }
    // SAFETY: a non-null format is a NUL-terminated string owned by the schema.
    let format = unsafe { CStr::from_ptr(schema.format) }.to_bytes();
    let j = array.offset as usize;
    // SAFETY: the buffers of a fixed-width or boolean array with at least one row (checked above):
    // a validity bitmap (or null) and the values, valid until the producer releases the array.
    unsafe {
        let validity = *array.buffers as *const u8;
        if !validity.is_null() && array.null_count != 0 && (*validity.add(j / 8) >> (j % 8)) & 1 == 0 {
            return None;
        }
        let data = *array.buffers.add(1) as *const u8;
        if data.is_null() {
            return None;
        }
        Some(match format {
            b"b" => Scalar::Bool((*data.add(j / 8) >> (j % 8)) & 1 == 1),
            b"tdD" => {
                let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
                Scalar::Date(epoch.checked_add_signed(chrono::Duration::days(int_at(data, j, 4, true)?))?)
            }
            b"c" | b"C" | b"s" | b"S" | b"i" | b"I" | b"l" | b"L" => {
                let (bytes, signed) = int_width(format)?;
                Scalar::Int(int_at(data, j, bytes, signed).unwrap_or(i64::MAX))
            }
            _ => return None,
        })
    }
}

/// Whether `obj` exposes the Arrow PyCapsule interface.
pub(crate) fn is_arrow(obj: &Bound<'_, PyAny>) -> bool {
    obj.hasattr("__arrow_c_array__").unwrap_or(false) || obj.hasattr("__arrow_c_stream__").unwrap_or(false)
}

/// `f` over every row of the Arrow string column `obj` (the parameter `name`), with the GIL
/// released; returns the number of rows. A column that is no Arrow string column raises
/// `ArgumentError`.
pub(crate) fn for_each<F: FnMut(Option<&str>) + Send>(obj: &Bound<'_, PyAny>, name: &str, mut f: F) -> PyResult<usize> {
    for_each_bytes(obj, name, |b| match b {
        None => f(None),
        Some(b) => text(b, &mut f),
    })
}

/// [`for_each`] with each row's bytes as they are (no UTF-8 check: for keys compared, not read).
pub(crate) fn for_each_bytes<F: FnMut(Option<&[u8]>) + Send>(obj: &Bound<'_, PyAny>, name: &str, mut f: F) -> PyResult<usize> {
    let py = obj.py();
    let mut rows = 0;
    let mut lay = None;
    arrays(obj, name, &mut |schema, array| {
        let l = match lay {
            Some(l) => l,
            None => *lay.insert(layout(schema, name).map_err(arg_err)?),
        };
        let Some(array) = array else { return Ok(()) };
        let chunk = Chunk::new(array, l, name).map_err(arg_err)?;
        py.detach(|| chunk.each_bytes(name, &mut f)).map_err(arg_err)?;
        rows += chunk.len();
        Ok(())
    })?;
    Ok(rows)
}

/// The Arrow integer column `obj` (the parameter `name`): signed or unsigned integers of any
/// width, dates (`date32`, `date64`) or timestamps of any unit (their raw values: what ordering
/// needs). A null, or an unsigned value past `i64::MAX`, raises `ArgumentError` with its row.
pub(crate) fn ints(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<i64>> {
    let mut out = Vec::new();
    let mut width = None;
    arrays(obj, name, &mut |schema, array| {
        let (bytes, signed) = match width {
            Some(w) => w,
            None => *width.insert(int_layout(schema, name)?),
        };
        let Some(array) = array else { return Ok(()) };
        if array.length < 0 || array.offset < 0 || array.n_buffers < 2 || array.buffers.is_null() {
            return Err(arg_err(format!("{name}: a malformed Arrow array (length, offset or buffers)")));
        }
        let (first, n) = (array.offset as usize, array.length as usize);
        out.reserve(n);
        // SAFETY: a fixed-width array's buffers, as the C data interface guarantees them: a
        // validity bitmap (or null) and `offset + length` values of `bytes` bytes each, valid
        // until the producer releases the array.
        unsafe {
            let validity = *array.buffers as *const u8;
            let nulls = !validity.is_null() && array.null_count != 0;
            let data = *array.buffers.add(1) as *const u8;
            if data.is_null() && n > 0 {
                return Err(arg_err(format!("{name}: a malformed Arrow array (no data buffer)")));
            }
            for j in first..first + n {
                let row = out.len();
                if nulls && (*validity.add(j / 8) >> (j % 8)) & 1 == 0 {
                    return Err(arg_err(format!("{name}[{row}]: a null")));
                }
                let v = int_at(data, j, bytes, signed).ok_or_else(|| arg_err(format!("{name}[{row}]: out of range")))?;
                out.push(v);
            }
        }
        Ok(())
    })?;
    Ok(out)
}

/// The width in bytes and signedness of an Arrow integer-like format.
fn int_layout(schema: &FfiSchema, name: &str) -> PyResult<(usize, bool)> {
    if schema.format.is_null() {
        return Err(arg_err(format!("{name}: an Arrow schema without a format")));
    }
    // SAFETY: a non-null format is a NUL-terminated string owned by the schema.
    let format = unsafe { CStr::from_ptr(schema.format) }.to_bytes();
    int_width(format).ok_or_else(|| {
        let other = String::from_utf8_lossy(format);
        arg_err(format!("{name}: an Arrow array of format '{other}', expected integers, dates or timestamps"))
    })
}

/// The width in bytes and signedness of the values of an integer-like Arrow format (integers,
/// dates, timestamps).
fn int_width(format: &[u8]) -> Option<(usize, bool)> {
    Some(match format {
        b"c" => (1, true),
        b"C" => (1, false),
        b"s" => (2, true),
        b"S" => (2, false),
        b"i" | b"tdD" => (4, true),
        b"I" => (4, false),
        b"l" | b"tdm" => (8, true),
        b"L" => (8, false),
        f if f.starts_with(b"ts") => (8, true),
        _ => return None,
    })
}

/// Value `j` of a buffer of `bytes`-byte integers (`signed` or not); `None` for an unsigned 64-bit
/// value past `i64::MAX`.
///
/// # Safety
/// `data` holds at least `j + 1` such values.
unsafe fn int_at(data: *const u8, j: usize, bytes: usize, signed: bool) -> Option<i64> {
    // SAFETY: per the contract (reads are unaligned: Arrow buffers need not be).
    unsafe {
        let at = data.add(j * bytes);
        Some(match (bytes, signed) {
            (1, true) => i64::from(at.cast::<i8>().read_unaligned()),
            (1, false) => i64::from(at.read_unaligned()),
            (2, true) => i64::from(at.cast::<i16>().read_unaligned()),
            (2, false) => i64::from(at.cast::<u16>().read_unaligned()),
            (4, true) => i64::from(at.cast::<i32>().read_unaligned()),
            (4, false) => i64::from(at.cast::<u32>().read_unaligned()),
            (_, true) => at.cast::<i64>().read_unaligned(),
            (_, false) => i64::try_from(at.cast::<u64>().read_unaligned()).ok()?,
        })
    }
}

/// `f` on the schema of `obj` alone (`None`: a column of the wrong type is refused even when it
/// has no rows), then on each of its arrays: the one array of `__arrow_c_array__`, or every chunk
/// of `__arrow_c_stream__`.
fn arrays(obj: &Bound<'_, PyAny>, name: &str, f: &mut dyn FnMut(&FfiSchema, Option<&FfiArray>) -> PyResult<()>) -> PyResult<()> {
    if obj.hasattr("__arrow_c_array__")? {
        let pair = obj.call_method0("__arrow_c_array__")?;
        let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) =
            pair.extract().map_err(|_| arg_err(format!("{name}: __arrow_c_array__ did not return two capsules")))?;
        let s = schema.pointer_checked(Some(c"arrow_schema"))?.cast::<FfiSchema>();
        let a = array.pointer_checked(Some(c"arrow_array"))?.cast::<FfiArray>();
        // SAFETY: the capsules hold a live schema and array (their names checked) and are kept
        // alive, unreleased, by `pair` until this function returns.
        let (s, a) = unsafe { (s.as_ref(), a.as_ref()) };
        f(s, None)?;
        return f(s, Some(a));
    }
    if !obj.hasattr("__arrow_c_stream__")? {
        return Err(arg_err(format!("{name}: expected an Arrow array (__arrow_c_array__ or __arrow_c_stream__), got {}", obj.get_type().name()?)));
    }
    let capsule = obj.call_method0("__arrow_c_stream__")?;
    let capsule = capsule.cast::<PyCapsule>().map_err(|_| arg_err(format!("{name}: __arrow_c_stream__ did not return a capsule")))?;
    let p = capsule.pointer_checked(Some(c"arrow_array_stream"))?.cast::<FfiStream>();
    // SAFETY: a live stream (the capsule's name checked), moved out as the interface prescribes:
    // the capsule's copy is marked released, ours is released when `stream` drops.
    let mut stream = Owned(unsafe { std::ptr::read(p.as_ptr()) });
    unsafe { (*p.as_ptr()).release = None };
    let failed = |stream: &mut FfiStream, rc: c_int| {
        let why = match stream.get_last_error {
            // SAFETY: the producer's callback; a non-null answer is a NUL-terminated string.
            Some(g) => unsafe {
                let m = g(stream);
                if m.is_null() {
                    String::new()
                } else {
                    CStr::from_ptr(m).to_string_lossy().into_owned()
                }
            },
            None => String::new(),
        };
        arg_err(format!("{name}: the Arrow stream failed (error {rc}) {why}"))
    };
    let (Some(get_schema), Some(get_next)) = (stream.0.get_schema, stream.0.get_next) else {
        return Err(arg_err(format!("{name}: an Arrow stream without callbacks")));
    };
    let mut schema = Owned(FfiSchema::empty());
    // SAFETY: the producer's callbacks, on the stream it made and a struct for it to fill.
    let rc = unsafe { get_schema(&mut stream.0, &mut schema.0) };
    if rc != 0 {
        return Err(failed(&mut stream.0, rc));
    }
    f(&schema.0, None)?;
    loop {
        let mut array = Owned(FfiArray::empty());
        let rc = unsafe { get_next(&mut stream.0, &mut array.0) };
        if rc != 0 {
            return Err(failed(&mut stream.0, rc));
        }
        if array.0.release.is_none() {
            return Ok(()); // end of stream
        }
        f(&schema.0, Some(&array.0))?;
    }
}

// ---------------------------------------------------------------- building the answers

/// A validity bitmap being built.
#[derive(Default)]
struct Validity {
    bits: Vec<u8>,
    len: usize,
    nulls: usize,
}

impl Validity {
    fn push(&mut self, valid: bool) {
        if self.len.is_multiple_of(8) {
            self.bits.push(0);
        }
        if valid {
            self.bits[self.len / 8] |= 1 << (self.len % 8);
        } else {
            self.nulls += 1;
        }
        self.len += 1;
    }

    fn buffer(self) -> Option<Buffer> {
        (self.nulls > 0).then(|| Buffer::from_bytes(&self.bits))
    }
}

/// An 8-byte aligned buffer (as Arrow readers expect).
struct Buffer(Vec<u64>);

impl Buffer {
    fn from_bytes(b: &[u8]) -> Buffer {
        let mut words = vec![0u64; b.len().div_ceil(8).max(1)];
        for (w, c) in words.iter_mut().zip(b.chunks(8)) {
            let mut a = [0u8; 8];
            a[..c.len()].copy_from_slice(c);
            *w = u64::from_le_bytes(a);
        }
        Buffer(words)
    }

    fn from_i32(v: &[i32]) -> Buffer {
        let mut words = vec![0u64; v.len().div_ceil(2).max(1)];
        for (w, c) in words.iter_mut().zip(v.chunks(2)) {
            *w = (c[0] as u32 as u64) | (c.get(1).map_or(0, |&x| x as u32 as u64) << 32);
        }
        Buffer(words)
    }
}

/// An Arrow array owned by this module: its format, buffers (`None`: absent, as a validity
/// bitmap without nulls) and children, shared by every export of it.
pub(crate) struct Node {
    format: &'static CStr,
    name: CString,
    length: usize,
    null_count: usize,
    buffers: Vec<Option<Buffer>>,
    children: Vec<Arc<Node>>,
}

/// Booleans, nulls kept.
#[derive(Default)]
pub(crate) struct Bools {
    values: Vec<u8>,
    validity: Validity,
}

impl Bools {
    pub(crate) fn push(&mut self, v: Option<bool>) {
        let n = self.validity.len;
        if n.is_multiple_of(8) {
            self.values.push(0);
        }
        if v == Some(true) {
            self.values[n / 8] |= 1 << (n % 8);
        }
        self.validity.push(v.is_some());
    }

    pub(crate) fn finish(self, name: &str) -> Node {
        let (length, null_count) = (self.validity.len, self.validity.nulls);
        let values = Buffer::from_bytes(&self.values);
        Node { format: c"b", name: cname(name), length, null_count, buffers: vec![self.validity.buffer(), Some(values)], children: vec![] }
    }
}

/// Strings (32-bit offsets), nulls kept.
pub(crate) struct Strings {
    offsets: Vec<i32>,
    data: Vec<u8>,
    validity: Validity,
}

impl Default for Strings {
    fn default() -> Self {
        Strings { offsets: vec![0], data: Vec::new(), validity: Validity::default() }
    }
}

impl Strings {
    pub(crate) fn push(&mut self, v: Option<&str>) {
        if let Some(s) = v {
            self.data.extend_from_slice(s.as_bytes());
        }
        // Past 2 GiB of text the offset saturates; `finish` refuses the column.
        self.offsets.push(i32::try_from(self.data.len()).unwrap_or(i32::MAX));
        self.validity.push(v.is_some());
    }

    pub(crate) fn finish(self, name: &str) -> Result<Node, String> {
        if i32::try_from(self.data.len()).is_err() {
            return Err(format!("{name}: more than 2 GiB of text in one answer; pass the column in smaller chunks"));
        }
        let (length, null_count) = (self.validity.len, self.validity.nulls);
        let buffers = vec![self.validity.buffer(), Some(Buffer::from_i32(&self.offsets)), Some(Buffer::from_bytes(&self.data))];
        Ok(Node { format: c"u", name: cname(name), length, null_count, buffers, children: vec![] })
    }
}

/// Dates (date32: days since 1970-01-01), nulls kept.
#[derive(Default)]
pub(crate) struct Dates {
    days: Vec<i32>,
    validity: Validity,
}

impl Dates {
    pub(crate) fn push(&mut self, v: Option<chrono::NaiveDate>) {
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        let days = v.map(|d| i32::try_from((d - epoch).num_days()).unwrap_or(0));
        self.days.push(days.unwrap_or(0));
        self.validity.push(days.is_some());
    }

    pub(crate) fn finish(self, name: &str) -> Node {
        let (length, null_count) = (self.validity.len, self.validity.nulls);
        Node {
            format: c"tdD",
            name: cname(name),
            length,
            null_count,
            buffers: vec![self.validity.buffer(), Some(Buffer::from_i32(&self.days))],
            children: vec![],
        }
    }
}

/// A struct column of `fields` (each as long as `valid`), null where `valid` is false.
pub(crate) fn structure(valid: &[bool], fields: Vec<Node>) -> Node {
    let mut validity = Validity::default();
    for &v in valid {
        validity.push(v);
    }
    let (length, null_count) = (validity.len, validity.nulls);
    Node {
        format: c"+s",
        name: cname(""),
        length,
        null_count,
        buffers: vec![validity.buffer()],
        children: fields.into_iter().map(Arc::new).collect(),
    }
}

impl Node {
    /// The same column under another name.
    pub(crate) fn named(mut self, name: &str) -> Node {
        self.name = cname(name);
        self
    }
}

fn cname(name: &str) -> CString {
    CString::new(name.replace('\0', "")).unwrap_or_default()
}

// ---------------------------------------------------------------- exporting

struct ArrayPrivate {
    _node: Arc<Node>,
    buffers: Vec<*const c_void>,
    children: Vec<*mut FfiArray>,
}

unsafe extern "C" fn release_array(a: *mut FfiArray) {
    // SAFETY: the consumer passes the struct `export_array` filled (or a copy of it).
    if a.is_null() || unsafe { (*a).private_data.is_null() } {
        return;
    }
    // SAFETY: `private_data` is the box `export_array` leaked; children are boxes it made too.
    unsafe {
        let private = Box::from_raw((*a).private_data as *mut ArrayPrivate);
        for &c in &private.children {
            if let Some(r) = (*c).release {
                r(c);
            }
            drop(Box::from_raw(c));
        }
        (*a).private_data = null_mut();
        (*a).release = None;
    }
}

pub(crate) fn export_array(node: &Arc<Node>) -> FfiArray {
    let buffers = node.buffers.iter().map(|b| b.as_ref().map_or(null(), |b| b.0.as_ptr() as *const c_void)).collect();
    let children = node.children.iter().map(|c| Box::into_raw(Box::new(export_array(c)))).collect();
    let mut private = Box::new(ArrayPrivate { _node: node.clone(), buffers, children });
    FfiArray {
        length: node.length as i64,
        null_count: node.null_count as i64,
        offset: 0,
        n_buffers: private.buffers.len() as i64,
        n_children: private.children.len() as i64,
        buffers: private.buffers.as_mut_ptr(),
        children: private.children.as_mut_ptr(),
        dictionary: null_mut(),
        release: Some(release_array),
        private_data: Box::into_raw(private) as *mut c_void,
    }
}

struct SchemaPrivate {
    _node: Arc<Node>,
    children: Vec<*mut FfiSchema>,
}

unsafe extern "C" fn release_schema(s: *mut FfiSchema) {
    // SAFETY: as in `release_array`.
    if s.is_null() || unsafe { (*s).private_data.is_null() } {
        return;
    }
    // SAFETY: as in `release_array`.
    unsafe {
        let private = Box::from_raw((*s).private_data as *mut SchemaPrivate);
        for &c in &private.children {
            if let Some(r) = (*c).release {
                r(c);
            }
            drop(Box::from_raw(c));
        }
        (*s).private_data = null_mut();
        (*s).release = None;
    }
}

const NULLABLE: i64 = 2;

pub(crate) fn export_schema(node: &Arc<Node>) -> FfiSchema {
    let children = node.children.iter().map(|c| Box::into_raw(Box::new(export_schema(c)))).collect();
    let mut private = Box::new(SchemaPrivate { _node: node.clone(), children });
    FfiSchema {
        format: node.format.as_ptr(),
        name: node.name.as_ptr(),
        metadata: null(),
        flags: NULLABLE,
        n_children: private.children.len() as i64,
        children: private.children.as_mut_ptr(),
        dictionary: null_mut(),
        release: Some(release_schema),
        private_data: Box::into_raw(private) as *mut c_void,
    }
}

/// A struct of the C interface held by a capsule (its pointers are owned by its private data).
#[repr(transparent)]
struct Held<T>(T);
// SAFETY: the exported structs point only into their own private data, freed by `release`, which
// the C interface lets any thread call.
unsafe impl<T> Send for Held<T> {}

/// An Arrow array made by sportello (the answer of a `*_arrow` function given a column that is
/// neither pyarrow nor Polars): import it with `pyarrow.array(a)`, `polars.Series(a)` or any
/// reader of the Arrow PyCapsule interface; no copy is made.
#[pyclass(module = "sportello", name = "ArrowArray", frozen)]
pub(crate) struct ArrowArray {
    node: Arc<Node>,
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
        let schema = PyCapsule::new_with_value_and_destructor(py, Held(export_schema(&self.node)), c"arrow_schema", |mut s, _| s.0.release())?;
        let array = PyCapsule::new_with_value_and_destructor(py, Held(export_array(&self.node)), c"arrow_array", |mut a, _| a.0.release())?;
        Ok((schema, array))
    }

    fn __len__(&self) -> usize {
        self.node.length
    }

    fn __repr__(&self) -> String {
        format!("ArrowArray(format={:?}, length={}, null_count={})", self.node.format.to_string_lossy(), self.node.length, self.node.null_count)
    }
}

/// The answer for the column `input`: a `pyarrow.Array` when it came from pyarrow, a
/// `polars.Series` (named as the input) when from Polars, else a `sportello.ArrowArray`.
pub(crate) fn answer<'py>(input: &Bound<'py, PyAny>, node: Node) -> PyResult<Bound<'py, PyAny>> {
    let py = input.py();
    let out = Bound::new(py, ArrowArray { node: Arc::new(node) })?.into_any();
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
