//! Files attached to a practice: the types a service accepts for messages and for approval
//! documents, checked by the file's name and, where the type has a signature, by its leading bytes;
//! its declared size checked against the service's limit. Pure: the caller reads the file, this
//! module reads only the name, the size and a prefix of the bytes.

use serde::{Deserialize, Serialize};

use super::error::PracticeError;

/// The longest file name accepted, in characters (the usual limit of file systems).
pub const MAX_FILE_NAME: usize = 255;
/// How many leading bytes the check reads at most; a longer prefix is accepted and the rest ignored.
pub const FILE_HEAD_BYTES: usize = 16 * 1024;
/// The most extensions one policy may list.
pub const MAX_EXTENSIONS: usize = 64;

/// What a file is attached as: each purpose has its own allowed types and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum FilePurpose {
    /// An attachment of a message between the citizen and the office.
    Message,
    /// An outcome (approval or rejection) document an operator attaches.
    ApprovalDocument,
}

impl FilePurpose {
    /// The camelCase name (`"approvalDocument"`).
    pub const fn name(self) -> &'static str {
        match self {
            FilePurpose::Message => "message",
            FilePurpose::ApprovalDocument => "approvalDocument",
        }
    }
}

/// The signature (leading bytes) a file type is checked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum FileSignature {
    /// `%PDF-` (ISO 32000-1 §7.5.2, the file header).
    Pdf,
    /// `89 50 4E 47 0D 0A 1A 0A` (PNG, ISO/IEC 15948 §5.2).
    Png,
    /// `FF D8 FF` (JPEG: SOI marker followed by a marker).
    Jpeg,
    /// A CMS / PKCS #7 `ContentInfo` of type signedData (RFC 5652 §3, §5.1): a DER or BER SEQUENCE
    /// whose first element is the OID 1.2.840.113549.1.7.2 (`.p7m`, `.p7s`: CAdES envelopes).
    Cms,
    /// `PK 03 04`, a ZIP local file header: ZIP archives and the office formats stored in one
    /// (OOXML `.docx` `.xlsx` `.pptx`, OpenDocument `.odt` `.ods` `.odp` `.odg`).
    Zip,
    /// `GIF87a` or `GIF89a` (the GIF header).
    Gif,
}

impl FileSignature {
    /// The signature of files with this (lower-case) extension; `None`: the type has none and
    /// is checked by its name only.
    pub fn of_extension(ext: &str) -> Option<FileSignature> {
        Some(match ext {
            "pdf" => FileSignature::Pdf,
            "png" => FileSignature::Png,
            "jpg" | "jpeg" | "jpe" | "jfif" => FileSignature::Jpeg,
            // The seed's `allowed_extensions` lists `p7`, `p7c` and `xp7m` beside `p7m`: all CMS.
            "p7m" | "p7s" | "p7c" | "p7" | "xp7m" => FileSignature::Cms,
            "zip" | "docx" | "xlsx" | "pptx" | "odt" | "ods" | "odp" | "odg" => FileSignature::Zip,
            "gif" => FileSignature::Gif,
            _ => return None,
        })
    }

    /// Whether `head` (the file's leading bytes) starts as this type does.
    pub fn matches(self, head: &[u8]) -> bool {
        match self {
            FileSignature::Pdf => head.starts_with(b"%PDF-"),
            FileSignature::Png => head.starts_with(b"\x89PNG\r\n\x1a\n"),
            FileSignature::Jpeg => head.starts_with(b"\xff\xd8\xff"),
            FileSignature::Zip => head.starts_with(b"PK\x03\x04"),
            FileSignature::Gif => head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a"),
            FileSignature::Cms => is_signed_data(head) || is_signed_data(&base64_head(head)),
        }
    }

    /// The camelCase name (`"cms"`).
    pub const fn name(self) -> &'static str {
        match self {
            FileSignature::Pdf => "pdf",
            FileSignature::Png => "png",
            FileSignature::Jpeg => "jpeg",
            FileSignature::Cms => "cms",
            FileSignature::Zip => "zip",
            FileSignature::Gif => "gif",
        }
    }
}

