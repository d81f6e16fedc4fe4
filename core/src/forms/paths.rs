//! [`Paths`]: the component paths an evaluation lists (visible, hidden), kept compact.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Component paths in form order, e.g. [`super::Evaluation::visible`]. In JSON a list of
/// strings; in memory, paths of components outside grids are numbers into the compiled form's
/// table of paths (an evaluation builds no string for them), and only paths with row indices
/// (`figli[0].nome`) are strings of their own.
///
/// ```
/// # use sportello::forms::{EvalContext, Form};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let form = Form::from_formio(&serde_json::json!({"components": [{"type": "textfield", "key": "nome"}]}))?;
/// let r = form.evaluate(&serde_json::json!({}), &EvalContext::default())?;
/// assert!(r.visible.contains("nome"));
/// assert_eq!(r.visible.iter().collect::<Vec<&str>>(), ["nome"]);
/// assert_eq!(serde_json::to_string(&r.visible)?, r#"["nome"]"#);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Default)]
pub struct Paths {
    table: Option<Arc<[Box<str>]>>,
    /// An index into `table`, or (with [`ROW`] set) into `rows`.
    items: Vec<u32>,
    rows: Vec<String>,
}

const ROW: u32 = 1 << 31;

impl Paths {
    /// Paths of the compiled form's `table`, with room for `n` of them (an evaluation lists
    /// each component once).
    pub(crate) fn with_capacity(table: Arc<[Box<str>]>, n: usize) -> Paths {
        Paths { table: Some(table), items: Vec::with_capacity(n), rows: Vec::new() }
    }

    /// Adds the path of component `id` (its entry in the table).
    pub(crate) fn push_id(&mut self, id: usize) {
        if let Ok(i) = u32::try_from(id) {
            if i < ROW {
                self.items.push(i);
            }
        }
    }

    /// Adds a path of its own (a component inside a grid row).
    pub(crate) fn push_str(&mut self, path: &str) {
        if let Ok(i) = u32::try_from(self.rows.len()) {
            if i < ROW {
                self.rows.push(path.to_string());
                self.items.push(i | ROW);
            }
        }
    }

    pub(crate) fn clear(&mut self) {
        self.items.clear();
        self.rows.clear();
    }

    /// How many paths.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are no paths.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The `i`-th path.
    pub fn get(&self, i: usize) -> Option<&str> {
        let item = *self.items.get(i)?;
        if item & ROW != 0 {
            self.rows.get((item & !ROW) as usize).map(String::as_str)
        } else {
            self.table.as_ref()?.get(item as usize).map(|p| &**p)
        }
    }

    /// The paths in form order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.items.len()).map(|i| self.get(i).unwrap_or(""))
    }

    /// Whether `path` is listed.
    pub fn contains(&self, path: &str) -> bool {
        self.iter().any(|p| p == path)
    }

    /// The paths as strings.
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }
}

impl<'a> IntoIterator for &'a Paths {
    type Item = &'a str;
    type IntoIter = Box<dyn ExactSizeIterator<Item = &'a str> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl std::fmt::Debug for Paths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Paths {
    fn eq(&self, other: &Paths) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Paths {}

impl<S: AsRef<str>> FromIterator<S> for Paths {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Paths {
        let mut p = Paths::default();
        for s in iter {
            p.push_str(s.as_ref());
        }
        p
    }
}

impl Serialize for Paths {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Paths {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Paths, D::Error> {
        Ok(Vec::<String>::deserialize(d)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_and_row_paths_keep_their_order() {
        let table: Arc<[Box<str>]> = vec!["a".into(), "b".into()].into();
        let mut p = Paths::with_capacity(table, 0);
        p.push_id(1);
        p.push_str("g[0].x");
        p.push_id(0);
        p.push_id(7); // not in the table: reads as ""
        assert_eq!(p.iter().collect::<Vec<_>>(), ["b", "g[0].x", "a", ""]);
        assert!(p.contains("g[0].x") && !p.contains("c"));
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#"["b","g[0].x","a",""]"#);
        let back: Paths = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        assert_eq!(format!("{back:?}"), r#"["b", "g[0].x", "a", ""]"#);
    }
}
