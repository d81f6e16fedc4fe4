//! A translator from a small, side-effect-free subset of JavaScript (the one Form.io authors use
//! in `customConditional`, `validate.custom`, `calculateValue` and logic triggers) to JSON Logic.
//! Nothing is ever executed. Supported:
//!
//! - one assignment to the result variable (`show = ...`, `valid = ...`, `value = ...`,
//!   `result = ...`), optionally preceded by `var`/`let`, with an optional `;`, or
//!   `return <expr>`; or a program of assignments (to the result and to local variables),
//!   `if`/`else` and `return`, put together into one expression (see `translate`);
//! - array literals, locals, `.match('<literal pattern>')` (`_match`), `?.` (as `.`),
//!   `.some/.every/.filter/.find(x => <expression of x>)`;
//! - literals (strings, numbers, `true`, `false`, `null`, `undefined`), parentheses, `? :`,
//!   `||`, `&&`, `!`, `===`, `!==`, `==`, `!=`, `<`, `<=`, `>`, `>=`, unary `-`, `+` (numbers;
//!   with a string literal it concatenates), `-`, `*`, `/`, `%`;
//! - reads of `data.a.b`, `row.x`, `input`/`value`, `data['a']`, `data.a[0]`;
//! - `.length`, `.includes(x)`, `.startsWith(x)`, `.endsWith(x)`, `.toUpperCase()`,
//!   `.toLowerCase()`, `.trim()`; `_.get(data, 'a.b'[, default])`, `_.isEmpty(x)`,
//!   `_.includes(a, x)`, `_.isEqual(a, b)`, `_.toUpper`, `_.toLower`, `_.trim`, `_.size`.
//!
//! Everything else — other identifiers (`instance`, `document`, `window`, `moment`, `utils`,
//! `XMLHttpRequest`, `console`, `form`, `component`), other calls, assignments to anything but
//! the result or locals, loops, functions — is rejected with a reason.
//!
//! Limits (hostile input): a source longer than [`MAX_JS_BYTES`] is refused before lexing
//! (`forms.js_too_long`); an expression whose JSON Logic would nest deeper than
//! [`MAX_JS_DEPTH`] levels, or with more than [`MAX_JS_DEPTH`] pending groups and operators
//! (parentheses, unary operators, calls, ternaries), is refused (`forms.js_too_deep`). The limit
//! is below the engine's (`logic::MAX_DEPTH`, 256), so a translated rule always compiles, and
//! low enough that building, compiling, evaluating and dropping it needs little stack. The parser
//! does not recurse (its stack of pending operators is a `Vec`), so the native stack it uses does
//! not depend on the input, and its work is linear in the source: chains of one associative
//! operator (`a || b || c`, `&&`, `+`, `*`, string `+`) become one n-ary JSON Logic operation and
//! `a ? b : c ? d : e` one `if`, so a long flat chain is not a deep rule.

use serde_json::{Map, Value};

use super::FormsError;

/// Longest JavaScript source translated, in bytes (64 KiB); longer is `forms.js_too_long`.
pub const MAX_JS_BYTES: usize = 64 * 1024;

/// Deepest nesting of a translated snippet (its JSON Logic, and pending parentheses, operators
/// and calls); deeper is `forms.js_too_deep`. Hand-written conditions nest a few levels.
pub const MAX_JS_DEPTH: usize = 64;

const _: () = assert!(MAX_JS_DEPTH < super::logic::MAX_DEPTH);

/// Why a snippet cannot be translated.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum JsError {
    /// Outside the supported subset, or malformed: the reason.
    Unsupported(String),
    /// Nested deeper than [`MAX_JS_DEPTH`].
    TooDeep,
    /// Longer than [`MAX_JS_BYTES`]: the length in bytes.
    TooLong(usize),
}

impl From<String> for JsError {
    fn from(reason: String) -> JsError {
        JsError::Unsupported(reason)
    }
}

impl From<&str> for JsError {
    fn from(reason: &str) -> JsError {
        JsError::Unsupported(reason.to_string())
    }
}

