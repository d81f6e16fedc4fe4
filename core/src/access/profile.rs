//! The citizen's profile and the data inherited from a verified identity: locked in the profile
//! and refreshed at every login (issue 18, item 4). A pure merge of the stored profile and the
//! identity of the new login.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::identity::{Identity, IdentitySource};
use super::AccessError;

/// The profile fields an identity can fill, in this order (the identity's JSON keys; `idCard` is
/// the attribute's text). Every other key a host keeps in a profile is the citizen's own.
pub const IDENTITY_FIELDS: [&str; 20] = [
    "givenName",
    "familyName",
    "dateOfBirth",
    "placeOfBirth",
    "countyOfBirth",
    "gender",
    "email",
    "mobilePhone",
    "digitalAddress",
    "address",
    "domicileStreetAddress",
    "domicilePostalCode",
    "domicileMunicipality",
    "domicileProvince",
    "domicileNation",
    "idCard",
    "companyName",
    "registeredOffice",
    "vatNumber",
    "personIdentifier",
];

/// The most fields a profile may hold (identity fields plus the citizen's own).
pub const MAX_PROFILE_FIELDS: usize = 200;

/// A citizen's profile as the portal stores it. JSON: `{"fiscalCode": "RSSMRA80A01H501U",
/// "values": {"givenName": "Mario", "email": "mario@example.it", "phoneHome": "..."}, "locked":
/// ["givenName"], "source": "spid", "refreshedAt": "2025-06-10T10:00:00+02:00"}`.
///
/// `values` maps a field name to its text (dates `YYYY-MM-DD`); `locked` lists the fields
/// inherited from the identity of the last login, which the citizen may not edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Profile {
    /// The citizen's codice fiscale (or eIDAS identifier): the profile's key, never edited.
    pub fiscal_code: String,
    /// Field name -> value.
    #[serde(default)]
    pub values: BTreeMap<String, String>,
    /// Fields inherited from the last login's identity (locked), in [`IDENTITY_FIELDS`] order.
    #[serde(default)]
    pub locked: Vec<String>,
    /// Where the locked data came from (the last login's identity source), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<IdentitySource>,
    /// When the locked data was last refreshed (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::iso::de_opt_instant")]
    pub refreshed_at: Option<DateTime<FixedOffset>>,
}

/// The outcome of [`Profile::merge`]. JSON: `{"profile": {...}, "changed": ["email"], "locked":
/// [...], "editable": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileMerge {
    /// The merged profile, to store.
    pub profile: Profile,
    /// Fields whose value the identity set or changed (added ones included), in field order.
    pub changed: Vec<String>,
    /// Fields the citizen may not edit (inherited from the identity), in [`IDENTITY_FIELDS`] order.
    pub locked: Vec<String>,
    /// Fields the citizen may edit: the identity fields not inherited, then the profile's own
    /// fields, in name order.
    pub editable: Vec<String>,
}

/// The identity's value of each identity field it carries, as text.
fn identity_values(identity: &Identity) -> Vec<(&'static str, String)> {
    let text = |v: &Option<String>| v.clone();
    let values: [Option<String>; 20] = [
        text(&identity.given_name),
        text(&identity.family_name),
        identity.date_of_birth.map(|d| d.format("%Y-%m-%d").to_string()),
        text(&identity.place_of_birth),
        text(&identity.county_of_birth),
        identity.gender.map(|g| if g == crate::cf::Sex::M { "M".to_string() } else { "F".to_string() }),
        text(&identity.email),
        text(&identity.mobile_phone),
        text(&identity.digital_address),
        text(&identity.address),
        text(&identity.domicile_street_address),
        text(&identity.domicile_postal_code),
        text(&identity.domicile_municipality),
        text(&identity.domicile_province),
        text(&identity.domicile_nation),
        identity.id_card.as_ref().map(|c| c.value.clone()),
        text(&identity.company_name),
        text(&identity.registered_office),
        text(&identity.vat_number),
        text(&identity.person_identifier),
    ];
    IDENTITY_FIELDS.iter().zip(values).filter_map(|(k, v)| v.map(|v| (*k, v))).collect()
}

impl Profile {
    /// An empty profile for `fiscal_code`.
    pub fn new(fiscal_code: &str) -> Profile {
        Profile { fiscal_code: fiscal_code.to_string(), values: BTreeMap::new(), locked: Vec::new(), source: None, refreshed_at: None }
    }

