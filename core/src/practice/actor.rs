//! Who fires a transition.

use serde::{Deserialize, Serialize};

/// The kind of actor that may fire a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "PracticeActorKind"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum ActorKind {
    /// A citizen; the applicant for most citizen events.
    Citizen,
    /// An operator enabled for the service (some events need the assigned one).
    Operator,
    /// The platform itself (document build, follow-ups).
    System,
    /// The payment gateway (pagoPA intermediary, stamp service).
    Gateway,
    /// The protocol system (internal handler or external API).
    Protocol,
}

impl ActorKind {
    /// Every actor kind.
    pub const ALL: [ActorKind; 5] = [ActorKind::Citizen, ActorKind::Operator, ActorKind::System, ActorKind::Gateway, ActorKind::Protocol];

    /// The kind with this camelCase name; `practice.invalid` ("unknown actor kind") for any other.
    pub fn from_name(name: &str) -> Result<ActorKind, super::PracticeError> {
        Self::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| super::PracticeError::Invalid { message: format!("unknown actor kind {name:?}") })
    }

    /// The camelCase name (`"citizen"`).
    pub const fn name(self) -> &'static str {
        match self {
            ActorKind::Citizen => "citizen",
            ActorKind::Operator => "operator",
            ActorKind::System => "system",
            ActorKind::Gateway => "gateway",
            ActorKind::Protocol => "protocol",
        }
    }
}

/// An actor: a kind and, for citizens and operators, an identifier (e.g. a codice fiscale or an
/// operator's user id). JSON: `{"kind": "citizen", "id": "RSSMRA80A01H501U"}`, `{"kind": "system"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "PracticeActor"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Actor {
    /// What kind of actor it is.
    pub kind: ActorKind,
    /// The citizen's identifier (e.g. codice fiscale) or the operator's user id; `None` for system, gateway and protocol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub id: Option<String>,
}

impl Actor {
    /// A citizen with this identifier.
    pub fn citizen(id: impl Into<String>) -> Actor {
        Actor { kind: ActorKind::Citizen, id: Some(id.into()) }
    }
    /// An operator with this identifier.
    pub fn operator(id: impl Into<String>) -> Actor {
        Actor { kind: ActorKind::Operator, id: Some(id.into()) }
    }
    /// The platform.
    pub fn system() -> Actor {
        Actor { kind: ActorKind::System, id: None }
    }
    /// The payment gateway.
    pub fn gateway() -> Actor {
        Actor { kind: ActorKind::Gateway, id: None }
    }
    /// The protocol system.
    pub fn protocol() -> Actor {
        Actor { kind: ActorKind::Protocol, id: None }
    }
    /// Whether this is the citizen with identifier `id`.
    pub fn is_citizen(&self, id: &str) -> bool {
        self.kind == ActorKind::Citizen && self.id.as_deref() == Some(id)
    }
    /// Whether this is the operator with identifier `id`.
    pub fn is_operator(&self, id: &str) -> bool {
        self.kind == ActorKind::Operator && self.id.as_deref() == Some(id)
    }
}