impl JsError {
    /// The error of the component at `path`: `wrap` makes the one of an unsupported snippet
    /// (which depends on where the snippet is), the limits have their own codes.
    pub(crate) fn into_forms(self, path: &str, wrap: impl FnOnce(String) -> FormsError) -> FormsError {
        match self {
            JsError::Unsupported(reason) => wrap(reason),
            JsError::TooDeep => FormsError::JsTooDeep { path: path.to_string(), max: MAX_JS_DEPTH },
            JsError::TooLong(length) => FormsError::JsTooLong { path: path.to_string(), length, max: MAX_JS_BYTES },
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Ident(String),
    Punct(&'static str),
}

const PUNCTS: [&str; 29] = [
    "===", "!==", "==", "!=", "<=", ">=", "&&", "||", "=>", "++", "--", "+=", "-=", "<", ">", "!", "?", ":", "(", ")", "[", "]", ".", ",", ";", "=",
    "+", "-", "*",
];
const MORE_PUNCTS: [&str; 4] = ["/", "%", "{", "}"];

/// The tokens of `src` and the line each starts on; an error with its line.
fn lex(src: &str) -> Result<(Vec<Tok>, Vec<usize>), (String, usize)> {
    let chars: Vec<char> = src.chars().collect();
    let mut lines = Vec::new();
    let mut line = 1;
    let mut counted = 0;
    // The line of character `at` (counted incrementally: `at` only grows).
    let mut line_at = |at: usize| {
        line += chars.get(counted..at.min(chars.len())).unwrap_or(&[]).iter().filter(|c| **c == '\n').count();
        counted = counted.max(at.min(chars.len()));
        line
    };
    let out = lex_tokens(&chars, &mut |at| lines.push(line_at(at)));
    match out {
        Ok(out) => Ok((out, lines)),
        Err((e, at)) => Err((e, line_at(at))),
    }
}

/// [`lex`]: calls `start` with the index of the first character of each token.
fn lex_tokens(chars: &[char], start: &mut dyn FnMut(usize)) -> Result<Vec<Tok>, (String, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while chars.get(i).is_some_and(|&c| c != '\n') {
                i += 1;
            }
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars.get(i) == Some(&'*') && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            let first = i;
            while chars.get(i).is_some_and(|c| c.is_ascii_digit() || *c == '.') {
                i += 1;
            }
            let s: String = chars.get(first..i).unwrap_or(&[]).iter().collect();
            start(first);
            out.push(Tok::Num(s.parse().map_err(|_| (format!("bad number {s:?}"), i))?));
            continue;
        }
        if c == '\'' || c == '"' {
            let (q, first) = (c, i);
            i += 1;
            let mut s = String::new();
            loop {
                match chars.get(i) {
                    None => return Err(("unterminated string".into(), i)),
                    Some(&ch) if ch == q => break,
                    Some('\\') => {
                        let esc = chars.get(i + 1).copied().ok_or(("unterminated string".to_string(), i))?;
                        s.push(match esc {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                        i += 2;
                    }
                    Some(&ch) => {
                        s.push(ch);
                        i += 1;
                    }
                }
            }
            i += 1;
            start(first);
            out.push(Tok::Str(s));
            continue;
        }
        if c == '`' {
            return Err(("template literals are not supported".into(), i));
        }
        if c.is_alphabetic() || c == '_' || c == '$' {
            let first = i;
            while chars.get(i).is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '$') {
                i += 1;
            }
            start(first);
            out.push(Tok::Ident(chars.get(first..i).unwrap_or(&[]).iter().collect()));
            continue;
        }
        // `?.` (optional chaining), not `? .5`.
        if c == '?' && chars.get(i + 1) == Some(&'.') && !chars.get(i + 2).is_some_and(char::is_ascii_digit) {
            start(i);
            out.push(Tok::Punct("?."));
            i += 2;
            continue;
        }
        let rest: String = chars.get(i..(i + 3).min(chars.len())).unwrap_or(&[]).iter().collect();
        match PUNCTS.iter().chain(MORE_PUNCTS.iter()).find(|p| rest.starts_with(**p)) {
            Some(p) => {
                start(i);
                out.push(Tok::Punct(p));
                i += p.chars().count();
            }
            None => return Err((format!("unexpected character {c:?}"), i)),
        }
    }
    Ok(out)
}

/// `{"var": path}`.
fn var(path: String) -> Value {
    let mut m = Map::with_capacity(1);
    m.insert("var".into(), Value::String(path));
    Value::Object(m)
}

/// A value with its depth as `logic::compile` counts it: 0 for a literal, one more than its
/// deepest argument for an operation (`{"var": "x"}` is 1).
type Deep = (Value, usize);

/// `{name: args}`, where `depth` is the deepest of `args`; refused past [`MAX_JS_DEPTH`].
fn op(name: &str, args: Vec<Value>, depth: usize) -> Result<Deep, JsError> {
    let depth = if args.is_empty() { 0 } else { depth + 1 };
    if depth > MAX_JS_DEPTH {
        return Err(JsError::TooDeep);
    }
    let mut m = Map::with_capacity(1);
    m.insert(name.to_string(), Value::Array(args));
    Ok((Value::Object(m), depth))
}

/// An array literal whose deepest item is `depth` deep; refused past [`MAX_JS_DEPTH`].
fn array(items: Vec<Value>, depth: usize) -> Result<Deep, JsError> {
    if depth + 1 > MAX_JS_DEPTH {
        return Err(JsError::TooDeep);
    }
    Ok((Value::Array(items), depth + 1))
}

/// An operand: a data reference whose dotted path may still grow (`data.a` then `.b`), or a
/// value.
enum Operand {
    Path(String),
    Val(Deep),
}

impl Operand {
    fn into_deep(self) -> Deep {
        match self {
            Operand::Path(p) => (var(p), 1),
            Operand::Val(d) => d,
        }
    }
}

/// The receiver `x` of a method call or `.length`, read with `.`: `{"js_receiver": [x, ty]}`,
/// which makes the snippet's result its fallback where JavaScript throws (`x` is
/// `null`/`undefined`, or not of type `ty`); with `?.` (`optional`) `x` itself.
fn receiver(x: Deep, ty: Option<&str>, optional: bool) -> Result<Deep, JsError> {
    if optional {
        return Ok(x);
    }
    let (v, d) = x;
    let mut args = vec![v];
    args.extend(ty.map(|t| Value::String(t.to_string())));
    op(RECEIVER, args, d)
}

const RECEIVER: &str = "js_receiver";

/// Placeholder operators of the parser, replaced by [`finish_calls`]: `moment(…)`, its
/// `.isValid()`, `.toLocaleUpperCase(…)` and `.toLocaleLowerCase(…)`.
const MOMENT: &str = "\u{5}moment";
const IS_VALID: &str = "\u{5}isValid";
const LOCALE_UPPER: &str = "\u{5}toLocaleUpperCase";
const LOCALE_LOWER: &str = "\u{5}toLocaleLowerCase";

/// Replaces the parser's placeholder calls: `moment(x, '<format>').isValid()` becomes
/// `{"js_moment_valid": [x, format, {"var": "context.today"}]}` (moment takes the parts the
/// input lacks from the current date: the evaluation's `today`), for a literal format of
/// `D`, `DD`, `M`, `MM`, `YY`, `YYYY` and separators; `.toLocaleUpperCase()` and
/// `.toLocaleLowerCase()` without a locale are `toUpperCase()`/`toLowerCase()` (they differ only
/// in Turkish, Azeri and Lithuanian). Anything else made with them is refused.
fn finish_calls(out: &mut Value) -> Result<(), JsError> {
    let mut err = None;
    replace_nodes(out, &mut |x| {
        let Value::Object(m) = x else { return None };
        let (name, Value::Array(args)) = m.iter().next()? else { return None };
        match name.as_str() {
            IS_VALID => {
                let moment = args.first().and_then(|a| a.get(MOMENT)).and_then(Value::as_array);
                match moment.map(Vec::as_slice) {
                    Some([input, Value::String(format)]) if super::logic::ext::moment_tokens(format).is_some() => {
                        Some(serde_json::json!({"js_moment_valid": [input, format, {"var": "context.today"}]}))
                    }
                    _ => {
                        err = Some(
                            "`.isValid()` is supported only on `moment(x, '<format>')`, a literal format of D, DD, M, MM, YY, YYYY and separators",
                        );
                        Some(Value::Null)
                    }
                }
            }
            MOMENT => {
                err = Some("`moment()` is supported only as `moment(x, '<format>').isValid()`");
                Some(Value::Null)
            }
            LOCALE_UPPER | LOCALE_LOWER => match args.as_slice() {
                [this] => Some(serde_json::json!({ if name == LOCALE_UPPER { "_toUpper" } else { "_toLower" }: [this] })),
                _ => {
                    err = Some("`.toLocaleUpperCase()`/`.toLocaleLowerCase()` with a locale are not supported");
                    Some(Value::Null)
                }
            },
            _ => None,
        }
    });
    match err {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

/// The translated snippet `out` as Form.io runs it: where JavaScript throws (a method called on
/// `null`), Form.io's evaluator returns `null`, so no value is calculated, no error reported,
/// no trigger fired, and a `customConditional` shows its component: the fallback (`true` for
/// `show`, else `null`) of a `js_try` around the rule, when the rule has a receiver that can
/// throw. A receiver that is a literal of the right type (a local holding an array) cannot,
/// and is replaced by the literal.
fn catching(mut out: Value, target: &str) -> R {
    finish_calls(&mut out)?;
    let mut throws = false;
    replace_nodes(&mut out, &mut |x| match x.get_mut(RECEIVER) {
        Some(Value::Array(args)) => {
            let ty = args.get(1).and_then(Value::as_str).unwrap_or("");
            let fits = match args.first() {
                Some(Value::String(_)) => ty.contains("string"),
                Some(Value::Array(_)) => ty.contains("array"),
                _ => false,
            };
            throws |= !fits;
            fits.then(|| args.swap_remove(0))
        }
        _ => None,
    });
    if !throws {
        return Ok(out);
    }
    let fallback = if target == "show" { Value::Bool(true) } else { Value::Null };
    let depth = depth_of(&out);
    let (rule, depth) = op("js_try", vec![out, fallback], depth)?;
    if depth > MAX_JS_DEPTH {
        return Err(JsError::TooDeep);
    }
    Ok(rule)
}

/// Visits every node of `v` (without recursion); where `f` gives a replacement, the node
/// becomes it and is visited again.
fn replace_nodes(v: &mut Value, f: &mut dyn FnMut(&mut Value) -> Option<Value>) {
    let mut todo = vec![v];
    while let Some(x) = todo.pop() {
        if let Some(new) = f(x) {
            *x = new;
            todo.push(x);
            continue;
        }
        match x {
            Value::Array(items) => todo.extend(items.iter_mut()),
            Value::Object(m) => todo.extend(m.values_mut()),
            _ => {}
        }
    }
}

/// Whether a JSON Logic value is a string for JavaScript's `+`.
fn stringy(v: &Value) -> bool {
    v.is_string() || v.get("cat").is_some()
}

/// A pending construct of the parser (its stack replaces recursion).
enum Frame {
    /// `!` or unary `-` waiting for its operand.
    Unary(&'static str),
    /// A chain of one binary operator, its right-most operand still to come.
    Bin(Chain),
    /// `(`.
    Group,
    /// A call collecting its arguments (the receiver first for a method); `keep` false when the
    /// arguments are parsed but ignored (`.trim(x)`).
    Call { op: &'static str, keep: bool, args: Vec<Value>, depth: usize },
    /// `c1 ? a1 : c2 ? a2 : ...` as one `if`: the arguments so far; `then` while the `:` of the
    /// last condition is still to come.
    Cond { then: bool, args: Vec<Value>, depth: usize },
    /// An array literal `[a, b, ...]` collecting its items.
    Array { items: Vec<Value>, depth: usize },
}

/// Operands of a chain of one binary operator.
struct Chain {
    /// As written in JavaScript.
    op: &'static str,
    prec: u8,
    /// A `+` chain that has become a string concatenation (`cat`).
    cat: bool,
    args: Vec<Value>,
    /// The deepest of `args`.
    depth: usize,
}

/// Binary operators: JavaScript token, precedence (higher binds tighter).
const BINARY: [(&str, u8); 15] = [
    ("||", 1),
    ("&&", 2),
    ("===", 3),
    ("!==", 3),
    ("==", 3),
    ("!=", 3),
    ("<=", 4),
    (">=", 4),
    ("<", 4),
    (">", 4),
    ("+", 5),
    ("-", 5),
    ("*", 6),
    ("/", 6),
    ("%", 6),
];

/// Whether `a op b op c` may be one n-ary JSON Logic operation.
fn associative(op: &str) -> bool {
    matches!(op, "||" | "&&" | "+" | "*")
}

impl Chain {
    /// Adds the next operand.
    fn push(&mut self, (v, d): Deep) -> Result<(), JsError> {
        // JavaScript's `+` concatenates as soon as one side is a string: `1 + 2 + 'a'` is
        // `cat(+(1, 2), 'a')`, `'a' + 1 + 2` is `cat('a', 1, 2)`.
        if self.op == "+" && !self.cat && (stringy(&v) || (self.args.len() == 1 && self.args.first().is_some_and(stringy))) {
            if self.args.len() > 1 {
                let (sum, depth) = op_named("+", std::mem::take(&mut self.args), self.depth)?;
                self.depth = depth;
                self.args.push(sum);
            }
            self.cat = true;
        }
        self.depth = self.depth.max(d);
        self.args.push(v);
        Ok(())
    }

    /// Closes the chain with its last operand.
    fn finish(mut self, last: Deep) -> Result<Deep, JsError> {
        self.push(last)?;
        op_named(if self.cat { "cat" } else { self.op }, self.args, self.depth)
    }
}

/// [`op`] with the JSON Logic name of a JavaScript operator.
fn op_named(js: &str, args: Vec<Value>, depth: usize) -> Result<Deep, JsError> {
    let name = match js {
        "||" => "or",
        "&&" => "and",
        other => other,
    };
    op(name, args, depth)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    /// Names that read data: `data`, `row`, and the rule's own (`input`, `value`).
    readable: &'static [&'static str],
    /// Local variables of a program (and the result variable): read as placeholders
    /// ([`LOCAL`]`name`), replaced by their values when the program is put together.
    locals: Vec<String>,
    /// Inside an arrow callback (`.some(x => …)`): its parameter, the only name it may read.
    param: Option<String>,
    /// Callbacks open around the one being parsed.
    callbacks: usize,
    /// Whether the code uses `?.` (read as `.`: then which reads throw is not known).
    optional: bool,
}

/// The `var` path of a callback's parameter while its body is parsed (then the item: `""`).
const PARAM: &str = "\u{3}";

/// The prefix of a placeholder `var` naming a local variable of a program.
const LOCAL: char = '\u{2}';

/// The prefix of a placeholder `var` naming a local variable read inside a callback: JSON Logic
/// applies the callback to each item alone, so the local must hold a constant.
const CONST_LOCAL: char = '\u{4}';

type R = Result<Value, JsError>;

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn is(&self, p: &str) -> bool {
        matches!(self.peek(), Some(Tok::Punct(q)) if *q == p)
    }
    fn eat(&mut self, p: &str) -> bool {
        if self.is(p) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn expect_token(&mut self, p: &str) -> Result<(), JsError> {
        if self.eat(p) {
            Ok(())
        } else {
            Err(format!("expected {p:?} at token {}", self.pos + 1).into())
        }
    }

    /// Parses one expression with an explicit stack of pending constructs: in operand position
    /// it reads unary operators, `(`, the start of calls and a primary; in operator position
    /// postfix accessors, then binary operators, `?`, `:`, `,`, `)` or the end.
    fn expr(&mut self) -> R {
        let mut stack: Vec<Frame> = Vec::new();
        let mut cur: Option<Operand> = None;
        loop {
            if stack.len() > MAX_JS_DEPTH {
                return Err(JsError::TooDeep);
            }
            let Some(operand) = cur.take() else {
                cur = self.prefix(&mut stack)?;
                continue;
            };
            // Postfix: `.name`, `.method(...)`, `[literal]`; `?.` reads as `.` (a missing value is
            // `null` either way, and the operators take `null`), except that a method called
            // or `.length` read through `?.` does not throw on `null` (see `receiver`).
            if self.eat("?.") {
                self.optional = true;
                cur = if self.eat("[") { Some(self.index(operand)?) } else { self.member(operand, &mut stack, true)? };
                continue;
            }
            if self.eat(".") {
                cur = self.member(operand, &mut stack, false)?;
                continue;
            }
            if self.eat("[") {
                cur = Some(self.index(operand)?);
                continue;
            }
            if self.is("(") {
                return Err("calling a value is not supported".into());
            }
            // The operand is complete: apply the unary operators before it.
            let mut x = operand.into_deep();
            while let Some(Frame::Unary(u)) = stack.last() {
                let u = *u;
                stack.pop();
                x = op(u, vec![x.0], x.1)?;
            }
            if let Some((js, prec)) = BINARY.iter().copied().find(|(p, _)| self.is(p)) {
                self.pos += 1;
                Self::binary(&mut stack, js, prec, x)?;
                continue;
            }
            let x = Self::close_bins(&mut stack, x)?;
            if self.eat("?") {
                match stack.last_mut() {
                    // `a ? b : c ? ...`: `c` is the next condition of the same `if`.
                    Some(Frame::Cond { then: then @ false, args, depth }) => {
                        *then = true;
                        *depth = (*depth).max(x.1);
                        args.push(x.0);
                    }
                    _ => stack.push(Frame::Cond { then: true, args: vec![x.0], depth: x.1 }),
                }
                continue;
            }
            let x = Self::close_conds(&mut stack, x)?;
            if self.eat(":") {
                match stack.last_mut() {
                    Some(Frame::Cond { then: then @ true, args, depth }) => {
                        *then = false;
                        *depth = (*depth).max(x.1);
                        args.push(x.0);
                    }
                    _ => return Err("unexpected \":\"".into()),
                }
                continue;
            }
            if self.eat(",") {
                match stack.last_mut() {
                    Some(Frame::Call { keep, args, depth, .. }) => {
                        if *keep {
                            *depth = (*depth).max(x.1);
                            args.push(x.0);
                        }
                    }
                    Some(Frame::Array { items, depth }) => {
                        *depth = (*depth).max(x.1);
                        items.push(x.0);
                        // a trailing comma: `[a, b,]`
                        if self.eat("]") {
                            if let Some(Frame::Array { items, depth }) = stack.pop() {
                                cur = Some(Operand::Val(array(items, depth)?));
                            }
                        }
                    }
                    _ => return Err("unexpected \",\"".into()),
                }
                continue;
            }
            if self.is("]") {
                if let Some(Frame::Array { mut items, depth }) = stack.pop() {
                    self.pos += 1;
                    items.push(x.0);
                    cur = Some(Operand::Val(array(items, depth.max(x.1))?));
                    continue;
                }
                return Err("unexpected \"]\"".into());
            }
            if self.is(")") {
                match stack.pop() {
                    Some(Frame::Group) => {
                        self.pos += 1;
                        cur = Some(Operand::Val(x));
                        continue;
                    }
                    Some(Frame::Call { op: name, keep, mut args, depth }) => {
                        self.pos += 1;
                        let depth = if keep {
                            args.push(x.0);
                            depth.max(x.1)
                        } else {
                            depth
                        };
                        cur = Some(Operand::Val(op(name, args, depth)?));
                        continue;
                    }
                    // A `)` that closes nothing ends the expression (and the statement fails).
                    Some(other) => stack.push(other),
                    None => {}
                }
            }
            return match stack.last() {
                None => Ok(x.0),
                Some(Frame::Cond { .. }) => Err(format!("expected \":\" at token {}", self.pos + 1).into()),
                Some(_) => Err(format!("expected \")\" at token {}", self.pos + 1).into()),
            };
        }
    }

    /// Operand position: pushes unary operators, `(` and calls, or returns the primary read.
    fn prefix(&mut self, stack: &mut Vec<Frame>) -> Result<Option<Operand>, JsError> {
        let tok = self.peek().cloned().ok_or("unexpected end of expression")?;
        self.pos += 1;
        let val = |v: Value| Ok(Some(Operand::Val((v, 0))));
        match tok {
            Tok::Num(n) => val(serde_json::Number::from_f64(n).map(Value::Number).unwrap_or(Value::Null)),
            Tok::Str(s) => val(Value::String(s)),
            Tok::Punct("!") => {
                stack.push(Frame::Unary("!"));
                Ok(None)
            }
            Tok::Punct("-") => {
                stack.push(Frame::Unary("-"));
                Ok(None)
            }
            Tok::Punct("++" | "--") => Err("increments are not supported".into()),
            Tok::Punct("(") => {
                stack.push(Frame::Group);
                Ok(None)
            }
            Tok::Punct("[") => {
                if self.eat("]") {
                    return val(Value::Array(Vec::new()));
                }
                stack.push(Frame::Array { items: Vec::new(), depth: 0 });
                Ok(None)
            }
            Tok::Punct(p) => Err(format!("unexpected {p:?}").into()),
            Tok::Ident(id) => match id.as_str() {
                "true" => val(Value::Bool(true)),
                "false" => val(Value::Bool(false)),
                "null" | "undefined" => val(Value::Null),
                "_" => {
                    let name = self.lodash()?;
                    self.call(name, true, Vec::new(), 0, stack)
                }
                name if self.param.as_deref() == Some(name) => Ok(Some(Operand::Path(PARAM.to_string()))),
                // A local inside a callback must hold a constant (checked when it is replaced).
                name if self.param.is_some() && self.locals.iter().any(|l| l == name) => Ok(Some(Operand::Path(format!("{CONST_LOCAL}{id}")))),
                name if self.param.is_some() && self.readable.contains(&name) => {
                    Err(format!("a callback may read only its parameter and locals holding constants, found `{name}`").into())
                }
                name if self.readable.contains(&name) => Ok(Some(Operand::Path(id))),
                name if self.locals.iter().any(|l| l == name) => Ok(Some(Operand::Path(format!("{LOCAL}{id}")))),
                // JavaScript's `Number(x)`, `isNaN(x)`; moment's `moment(x, '<format>')`, only as
                // the receiver of `.isValid()` (see `finish_calls`).
                "Number" => self.call("js_number", true, Vec::new(), 0, stack),
                "isNaN" => self.call("js_isnan", true, Vec::new(), 0, stack),
                "moment" => self.call(MOMENT, true, Vec::new(), 0, stack),
                "instance" | "document" | "window" | "self" | "globalThis" => Err(format!("`{id}` reads renderer or page state").into()),
                "XMLHttpRequest" | "fetch" | "Formio" | "$" | "jQuery" => Err(format!("`{id}` makes requests").into()),
                "console" | "alert" => Err(format!("`{id}` has side effects").into()),
                "function" | "new" | "this" | "eval" | "Function" => Err(format!("`{id}` is not supported").into()),
                other => Err(format!("unknown identifier `{other}`").into()),
            },
        }
    }

    /// After `name` of a call: `(` and either `)` (the call is complete) or its first argument
    /// (a `Call` frame collects them).
    fn call(&mut self, name: &'static str, keep: bool, args: Vec<Value>, depth: usize, stack: &mut Vec<Frame>) -> Result<Option<Operand>, JsError> {
        self.expect_token("(")?;
        if self.eat(")") {
            return Ok(Some(Operand::Val(op(name, args, depth)?)));
        }
        stack.push(Frame::Call { op: name, keep, args, depth });
        Ok(None)
    }

    /// After `.` (`optional`: `?.`): a property (extends a data path) or a supported method.
    fn member(&mut self, operand: Operand, stack: &mut Vec<Frame>, optional: bool) -> Result<Option<Operand>, JsError> {
        let name = match self.peek() {
            Some(Tok::Ident(n)) => n.clone(),
            _ => return Err("expected a property name after '.'".into()),
        };
        self.pos += 1;
        let is_call = self.is("(");
        if is_call && matches!(name.as_str(), "some" | "every" | "find" | "filter") {
            return self.callback(&name, operand, optional).map(|v| Some(Operand::Val(v)));
        }
        let method = match (name.as_str(), is_call) {
            ("length", false) => {
                let (v, d) = receiver(operand.into_deep(), None, optional)?;
                return Ok(Some(Operand::Val(op("_size", vec![v], d)?)));
            }
            ("includes", true) => ("_includes", true, "string|array"),
            ("startsWith", true) => ("_startsWith", true, "string"),
            ("endsWith", true) => ("_endsWith", true, "string"),
            ("toUpperCase", true) => ("_toUpper", false, "string"),
            ("toLowerCase", true) => ("_toLower", false, "string"),
            // (without a locale argument: see `finish_calls`)
            ("toLocaleUpperCase", true) => (LOCALE_UPPER, true, "string"),
            ("toLocaleLowerCase", true) => (LOCALE_LOWER, true, "string"),
            ("replace", true) => ("_replace", true, "string"),
            // the method of a moment object (see `finish_calls`)
            ("isValid", true) => {
                let (this, depth) = operand.into_deep();
                return self.call(IS_VALID, false, vec![this], depth, stack);
            }
            ("trim", true) => ("_trim", false, "string"),
            ("match", true) => {
                // A literal pattern the regex engine compiles: `.match('^[0-9]{5}$')`.
                let pattern = match (self.toks.get(self.pos + 1), self.toks.get(self.pos + 2)) {
                    (Some(Tok::Str(p)), Some(Tok::Punct(")"))) => p.clone(),
                    _ => return Err("`.match()` needs a string literal pattern".into()),
                };
                if regex::Regex::new(&pattern).is_err() {
                    return Err(format!("the pattern {pattern:?} of `.match()` is not supported (look-around, back-references)").into());
                }
                ("_match", true, "string")
            }
            (other, true) => return Err(format!("method .{other}() is not supported").into()),
            (prop, false) => {
                return match operand {
                    Operand::Path(mut p) => {
                        p.push('.');
                        p.push_str(prop);
                        Ok(Some(Operand::Path(p)))
                    }
                    Operand::Val(_) => Err(format!("property .{prop} of a computed value is not supported").into()),
                };
            }
        };
        let (this, depth) = receiver(operand.into_deep(), Some(method.2), optional)?;
        self.call(method.0, method.1, vec![this], depth, stack)
    }

    /// `.some(x => …)`, `.every(…)`, `.filter(…)`, `.find(…)` on `operand`, after the method's
    /// name: the callback's body reads only its parameter (JSON Logic applies it to each item
    /// alone). `find` is the first item `filter` keeps (`null` when none).
    fn callback(&mut self, method: &str, operand: Operand, optional: bool) -> Result<Deep, JsError> {
        self.expect_token("(")?;
        let paren = self.eat("(");
        let param = match self.peek() {
            Some(Tok::Ident(p)) => p.clone(),
            _ => return Err(format!("`.{method}()` needs an arrow function `x => …`").into()),
        };
        self.pos += 1;
        if paren {
            self.expect_token(")")?;
        }
        if !self.eat("=>") {
            return Err(format!("`.{method}()` needs an arrow function `x => …`").into());
        }
        // A block body is one `return <expression>;` (`x => { return x.a == 1; }`).
        let block = self.eat("{");
        if block && !matches!(self.peek(), Some(Tok::Ident(k)) if k == "return") {
            return Err(format!("`.{method}()` needs an arrow function whose block body is one `return …`").into());
        }
        self.pos += usize::from(block);
        if self.callbacks >= 8 {
            return Err(JsError::TooDeep);
        }
        self.callbacks += 1;
        let outer = self.param.replace(param);
        let body = self.expr();
        self.param = outer;
        self.callbacks -= 1;
        let body = item_scope(body?);
        if block {
            self.eat(";");
            if !self.eat("}") {
                return Err(format!("`.{method}()` needs an arrow function whose block body is one `return …`").into());
            }
        }
        self.expect_token(")")?;
        let (items, d) = receiver(operand.into_deep(), Some("array"), optional)?;
        let depth = d.max(depth_of(&body));
        match method {
            "some" => op("some", vec![items, body], depth),
            "filter" => op("filter", vec![items, body], depth),
            // `every` of nothing is true, as `none` of the negation is (JSON Logic `all` is not).
            "every" => {
                let bd = depth_of(&body);
                let (not, nd) = op("!", vec![body], bd)?;
                op("none", vec![items, not], d.max(nd))
            }
            _ => {
                let (kept, kd) = op("filter", vec![items, body], depth)?;
                op("reduce", vec![Value::Array(vec![kept]), var("current.0".into()), Value::Null], kd + 1)
            }
        }
    }

    /// After `[`: a literal key, then `]`.
    fn index(&mut self, operand: Operand) -> Result<Operand, JsError> {
        let key = match self.peek() {
            Some(Tok::Str(s)) => s.clone(),
            Some(Tok::Num(n)) if n.fract() == 0.0 && *n >= 0.0 => format!("{}", *n as u64),
            _ => return Err("only literal keys are supported in [...]".into()),
        };
        self.pos += 1;
        self.expect_token("]")?;
        match operand {
            Operand::Path(mut p) => {
                p.push('.');
                p.push_str(&key);
                Ok(Operand::Path(p))
            }
            Operand::Val(_) => Err("indexing a computed value is not supported".into()),
        }
    }

    /// A binary operator after operand `x`: closes the chains that bind at least as tightly,
    /// then extends the chain of the same associative operator or opens one.
    fn binary(stack: &mut Vec<Frame>, js: &'static str, prec: u8, mut x: Deep) -> Result<(), JsError> {
        while let Some(Frame::Bin(top)) = stack.last_mut() {
            if top.prec < prec {
                break;
            }
            if top.prec == prec && top.op == js && associative(js) {
                return top.push(x);
            }
            if let Some(Frame::Bin(chain)) = stack.pop() {
                x = chain.finish(x)?;
            }
        }
        stack.push(Frame::Bin(Chain { op: js, prec, cat: false, args: vec![x.0], depth: x.1 }));
        Ok(())
    }

    /// Closes every binary chain on top of the stack with last operand `x`.
    fn close_bins(stack: &mut Vec<Frame>, mut x: Deep) -> Result<Deep, JsError> {
        while let Some(Frame::Bin(_)) = stack.last() {
            if let Some(Frame::Bin(chain)) = stack.pop() {
                x = chain.finish(x)?;
            }
        }
        Ok(x)
    }

    /// Closes every ternary on top of the stack waiting for its last (else) operand `x`, with
    /// the binary chains inside them.
    fn close_conds(stack: &mut Vec<Frame>, mut x: Deep) -> Result<Deep, JsError> {
        while let Some(Frame::Cond { then: false, .. }) = stack.last() {
            if let Some(Frame::Cond { mut args, depth, .. }) = stack.pop() {
                args.push(x.0);
                x = op("if", args, depth.max(x.1))?;
            }
            x = Self::close_bins(stack, x)?;
        }
        Ok(x)
    }

    /// After `_`: `.name`, the JSON Logic operator of a supported lodash function.
    fn lodash(&mut self) -> Result<&'static str, JsError> {
        self.expect_token(".")?;
        let name = match self.peek() {
            Some(Tok::Ident(n)) => n.clone(),
            _ => return Err("expected a lodash function after `_.`".into()),
        };
        self.pos += 1;
        Ok(match name.as_str() {
            "get" => "_get",
            "isEmpty" => "_isEmpty",
            "includes" => "_includes",
            "isEqual" => "_isEqual",
            "toUpper" => "_toUpper",
            "toLower" => "_toLower",
            "trim" => "_trim",
            "size" => "_size",
            "startsWith" => "_startsWith",
            "endsWith" => "_endsWith",
            "replace" => "_replace",
            other => return Err(format!("lodash `_.{other}` is not supported").into()),
        })
    }
}

/// A statement of a program.
#[derive(Debug, Clone)]
enum Stmt {
    /// `name = expr` (the result variable or a local; `var`/`let`/`const` declare).
    Assign(String, Value),
    /// `if (cond) {...} else {...}`.
    If(Value, Vec<Stmt>, Vec<Stmt>),
    /// `return expr` (`null` without one).
    Return(Value),
    /// `try {...} catch (e) {...}` (the error unused).
    Try(Vec<Stmt>, Vec<Stmt>),
}

/// The largest translated program, in JSON Logic nodes: branches copy what follows them, so a
/// hostile program could grow its translation exponentially.
const MAX_PROGRAM_NODES: usize = 20_000;

impl Parser {
    /// Statements up to `}` (with `block`) or the end.
    fn statements(&mut self, target: &str, block: bool, nesting: usize) -> Result<Vec<Stmt>, JsError> {
        if nesting > MAX_JS_DEPTH {
            return Err(JsError::TooDeep);
        }
        let mut out = Vec::new();
        loop {
            if self.eat(";") {
                continue;
            }
            match self.peek() {
                None if block => return Err("expected \"}\"".into()),
                None => return Ok(out),
                Some(Tok::Punct("}")) if block => {
                    self.pos += 1;
                    return Ok(out);
                }
                _ => {}
            }
            out.extend(self.statement(target, nesting)?);
        }
    }

    /// One statement (a block gives several).
    fn statement(&mut self, target: &str, nesting: usize) -> Result<Vec<Stmt>, JsError> {
        if self.eat("{") {
            return self.statements(target, true, nesting + 1);
        }
        let Some(Tok::Ident(word)) = self.peek().cloned() else {
            return Err(format!("unexpected token {} at the start of a statement", self.pos + 1).into());
        };
        self.pos += 1;
        match word.as_str() {
            "if" => {
                self.expect_token("(")?;
                let cond = self.expr()?;
                self.expect_token(")")?;
                let then = self.statement(target, nesting + 1)?;
                let otherwise = if matches!(self.peek(), Some(Tok::Ident(k)) if k == "else") {
                    self.pos += 1;
                    self.statement(target, nesting + 1)?
                } else {
                    Vec::new()
                };
                Ok(vec![Stmt::If(cond, then, otherwise)])
            }
            "return" => {
                let v = if self.is(";") || self.is("}") || self.peek().is_none() { Value::Null } else { self.expr()? };
                Ok(vec![Stmt::Return(v)])
            }
            "var" | "let" | "const" => {
                let Some(Tok::Ident(name)) = self.peek().cloned() else {
                    return Err(format!("expected a name after `{word}`").into());
                };
                self.pos += 1;
                self.declare(&name)?;
                let v = if self.eat("=") { self.expr()? } else { Value::Null };
                Ok(vec![Stmt::Assign(name, v)])
            }
            "else" => Err("`else` without `if`".into()),
            "try" => {
                self.expect_token("{")?;
                let body = self.statements(target, true, nesting + 1)?;
                if !matches!(self.peek(), Some(Tok::Ident(k)) if k == "catch") {
                    return Err("`try` without `catch` is not supported".into());
                }
                self.pos += 1;
                if self.eat("(") {
                    // The error is not readable: a catch block that reads it is refused.
                    if !matches!(self.peek(), Some(Tok::Ident(_))) {
                        return Err("expected the name of the error after `catch (`".into());
                    }
                    self.pos += 1;
                    self.expect_token(")")?;
                }
                self.expect_token("{")?;
                let catch = self.statements(target, true, nesting + 1)?;
                if matches!(self.peek(), Some(Tok::Ident(k)) if k == "finally") {
                    return Err("`finally` is not supported".into());
                }
                Ok(vec![Stmt::Try(body, catch)])
            }
            "for" | "while" | "do" | "switch" | "throw" | "function" | "class" => Err(format!("`{word}` statements are not supported").into()),
            name if self.is("=") => {
                if self.readable.contains(&name) && name != target {
                    return Err(format!("assignments to `{name}` are not supported").into());
                }
                self.pos += 1;
                let name = name.to_string();
                self.declare(&name)?;
                Ok(vec![Stmt::Assign(name, self.expr()?)])
            }
            name if name == target => Err(format!("expected `{target} = <expression>`").into()),
            name if self.readable.contains(&name) => Err(format!(
                "only assignments to `{target}` or to local variables, `if` and `return` are supported, found a statement starting with `{name}`"
            )
            .into()),
            name => Err(format!("only an assignment to `{target}` is supported, found `{name}`").into()),
        }
    }

    /// Makes `name` a local variable (readable from now on).
    fn declare(&mut self, name: &str) -> Result<(), JsError> {
        // The target (the first local) is assignable even when it is a readable name (`value`).
        let target = self.locals.first().is_some_and(|t| t == name);
        if (self.readable.contains(&name) && !target) || matches!(name, "_" | "true" | "false" | "null" | "undefined") {
            return Err(format!("`{name}` cannot be assigned").into());
        }
        if !self.locals.iter().any(|l| l == name) {
            self.locals.push(name.to_string());
        }
        Ok(())
    }
}

/// What a program has computed so far: the values of its variables (the result variable among
/// them) as JSON Logic over the form's data, with their sizes in nodes.
#[derive(Debug, Clone, Default, PartialEq)]
struct Env(Vec<(String, Sized)>);

/// A JSON Logic value and how many nodes it has.
type Sized = (Value, usize);

impl Env {
    fn get(&self, name: &str) -> Option<&Sized> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
    fn set(&mut self, name: &str, v: Sized) {
        match self.0.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = v,
            None => self.0.push((name.to_string(), v)),
        }
    }
}

/// Puts a program together: the value of the result variable when it ends (or what it
/// returns), as one JSON Logic expression.
struct Assembler {
    target: String,
    /// JSON Logic nodes still allowed (see [`MAX_PROGRAM_NODES`]).
    budget: usize,
}

fn contains_return(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match s {
        Stmt::Return(_) => true,
        Stmt::If(_, a, b) | Stmt::Try(a, b) => contains_return(a) || contains_return(b),
        Stmt::Assign(..) => false,
    })
}

const NULL_SIZED: Sized = (Value::Null, 1);

impl Assembler {
    /// `e` with the placeholders of local variables replaced by their values in `env` (a
    /// variable not yet assigned is `undefined`: `null`).
    fn subst(&mut self, e: &Value, env: &Env) -> Result<Sized, JsError> {
        let (out, size) = match e {
            Value::Object(m) if m.len() == 1 => {
                if let Some(Value::String(path)) = m.get("var") {
                    if let Some(name) = path.strip_prefix(CONST_LOCAL) {
                        if name.contains('.') {
                            return Err(format!("a property of the local `{name}` inside a callback is not supported").into());
                        }
                        let (v, size) = env.get(name).cloned().unwrap_or(NULL_SIZED);
                        if reads_data(&v) {
                            return Err(format!("a callback may read only its parameter and locals holding constants, found `{name}`").into());
                        }
                        return self.charge(v, size);
                    }
                    if let Some(local) = path.strip_prefix(LOCAL) {
                        let (name, rest) = local.split_once('.').map_or((local, None), |(n, r)| (n, Some(r)));
                        let (v, size) = env.get(name).cloned().unwrap_or(NULL_SIZED);
                        return match (rest, v) {
                            (None, v) => self.charge(v, size),
                            (Some(r), Value::Object(vm)) if matches!(vm.get("var"), Some(Value::String(_))) && vm.len() == 1 => {
                                let base = vm.get("var").and_then(Value::as_str).unwrap_or("");
                                self.charge(var(format!("{base}.{r}")), 2)
                            }
                            (Some(r), _) => Err(format!("property .{r} of the local `{name}` is not supported").into()),
                        };
                    }
                }
                let mut out = Map::with_capacity(1);
                let mut size = 1;
                for (k, v) in m {
                    let (x, n) = self.subst(v, env)?;
                    size += n;
                    out.insert(k.clone(), x);
                }
                (Value::Object(out), size)
            }
            Value::Array(items) => {
                let mut size = 1;
                let mut out = Vec::with_capacity(items.len());
                for x in items {
                    let (y, n) = self.subst(x, env)?;
                    size += n;
                    out.push(y);
                }
                (Value::Array(out), size)
            }
            other => (other.clone(), 1),
        };
        self.charge(out, 1).map(|(v, _)| (v, size))
    }

    /// Counts `size` nodes against the budget.
    fn charge(&mut self, v: Value, size: usize) -> Result<Sized, JsError> {
        self.budget = self.budget.checked_sub(size).ok_or("the program is too large to translate")?;
        Ok((v, size))
    }

    /// `if (c) x else y` as one value.
    fn branch(&mut self, c: &Sized, x: Sized, y: Sized) -> Result<Sized, JsError> {
        if x == y {
            return Ok(x);
        }
        let size = 2 + c.1 + x.1 + y.1;
        self.charge(serde_json::json!({"if": [c.0.clone(), x.0, y.0]}), size)
    }

    /// The variables of two branches put together: `if (c) a else b` for each.
    fn merge(&mut self, c: &Sized, a: &Env, b: &Env) -> Result<Env, JsError> {
        let mut names: Vec<String> = a.0.iter().chain(b.0.iter()).map(|(n, _)| n.clone()).collect();
        names.sort();
        names.dedup();
        let mut out = Env::default();
        for name in names {
            let (x, y) = (a.get(&name).cloned().unwrap_or(NULL_SIZED), b.get(&name).cloned().unwrap_or(NULL_SIZED));
            let v = self.branch(c, x, y)?;
            out.set(&name, v);
        }
        Ok(out)
    }

    /// Runs `stmts` that cannot return on `env`.
    fn exec(&mut self, stmts: &[Stmt], env: &mut Env) -> Result<(), JsError> {
        for st in stmts {
            match st {
                Stmt::Assign(name, e) => {
                    let v = self.subst(e, env)?;
                    env.set(name, v);
                }
                Stmt::If(c, a, b) => {
                    let c = self.subst(c, env)?;
                    let (mut ea, mut eb) = (env.clone(), env.clone());
                    self.exec(a, &mut ea)?;
                    self.exec(b, &mut eb)?;
                    *env = self.merge(&c, &ea, &eb)?;
                }
                Stmt::Try(body, catch) => self.try_exec(body, catch, env)?,
                Stmt::Return(_) => return Err("unexpected `return`".into()),
            }
        }
        Ok(())
    }

    /// Runs `try { body } catch { catch }` on `env`. A statement of the body throws where
    /// JavaScript would read a property of `undefined`/`null` (see [`no_throw_guards`]); then
    /// the catch block runs on the values the statements before it left. An `if` in the body
    /// continues in each branch (`try { if (c) {A} else {B}; R }` is `if (c) try {A; R} else
    /// try {B; R}` once `c` is read). The catch block is taken not to throw.
    fn try_exec(&mut self, body: &[Stmt], catch: &[Stmt], env: &mut Env) -> Result<(), JsError> {
        let Some((first, rest)) = body.split_first() else { return Ok(()) };
        let (guards, mut ok) = match first {
            Stmt::Assign(_, e) => {
                let v = self.subst(e, env)?;
                let guards = no_throw_guards(&v.0);
                let mut ok = env.clone();
                self.exec(std::slice::from_ref(first), &mut ok)?;
                self.try_exec(rest, catch, &mut ok)?;
                (guards, ok)
            }
            Stmt::If(c, a, b) => {
                let guards = no_throw_guards(&self.subst(c, env)?.0);
                let branch = |x: &[Stmt]| Stmt::Try(x.iter().chain(rest).cloned().collect(), catch.to_vec());
                let mut ok = env.clone();
                self.exec(&[Stmt::If(c.clone(), vec![branch(a)], vec![branch(b)])], &mut ok)?;
                (guards, ok)
            }
            Stmt::Try(..) => {
                let mut ok = env.clone();
                self.exec(std::slice::from_ref(first), &mut ok)?;
                self.try_exec(rest, catch, &mut ok)?;
                (Vec::new(), ok)
            }
            Stmt::Return(_) => return Err("`return` inside `try` is not supported".into()),
        };
        if !guards.is_empty() {
            let mut caught = env.clone();
            self.exec(catch, &mut caught)?;
            let size = 2 + guards.len() * 6;
            let cond = self.charge(serde_json::json!({"and": guards}), size)?;
            ok = self.merge(&cond, &ok, &caught)?;
        }
        *env = ok;
        Ok(())
    }

    /// The result of running `try { body } catch { catch }` then `tail` on `env`, where the
    /// body or the catch block may `return`: as [`Self::try_exec`] reads what throws, a
    /// statement of the body whose reads throw runs the catch block (then `tail`, unless it
    /// returns) on the values the statements before it left; a `return` in the body ends the
    /// program with its value unless reading it throws.
    fn run_try(&mut self, body: &[Stmt], catch: &[Stmt], tail: &[Stmt], env: Env) -> Result<Sized, JsError> {
        let Some((first, rest)) = body.split_first() else { return self.run(tail, &[], env) };
        let (guards, ok) = match first {
            Stmt::Return(e) => {
                let v = self.subst(e, &env)?;
                (no_throw_guards(&v.0), v)
            }
            Stmt::Assign(_, e) => {
                let guards = no_throw_guards(&self.subst(e, &env)?.0);
                let mut after = env.clone();
                self.exec(std::slice::from_ref(first), &mut after)?;
                (guards, self.run_try(rest, catch, tail, after)?)
            }
            Stmt::If(c, a, b) => {
                let guards = no_throw_guards(&self.subst(c, &env)?.0);
                let branch = |x: &[Stmt]| Stmt::Try(x.iter().chain(rest).cloned().collect(), catch.to_vec());
                (guards, self.run(&[Stmt::If(c.clone(), vec![branch(a)], vec![branch(b)])], tail, env.clone())?)
            }
            // A `try` inside: its own catch block is taken not to throw; the rest of the body
            // follows it, still inside this `try`.
            Stmt::Try(..) => {
                let after = [first.clone(), Stmt::Try(rest.to_vec(), catch.to_vec())];
                (Vec::new(), self.run(&after, tail, env.clone())?)
            }
        };
        if guards.is_empty() {
            return Ok(ok);
        }
        let caught = self.run(catch, tail, env)?;
        let size = 2 + guards.len() * 6;
        let cond = self.charge(serde_json::json!({"and": guards}), size)?;
        self.branch(&cond, ok, caught)
    }

    /// The result of running `stmts` then `rest` on `env`.
    fn run(&mut self, stmts: &[Stmt], rest: &[Stmt], mut env: Env) -> Result<Sized, JsError> {
        let mut i = 0;
        while let Some(st) = stmts.get(i) {
            i += 1;
            match st {
                Stmt::Return(e) => return self.subst(e, &env),
                Stmt::Try(a, b) if contains_return(a) || contains_return(b) => {
                    let mut tail: Vec<Stmt> = stmts.get(i..).unwrap_or(&[]).to_vec();
                    tail.extend_from_slice(rest);
                    return self.run_try(a, b, &tail, env);
                }
                Stmt::If(c, a, b) if contains_return(a) || contains_return(b) => {
                    let c = self.subst(c, &env)?;
                    let mut tail: Vec<Stmt> = stmts.get(i..).unwrap_or(&[]).to_vec();
                    tail.extend_from_slice(rest);
                    let x = self.run(a, &tail, env.clone())?;
                    let y = self.run(b, &tail, env)?;
                    return self.branch(&c, x, y);
                }
                other => self.exec(std::slice::from_ref(other), &mut env)?,
            }
        }
        if rest.is_empty() {
            return Ok(env.get(&self.target).cloned().unwrap_or(NULL_SIZED));
        }
        self.run(rest, &[], env)
    }
}

/// A callback's body as a rule on the item: its parameter's path `PARAM.x` becomes `x`.
fn item_scope(mut v: Value) -> Value {
    let mut todo = vec![&mut v];
    while let Some(x) = todo.pop() {
        match x {
            Value::Array(items) => todo.extend(items.iter_mut()),
            Value::Object(m) => {
                if let Some(Value::String(p)) = m.get_mut("var") {
                    if let Some(rest) = p.strip_prefix(PARAM) {
                        *p = rest.strip_prefix('.').unwrap_or(rest).to_string();
                        continue;
                    }
                }
                todo.extend(m.values_mut());
            }
            _ => {}
        }
    }
    v
}

/// The depth of a JSON Logic value as `logic::compile` counts it.
fn depth_of(v: &Value) -> usize {
    // (iterative: the value was built by this module, but keep the stack flat anyway)
    let mut max = 0;
    let mut todo = vec![(v, 0usize)];
    while let Some((x, d)) = todo.pop() {
        max = max.max(d);
        match x {
            Value::Array(items) => todo.extend(items.iter().map(|i| (i, d + 1))),
            Value::Object(m) if m.len() == 1 => todo.extend(m.values().map(|i| (i, d + 1))),
            _ => {}
        }
    }
    max
}

/// Translates JavaScript that assigns `target` (e.g. `show`) into a JSON Logic rule computing
/// the assigned value. `readable` are the names of data the code may read. The rule is at most
/// [`MAX_JS_DEPTH`] levels deep (it compiles), the source at most [`MAX_JS_BYTES`] long.
///
/// The code is one expression statement (`show = <expr>`, `return <expr>`) or a program of
/// assignments to the result and to local variables (`var`/`let`/`const` or plain), `if`/`else`
/// (blocks or single statements) and `return`, as Form.io runs it: the result variable starts
/// as `true` for `show` and `valid` (Form.io sets it before running the code), `null` otherwise;
/// the rule is the value it holds at the end, or the value returned. Locals are replaced by
/// their values (`province = [...]; valid = province.includes(input)`).
pub(crate) fn translate(src: &str, target: &str, readable: &'static [&'static str]) -> R {
    if src.len() > MAX_JS_BYTES {
        return Err(JsError::TooLong(src.len()));
    }
    // A refusal of a snippet of several lines says on which.
    let multiline = src.trim().contains('\n');
    let at_line = |e: String, line: usize| if multiline { format!("{e} (line {line})") } else { e };
    let (toks, lines) = lex(src).map_err(|(e, line)| JsError::Unsupported(at_line(e, line)))?;
    let mut p = Parser { toks, pos: 0, readable, locals: vec![target.to_string()], param: None, callbacks: 0, optional: false };
    let program = match p.statements(target, false, 0) {
        Ok(program) => program,
        Err(JsError::Unsupported(e)) => {
            let line = lines.get(p.pos.saturating_sub(1)).or(lines.last()).copied().unwrap_or(1);
            return Err(JsError::Unsupported(at_line(e, line)));
        }
        Err(other) => return Err(other),
    };
    // The common case, one assignment or `return`: the expression itself.
    if let [only] = program.as_slice() {
        let e = match only {
            Stmt::Assign(n, e) if n == target => Some(e),
            Stmt::Return(e) => Some(e),
            _ => None,
        };
        if let Some(e) = e.filter(|e| !has_local(e)) {
            return catching(e.clone(), target);
        }
    }
    if !assigns(&program, target) && !contains_return(&program) {
        return Err(match program.first() {
            Some(Stmt::Assign(name, _)) => format!("only an assignment to `{target}` is supported, found `{name}`"),
            _ => format!("expected `{target} = <expression>`"),
        }
        .into());
    }
    if p.optional && has_try(&program) {
        return Err("`try` together with `?.` is not supported (which reads throw is not known)".into());
    }
    let mut env = Env::default();
    env.set(target, (if matches!(target, "show" | "valid") { Value::Bool(true) } else { Value::Null }, 1));
    let mut asm = Assembler { target: target.to_string(), budget: MAX_PROGRAM_NODES };
    let (out, _) = asm.run(&program, &[], env)?;
    if depth_of(&out) > MAX_JS_DEPTH {
        return Err(JsError::TooDeep);
    }
    catching(out, target)
}

/// Whether a statement of `stmts` is a `try`.
fn has_try(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match s {
        Stmt::Try(..) => true,
        Stmt::If(_, a, b) => has_try(a) || has_try(b),
        _ => false,
    })
}

