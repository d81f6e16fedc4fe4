//! A translator from a small, side-effect-free subset of JavaScript (the one Form.io authors use
//! in `customConditional`, `validate.custom`, `calculateValue` and logic triggers) to JSON Logic.
//! Nothing is ever executed. Supported:
//!
//! - one assignment to the result variable (`show = ...`, `valid = ...`, `value = ...`,
//!   `result = ...`), optionally preceded by `var`/`let`, with an optional `;`, or
//!   `return <expr>`;
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
//! the result, loops, functions — is rejected with a reason.
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

fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = src.chars().collect();
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
            let start = i;
            while chars.get(i).is_some_and(|c| c.is_ascii_digit() || *c == '.') {
                i += 1;
            }
            let s: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
            out.push(Tok::Num(s.parse().map_err(|_| format!("bad number {s:?}"))?));
            continue;
        }
        if c == '\'' || c == '"' {
            let q = c;
            i += 1;
            let mut s = String::new();
            loop {
                match chars.get(i) {
                    None => return Err("unterminated string".into()),
                    Some(&ch) if ch == q => break,
                    Some('\\') => {
                        let esc = chars.get(i + 1).copied().ok_or("unterminated string")?;
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
            out.push(Tok::Str(s));
            continue;
        }
        if c == '`' {
            return Err("template literals are not supported".into());
        }
        if c.is_alphabetic() || c == '_' || c == '$' {
            let start = i;
            while chars.get(i).is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '$') {
                i += 1;
            }
            out.push(Tok::Ident(chars.get(start..i).unwrap_or(&[]).iter().collect()));
            continue;
        }
        let rest: String = chars.get(i..(i + 3).min(chars.len())).unwrap_or(&[]).iter().collect();
        match PUNCTS.iter().chain(MORE_PUNCTS.iter()).find(|p| rest.starts_with(**p)) {
            Some(p) => {
                out.push(Tok::Punct(p));
                i += p.chars().count();
            }
            None => return Err(format!("unexpected character {c:?}")),
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
}

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
            // Postfix: `.name`, `.method(...)`, `[literal]`.
            if self.eat(".") {
                cur = self.member(operand, &mut stack)?;
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
                    _ => return Err("unexpected \",\"".into()),
                }
                continue;
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
            Tok::Punct(p) => Err(format!("unexpected {p:?}").into()),
            Tok::Ident(id) => match id.as_str() {
                "true" => val(Value::Bool(true)),
                "false" => val(Value::Bool(false)),
                "null" | "undefined" => val(Value::Null),
                "_" => {
                    let name = self.lodash()?;
                    self.call(name, true, Vec::new(), 0, stack)
                }
                name if self.readable.contains(&name) => Ok(Some(Operand::Path(id))),
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

    /// After `.`: a property (extends a data path) or a supported method.
    fn member(&mut self, operand: Operand, stack: &mut Vec<Frame>) -> Result<Option<Operand>, JsError> {
        let name = match self.peek() {
            Some(Tok::Ident(n)) => n.clone(),
            _ => return Err("expected a property name after '.'".into()),
        };
        self.pos += 1;
        let is_call = self.is("(");
        let method = match (name.as_str(), is_call) {
            ("length", false) => {
                let (v, d) = operand.into_deep();
                return Ok(Some(Operand::Val(op("_size", vec![v], d)?)));
            }
            ("includes", true) => ("_includes", true),
            ("startsWith", true) => ("_startsWith", true),
            ("endsWith", true) => ("_endsWith", true),
            ("toUpperCase", true) => ("_toUpper", false),
            ("toLowerCase", true) => ("_toLower", false),
            ("trim", true) => ("_trim", false),
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
        let (this, depth) = operand.into_deep();
        self.call(method.0, method.1, vec![this], depth, stack)
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
            other => return Err(format!("lodash `_.{other}` is not supported").into()),
        })
    }
}

/// Translates JavaScript that assigns `target` (e.g. `show`) into a JSON Logic rule computing
/// the assigned value. `readable` are the names of data the code may read. The rule is at most
/// [`MAX_JS_DEPTH`] levels deep (it compiles), the source at most [`MAX_JS_BYTES`] long.
pub(crate) fn translate(src: &str, target: &str, readable: &'static [&'static str]) -> R {
    if src.len() > MAX_JS_BYTES {
        return Err(JsError::TooLong(src.len()));
    }
    let toks = lex(src)?;
    let mut p = Parser { toks, pos: 0, readable };
    while p.eat(";") {}
    // `var show = ...`, `show = ...`, or `return ...`.
    if matches!(p.peek(), Some(Tok::Ident(k)) if k == "var" || k == "let" || k == "const") {
        p.pos += 1;
    }
    let is_return = matches!(p.peek(), Some(Tok::Ident(k)) if k == "return");
    if is_return {
        p.pos += 1;
    } else {
        match p.peek() {
            Some(Tok::Ident(name)) if name == target => p.pos += 1,
            Some(Tok::Ident(name)) if name == "if" => return Err("`if` statements are not supported; use `? :`".into()),
            Some(Tok::Ident(name)) => {
                return Err(format!("only an assignment to `{target}` is supported, found `{name}`").into());
            }
            _ => return Err(format!("expected `{target} = <expression>`").into()),
        }
        if !p.eat("=") {
            return Err(format!("expected `=` after `{target}`").into());
        }
    }
    let e = p.expr()?;
    while p.eat(";") {}
    if p.pos < p.toks.len() {
        return Err("only one statement is supported".into());
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const R: &[&str] = &["data", "row"];

    #[test]
    fn translates_the_common_shapes() {
        assert_eq!(translate("show = data.x === 'y';", "show", R).unwrap(), json!({"===": [{"var": "data.x"}, "y"]}));
        assert_eq!(
            translate("show = data.category.id === 'c9' ? false : true", "show", R).unwrap(),
            json!({"if": [{"===": [{"var": "data.category.id"}, "c9"]}, false, true]})
        );
        assert_eq!(
            translate("show = !!row.a && (data['b'] > 3 || data.c.length == 0)", "show", R).unwrap(),
            json!({"and": [{"!": [{"!": [{"var": "row.a"}]}]}, {"or": [{">": [{"var": "data.b"}, 3.0]}, {"==": [{"_size": [{"var": "data.c"}]}, 0.0]}]}]})
        );
        assert_eq!(translate("show = _.get(data, 'a.b') === 'x'", "show", R).unwrap(), json!({"===": [{"_get": [{"var": "data"}, "a.b"]}, "x"]}));
    }

    #[test]
    fn chains_of_one_associative_operator_are_flat() {
        let t = |src: &str| translate(&format!("show = {src}"), "show", R).unwrap();
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
    fn rejects_everything_else() {
        for (src, why) in [
            ("show = instance.parent.manualMode", "renderer"),
            ("document.querySelector('#x').style.display = 'none'", "assignment"),
            ("show = data.x; data.y = 1", "one statement"),
            ("var xhr = new XMLHttpRequest()", "assignment"),
            ("show = moment().isAfter(data.d)", "unknown identifier"),
            ("if (data.a) { show = false }", "`if`"),
            ("console.log(data)", "assignment"),
            ("show = data.x.replace('a','b')", "replace"),
        ] {
            let err = translate(src, "show", R).unwrap_err();
            assert!(matches!(&err, JsError::Unsupported(e) if e.contains(why)), "{src}: {err:?}");
        }
    }
}
