//! Assurance levels, credential kinds (the catalog, as data) and presented credentials.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The one ordered scale every credential maps to. Levels are **compared** (`got >= required`),
/// never tested for equality: a higher level satisfies every lower requirement.
///
/// JSON: `"low" | "substantial" | "high"` (eIDAS names); the portal names `"weak" | "medium" |
/// "strong"` are accepted as aliases. Numeric value: 1, 2, 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase")]
pub enum Level {
    /// Portal "weak" (self-registered online), SPID/CIE L1, eIDAS low.
    Low = 1,
    /// Portal "medium" (credentials handed out by the URP), SPID/CIE L2, eIDAS substantial.
    Substantial = 2,
    /// Portal "strong" (CNS/TS-CNS, CIE card, digital certificate), SPID/CIE L3, eIDAS high.
    High = 3,
}

impl std::str::FromStr for Level {
    type Err = String;

    /// `low|substantial|high`, `weak|medium|strong` (any case), or `1|2|3`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "low" | "weak" | "1" => Ok(Level::Low),
            "substantial" | "medium" | "2" => Ok(Level::Substantial),
            "high" | "strong" | "3" => Ok(Level::High),
            _ => Err(format!("unknown level {s:?} (expected low/substantial/high or weak/medium/strong)")),
        }
    }
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            S(String),
            N(u8),
        }
        match Raw::deserialize(d)? {
            Raw::S(s) => s.parse().map_err(serde::de::Error::custom),
            Raw::N(n) => Level::from_number(n).ok_or_else(|| serde::de::Error::custom(format!("unknown level {n}"))),
        }
    }
}

impl Level {
    /// All levels, lowest first.
    pub const ALL: [Level; 3] = [Level::Low, Level::Substantial, Level::High];

    /// `self >= required`: the only way levels are checked.
    #[inline]
    pub fn satisfies(self, required: Level) -> bool {
        self >= required
    }

    /// The numeric value (1, 2, 3).
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The level from its number (1, 2, 3).
    pub fn from_number(n: u8) -> Option<Level> {
        match n {
            1 => Some(Level::Low),
            2 => Some(Level::Substantial),
            3 => Some(Level::High),
            _ => None,
        }
    }

    /// Italian label, as the portals show it.
    pub fn label_it(self) -> &'static str {
        match self {
            Level::Low => "debole",
            Level::Substantial => "medio",
            Level::High => "forte",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Level::Low => "weak",
            Level::Substantial => "medium",
            Level::High => "strong",
        }
    }
}

/// A text in Italian and English. JSON: `{"it": "...", "en": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Text {
    /// Italian text.
    pub it: String,
    /// English text.
    pub en: String,
}

impl Text {
    /// A text from its Italian and English versions.
    pub fn new(it: impl Into<String>, en: impl Into<String>) -> Self {
        Text { it: it.into(), en: en.into() }
    }
}

/// One named level of a multi-level credential kind (SPID `SpidL2`, a regional federation's
/// "medio", eIDAS `substantial`). JSON: `{"name": "SpidL2", "level": "substantial", "aliases": [...]}`.
/// Names and aliases match case-insensitively; a URI matches by its last path segment too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LevelName {
    /// The level name the identity provider asserts, e.g. `"SpidL2"` or a URI ending in it.
    pub name: String,
    /// The level it maps to.
    pub level: Level,
    /// Other names for the same level, e.g. `"L2"` or `"https://www.spid.gov.it/SpidL2"`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// A kind of credential in the policy's catalog: either one fixed `level` (CNS, portal
/// credentials) or named `levels` (SPID, CIE id, eIDAS, regional federations). `capabilities`
/// are what the credential can do beyond its level (e.g. `"sign"`: a digital signature can sign
/// and submit applications; a CNS gives access but not signature).
///
/// JSON: `{"id": "spid", "label": {"it": "SPID", "en": "SPID"}, "levels": [...], "capabilities": []}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CredentialSpec {
    /// Credential kind id, e.g. `"spid"`, `"cieId"`, `"cns"`; a presented [`Credential`]'s `kind`.
    pub id: String,
    /// Name shown to users, in Italian and English.
    pub label: Text,
    /// The one level of a single-level kind (CNS, portal credentials); exclusive with `levels`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// The named levels of a multi-level kind (SPID, CIE id, eIDAS); exclusive with `level`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<LevelName>,
    /// What the credential can do beyond its level, e.g. `"sign"` for a digital signature.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<String>,
}

/// A credential as presented by a user: its kind (an id of the catalog), the level name the
/// identity provider asserted (for multi-level kinds; e.g. the AuthnContextClassRef
/// `https://www.spid.gov.it/SpidL2`), and the validity window when the credential has one
/// (certificates). JSON: `{"kind": "spid", "level": "SpidL2"}`,
/// `{"kind": "cns", "notBefore": "2024-01-01T00:00:00+00:00", "notAfter": "2027-01-01T00:00:00+00:00"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Credential {
    /// Credential kind: an id of the policy's catalog, e.g. `"spid"`.
    pub kind: String,
    /// Level name asserted by the identity provider, e.g. `"SpidL2"`; `None` for single-level kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Start of the credential's validity (RFC 3339, JSON `notBefore`); `None`: no start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::iso::de_opt_instant")]
    pub not_before: Option<DateTime<FixedOffset>>,
    /// End of the credential's validity (RFC 3339, JSON `notAfter`); `None`: no end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::iso::de_opt_instant")]
    pub not_after: Option<DateTime<FixedOffset>>,
}

