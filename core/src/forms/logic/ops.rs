//! The closed set of operators the engine knows: json-logic-js 2.x, the Form.io condition
//! operators (`fio_*`), a whitelist of Form.io's lodash operators, and the Italian validators.
//! `method` (code execution) does not exist here.

/// An operator (other than `var`, which compiles to its own node).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    // data
    Missing,
    MissingSome,
    // logic
    If,
    And,
    Or,
    Not,
    NotNot,
    Eq,
    StrictEq,
    Ne,
    StrictNe,
    // numeric
    Gt,
    Ge,
    Lt,
    Le,
    Max,
    Min,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    // array
    Map,
    Filter,
    Reduce,
    All,
    None,
    Some,
    Merge,
    In,
    // string
    Cat,
    Substr,
    // misc: returns its argument (the library does no I/O)
    Log,
    /// `[rule, fallback]`: the value of `rule`, or `fallback` when evaluating `rule` reached a
    /// [`Op::JsReceiver`] that throws (the JavaScript it was translated from throws there, and
    /// Form.io then drops the snippet's result).
    JsTry,
    /// `[value, type?]`: `value`, the receiver of a JavaScript method call or `.length`; when it
    /// is `null`/`undefined` (or not of `type`: `"string"`, `"array"`, `"string|array"`, the
    /// types that have the method) JavaScript throws, which the nearest [`Op::JsTry`] catches.
    JsReceiver,
    /// `[x]`: JavaScript `Number(x)` (the translation of `Number(…)`).
    JsNumber,
    /// `[x]`: JavaScript `isNaN(x)`, that is `Number(x)` is `NaN`.
    JsIsNaN,
    /// `[input, format, today]`: moment's `moment(input, format).isValid()` (the translation of
    /// `moment(x, '<format>').isValid()`), the parts the input lacks taken from `today`
    /// (`YYYY-MM-DD`, the evaluation context's day) as moment takes them from the current date.
    JsMomentValid,
    /// Form.io simple-condition operators and the legacy comparison.
    Fio(Fio),
    /// Lodash operators of Form.io (whitelist).
    Lodash(Lodash),
    /// Italian validators (`{"codice_fiscale": x}` is true when x is valid).
    Italian(Italian),
}

/// Form.io condition operators (formio/core `src/utils/operators`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fio {
    IsEqual,
    IsNotEqual,
    IsEmpty,
    IsNotEmpty,
    LessThan,
    GreaterThan,
    LessThanOrEqual,
    GreaterThanOrEqual,
    DateGreaterThan,
    DateLessThan,
    DateGreaterThanOrEqual,
    DateLessThanOrEqual,
    IsDateEqual,
    IsNotDateEqual,
    Includes,
    NotIncludes,
    StartsWith,
    EndsWith,
    /// `[value, eq, show]` with the legacy `{show, when, eq}` semantics.
    Legacy,
}

/// Whitelisted lodash operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lodash {
    IsEmpty,
    Get,
    Includes,
    ToLower,
    ToUpper,
    Trim,
    Size,
    IsEqual,
    StartsWith,
    EndsWith,
    /// `_match`: JavaScript `String(s).match(pattern)` as a truth value (the translation of
    /// `.match()`; not lodash).
    Match,
    /// `_replace`: `_.replace(s, pattern, replacement)`, JavaScript's
    /// `String(s).replace(String(pattern), String(replacement))`: the first occurrence.
    Replace,
}

/// Italian validators usable in rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Italian {
    CodiceFiscale,
    PartitaIva,
    Cap,
    Provincia,
    Iban,
    Phone,
    Email,
}

impl Op {
    /// The operator of a rule key, or `None` when unknown.
    pub fn from_name(name: &str) -> Option<Op> {
        use Op::*;
        Option::Some(match name {
            "missing" => Missing,
            "missing_some" => MissingSome,
            "if" | "?:" => If,
            "and" => And,
            "or" => Or,
            "!" => Not,
            "!!" => NotNot,
            "==" => Eq,
            "===" => StrictEq,
            "!=" => Ne,
            "!==" => StrictNe,
            ">" => Gt,
            ">=" => Ge,
            "<" => Lt,
            "<=" => Le,
            "max" => Max,
            "min" => Min,
            "+" => Add,
            "-" => Sub,
            "*" => Mul,
            "/" => Div,
            "%" => Mod,
            "map" => Map,
            "filter" => Filter,
            "reduce" => Reduce,
            "all" => All,
            "none" => None,
            "some" => Some,
            "merge" => Merge,
            "in" => In,
            "cat" => Cat,
            "substr" => Substr,
            "log" => Log,
            "js_try" => JsTry,
            "js_receiver" => JsReceiver,
            "js_number" => JsNumber,
            "js_isnan" => JsIsNaN,
            "js_moment_valid" => JsMomentValid,
            "fio_isEqual" => Fio(self::Fio::IsEqual),
            "fio_isNotEqual" => Fio(self::Fio::IsNotEqual),
            "fio_isEmpty" => Fio(self::Fio::IsEmpty),
            "fio_isNotEmpty" => Fio(self::Fio::IsNotEmpty),
            "fio_lessThan" => Fio(self::Fio::LessThan),
            "fio_greaterThan" => Fio(self::Fio::GreaterThan),
            "fio_lessThanOrEqual" => Fio(self::Fio::LessThanOrEqual),
            "fio_greaterThanOrEqual" => Fio(self::Fio::GreaterThanOrEqual),
            "fio_dateGreaterThan" => Fio(self::Fio::DateGreaterThan),
            "fio_dateLessThan" => Fio(self::Fio::DateLessThan),
            "fio_dateGreaterThanOrEqual" => Fio(self::Fio::DateGreaterThanOrEqual),
            "fio_dateLessThanOrEqual" => Fio(self::Fio::DateLessThanOrEqual),
            "fio_isDateEqual" => Fio(self::Fio::IsDateEqual),
            "fio_isNotDateEqual" => Fio(self::Fio::IsNotDateEqual),
            "fio_includes" => Fio(self::Fio::Includes),
            "fio_notIncludes" => Fio(self::Fio::NotIncludes),
            "fio_startsWith" => Fio(self::Fio::StartsWith),
            "fio_endsWith" => Fio(self::Fio::EndsWith),
            "fio_legacy" => Fio(self::Fio::Legacy),
            "_isEmpty" => Lodash(self::Lodash::IsEmpty),
            "_get" => Lodash(self::Lodash::Get),
            "_includes" => Lodash(self::Lodash::Includes),
            "_toLower" => Lodash(self::Lodash::ToLower),
            "_toUpper" => Lodash(self::Lodash::ToUpper),
            "_trim" => Lodash(self::Lodash::Trim),
            "_size" => Lodash(self::Lodash::Size),
            "_isEqual" => Lodash(self::Lodash::IsEqual),
            "_startsWith" => Lodash(self::Lodash::StartsWith),
            "_endsWith" => Lodash(self::Lodash::EndsWith),
            "_match" => Lodash(self::Lodash::Match),
            "_replace" => Lodash(self::Lodash::Replace),
            "codice_fiscale" => Italian(self::Italian::CodiceFiscale),
            "partita_iva" => Italian(self::Italian::PartitaIva),
            "cap" => Italian(self::Italian::Cap),
            "provincia" => Italian(self::Italian::Provincia),
            "iban" => Italian(self::Italian::Iban),
            "phone_it" => Italian(self::Italian::Phone),
            "email" => Italian(self::Italian::Email),
            _ => return Option::None,
        })
    }
}