/// Methods and properties the translation reads on their first argument (`x.length`,
/// `x.includes(y)`, ...): JavaScript throws when it is `undefined`/`null`.
const ON_VALUE: [&str; 11] =
    ["_size", "_includes", "_startsWith", "_endsWith", "_toUpper", "_toLower", "_trim", "_match", "_replace", LOCALE_UPPER, LOCALE_LOWER];

/// The conditions under which `rule` does not throw in JavaScript, as `{"!=": [x, null]}`
/// checks: for each literal path read on every evaluation (not behind the first argument of
/// `and`, `or`, `if`, nor in a callback), the objects on its way (`data.a` for `data.a.b`;
/// `options` for `options.x`), and the value a method or `.length` is read on. Lodash calls
/// (`_.size(x)`) read as methods do: they are taken to throw on `null` too.
pub(crate) fn no_throw_guards(rule: &Value) -> Vec<Value> {
    let mut paths: Vec<String> = Vec::new();
    let mut add = |p: &str| {
        if !paths.iter().any(|x| x == p) {
            paths.push(p.to_string());
        }
    };
    let mut todo = vec![rule];
    while let Some(x) = todo.pop() {
        match x {
            Value::Array(items) => todo.extend(items.iter()),
            Value::Object(m) if m.len() == 1 => {
                let Some((op, args)) = m.iter().next() else { continue };
                let args: Vec<&Value> = match args {
                    Value::Array(a) => a.iter().collect(),
                    other => vec![other],
                };
                match op.as_str() {
                    "var" => {
                        if let Some(Value::String(p)) = args.first() {
                            let segs: Vec<&str> = p.split('.').collect();
                            let from = if matches!(segs.first(), Some(&"data" | &"row")) { 2 } else { 1 };
                            for n in from..segs.len() {
                                add(&segs.get(..n).unwrap_or(&[]).join("."));
                            }
                        }
                    }
                    "and" | "or" | "if" | "?:" | "map" | "filter" | "reduce" | "all" | "none" | "some" | "find" => {
                        todo.extend(args.first().copied());
                    }
                    op if ON_VALUE.contains(&op) => {
                        if let Some(Value::Object(v)) = args.first() {
                            if let (1, Some(Value::String(p))) = (v.len(), v.get("var")) {
                                if !matches!(p.as_str(), "data" | "row" | "") {
                                    add(p);
                                }
                            }
                        }
                        todo.extend(args.iter().copied());
                    }
                    _ => todo.extend(args.iter().copied()),
                }
            }
            _ => {}
        }
    }
    paths.into_iter().map(|p| serde_json::json!({"!=": [{"var": p}, null]})).collect()
}