impl Credential {
    /// A credential of a kind without named levels (e.g. `"cns"`).
    pub fn new(kind: impl Into<String>) -> Self {
        Credential { kind: kind.into(), level: None, not_before: None, not_after: None }
    }

    /// A credential of a multi-level kind (e.g. `("spid", "SpidL2")`).
    pub fn with_level(kind: impl Into<String>, level: impl Into<String>) -> Self {
        Credential { kind: kind.into(), level: Some(level.into()), not_before: None, not_after: None }
    }
}

fn spid_like_levels() -> Vec<LevelName> {
    (1..=3u8)
        .filter_map(|n| {
            let level = Level::from_number(n)?;
            Some(LevelName { name: format!("SpidL{n}"), level, aliases: vec![format!("https://www.spid.gov.it/SpidL{n}"), format!("L{n}")] })
        })
        .collect()
}

fn fixed(id: &str, it: &str, en: &str, level: Level, capabilities: &[&str]) -> CredentialSpec {
    CredentialSpec {
        id: id.into(),
        label: Text::new(it, en),
        level: Some(level),
        levels: Vec::new(),
        capabilities: capabilities.iter().map(|c| (*c).to_string()).collect(),
    }
}

/// The built-in catalog of credential kinds (used when a policy gives no `credentials`).
///
/// | id | label | level |
/// |---|---|---|
/// | `weak` | self-registered online | low |
/// | `medium` | username + password/PIN handed out by the URP (envelope, post) | substantial |
/// | `cns` | CNS smart card | high (a policy setting: the CNS is not eIDAS-notified) |
/// | `tsCns` | Tessera Sanitaria with chip (TS-CNS) | high (same remark) |
/// | `cieCard` | the CIE card's authentication certificate | high |
/// | `digitalSignature` | qualified signature certificate | high, capability `sign` |
/// | `spid` | SPID, levels `SpidL1..3` (URIs accepted) | low / substantial / high |
/// | `cieId` | CIE id ("Entra con CIE"), same level URIs | low / substantial / high |
/// | `eidas` | eIDAS node, `low / substantial / high` | as named |
///
/// Regional federations (FedERa, FedUmbria, ARPA, ...) are not built in: their level names are
/// not verified, so a policy declares them (see docs/access.md).
pub fn default_credentials() -> Vec<CredentialSpec> {
    let mut out = vec![
        fixed("weak", "Credenziali deboli (registrazione online)", "Weak credentials (online self-registration)", Level::Low, &[]),
        fixed("medium", "Credenziali medie (rilasciate dall'URP)", "Medium credentials (issued by the URP)", Level::Substantial, &[]),
        fixed("cns", "Carta Nazionale dei Servizi (CNS)", "National Services Card (CNS)", Level::High, &[]),
        fixed("tsCns", "Tessera Sanitaria - CNS (TS-CNS)", "Health card with CNS chip (TS-CNS)", Level::High, &[]),
        fixed("cieCard", "Carta d'Identità Elettronica (certificato)", "Electronic identity card (certificate)", Level::High, &[]),
        fixed("digitalSignature", "Firma digitale", "Digital signature", Level::High, &["sign"]),
    ];
    out.push(CredentialSpec {
        id: "spid".into(),
        label: Text::new("SPID", "SPID"),
        level: None,
        levels: spid_like_levels(),
        capabilities: Vec::new(),
    });
    out.push(CredentialSpec {
        id: "cieId".into(),
        label: Text::new("CIE id (Entra con CIE)", "CIE id (Sign in with CIE)"),
        level: None,
        levels: spid_like_levels(),
        capabilities: Vec::new(),
    });
    out.push(CredentialSpec {
        id: "eidas".into(),
        label: Text::new("eIDAS (identità europea)", "eIDAS (European identity)"),
        level: None,
        levels: vec![
            LevelName { name: "low".into(), level: Level::Low, aliases: vec!["http://eidas.europa.eu/LoA/low".into()] },
            LevelName { name: "substantial".into(), level: Level::Substantial, aliases: vec!["http://eidas.europa.eu/LoA/substantial".into()] },
            LevelName { name: "high".into(), level: Level::High, aliases: vec!["http://eidas.europa.eu/LoA/high".into()] },
        ],
        capabilities: Vec::new(),
    });
    out
}

/// Lower-cases ASCII and keeps the last path segment of a URI (`https://www.spid.gov.it/SpidL2`
/// -> `spidl2`) so that names, aliases and URIs meet on one key.
pub(crate) fn level_key(s: &str) -> String {
    last_segment(s).to_ascii_lowercase()
}

/// The last path segment of a trimmed name or URI (no allocation).
#[inline]
pub(crate) fn last_segment(s: &str) -> &str {
    let t = s.trim().trim_end_matches('/');
    t.rsplit('/').next().unwrap_or(t)
}
