//! The Polars plugin (issue 21 item 2): expressions that Polars' own engine runs, in parallel,
//! lazily and on streaming frames, without Python: `sportello.polars` registers them with
//! `polars.plugins.register_plugin_function` on this very library, and Polars calls the
//! `_polars_plugin_<name>` symbols below from its threads with Arrow arrays.
//!
//! The entry points follow Polars' expression-plugin interface, version 0.1 (what `pyo3-polars`
//! emits and Polars 1.x and 2.x load; `polars-plan`'s `plugin.rs` and `polars-ffi`'s
//! `version_0`): a series crosses as a `SeriesExport` (an Arrow C schema and one Arrow C array
//! per chunk), its owner releases it through its `release` callback. Written here rather than
//! with `pyo3-polars`: that crate needs the `polars` crates, tens of minutes of build on the
//! project's machine for a page of C structs; the rows themselves go through the same
//! `sportello::arrow` columns as the `*_arrow` functions, so no rule lives here.
//!
//! Nothing here touches Python or panics on input; an error leaves the answer empty and its
//! message in `_polars_plugin_get_last_error_message`, which Polars raises as a `ComputeError`.
#![allow(unsafe_code)]

use std::cell::RefCell;
use std::ffi::{c_char, c_void, CString};
use std::mem::ManuallyDrop;
use std::ptr::{null_mut, read, write};

use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ArrayRef;
use arrow_schema::DataType;
use sportello::cf as core;

use crate::arrow::{Check, Column, ErrorCodes, Node};

/// A series as Polars exports it (`polars-ffi` `version_0::SeriesExport`).
#[repr(C)]
pub struct SeriesExport {
    field: *mut FFI_ArrowSchema,
    arrays: *mut *mut FFI_ArrowArray,
    len: usize,
    release: Option<unsafe extern "C" fn(*mut SeriesExport)>,
    private_data: *mut c_void,
}

/// What the caller allows (`polars-ffi` `CallerContext`: bit 0, Polars runs the plugin in
/// parallel itself); nothing here starts threads, so it is not read.
#[repr(C)]
pub struct CallerContext {
    bitflags: u64,
}

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

fn fail(message: String) {
    LAST_ERROR.with(|e| *e.borrow_mut() = CString::new(message.replace('\0', " ")).unwrap_or_default());
}

/// The interface version, `major << 16 | minor`: 0.1 (the field function takes the keyword
/// arguments too).
#[no_mangle]
pub extern "C" fn _polars_plugin_get_version() -> u32 {
    1
}

/// The message of the last error on this thread (valid until the next call on it).
#[no_mangle]
pub extern "C" fn _polars_plugin_get_last_error_message() -> *const c_char {
    LAST_ERROR.with(|e| e.borrow().as_ptr())
}

/// One input series, taken over from Polars: its name, type and chunks (released when they drop),
/// then the export itself (which frees Polars' boxes and the schema).
struct Input {
    export: SeriesExport,
    name: String,
    column: Result<(DataType, Vec<ArrayRef>), String>,
}

impl Drop for Input {
    fn drop(&mut self) {
        self.column = Ok((DataType::Null, Vec::new()));
        if let Some(r) = self.export.release {
            // SAFETY: the producer's callback on the export it made, called once.
            unsafe { r(&mut self.export) };
        }
    }
}

impl Input {
    /// # Safety
    /// `e` is a live export that the caller hands over (Polars forgets its copies).
    unsafe fn take(e: *const SeriesExport) -> Input {
        // SAFETY: per the contract; each chunk pointer points to an array Polars boxed for us,
        // moved out of its box (marked released there).
        unsafe {
            let export = read(e);
            let schema = export.field.as_ref();
            let name = schema.map(crate::arrow::name_of).unwrap_or_default();
            let n = if export.arrays.is_null() { 0 } else { export.len };
            let chunks: Vec<FFI_ArrowArray> =
                (0..n).map(|k| *export.arrays.add(k)).filter(|a| !a.is_null()).map(|a| FFI_ArrowArray::from_raw(a)).collect();
            let column = (|| {
                let dt = crate::arrow::data_type(schema.ok_or("an input without a schema")?)?;
                let arrays = chunks.into_iter().map(|a| crate::arrow::import(a, &dt)).collect::<Result<_, _>>()?;
                Ok((dt, arrays))
            })();
            Input { export, name, column }
        }
    }
}

