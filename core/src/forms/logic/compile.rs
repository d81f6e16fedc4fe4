//! Compiling a JSON Logic rule (a `serde_json::Value`) into a tree of [`Node`]s once, so that
//! evaluating it many times never re-reads operator names or splits `var` paths.

use serde_json::Value;

use super::ops::Op;
use crate::forms::FormsError;

/// Deepest rule accepted (serde_json itself stops parsing at 128 levels).
pub const MAX_DEPTH: usize = 256;

/// One segment of a `var` path: the key and, when it is a decimal integer, the array index.
/// `hint` is where a scope may find the key without searching: a form sets it at load time to
/// the component's slot in the data object `hint_obj` (see `forms::tree`); [`NO_HINT`] when
/// unknown. A scope uses it only for that object.
#[derive(Debug, Clone, PartialEq)]
pub struct Seg {
    pub key: String,
    pub index: Option<usize>,
    pub hint: u32,
    pub hint_obj: u32,
}

/// `Seg::hint` when there is none.
pub const NO_HINT: u32 = u32::MAX;

impl Seg {
    pub fn new(key: &str) -> Seg {
        let index = if !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) { key.parse().ok() } else { None };
        Seg { key: key.to_string(), index, hint: NO_HINT, hint_obj: NO_HINT }
    }
}

/// Splits a dotted `var` path (`"a.b.0"`).
pub fn split_path(path: &str) -> Vec<Seg> {
    path.split('.').map(Seg::new).collect()
}

/// What a `var` reads.
#[derive(Debug, Clone, PartialEq)]
pub enum VarKey {
    /// `""`, `null` or no argument: the whole data.
    Whole,
    /// A literal path, split once.
    Path(Vec<Seg>),
    /// A path computed by a rule.
    Dynamic(Node),
}

/// A compiled `var`.
#[derive(Debug, Clone, PartialEq)]
pub struct VarNode {
    pub key: VarKey,
    pub default: Option<Node>,
}

/// A compiled rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A literal value (also an object that is not a rule: zero or several keys).
    Lit(Value),
    /// An array whose items are rules.
    Array(Vec<Node>),
    /// `{"var": ...}`.
    Var(Box<VarNode>),
    /// Any other operator with its (unevaluated) arguments.
    Op(Op, Vec<Node>),
}

impl Node {
    /// Whether the node is a literal.
    pub fn is_lit(&self) -> bool {
        matches!(self, Node::Lit(_))
    }
}

/// Compiles a rule.
pub fn compile(rule: &Value) -> Result<Node, FormsError> {
    compile_at(rule, 0)
}

fn compile_at(rule: &Value, depth: usize) -> Result<Node, FormsError> {
    if depth > MAX_DEPTH {
        return Err(FormsError::RuleTooDeep { max: MAX_DEPTH });
    }
    match rule {
        Value::Array(items) => {
            let nodes = items.iter().map(|r| compile_at(r, depth + 1)).collect::<Result<Vec<_>, _>>()?;
            if nodes.iter().all(Node::is_lit) {
                // Built from the items' literals (already copies): copying `rule` again at each
                // level of nested literal arrays would cost depth × size.
                let lits = nodes.into_iter().map(|n| match n {
                    Node::Lit(v) => v,
                    _ => Value::Null,
                });
                return Ok(Node::Lit(Value::Array(lits.collect())));
            }
            Ok(Node::Array(nodes))
        }
        Value::Object(map) if map.len() == 1 => {
            let Some((name, raw_args)) = map.iter().next() else {
                return Ok(Node::Lit(rule.clone()));
            };
            let args: Vec<Node> = match raw_args {
                Value::Array(items) => items.iter().map(|r| compile_at(r, depth + 1)).collect::<Result<_, _>>()?,
                other => vec![compile_at(other, depth + 1)?],
            };
            if name == "var" {
                return Ok(Node::Var(Box::new(compile_var(args))));
            }
            let op = Op::from_name(name).ok_or_else(|| FormsError::UnknownOperator { operator: name.clone() })?;
            Ok(Node::Op(op, args))
        }
        other => Ok(Node::Lit(other.clone())),
    }
}

fn compile_var(mut args: Vec<Node>) -> VarNode {
    let default = if args.len() > 1 { Some(args.swap_remove(1)) } else { None };
    let key = match args.into_iter().next() {
        None | Some(Node::Lit(Value::Null)) => VarKey::Whole,
        Some(Node::Lit(Value::String(s))) if s.is_empty() => VarKey::Whole,
        Some(Node::Lit(Value::String(s))) => VarKey::Path(split_path(&s)),
        Some(Node::Lit(Value::Number(n))) => VarKey::Path(split_path(&n.to_string())),
        Some(Node::Lit(other)) => VarKey::Path(split_path(&super::value::to_js_string(&other))),
        Some(dynamic) => VarKey::Dynamic(dynamic),
    };
    VarNode { key, default }
}