/// The DER encoding of the OID 1.2.840.113549.1.7.2 (id-signedData), tag and length included.
const SIGNED_DATA_OID: [u8; 11] = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/// A ContentInfo SEQUENCE (definite length in short or long form, or BER's indefinite length)
/// whose first element is the signedData OID.
fn is_signed_data(head: &[u8]) -> bool {
    let [0x30, len, rest @ ..] = head else { return false };
    let skip = match *len {
        // Short form, or BER's indefinite length (0x80).
        0x00..=0x80 => 0,
        0x81..=0x84 => usize::from(len - 0x80),
        _ => return false,
    };
    rest.get(skip..).is_some_and(|r| r.starts_with(&SIGNED_DATA_OID))
}

/// The first bytes of a Base64 CMS (a `.p7m` saved as text, as many signing tools do), after an
/// optional PEM header (`-----BEGIN PKCS7-----`, `-----BEGIN CMS-----`) and line breaks: up to 18
/// bytes, enough for [`is_signed_data`]; empty when the text is no Base64.
fn base64_head(head: &[u8]) -> Vec<u8> {
    let mut text = &head[..head.len().min(128)];
    for header in [&b"-----BEGIN PKCS7-----"[..], b"-----BEGIN CMS-----"] {
        if let Some(rest) = text.strip_prefix(header) {
            text = rest;
        }
    }
    let sextet = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(18);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in text.iter().filter(|c| !matches!(c, b'\r' | b'\n')) {
        let Some(v) = sextet(c) else { break };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
        if out.len() == 18 {
            break;
        }
    }
    out
}

/// The allowed types and the size limit of one purpose. JSON: `{"extensions": ["pdf", "p7m"],
/// "maxBytes": 10485760}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FilePolicy {
    /// The allowed extensions, lower case without the dot (`"pdf"`); at most [`MAX_EXTENSIONS`],
    /// each 1 to 16 ASCII letters or digits.
    #[serde(deserialize_with = "de_extensions")]
    pub extensions: Vec<String>,
    /// The largest size accepted, in bytes (at least 1).
    #[serde(deserialize_with = "de_max_bytes")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub max_bytes: u64,
}

fn de_extensions<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    use serde::de::Error;
    let list = Vec::<String>::deserialize(d)?;
    if list.len() > MAX_EXTENSIONS {
        return Err(D::Error::custom(format!("at most {MAX_EXTENSIONS} extensions, not {}", list.len())));
    }
    for e in &list {
        let ok = (1..=16).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if !ok {
            return Err(D::Error::custom(format!("extension {e:?} is not 1 to 16 lower-case letters or digits without the dot")));
        }
    }
    Ok(list)
}

fn de_max_bytes<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let n = u64::deserialize(d)?;
    if n == 0 {
        return Err(serde::de::Error::custom("maxBytes must be at least 1"));
    }
    Ok(n)
}

const MIB: u64 = 1024 * 1024;

impl FilePolicy {
    fn of(extensions: &[&str], max_bytes: u64) -> FilePolicy {
        FilePolicy { extensions: extensions.iter().map(|e| (*e).to_owned()).collect(), max_bytes }
    }
}

/// The types the reference platform accepts for files attached to a practice: the keys of its
/// `allowed_extensions` parameter (OpenCity Stanza del Cittadino, `config/packages/app.yaml`),
/// which `AllegatoController` checks, by extension and MIME type, for both the attachments of
/// messages and the operator's outcome documents. Lower case, in the seed's order.
pub const SEED_EXTENSIONS: [&str; 14] = ["doc", "docx", "odt", "pdf", "txt", "jpeg", "jpg", "png", "gif", "p7", "p7m", "xp7m", "p7c", "zip"];