/// The options an expression passes as further literal arguments (`today`, `max_age`, ...):
/// the first value of each, `None` when null or absent (a field function sees no values).
struct Args<'a>(&'a [Input]);

impl Args<'_> {
    fn first(&self, i: usize) -> Option<crate::arrow::Scalar> {
        crate::arrow::first_scalar(self.0.get(i)?.column.as_ref().ok()?.1.first()?)
    }
    fn date(&self, i: usize) -> Result<Option<chrono::NaiveDate>, String> {
        match self.first(i) {
            None => Ok(None),
            Some(crate::arrow::Scalar::Date(d)) => Ok(Some(d)),
            Some(_) => Err(format!("argument {i}: expected a date")),
        }
    }
    fn uint(&self, i: usize) -> Result<Option<u32>, String> {
        match self.first(i) {
            None => Ok(None),
            Some(crate::arrow::Scalar::Int(v)) => u32::try_from(v).map(Some).map_err(|_| format!("argument {i}: {v} is out of range")),
            Some(_) => Err(format!("argument {i}: expected an integer")),
        }
    }
    fn bool(&self, i: usize) -> Result<Option<bool>, String> {
        match self.first(i) {
            None => Ok(None),
            Some(crate::arrow::Scalar::Bool(b)) => Ok(Some(b)),
            Some(_) => Err(format!("argument {i}: expected a boolean")),
        }
    }
}

/// What the answer export owns: its schema (released with it) and the boxes of its chunks (the
/// chunks themselves are the consumer's once it has read them).
struct OutPrivate {
    schema: *mut FFI_ArrowSchema,
    arrays: Vec<*mut FFI_ArrowArray>,
}

unsafe extern "C" fn release_out(e: *mut SeriesExport) {
    // SAFETY: `e` is the export `answer` filled; its private data is the box leaked there.
    unsafe {
        if e.is_null() || (*e).private_data.is_null() {
            return;
        }
        let private = Box::from_raw((*e).private_data as *mut OutPrivate);
        drop(Box::from_raw(private.schema));
        for &a in &private.arrays {
            drop(Box::from_raw(a as *mut ManuallyDrop<FFI_ArrowArray>));
        }
        (*e).private_data = null_mut();
        (*e).release = None;
    }
}

/// Writes `node` (one chunk) into `out` as an export Polars imports.
///
/// # Safety
/// `out` points to a writable `SeriesExport`.
unsafe fn answer(node: Node, out: *mut SeriesExport) -> Result<(), String> {
    let (schema, array) = node.export()?;
    let schema = Box::into_raw(Box::new(schema));
    let mut arrays = vec![Box::into_raw(Box::new(array))];
    let export = SeriesExport { field: schema, arrays: arrays.as_mut_ptr(), len: 1, release: Some(release_out), private_data: null_mut() };
    let private = Box::into_raw(Box::new(OutPrivate { schema, arrays }));
    // SAFETY: per the contract; the vector's buffer did not move into the box.
    unsafe { write(out, SeriesExport { private_data: private as *mut c_void, ..export }) };
    Ok(())
}

/// Runs `make`'s column over the rows of the first input and answers it in `out`; on an error,
/// `out` is left empty and the message kept for Polars.
///
/// # Safety
/// Polars' contract: `inputs` points to `n` live exports handed over, `out` to a writable one.
unsafe fn run<C: Column>(inputs: *const SeriesExport, n: usize, out: *mut SeriesExport, make: fn(&Args) -> Result<C, String>) {
    // SAFETY: per the contract.
    let inputs: Vec<Input> = (0..n).map(|i| unsafe { Input::take(inputs.add(i)) }).collect();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> Result<(), String> {
        let first = inputs.first().ok_or("no input column")?;
        let mut column = make(&Args(&inputs))?;
        let (dt, chunks) = first.column.as_ref().map_err(Clone::clone)?;
        crate::arrow::each_chunk(dt, chunks, &first.name, &mut |row| column.push(row))?;
        let node = Node::new(&first.name, column.finish().map_err(crate::arrow::named(&first.name))?);
        // SAFETY: per the contract.
        unsafe { answer(node, out) }
    }));
    match result {
        Ok(Ok(())) => {}
        Ok(Err(e)) => fail(e),
        Err(_) => fail("PANIC".into()),
    }
}

