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

use serde_json::{json, Value};

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

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
    /// Names that read data: `data`, `row`, and the rule's own (`input`, `value`).
    readable: &'static [&'static str],
}

type R = Result<Value, String>;

fn var(path: &str) -> Value {
    json!({ "var": path })
}

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
    fn expect_token(&mut self, p: &str) -> Result<(), String> {
        if self.eat(p) {
            Ok(())
        } else {
            Err(format!("expected {p:?} at token {}", self.pos + 1))
        }
    }

    fn expr(&mut self) -> R {
        self.depth += 1;
        if self.depth > 64 {
            return Err("expression nested too deeply".into());
        }
        let r = self.ternary();
        self.depth -= 1;
        r
    }

    fn ternary(&mut self) -> R {
        let c = self.or()?;
        if self.eat("?") {
            let a = self.expr()?;
            self.expect_token(":")?;
            let b = self.expr()?;
            return Ok(json!({ "if": [c, a, b] }));
        }
        Ok(c)
    }

    fn or(&mut self) -> R {
        let mut l = self.and()?;
        while self.eat("||") {
            let r = self.and()?;
            l = json!({ "or": [l, r] });
        }
        Ok(l)
    }

    fn and(&mut self) -> R {
        let mut l = self.eq()?;
        while self.eat("&&") {
            let r = self.eq()?;
            l = json!({ "and": [l, r] });
        }
        Ok(l)
    }

    fn eq(&mut self) -> R {
        let mut l = self.rel()?;
        loop {
            let op = ["===", "!==", "==", "!="].into_iter().find(|p| self.is(p));
            let Some(op) = op else { return Ok(l) };
            self.pos += 1;
            let r = self.rel()?;
            l = json!({ op: [l, r] });
        }
    }

    fn rel(&mut self) -> R {
        let mut l = self.add()?;
        loop {
            let op = ["<=", ">=", "<", ">"].into_iter().find(|p| self.is(p));
            let Some(op) = op else { return Ok(l) };
            self.pos += 1;
            let r = self.add()?;
            l = json!({ op: [l, r] });
        }
    }

    fn add(&mut self) -> R {
        let mut l = self.mul()?;
        loop {
            if self.eat("+") {
                let r = self.mul()?;
                let stringy = |v: &Value| v.is_string() || v.get("cat").is_some();
                l = if stringy(&l) || stringy(&r) { json!({ "cat": [l, r] }) } else { json!({ "+": [l, r] }) };
            } else if self.eat("-") {
                let r = self.mul()?;
                l = json!({ "-": [l, r] });
            } else {
                return Ok(l);
            }
        }
    }

    fn mul(&mut self) -> R {
        let mut l = self.unary()?;
        loop {
            let op = ["*", "/", "%"].into_iter().find(|p| self.is(p));
            let Some(op) = op else { return Ok(l) };
            self.pos += 1;
            let r = self.unary()?;
            l = json!({ op: [l, r] });
        }
    }

    fn unary(&mut self) -> R {
        if self.eat("!") {
            let e = self.unary()?;
            return Ok(json!({ "!": [e] }));
        }
        if self.eat("-") {
            let e = self.unary()?;
            return Ok(json!({ "-": [e] }));
        }
        if self.is("++") || self.is("--") {
            return Err("increments are not supported".into());
        }
        self.postfix()
    }

    fn args(&mut self) -> Result<Vec<Value>, String> {
        self.expect_token("(")?;
        let mut out = Vec::new();
        if self.eat(")") {
            return Ok(out);
        }
        loop {
            out.push(self.expr()?);
            if self.eat(")") {
                return Ok(out);
            }
            self.expect_token(",")?;
        }
    }

    fn postfix(&mut self) -> R {
        let (mut e, mut path) = self.primary()?;
        loop {
            if self.eat(".") {
                let name = match self.peek() {
                    Some(Tok::Ident(n)) => n.clone(),
                    _ => return Err("expected a property name after '.'".into()),
                };
                self.pos += 1;
                let method = |op: &str, this: Value, args: Vec<Value>| -> Value {
                    let mut all = vec![this];
                    all.extend(args);
                    json!({ op: all })
                };
                let is_call = self.is("(");
                match (name.as_str(), is_call) {
                    ("length", false) => {
                        e = json!({ "_size": [e] });
                        path = None;
                    }
                    ("includes", true) => {
                        let a = self.args()?;
                        e = method("_includes", e, a);
                        path = None;
                    }
                    ("startsWith", true) => {
                        let a = self.args()?;
                        e = method("_startsWith", e, a);
                        path = None;
                    }
                    ("endsWith", true) => {
                        let a = self.args()?;
                        e = method("_endsWith", e, a);
                        path = None;
                    }
                    ("toUpperCase", true) => {
                        self.args()?;
                        e = json!({ "_toUpper": [e] });
                        path = None;
                    }
                    ("toLowerCase", true) => {
                        self.args()?;
                        e = json!({ "_toLower": [e] });
                        path = None;
                    }
                    ("trim", true) => {
                        self.args()?;
                        e = json!({ "_trim": [e] });
                        path = None;
                    }
                    (other, true) => return Err(format!("method .{other}() is not supported")),
                    (prop, false) => match path.as_mut() {
                        Some(p) => {
                            p.push('.');
                            p.push_str(prop);
                            e = var(p);
                        }
                        None => return Err(format!("property .{prop} of a computed value is not supported")),
                    },
                }
            } else if self.is("[") {
                self.pos += 1;
                let key = match self.peek() {
                    Some(Tok::Str(s)) => s.clone(),
                    Some(Tok::Num(n)) if n.fract() == 0.0 && *n >= 0.0 => format!("{}", *n as u64),
                    _ => return Err("only literal keys are supported in [...]".into()),
                };
                self.pos += 1;
                self.expect_token("]")?;
                match path.as_mut() {
                    Some(p) => {
                        p.push('.');
                        p.push_str(&key);
                        e = var(p);
                    }
                    None => return Err("indexing a computed value is not supported".into()),
                }
            } else if self.is("(") {
                return Err("calling a value is not supported".into());
            } else {
                return Ok(e);
            }
        }
    }

    /// A primary expression and, when it is a data reference, its dotted path.
    fn primary(&mut self) -> Result<(Value, Option<String>), String> {
        let tok = self.peek().cloned().ok_or("unexpected end of expression")?;
        self.pos += 1;
        match tok {
            Tok::Num(n) => Ok((json!(n), None)),
            Tok::Str(s) => Ok((Value::String(s), None)),
            Tok::Punct("(") => {
                let e = self.expr()?;
                self.expect_token(")")?;
                Ok((e, None))
            }
            Tok::Punct(p) => Err(format!("unexpected {p:?}")),
            Tok::Ident(id) => match id.as_str() {
                "true" => Ok((Value::Bool(true), None)),
                "false" => Ok((Value::Bool(false), None)),
                "null" | "undefined" => Ok((Value::Null, None)),
                "_" => self.lodash().map(|v| (v, None)),
                name if self.readable.contains(&name) => Ok((var(name), Some(name.to_string()))),
                "instance" | "document" | "window" | "self" | "globalThis" => Err(format!("`{id}` reads renderer or page state")),
                "XMLHttpRequest" | "fetch" | "Formio" | "$" | "jQuery" => Err(format!("`{id}` makes requests")),
                "console" | "alert" => Err(format!("`{id}` has side effects")),
                "function" | "new" | "this" | "eval" | "Function" => Err(format!("`{id}` is not supported")),
                other => Err(format!("unknown identifier `{other}`")),
            },
        }
    }

    fn lodash(&mut self) -> R {
        self.expect_token(".")?;
        let name = match self.peek() {
            Some(Tok::Ident(n)) => n.clone(),
            _ => return Err("expected a lodash function after `_.`".into()),
        };
        self.pos += 1;
        let op = match name.as_str() {
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
            other => return Err(format!("lodash `_.{other}` is not supported")),
        };
        let args = self.args()?;
        Ok(json!({ op: args }))
    }
}

/// Translates JavaScript that assigns `target` (e.g. `show`) into a JSON Logic rule computing
/// the assigned value. `readable` are the names of data the code may read.
pub fn translate(src: &str, target: &str, readable: &'static [&'static str]) -> R {
    let toks = lex(src)?;
    let mut p = Parser { toks, pos: 0, depth: 0, readable };
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
                return Err(format!("only an assignment to `{target}` is supported, found `{name}`"));
            }
            _ => return Err(format!("expected `{target} = <expression>`")),
        }
        if !p.eat("=") {
            return Err(format!("expected `=` after `{target}`"));
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
            assert!(err.contains(why), "{src}: {err}");
        }
    }
}