/// The seed's size limit of a message's attachment: 25 MiB ("non è possibile caricare file con
/// una dimensione maggiore di 25Mb", `message_attachments.js`, checked in the browser only).
pub const SEED_MAX_BYTES: u64 = 25 * MIB;

/// A service's file limits: one [`FilePolicy`] per [`FilePurpose`]. JSON (every key optional; the
/// defaults: [`SEED_EXTENSIONS`] and [`SEED_MAX_BYTES`] for both purposes):
/// ```json
/// {"message": {"extensions": ["doc", "docx", "odt", "pdf", "txt", "jpeg", "jpg", "png", "gif",
///                             "p7", "p7m", "xp7m", "p7c", "zip"], "maxBytes": 26214400},
///  "approvalDocument": {"extensions": ["doc", "docx", "…", "zip"], "maxBytes": 26214400}}
/// ```
/// The seed checks both purposes against one list and limits only messages' size (in the
/// browser); the library checks both on the server, each with its own list, which a service
/// narrows (e.g. `{"approvalDocument": {"extensions": ["pdf", "p7m"], "maxBytes": 10485760}}`).
/// An unknown key is refused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct FileLimits {
    /// Attachments of messages.
    pub message: FilePolicy,
    /// Outcome documents.
    pub approval_document: FilePolicy,
}

impl Default for FileLimits {
    fn default() -> Self {
        FileLimits { message: FilePolicy::of(&SEED_EXTENSIONS, SEED_MAX_BYTES), approval_document: FilePolicy::of(&SEED_EXTENSIONS, SEED_MAX_BYTES) }
    }
}

impl FileLimits {
    /// The policy of `purpose`.
    pub fn policy(&self, purpose: FilePurpose) -> &FilePolicy {
        match purpose {
            FilePurpose::Message => &self.message,
            FilePurpose::ApprovalDocument => &self.approval_document,
        }
    }
}

/// A file that passed [`check_file`]. JSON: `{"name": "domanda.pdf", "extension": "pdf", "size":
/// 48213, "signature": "pdf"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckedFile {
    /// The file's name without any folder (`C:\fakepath\a.pdf` gives `a.pdf`).
    pub name: String,
    /// Its extension, lower case without the dot.
    pub extension: String,
    /// The declared size, in bytes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// The signature its leading bytes matched; `null`: a type checked by name only.
    pub signature: Option<FileSignature>,
}

/// A name for error details: at most 64 characters of it.
fn shown(name: &str) -> String {
    match name.char_indices().nth(64) {
        Some((i, _)) => format!("{}…", &name[..i]),
        None => name.to_owned(),
    }
}

/// Up to 8 leading bytes in hex, for error details.
fn hex_head(head: &[u8]) -> String {
    head.iter().take(8).map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
}