/// Calls `f` on every literal `var` path that reads the rule's own scope, i.e. outside the
/// per-item rules of `map`/`filter`/`reduce`/`all`/`some`/`none` (which read the item).
pub fn scope_paths_mut(node: &mut Node, f: &mut dyn FnMut(&mut [Seg])) {
    match node {
        Node::Lit(_) => {}
        Node::Op(Op::Map | Op::Filter | Op::Reduce | Op::All | Op::Some | Op::None, items) => {
            for (i, n) in items.iter_mut().enumerate() {
                if i != 1 {
                    scope_paths_mut(n, f);
                }
            }
        }
        Node::Array(items) | Node::Op(_, items) => items.iter_mut().for_each(|n| scope_paths_mut(n, f)),
        Node::Var(v) => {
            match &mut v.key {
                VarKey::Path(segs) => f(segs),
                VarKey::Dynamic(n) => scope_paths_mut(n, f),
                VarKey::Whole => {}
            }
            if let Some(d) = &mut v.default {
                scope_paths_mut(d, f);
            }
        }
    }
}

/// Every literal `var` path a rule reads (for dependency analysis and reference checks).
pub fn var_paths(node: &Node, out: &mut Vec<String>) {
    match node {
        Node::Lit(_) => {}
        Node::Array(items) | Node::Op(_, items) => items.iter().for_each(|n| var_paths(n, out)),
        Node::Var(v) => {
            match &v.key {
                VarKey::Path(segs) => out.push(segs.iter().map(|s| s.key.as_str()).collect::<Vec<_>>().join(".")),
                VarKey::Dynamic(n) => var_paths(n, out),
                VarKey::Whole => {}
            }
            if let Some(d) = &v.default {
                var_paths(d, out);
            }
        }
    }
}

/// Calls `var` on every `var` of a rule that reads the data (outside the per-item rules of
/// `map`/`filter`/`reduce`/`all`/`some`/`none`, whose other arguments run on each item or the
/// initial value), its default included; `false` when what the rule reads cannot be known
/// statically (`missing`, `missing_some`, or `var` itself says so).
fn data_vars(node: &Node, var: &mut dyn FnMut(&VarNode) -> bool) -> bool {
    use super::ops::Op;
    match node {
        Node::Lit(_) => true,
        Node::Array(items) => items.iter().all(|n| data_vars(n, var)),
        Node::Op(Op::Missing | Op::MissingSome, _) => false,
        Node::Op(Op::Map | Op::Filter | Op::Reduce | Op::All | Op::Some | Op::None, items) => {
            items.first().is_none_or(|n| data_vars(n, var)) && items.get(2).is_none_or(|n| data_vars(n, var))
        }
        Node::Op(_, items) => items.iter().all(|n| data_vars(n, var)),
        Node::Var(v) => var(v) && v.default.as_ref().is_none_or(|d| data_vars(d, var)),
    }
}

fn joined(segs: &[Seg]) -> String {
    segs.iter().map(|s| s.key.as_str()).collect::<Vec<_>>().join(".")
}

/// The data paths a rule may read when applied on its own (`Logic::apply`): each literal `var`
/// path (dotted, as written), or `false` when that cannot be known statically (a computed or
/// whole-data `var`, `missing`, `missing_some`). A caller may then pass a copy of a large object
/// holding only those paths: the result is the same.
pub fn data_paths(node: &Node, out: &mut Vec<String>) -> bool {
    // A set beside the list: a rule may read tens of thousands of paths (a long `or`).
    let mut seen = std::collections::HashSet::new();
    data_vars(node, &mut |v| match &v.key {
        VarKey::Path(segs) if segs.first().is_some_and(|s| !s.key.is_empty()) => {
            let path = joined(segs);
            if seen.insert(path.clone()) {
                out.push(path);
            }
            true
        }
        _ => false,
    })
}

/// The form data a rule reads: its literal `var` paths (as [`data_paths`]), or `None` when that
/// cannot be known statically; in a form, `data` or `row` alone reads everything.
pub fn reads(node: &Node, out: &mut Vec<String>) -> bool {
    data_vars(node, &mut |v| match &v.key {
        VarKey::Path(segs) if segs.len() > 1 => {
            out.push(joined(segs));
            true
        }
        // `context` and `input`/`value` alone are fine; `data`/`row` alone read everything.
        VarKey::Path(segs) => {
            let first = segs.first().map(|s| s.key.as_str()).unwrap_or("");
            out.push(first.to_string());
            !matches!(first, "data" | "row")
        }
        _ => false,
    })
}