    /// The profile after a login with `identity` at `now`, from the stored profile (`None`: the
    /// first login). Every field the identity carries is written and locked; a field locked
    /// before that the identity no longer carries keeps its value and becomes editable again.
    /// The citizen's own fields are kept. Pure: the stored profile is not changed.
    ///
    /// Errors: `access.profile_mismatch` when the stored profile belongs to another code (codes
    /// compared exactly: an omocodia variant is another person); `access.invalid` for a stored
    /// profile of more than [`MAX_PROFILE_FIELDS`] fields.
    pub fn merge(stored: Option<&Profile>, identity: &Identity, now: DateTime<FixedOffset>) -> Result<ProfileMerge, AccessError> {
        let mut profile = match stored {
            Some(p) => {
                let stored_code = p.fiscal_code.trim();
                // A codice fiscale stored in lower case is the same code; an eIDAS identifier
                // compares exactly (its national part may be case-sensitive).
                let same = stored_code == identity.fiscal_code
                    || (identity.fiscal_code.len() == 16 && stored_code.to_ascii_uppercase() == identity.fiscal_code);
                if !same {
                    return Err(AccessError::ProfileMismatch { profile: p.fiscal_code.clone(), identity: identity.fiscal_code.clone() });
                }
                if p.values.len() > MAX_PROFILE_FIELDS {
                    return Err(AccessError::invalid(format!("a profile holds at most {MAX_PROFILE_FIELDS} fields")));
                }
                p.clone()
            }
            None => Profile::new(&identity.fiscal_code),
        };
        profile.fiscal_code = identity.fiscal_code.clone();
        let inherited = identity_values(identity);
        let mut changed = Vec::new();
        for (k, v) in &inherited {
            if profile.values.get(*k) != Some(v) {
                changed.push((*k).to_string());
                profile.values.insert((*k).to_string(), v.clone());
            }
        }
        profile.locked = inherited.iter().map(|(k, _)| (*k).to_string()).collect();
        profile.source = Some(identity.source);
        profile.refreshed_at = Some(now);
        let locked = profile.locked.clone();
        let editable = profile.editable();
        Ok(ProfileMerge { profile, changed, locked, editable })
    }

    /// Whether the citizen may edit `field` (not locked, not the fiscal code).
    pub fn is_editable(&self, field: &str) -> bool {
        field != "fiscalCode" && !self.locked.iter().any(|l| l == field)
    }

    /// The fields the citizen may edit: the identity fields not locked (in [`IDENTITY_FIELDS`]
    /// order), then the profile's own fields (in name order).
    pub fn editable(&self) -> Vec<String> {
        let mut out: Vec<String> = IDENTITY_FIELDS.iter().filter(|f| self.is_editable(f)).map(|f| (*f).to_string()).collect();
        out.extend(self.values.keys().filter(|k| !IDENTITY_FIELDS.contains(&k.as_str()) && self.is_editable(k)).cloned());
        out
    }

    /// The citizen edits a field: refused for a locked field (`access.profile_locked`); an empty
    /// value removes the field. Pure: returns the edited profile.
    pub fn edit(&self, field: &str, value: &str) -> Result<Profile, AccessError> {
        if !self.is_editable(field) {
            return Err(AccessError::ProfileLocked { field: field.to_string() });
        }
        let mut p = self.clone();
        if value.trim().is_empty() {
            p.values.remove(field);
        } else {
            if !p.values.contains_key(field) && p.values.len() >= MAX_PROFILE_FIELDS {
                return Err(AccessError::invalid(format!("a profile holds at most {MAX_PROFILE_FIELDS} fields")));
            }
            p.values.insert(field.to_string(), value.to_string());
        }
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Coded;

    #[test]
    fn codes_compare_as_codes() {
        let now = DateTime::parse_from_rfc3339("2025-06-10T10:00:00+02:00").unwrap();
        let eu = Identity::bare(IdentitySource::Eidas, "DE/IT/abc123".into());
        let stored = Profile::merge(None, &eu, now).unwrap().profile;
        assert!(Profile::merge(Some(&stored), &eu, now).is_ok());
        let other = Identity::bare(IdentitySource::Eidas, "DE/IT/ABC123".into());
        assert_eq!(Profile::merge(Some(&stored), &other, now).unwrap_err().code(), "access.profile_mismatch");
        // A codice fiscale stored in lower case is the same code.
        let it = Identity::bare(IdentitySource::Spid, "RSSMRA80A01H501U".into());
        assert!(Profile::merge(Some(&Profile::new("rssmra80a01h501u")), &it, now).is_ok());
    }
}