/// Checks a file for `purpose` under `limits`: its `name` (the folder part is dropped), its
/// declared `size` in bytes, and `head`, its leading bytes (up to [`FILE_HEAD_BYTES`] are read;
/// the whole file works too). In order:
/// - `practice.file_name`: a name longer than [`MAX_FILE_NAME`] characters, empty, or with a
///   control or bidirectional formatting character (which can hide the real extension);
/// - `practice.file_type`: no extension, or one the purpose does not allow (`allowed` lists them);
/// - `practice.file_size`: an empty file, a size above the purpose's `maxBytes`, or more leading
///   bytes than the declared size;
/// - `practice.file_signature`: a type with a signature ([`FileSignature::of_extension`]) whose
///   leading bytes do not match it (`found`: the first bytes in hex; empty when none were given).
pub fn check_file(name: &str, size: u64, head: &[u8], purpose: FilePurpose, limits: &FileLimits) -> Result<CheckedFile, PracticeError> {
    let bad_name = |reason: &str| PracticeError::FileName { name: shown(name), reason: reason.to_owned() };
    // Bounded before any scan: 4 bytes per character at most.
    if name.len() > 4 * MAX_FILE_NAME || name.chars().count() > MAX_FILE_NAME {
        return Err(bad_name("the name is longer than 255 characters"));
    }
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    if base.trim().is_empty() {
        return Err(bad_name("the name is empty"));
    }
    // Bidirectional formatting characters hide the real extension ("fattura\u{202E}fdp.exe" shows
    // as "fatturaexe.pdf").
    let bidi = |c: char| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if base.chars().any(|c| c.is_control() || bidi(c)) {
        return Err(bad_name("the name has a control or bidirectional formatting character"));
    }
    let policy = limits.policy(purpose);
    let extension = base.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if extension.is_empty() || !policy.extensions.contains(&extension) {
        return Err(PracticeError::FileType { name: shown(base), extension, purpose, allowed: policy.extensions.clone() });
    }
    let too = |reason: &str| PracticeError::FileSize { name: shown(base), size, max_bytes: policy.max_bytes, reason: reason.to_owned() };
    if size == 0 {
        return Err(too("the file is empty"));
    }
    if size > policy.max_bytes {
        return Err(too("the file is larger than the limit"));
    }
    if u64::try_from(head.len()).map_or(true, |n| n > size) {
        return Err(too("more leading bytes were given than the declared size"));
    }
    let head = &head[..head.len().min(FILE_HEAD_BYTES)];
    let signature = FileSignature::of_extension(&extension);
    if let Some(sig) = signature {
        if !sig.matches(head) {
            return Err(PracticeError::FileSignature { name: shown(base), extension, expected: sig, found: hex_head(head) });
        }
    }
    Ok(CheckedFile { name: base.to_owned(), extension, size, signature })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Coded;

    fn code(r: Result<CheckedFile, PracticeError>) -> &'static str {
        r.map(|_| "ok").unwrap_or_else(|e| e.code())
    }

    /// The code of a message attachment's check under the default limits.
    fn msg(name: &str, size: u64, head: &[u8]) -> &'static str {
        code(check_file(name, size, head, FilePurpose::Message, &FileLimits::default()))
    }

    #[test]
    fn signatures() {
        let l = FileLimits::default();
        let ok = check_file("C:\\fakepath\\Domanda.PDF", 100, b"%PDF-1.7\n", FilePurpose::Message, &l).unwrap();
        assert_eq!((ok.name.as_str(), ok.extension.as_str(), ok.signature), ("Domanda.PDF", "pdf", Some(FileSignature::Pdf)));
        // A CMS signedData in DER (long form) and in BER (indefinite length).
        let mut der = vec![0x30, 0x82, 0x12, 0x34];
        der.extend_from_slice(&SIGNED_DATA_OID);
        assert_eq!(code(check_file("a.pdf.p7m", 5000, &der, FilePurpose::ApprovalDocument, &l)), "ok");
        let mut ber = vec![0x30, 0x80];
        ber.extend_from_slice(&SIGNED_DATA_OID);
        assert_eq!(code(check_file("a.p7m", 5000, &ber, FilePurpose::ApprovalDocument, &l)), "ok");
        // envelopedData (…7.3) is no signature.
        let mut env = ber.clone();
        env[12] = 0x03;
        assert_eq!(code(check_file("a.p7m", 5000, &env, FilePurpose::ApprovalDocument, &l)), "practice.file_signature");
        for head in [&b""[..], b"\x30", b"\x30\x85\x00", b"\x30\x84\x00\x00"] {
            assert_eq!(msg("a.p7m", 5000, head), "practice.file_signature");
        }
    }

    #[test]
    fn seed_defaults_base64_cms_gif_and_bidi() {
        let l = FileLimits::default();
        assert_eq!(l.message.extensions.len(), 14);
        assert_eq!(l.approval_document, l.message);
        assert_eq!(l.message.max_bytes, 26_214_400);
        // A .p7m saved as Base64 text, bare or with a PEM header and line breaks; GIF.
        let cases: [(&str, u64, &[u8], &str); 16] = [
            ("a.p7m", 100, b"MIAGCSqGSIb3DQEHAqCAMIACAQEx", "ok"),
            ("a.p7m", 100, b"-----BEGIN PKCS7-----\r\nMIAGCSqGSIb3\r\nDQEHAqCA", "ok"),
            ("a.p7m", 100, b"MIAGCSqGSIb3DQEHA6CA", "practice.file_signature"),
            ("a.p7m", 100, b"hello world, no cms", "practice.file_signature"),
            ("a.gif", 10, b"GIF89a\x01\x00", "ok"),
            ("a.gif", 10, b"\x89PNG\r\n\x1a\n", "practice.file_signature"),
            // Hostile names, sizes and prefixes.
            ("", 10, b"%PDF-", "practice.file_name"),
            ("dir/", 10, b"%PDF-", "practice.file_name"),
            ("a\u{0}.pdf", 10, b"%PDF-", "practice.file_name"),
            ("pdf", 10, b"%PDF-", "practice.file_type"),
            ("a.", 10, b"%PDF-", "practice.file_type"),
            ("a.pdf", 0, b"", "practice.file_size"),
            ("a.pdf", u64::MAX, b"%PDF-", "practice.file_size"),
            ("a.pdf", 3, b"%PDF-", "practice.file_size"),
            ("è.pdf", 10, b"%PDF-", "ok"),
            ("a.ＰＤＦ", 10, b"%PDF-", "practice.file_type"),
        ];
        for (name, size, head, want) in cases {
            assert_eq!(msg(name, size, head), want, "{name} {head:?}");
        }
        // Checked by name only: no signature for txt and doc.
        let txt = check_file("nota.txt", 5, b"ciao!", FilePurpose::Message, &l).unwrap();
        assert_eq!(txt.signature, None);
        assert_eq!(msg("fattura\u{202E}fdp.exe", 10, b"%PDF-"), "practice.file_name");
        assert_eq!(msg("a.exe", 10, b"MZ"), "practice.file_type");
        // A longer prefix than FILE_HEAD_BYTES is fine: only its start is read.
        let big = [b"%PDF-".to_vec(), vec![0; 1 << 20]].concat();
        assert_eq!(msg("a.pdf", 2 << 20, &big), "ok");
    }

    #[test]
    fn hostile() {
        let l = FileLimits::default();
        let huge = "a".repeat(10_000) + ".pdf";
        assert_eq!(msg(&huge, 10, b"%PDF-"), "practice.file_name");
        let e = check_file(&huge, 10, b"%PDF-", FilePurpose::Message, &l).unwrap_err();
        assert!(e.to_string().len() < 200, "{e}");
    }

    #[test]
    fn limits_are_strict() {
        let bad = |s: &str| serde_json::from_str::<FileLimits>(s).is_err();
        assert!(bad(r#"{"mesage": {}}"#));
        assert!(bad(r#"{"message": {"extensions": [".pdf"], "maxBytes": 1}}"#));
        assert!(bad(r#"{"message": {"extensions": ["PDF"], "maxBytes": 1}}"#));
        assert!(bad(r#"{"message": {"extensions": ["pdf"], "maxBytes": 0}}"#));
        assert!(bad(r#"{"message": {"extensions": ["pdf"], "maxBytes": -1}}"#));
        assert!(bad(r#"{"message": {"extensions": ["pdf"]}}"#));
        let many: Vec<String> = (0..65).map(|i| format!("\"e{i}\"")).collect();
        assert!(bad(&format!(r#"{{"message": {{"extensions": [{}], "maxBytes": 1}}}}"#, many.join(","))));
        let l: FileLimits = serde_json::from_str(r#"{"approvalDocument": {"extensions": ["pdf"], "maxBytes": 5}}"#).unwrap();
        assert_eq!(l.message, FileLimits::default().message);
        assert_eq!(serde_json::from_value::<FileLimits>(serde_json::to_value(&l).unwrap()).unwrap(), l);
    }
}
