//! File rules enforced on the server: allowed types (`filePattern`: extensions and/or MIME
//! types), consistency of the declared MIME type with the extension, size limits
//! (`fileMinSize`, `fileMaxSize`, e.g. `"30MB"` = 30·1024² bytes) and the shape of the value.

use serde_json::Value;

use super::messages::Say;

use super::model::Comp;
use super::FormsError;

/// Compiled file rules of a `file` component.
#[derive(Debug, Clone, Default)]
pub(crate) struct FileRules {
    /// Lower-case extensions without the dot (`pdf`, `p7m`).
    pub extensions: Vec<String>,
    /// MIME patterns (`application/pdf`, `image/*`).
    pub mimes: Vec<String>,
    pub max_size: Option<u64>,
    pub min_size: Option<u64>,
}

/// MIME types accepted for a known extension. An extension not listed here is checked by name
/// only.
pub fn mimes_for_extension(ext: &str) -> Option<&'static [&'static str]> {
    Some(match ext {
        "jpg" | "jpeg" => &["image/jpeg", "image/pjpeg"],
        "png" => &["image/png"],
        "pdf" => &["application/pdf", "application/x-pdf"],
        "p7m" => &["application/pkcs7-mime", "application/x-pkcs7-mime", "application/pkcs7", "application/octet-stream"],
        "gif" => &["image/gif"],
        "tif" | "tiff" => &["image/tiff"],
        "txt" => &["text/plain"],
        "xml" => &["application/xml", "text/xml"],
        "zip" => &["application/zip", "application/x-zip-compressed"],
        "doc" => &["application/msword"],
        "docx" => &["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
        "odt" => &["application/vnd.oasis.opendocument.text"],
        _ => return None,
    })
}

/// Parses a Form.io size (`"30MB"`, `"500 KB"`, `"1024"`), binary multiples as
/// `translateScalars` does.
pub fn parse_size(s: &str) -> Option<u64> {
    let t = s.trim().to_ascii_uppercase();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let n: f64 = n.parse().ok()?;
    let mult: f64 = match unit.trim() {
        "" | "B" => 1.0,
        "KB" | "K" => 1024.0,
        "MB" | "M" => 1024.0 * 1024.0,
        "GB" | "G" => 1024.0 * 1024.0 * 1024.0,
        "TB" | "T" => 1024.0_f64.powi(4),
        _ => return None,
    };
    let bytes = n * mult;
    (bytes.is_finite() && bytes >= 0.0).then_some(bytes as u64)
}

fn extension(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (_, ext) = base.rsplit_once('.')?;
    (!ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

fn mime_matches(pattern: &str, mime: &str) -> bool {
    match pattern.strip_suffix("/*") {
        Some(major) => mime.split('/').next() == Some(major),
        None => pattern == mime,
    }
}

impl FileRules {
    pub fn compile(raw: &Value, comp: &Comp) -> Result<FileRules, FormsError> {
        let mut r = FileRules::default();
        let bad = |what: &str, v: &str| FormsError::UnsupportedValidation {
            path: comp.path.clone(),
            reason: format!("{what} {v:?} is not a size like \"10MB\""),
        };
        if let Some(p) = raw.get("filePattern").and_then(Value::as_str) {
            for item in p.split(',').map(str::trim).filter(|s| !s.is_empty() && *s != "*") {
                let item = item.trim_start_matches('*');
                if let Some(ext) = item.strip_prefix('.') {
                    r.extensions.push(ext.to_ascii_lowercase());
                } else if item.contains('/') {
                    r.mimes.push(item.to_ascii_lowercase());
                } else {
                    r.extensions.push(item.to_ascii_lowercase());
                }
            }
        }
        for (key, slot) in [("fileMaxSize", &mut r.max_size), ("fileMinSize", &mut r.min_size)] {
            if let Some(v) = raw.get(key).and_then(Value::as_str).filter(|s| !s.trim().is_empty()) {
                *slot = Some(parse_size(v).ok_or_else(|| bad(key, v))?);
            }
        }
        Ok(r)
    }

    /// Checks a file value: an array of `{name, originalName, size, type, ...}`.
    pub fn check(&self, v: &Value, multiple: bool, push: &mut dyn FnMut(&str, Say)) {
        let Value::Array(files) = v else {
            push("file", Say::key("fileList"));
            return;
        };
        if !multiple && files.len() > 1 {
            push("file", Say::key("fileOne"));
        }
        for f in files {
            let name = f.get("originalName").and_then(Value::as_str).or_else(|| f.get("name").and_then(Value::as_str));
            let Some(name) = name else {
                push("file", Say::key("fileNoName"));
                continue;
            };
            let ext = extension(name);
            let mime = f.get("type").and_then(Value::as_str).map(|m| m.trim().to_ascii_lowercase()).filter(|m| !m.is_empty());
            let allowed = if self.extensions.is_empty() && self.mimes.is_empty() {
                true
            } else {
                let by_ext = ext.as_ref().is_some_and(|e| self.extensions.contains(e));
                let by_mime = mime.as_ref().is_some_and(|m| self.mimes.iter().any(|p| mime_matches(p, m)));
                by_ext || by_mime
            };
            // The declared MIME type must fit a known extension.
            let consistent = match (&ext, &mime) {
                (Some(e), Some(m)) => mimes_for_extension(e).is_none_or(|ok| ok.contains(&m.as_str())),
                _ => true,
            };
            if !allowed || !consistent {
                push("fileType", Say::with("fileType", "name", name));
            }
            match f.get("size").and_then(Value::as_f64) {
                Some(size) => {
                    if self.max_size.is_some_and(|m| size > m as f64) {
                        push("fileSize", Say::Key("fileSize", vec![("name", name.to_string()), ("size", human(self.max_size))]));
                    }
                    if self.min_size.is_some_and(|m| size < m as f64) {
                        push("fileMinSize", Say::Key("fileMinSize", vec![("name", name.to_string()), ("size", human(self.min_size))]));
                    }
                }
                None if self.max_size.is_some() || self.min_size.is_some() => {
                    push("file", Say::with("fileSizeMissing", "name", name));
                }
                None => {}
            }
        }
    }
}

fn human(n: Option<u64>) -> String {
    let n = n.unwrap_or(0);
    if n >= 1024 * 1024 && n % (1024 * 1024) == 0 {
        format!("{} MB", n / (1024 * 1024))
    } else if n >= 1024 && n % 1024 == 0 {
        format!("{} KB", n / 1024)
    } else {
        format!("{n} bytes")
    }
}
