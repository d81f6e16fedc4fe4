//! Request types (tipo di richiesta) and practices linked to an earlier one.

use serde::{Deserialize, Serialize};

use super::status::Status;

/// What the citizen asks for. A practice other than an activation refers to an earlier practice
/// (`linkedTo`); a modification is always a **new** practice linked to the original, never an
/// edit of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "PracticeRequestKind"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum RequestKind {
    /// "Attivazione": a new request.
    #[default]
    Activation,
    /// "Rinnovo".
    Renewal,
    /// "Interruzione".
    Termination,
    /// "Sospensione".
    Suspension,
    /// "Modifica": changes a practice already sent.
    Modification,
    /// "Voltura": transfer to another holder.
    Transfer,
    /// "Subentro": a new holder takes over.
    Takeover,
    /// "Regolarizzazione": puts right an earlier practice (issue 17: the request type
    /// "regolarizzazione"; its link rule is a library choice).
    Regularization,
}

impl RequestKind {
    /// Every request kind.
    pub const ALL: [RequestKind; 8] = [
        RequestKind::Activation,
        RequestKind::Renewal,
        RequestKind::Termination,
        RequestKind::Suspension,
        RequestKind::Modification,
        RequestKind::Transfer,
        RequestKind::Takeover,
        RequestKind::Regularization,
    ];

    /// The Italian label.
    pub const fn label(self) -> &'static str {
        match self {
            RequestKind::Activation => "Attivazione",
            RequestKind::Renewal => "Rinnovo",
            RequestKind::Termination => "Interruzione",
            RequestKind::Suspension => "Sospensione",
            RequestKind::Modification => "Modifica",
            RequestKind::Transfer => "Voltura",
            RequestKind::Takeover => "Subentro",
            RequestKind::Regularization => "Regolarizzazione",
        }
    }

    /// The kind with this camelCase name; `practice.invalid` ("unknown request kind") for any other.
    pub fn from_name(name: &str) -> Result<RequestKind, super::PracticeError> {
        Self::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| super::PracticeError::Invalid { message: format!("unknown request kind {name:?}") })
    }

    /// The camelCase name.
    pub const fn name(self) -> &'static str {
        match self {
            RequestKind::Activation => "activation",
            RequestKind::Renewal => "renewal",
            RequestKind::Termination => "termination",
            RequestKind::Suspension => "suspension",
            RequestKind::Modification => "modification",
            RequestKind::Transfer => "transfer",
            RequestKind::Takeover => "takeover",
            RequestKind::Regularization => "regularization",
        }
    }

    /// Whether a practice of this kind must refer to an earlier practice.
    pub const fn needs_link(self) -> bool {
        !matches!(self, RequestKind::Activation)
    }

    /// Whether a practice of this kind may be opened on an original in `status`; `Err` says why not.
    ///
    /// - modification: the original was sent (code >= 1900) and is neither rejected, withdrawn nor
    ///   annulled (it may still be in progress);
    /// - renewal, termination, suspension, transfer, takeover: the original was accepted (fully or
    ///   partially), i.e. there is something in force to renew, stop or hand over;
    /// - regularization: the original was sent (code >= 1900) and is neither withdrawn nor
    ///   annulled (a rejected practice may be regularised);
    /// - activation: never linked.
    pub fn may_link_to(self, status: Status) -> Result<(), &'static str> {
        match self {
            RequestKind::Activation => Err("an activation is not linked to another practice"),
            RequestKind::Modification => {
                if !status.is_submitted() {
                    Err("the original has not been sent yet: edit the draft instead")
                } else if matches!(status, Status::Rejected | Status::RejectedAwaitingRegistration | Status::Withdrawn | Status::Annulled) {
                    Err("the original was rejected, withdrawn or annulled")
                } else {
                    Ok(())
                }
            }
            RequestKind::Regularization => {
                if !status.is_submitted() {
                    Err("the original has not been sent yet: edit the draft instead")
                } else if matches!(status, Status::Withdrawn | Status::Annulled) {
                    Err("the original was withdrawn or annulled")
                } else {
                    Ok(())
                }
            }
            _ => {
                if matches!(status, Status::Accepted | Status::PartiallyApproved) {
                    Ok(())
                } else {
                    Err("the original is not accepted")
                }
            }
        }
    }
}