/// The answer's schema for input `fields` (its name the first field's): the column of an empty
/// input.
///
/// # Safety
/// Polars' contract: `fields` points to `n` live schemas (borrowed), `out` to a writable one.
unsafe fn field<C: Column>(fields: *const FFI_ArrowSchema, n: usize, out: *mut FFI_ArrowSchema, make: fn(&Args) -> Result<C, String>) {
    let result = std::panic::catch_unwind(|| -> Result<FFI_ArrowSchema, String> {
        if n == 0 || fields.is_null() {
            return Err("no input column".into());
        }
        // SAFETY: per the contract.
        let first = unsafe { &*fields };
        let name = crate::arrow::name_of(first);
        crate::arrow::each_chunk(&crate::arrow::data_type(first)?, &[], &name, &mut |_| {})?;
        Ok(Node::new(&name, make(&Args(&[]))?.finish().map_err(crate::arrow::named(&name))?).export()?.0)
    });
    match result {
        // SAFETY: per the contract.
        Ok(Ok(schema)) => unsafe { write(out, schema) },
        Ok(Err(e)) => fail(e),
        Err(_) => fail("PANIC".into()),
    }
}

/// One expression: `_polars_plugin_<name>` and its field function, running the column `make`
/// builds from the expression's further arguments.
macro_rules! expression {
    ($run:ident, $field:ident, $make:expr) => {
        /// An expression of the plugin (see the module's documentation).
        ///
        /// # Safety
        /// Called by Polars, with its contract (see `run`).
        #[no_mangle]
        pub unsafe extern "C" fn $run(
            inputs: *const SeriesExport,
            n: usize,
            _kwargs: *const u8,
            _kwargs_len: usize,
            out: *mut SeriesExport,
            _context: *const CallerContext,
        ) {
            // SAFETY: Polars' contract, passed on.
            unsafe { run(inputs, n, out, $make) }
        }

        /// The output field of the expression of the same name.
        ///
        /// # Safety
        /// Called by Polars, with its contract (see `field`).
        #[no_mangle]
        pub unsafe extern "C" fn $field(fields: *const FFI_ArrowSchema, n: usize, out: *mut FFI_ArrowSchema, _kwargs: *const u8, _kwargs_len: usize) {
            // SAFETY: Polars' contract, passed on.
            unsafe { field(fields, n, out, $make) }
        }
    };
}

expression!(_polars_plugin_cf_is_valid, _polars_plugin_field_cf_is_valid, |_| Ok(Check::new(core::is_valid)));
expression!(_polars_plugin_cf_validate, _polars_plugin_field_cf_validate, |_| Ok(ErrorCodes::new(core::error_code)));
expression!(_polars_plugin_cf_decode, _polars_plugin_field_cf_decode, |args| {
    // arguments: codes, today, max_age, strict_place (the binding gives the host's today)
    let today = match args.date(1)? {
        Some(d) => d,
        None if args.0.is_empty() => chrono::NaiveDate::MIN, // the field function: no rows
        None => return Err("cf_decode: `today` is required".into()),
    };
    Ok(sportello::arrow::Decode::new(core::DecodeOptions::given(today, args.uint(2)?, args.bool(3)?)))
});
expression!(_polars_plugin_piva_is_valid, _polars_plugin_field_piva_is_valid, |_| Ok(Check::new(core::piva::is_valid)));
expression!(_polars_plugin_piva_validate, _polars_plugin_field_piva_validate, |_| Ok(ErrorCodes::new(core::piva::error_code)));
expression!(_polars_plugin_notice_is_valid, _polars_plugin_field_notice_is_valid, |_| Ok(Check::new(sportello::payments::notice_is_valid)));
expression!(_polars_plugin_notice_validate, _polars_plugin_field_notice_validate, |args| {
    // arguments: notices, lenient
    let mode = sportello::payments::PagopaCheck::from_lenient(args.bool(1)?);
    Ok(ErrorCodes::new(move |s| sportello::payments::notice_error_code(s, mode)))
});