/// Whether `v` reads a local variable (a placeholder `var`).
fn has_local(v: &Value) -> bool {
    any_var(v, &|var| matches!(var, Value::String(p) if p.starts_with(LOCAL) || p.starts_with(CONST_LOCAL)))
}

/// Whether `v` reads anything (a `var`): a value that is not a constant.
fn reads_data(v: &Value) -> bool {
    any_var(v, &|_| true)
}

/// Whether some `{"var": …}` of `v` has an argument that `f` accepts.
fn any_var(v: &Value, f: &dyn Fn(&Value) -> bool) -> bool {
    let mut todo = vec![v];
    while let Some(x) = todo.pop() {
        match x {
            Value::Array(items) => todo.extend(items.iter()),
            Value::Object(m) => {
                if m.get("var").is_some_and(f) {
                    return true;
                }
                todo.extend(m.values());
            }
            _ => {}
        }
    }
    false
}

/// Whether some statement of `stmts` assigns `target`.
fn assigns(stmts: &[Stmt], target: &str) -> bool {
    stmts.iter().any(|s| match s {
        Stmt::Assign(n, _) => n == target,
        Stmt::If(_, a, b) | Stmt::Try(a, b) => assigns(a, target) || assigns(b, target),
        Stmt::Return(_) => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const R: &[&str] = &["data", "row"];
    const ALL: &[&str] = &["data", "row", "input", "value"];

    /// The translation of `src` (assigning `target`) applied to `data`.
    fn run(src: &str, target: &str, data: Value) -> Value {
        let rule = translate(src, target, ALL).unwrap();
        crate::forms::apply_logic(&rule, &data).unwrap()
    }

    /// A translation without its `js_try`/`js_receiver` guards (tested on their own below).
    fn bare(mut v: Value) -> Value {
        replace_nodes(&mut v, &mut |x| {
            let key = ["js_try", RECEIVER].into_iter().find(|k| x.get(*k).is_some());
            key.and_then(|k| x.get_mut(k)).and_then(|a| a.get_mut(0)).map(Value::take)
        });
        v
    }

    #[test]
    fn translates_the_common_shapes() {
        assert_eq!(translate("show = data.x === 'y';", "show", R).unwrap(), json!({"===": [{"var": "data.x"}, "y"]}));
        assert_eq!(
            translate("show = data.category.id === 'c9' ? false : true", "show", R).unwrap(),
            json!({"if": [{"===": [{"var": "data.category.id"}, "c9"]}, false, true]})
        );
        assert_eq!(
            bare(translate("show = !!row.a && (data['b'] > 3 || data.c.length == 0)", "show", R).unwrap()),
            json!({"and": [{"!": [{"!": [{"var": "row.a"}]}]}, {"or": [{">": [{"var": "data.b"}, 3.0]}, {"==": [{"_size": [{"var": "data.c"}]}, 0.0]}]}]})
        );
        assert_eq!(translate("show = _.get(data, 'a.b') === 'x'", "show", R).unwrap(), json!({"===": [{"_get": [{"var": "data"}, "a.b"]}, "x"]}));
    }

    #[test]
    fn chains_of_one_associative_operator_are_flat() {
        let t = |src: &str| bare(translate(&format!("show = {src}"), "show", R).unwrap());
        assert_eq!(t("1 || 2 || 3 && 4 && 5 || 6"), json!({"or": [1.0, 2.0, {"and": [3.0, 4.0, 5.0]}, 6.0]}));
        assert_eq!(t("1 + 2 * 3 * 4 + 5"), json!({"+": [1.0, {"*": [2.0, 3.0, 4.0]}, 5.0]}));
        // Left-associative operators stay nested; `-` after `+` closes the `+` chain.
        assert_eq!(t("1 - 2 - 3"), json!({"-": [{"-": [1.0, 2.0]}, 3.0]}));
        assert_eq!(t("1 + 2 - 3 + 4"), json!({"+": [{"-": [{"+": [1.0, 2.0]}, 3.0]}, 4.0]}));
        // `+` concatenates from the first string on, as in JavaScript.
        assert_eq!(t("1 + 2 + 'a' + 3"), json!({"cat": [{"+": [1.0, 2.0]}, "a", 3.0]}));
        assert_eq!(t("'a' + 1 + 2"), json!({"cat": ["a", 1.0, 2.0]}));
        // An else-chain of ternaries is one `if`; a ternary in a then-branch nests.
        assert_eq!(t("1 ? 2 : 3 ? 4 : 5"), json!({"if": [1.0, 2.0, 3.0, 4.0, 5.0]}));
        assert_eq!(t("1 ? 2 ? 3 : 4 : 5"), json!({"if": [1.0, {"if": [2.0, 3.0, 4.0]}, 5.0]}));
        assert_eq!(t("1 ? 2 : 3 || 4 ? 5 : 6"), json!({"if": [1.0, 2.0, {"or": [3.0, 4.0]}, 5.0, 6.0]}));
        // Unary operators bind tighter than binary ones, postfix tighter than unary.
        assert_eq!(
            t("!data.a.length || -data.b * 2"),
            json!({"or": [{"!": [{"_size": [{"var": "data.a"}]}]}, {"*": [{"-": [{"var": "data.b"}]}, 2.0]}]})
        );
        // Calls: arguments are expressions; ignored ones are parsed.
        assert_eq!(
            t("data.s.trim(1).includes(data.a || 'x', 2)"),
            json!({"_includes": [{"_trim": [{"var": "data.s"}]}, {"or": [{"var": "data.a"}, "x"]}, 2.0]})
        );
        assert_eq!(t("_.isEmpty()"), json!({"_isEmpty": []}));
        assert_eq!(t("(data.a)"), json!({"var": "data.a"}));
    }

    #[test]
    fn malformed_expressions_are_errors() {
        for src in [
            "(data.a",
            "data.a)",
            "data.a ? 1",
            "data.a : 1",
            "1 ? 2 : 3 : 4",
            "_.get(data,",
            "f(1)",
            "1 +",
            ", 1",
            "(data.a)(1)",
            "(data.a).b",
            "1 2",
        ] {
            assert!(matches!(translate(&format!("show = {src}"), "show", R), Err(JsError::Unsupported(_))), "{src}");
        }
    }

    #[test]
    fn translates_programs_as_form_io_runs_them() {
        let v = |src: &str| bare(translate(src, "valid", &["data", "row", "input", "value"]).unwrap());
        // `valid` starts as true: an `if` without `else` keeps it otherwise.
        assert_eq!(
            v("if(input.length > 100){\n valid = 'troppo lungo'\n}"),
            json!({"if": [{">": [{"_size": [{"var": "input"}]}, 100.0]}, "troppo lungo", true]})
        );
        assert_eq!(
            v("if(input.match('^[0-9]{5}$|^$')){ valid = true }else{ valid = 'CAP' }\nif(input.length > 5){ valid = 'max 5' }"),
            json!({"if": [{">": [{"_size": [{"var": "input"}]}, 5.0]}, "max 5", {"if": [{"_match": [{"var": "input"}, "^[0-9]{5}$|^$"]}, true, "CAP"]}]})
        );
        // Locals are replaced by their values; nested if/else.
        assert_eq!(
            v("province = ['AG', 'AL'];\nif (input) {\n if (!province.includes(input)) { valid = false; } else { valid = true; }\n}"),
            json!({"if": [{"var": "input"}, {"if": [{"!": [{"_includes": [["AG", "AL"], {"var": "input"}]}]}, false, true]}, true]})
        );
        assert_eq!(
            v("if (!data.phone && !input) valid = 'uno dei due';"),
            json!({"if": [{"and": [{"!": [{"var": "data.phone"}]}, {"!": [{"var": "input"}]}]}, "uno dei due", true]})
        );
        // `return` ends the program; what follows runs only on the other branch.
        assert_eq!(
            v("if (data.a) { return 'A'; }\nvalid = data.b ? true : 'B';"),
            json!({"if": [{"var": "data.a"}, "A", {"if": [{"var": "data.b"}, true, "B"]}]})
        );
        assert_eq!(v("let x = data.a; let ok = x > 1; valid = ok || 'small';"), json!({"or": [{">": [{"var": "data.a"}, 1.0]}, "small"]}));
        assert_eq!(v("let c = data.c; valid = c.d === 1"), json!({"===": [{"var": "data.c.d"}, 1.0]}));
        // `show` starts as true too; a single assignment is the expression itself.
        assert_eq!(
            translate("if (data.x === 'no') show = false", "show", R).unwrap(),
            json!({"if": [{"===": [{"var": "data.x"}, "no"]}, false, true]})
        );
        assert_eq!(translate("show = show && data.x", "show", R).unwrap(), json!({"and": [true, {"var": "data.x"}]}));
        // The result variable may be a readable name too (`translate_js(.., "value")`).
        let all = &["data", "row", "input", "value"];
        assert_eq!(translate("value = data.a", "value", all).unwrap(), json!({"var": "data.a"}));
        assert_eq!(translate("var value = 1;", "value", all).unwrap(), json!(1.0));
        assert!(translate("data = 1", "value", all).is_err());
        // Arrow callbacks read only their parameter, applied to each item.
        assert_eq!(
            bare(translate("show = !!data.docs && !!data.docs.find(el => el.cod === 'ELENCO')", "show", R).unwrap()),
            json!({"and": [{"!": [{"!": [{"var": "data.docs"}]}]}, {"!": [{"!": [{"reduce": [[{"filter": [{"var": "data.docs"}, {"===": [{"var": "cod"}, "ELENCO"]}]}], {"var": "current.0"}, null]}]}]}]})
        );
        assert_eq!(
            bare(translate("show = data.l.some((x) => x > 2)", "show", R).unwrap()),
            json!({"some": [{"var": "data.l"}, {">": [{"var": ""}, 2.0]}]})
        );
        assert_eq!(
            bare(translate("show = data.l.every(x => x.ok)", "show", R).unwrap()),
            json!({"none": [{"var": "data.l"}, {"!": [{"var": "ok"}]}]})
        );
        assert!(translate("show = data.l.some(x => x === data.a)", "show", R).is_err());
        // A block body that is one `return` (SCRIVA's `elencoCat.find((categoria) => { return
        // categoria.cod == codCatOgg; })`); a local holding a constant may be read inside.
        assert_eq!(
            bare(translate("show = data.l.some(x => { return x > 2; })", "show", R).unwrap()),
            json!({"some": [{"var": "data.l"}, {">": [{"var": ""}, 2.0]}]})
        );
        assert_eq!(
            bare(
                translate(
                    "var c = 'ALTRO'; var f = data.l.find((x) => {\n // a comment\n return x.cod == c; // #\n}); return f != undefined;",
                    "show",
                    R
                )
                .unwrap()
            ),
            json!({"!=": [{"reduce": [[{"filter": [{"var": "data.l"}, {"==": [{"var": "cod"}, "ALTRO"]}]}], {"var": "current.0"}, null]}, null]})
        );
        assert!(translate("show = data.l.some(x => { let y = x; return y })", "show", R).is_err());
        assert!(translate("var c = data.a; show = data.l.some(x => x === c)", "show", R).is_err());
        // Optional chaining reads as a plain member access; `? .5` is still a ternary.
        assert_eq!(translate("show = data.JS_DATI?.length > 0;", "show", R).unwrap(), json!({">": [{"_size": [{"var": "data.JS_DATI"}]}, 0.0]}));
        assert_eq!(translate("show = data.a?.b?.['c'] === 1", "show", R).unwrap(), json!({"===": [{"var": "data.a.b.c"}, 1.0]}));
        assert_eq!(translate("show = data.a ? .5 : 1", "show", R).unwrap(), json!({"if": [{"var": "data.a"}, 0.5, 1.0]}));
        // A refusal of a snippet of several lines names the line.
        let err = translate("valid = true;\nif (data.a) {\n  data.list.forEach((x) => { valid = false; });\n}", "valid", R).unwrap_err();
        assert!(matches!(&err, JsError::Unsupported(e) if e.ends_with("(line 3)")), "{err:?}");
        let err = translate("valid = true;\n\nvalid = `x${data.a}`", "valid", R).unwrap_err();
        assert!(matches!(&err, JsError::Unsupported(e) if e == "template literals are not supported (line 3)"), "{err:?}");
        // A program that can grow exponentially is refused.
        let mut src = String::new();
        for _ in 0..40 {
            src.push_str("if (data.a) { valid = valid + 1 } else { valid = valid + 2 }\n");
        }
        assert!(translate(&src, "valid", R).is_err());
    }

    #[test]
    fn a_method_called_on_null_throws_as_in_javascript() {
        let all = ALL;
        // The receiver of a method or `.length` read with `.` is guarded; the whole snippet
        // then yields its fallback: nothing calculated (`null`), a component shown (`true`).
        assert_eq!(
            translate("value = data.county.toUpperCase()", "value", all).unwrap(),
            json!({"js_try": [{"_toUpper": [{"js_receiver": [{"var": "data.county"}, "string"]}]}, null]})
        );
        assert_eq!(run("value = data.county.toUpperCase()", "value", json!({"data": {}})), Value::Null);
        assert_eq!(run("value = data.county.toUpperCase()", "value", json!({"data": {"county": "rm"}})), json!("RM"));
        assert_eq!(run("value = 'x' + data.c.trim()", "value", json!({"data": {"c": null}})), Value::Null);
        assert_eq!(run("show = data.c.length > 3", "show", json!({"data": {}})), json!(true));
        assert_eq!(run("show = data.c.length > 3", "show", json!({"data": {"c": "ab"}})), json!(false));
        assert_eq!(run("if (input.length > 2) { valid = 'long' }", "valid", json!({})), Value::Null);
        // A method the value's type lacks throws too (`(5).trim()`, `'ab'.some(...)`).
        assert_eq!(run("value = data.n.trim()", "value", json!({"data": {"n": 5}})), Value::Null);
        assert_eq!(run("show = data.s.some(x => x)", "show", json!({"data": {"s": "ab"}})), json!(true));
        assert_eq!(run("show = data.s.includes('a')", "show", json!({"data": {"s": ["b"]}})), json!(false));
        // Short-circuits do not reach the call; `?.` does not throw; inside a callback it throws
        // out of the whole snippet.
        assert_eq!(run("value = data.c && data.c.toUpperCase()", "value", json!({"data": {}})), Value::Null);
        assert_eq!(run("value = data.c ? data.c.toUpperCase() : 'none'", "value", json!({"data": {}})), json!("none"));
        assert_eq!(run("value = data.c?.toUpperCase()", "value", json!({"data": {}})), json!(""));
        assert_eq!(run("show = data.l.some(x => x.n.startsWith('a'))", "show", json!({"data": {"l": [{"n": "b"}, {}]}})), json!(true));
        assert_eq!(run("show = data.l.some(x => x.n.startsWith('a'))", "show", json!({"data": {"l": [{"n": "b"}]}})), json!(false));
        // A literal receiver of the right type (a local holding a list) cannot throw: no guard.
        assert_eq!(
            translate("p = ['AG', 'AL']; valid = p.includes(input)", "valid", all).unwrap(),
            json!({"_includes": [["AG", "AL"], {"var": "input"}]})
        );
    }

    #[test]
    fn return_inside_try_ends_the_program_unless_its_reads_throw() {
        // SCRIVA's modal triggers: the catch block returns.
        let trigger =
            "try { const check1 = data.U.flg == 'no'; const check2 = data.M.U.flg == 'si'; result = check1 && check2; } catch (e) { return false; }";
        assert_eq!(run(trigger, "result", json!({"data": {"U": {"flg": "no"}, "M": {"U": {"flg": "si"}}}})), json!(true));
        assert_eq!(run(trigger, "result", json!({"data": {"U": {"flg": "no"}}})), json!(false));
        assert_eq!(run(trigger, "result", json!({"data": {"M": {"U": {"flg": "si"}}}})), json!(false));
        // The body returns; what follows the `try` runs only when it did not.
        let valid = "try { var a = data.c.max; if (input <= a) { return true; } else { return 'big'; } } catch (e) {} valid = 'after';";
        assert_eq!(run(valid, "valid", json!({"data": {"c": {"max": 5}}, "input": 3})), json!(true));
        assert_eq!(run(valid, "valid", json!({"data": {"c": {"max": 5}}, "input": 7})), json!("big"));
        assert_eq!(run(valid, "valid", json!({"data": {}, "input": 7})), json!("after"));
        // A value returned is read when the `return` runs: reading past an absent object throws.
        assert_eq!(run("try { return data.a.b; } catch (e) { return 'caught'; }", "value", json!({"data": {}})), json!("caught"));
        assert_eq!(run("try { return data.a.b; } catch (e) { return 'caught'; }", "value", json!({"data": {"a": {"b": 1}}})), json!(1));
        // Nested: the inner catch handles its own throw, the outer body goes on.
        let nested = "try { try { x = data.a.b; } catch (e) { x = 'inner'; } return x; } catch (e) { return 'outer'; }";
        assert_eq!(run(nested, "value", json!({"data": {}})), json!("inner"));
    }

    #[test]
    fn number_is_nan_replace_and_moment_validity() {
        let all = ALL;
        // SCRIVA's `valid = (Number(input.replace(',','.')) <= Number(row.q_massima.replace(',','.'))) ? true : 'error'`
        let src = "valid = (Number(input.replace(',','.')) <= Number(row.max.replace(',','.'))) ? true : 'error'";
        assert_eq!(run(src, "valid", json!({"input": "1,5", "row": {"max": "2"}})), json!(true));
        assert_eq!(run(src, "valid", json!({"input": "2,5", "row": {"max": "2"}})), json!("error"));
        // NaN compares false; an absent value has no `replace`: JavaScript throws, Form.io gives null.
        assert_eq!(run(src, "valid", json!({"input": "a", "row": {"max": "2"}})), json!("error"));
        assert_eq!(run(src, "valid", json!({"row": {"max": "2"}})), Value::Null);
        assert_eq!(run("value = Number(data.a)", "value", json!({"data": {"a": " 0x1F "}})), json!(31));
        assert_eq!(run("value = isNaN(data.a) ? 'nan' : 'n'", "value", json!({"data": {"a": "1e"}})), json!("nan"));
        assert_eq!(run("value = isNaN(data.a) ? 'nan' : 'n'", "value", json!({"data": {"a": ""}})), json!("n"));
        assert_eq!(run("value = _.replace(data.a, 'x', 'y')", "value", json!({"data": {"a": "axbx"}})), json!("aybx"));
        // moment(x, '<format>').isValid(): the parts the input lacks are today's.
        let m = "const d = moment(input,'DD/MM'); valid = d.isValid() ? true : 'invalid';";
        assert_eq!(
            translate(m, "valid", all).unwrap(),
            json!({"if": [{"js_moment_valid": [{"var": "input"}, "DD/MM", {"var": "context.today"}]}, true, "invalid"]})
        );
        assert_eq!(run(m, "valid", json!({"input": "31/11", "context": {"today": "2026-12-05"}})), json!("invalid"));
        assert_eq!(run(m, "valid", json!({"input": "31", "context": {"today": "2026-12-05"}})), json!(true));
        assert_eq!(run(m, "valid", json!({"input": "31", "context": {"today": "2026-11-05"}})), json!("invalid"));
        assert!(translate("valid = moment(input).isValid()", "valid", all).is_err());
        assert!(translate("valid = moment(input, 'DD MMM').isValid()", "valid", all).is_err());
        assert!(translate("valid = moment(input, 'DD/MM', true).isValid()", "valid", all).is_err());
        assert!(translate("valid = moment(input, 'DD/MM')", "valid", all).is_err());
        assert!(translate("valid = moment().isAfter(input)", "valid", all).is_err());
        // toLocaleLowerCase() without a locale is toLowerCase().
        assert_eq!(run("valid = input.toLocaleLowerCase() === 'si'", "valid", json!({"input": "SI"})), json!(true));
        assert!(translate("valid = input.toLocaleLowerCase('tr') === 'si'", "valid", all).is_err());
    }

    #[test]
    fn rejects_everything_else() {
        for (src, why) in [
            ("show = instance.parent.manualMode", "renderer"),
            ("document.querySelector('#x').style.display = 'none'", "assignment"),
            ("show = data.x; data.y = 1", "starting with `data`"),
            ("var xhr = new XMLHttpRequest()", "`new`"),
            ("show = moment().isAfter(data.d)", "isAfter"),
            ("show = utils.x(data.d)", "unknown identifier"),
            ("while (data.a) { show = false }", "`while`"),
            ("data.main.forEach((item) => { show = false })", "starting with `data`"),
            ("show = data.a.match(/x/)", "string literal pattern"),
            ("show = data.a.match('(?=x)')", "not supported"),
            ("x = 1", "found `x`"),
            ("console.log(data)", "assignment"),
            ("show = data.x.replaceAll('a','b')", "replaceAll"),
        ] {
            let err = translate(src, "show", R).unwrap_err();
            assert!(matches!(&err, JsError::Unsupported(e) if e.contains(why)), "{src}: {err:?}");
        }
    }
}
