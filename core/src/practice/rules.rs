//! The transition table, as data: every edge of the graph with its event, the statuses it leaves
//! from, its target rule, the actors that may fire it and its guards. [`Practice::apply`],
//! [`Practice::allowed_events`], [`Practice::why_not`], the audit and the model check all read this
//! one table through the same guard functions.
//!
//! [`Practice::apply`]: super::Practice::apply
//! [`Practice::allowed_events`]: super::Practice::allowed_events
//! [`Practice::why_not`]: super::Practice::why_not

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::actor::{Actor, ActorKind};
use super::charges::{self, Decisions, Dues};
use super::config::{PaymentMode, ResumeStatus, ServiceConfig, Workflow};
use super::error::FailedGuard;
use super::event::{Event, EventKind};
use super::protocol::ProtocolHandler;
use super::status::{Outcome, Status};

/// A condition a transition needs. Serialised camelCase; the code of a failed guard in
/// `practice.guard` errors and of audit reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "PracticeGuard"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Guard {
    /// The actor's kind is one of the transition's actors.
    Actor,
    /// Configuration: the service allows withdrawal.
    WithdrawalAllowed,
    /// Configuration: the service allows reopening.
    ReopeningAllowed,
    /// Configuration: the service allows integration requests.
    IntegrationRequestsAllowed,
    /// Configuration: the service allows partial approval.
    PartialApprovalAllowed,
    /// Configuration: the workflow is approval (not "Inoltro").
    ApprovalWorkflow,
    /// Configuration: the workflow is forward ("Inoltro").
    ForwardWorkflow,
    /// Configuration: the service requires protocol registration.
    ProtocolRequired,
    /// Configuration: the service does not require protocol registration (automatic follow-ups).
    ProtocolNotRequired,
    /// Configuration: the payment steps 1510/1520 are recorded.
    PaymentStepsRecorded,
    /// The actor is the applicant (a citizen with the applicant's id).
    Applicant,
    /// If the actor is a citizen, it is the applicant.
    CitizenIsApplicant,
    /// The actor is the operator the practice is assigned to.
    AssignedOperator,
    /// When protocol is required, the practice has its protocol number.
    ProtocolNumber,
    /// No payment has been created for the practice (stamps included).
    NoPayment,
    /// In the forward workflow, only a practice still "Inviata" (1900).
    ForwardOnlyWhenSent,
    /// With protocol, not while the practice is still "Inviata" (1900), not yet registered.
    ProtocolNotWhileSent,
    /// A re-assignment names an operator other than the current one, or another office.
    DifferentAssignee,
    /// The event carries a protocol number.
    ProtocolNumberGiven,
    /// An operator registers a protocol number only when the service's protocol handler is
    /// external (the reference platform's EDIT permission; an internal handler is the platform's).
    ExternalProtocol,
    /// The event carries a reason (the message).
    ReasonGiven,
    /// The event carries the message to the citizen (an integration request's text).
    MessageGiven,
    /// The event carries a priority (`setPriority`).
    PriorityGiven,
    /// Configuration: the service allows the annulment of a final act (`allowAnnulment`).
    AnnulmentAllowed,
    /// The annulment comes within the service's term from the final act (`annulmentTermMonths`,
    /// L. 241/1990 art. 21-nonies: "comunque non superiore a dodici mesi"); checked when the event
    /// is applied, with its time.
    AnnulmentInTerm,
    /// A rejection notice (L. 241/1990 art. 10-bis) awaits the applicant's observations.
    RejectionNoticePending,
    /// No rejection notice awaits the applicant's observations.
    NoRejectionNoticePending,
}

/// What a guard depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "PracticeGuardScope"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum GuardScope {
    /// The service configuration only: it shapes the graph.
    Config,
    /// The practice's recorded history (payments made, protocol number, outcome).
    State,
    /// Who fires the event.
    Actor,
    /// The event's data (protocol number, reason, operator).
    Input,
}

impl Guard {
    /// Every guard.
    pub const ALL: [Guard; 27] = [
        Guard::Actor,
        Guard::WithdrawalAllowed,
        Guard::ReopeningAllowed,
        Guard::IntegrationRequestsAllowed,
        Guard::PartialApprovalAllowed,
        Guard::ApprovalWorkflow,
        Guard::ForwardWorkflow,
        Guard::ProtocolRequired,
        Guard::ProtocolNotRequired,
        Guard::PaymentStepsRecorded,
        Guard::Applicant,
        Guard::CitizenIsApplicant,
        Guard::AssignedOperator,
        Guard::ProtocolNumber,
        Guard::NoPayment,
        Guard::ForwardOnlyWhenSent,
        Guard::ProtocolNotWhileSent,
        Guard::DifferentAssignee,
        Guard::ProtocolNumberGiven,
        Guard::ExternalProtocol,
        Guard::ReasonGiven,
        Guard::MessageGiven,
        Guard::PriorityGiven,
        Guard::AnnulmentAllowed,
        Guard::AnnulmentInTerm,
        Guard::RejectionNoticePending,
        Guard::NoRejectionNoticePending,
    ];

    /// What the guard depends on.
    pub const fn scope(self) -> GuardScope {
        match self {
            Guard::WithdrawalAllowed
            | Guard::ReopeningAllowed
            | Guard::IntegrationRequestsAllowed
            | Guard::PartialApprovalAllowed
            | Guard::ApprovalWorkflow
            | Guard::ForwardWorkflow
            | Guard::ProtocolRequired
            | Guard::ProtocolNotRequired
            | Guard::PaymentStepsRecorded
            | Guard::AnnulmentAllowed => GuardScope::Config,
            Guard::ProtocolNumber
            | Guard::NoPayment
            | Guard::ForwardOnlyWhenSent
            | Guard::ProtocolNotWhileSent
            | Guard::RejectionNoticePending
            | Guard::NoRejectionNoticePending => GuardScope::State,
            Guard::Actor | Guard::Applicant | Guard::CitizenIsApplicant | Guard::AssignedOperator | Guard::ExternalProtocol => GuardScope::Actor,
            Guard::DifferentAssignee
            | Guard::ProtocolNumberGiven
            | Guard::ReasonGiven
            | Guard::MessageGiven
            | Guard::PriorityGiven
            | Guard::AnnulmentInTerm => GuardScope::Input,
        }
    }

    /// The camelCase code.
    pub const fn name(self) -> &'static str {
        match self {
            Guard::Actor => "actor",
            Guard::WithdrawalAllowed => "withdrawalAllowed",
            Guard::ReopeningAllowed => "reopeningAllowed",
            Guard::IntegrationRequestsAllowed => "integrationRequestsAllowed",
            Guard::PartialApprovalAllowed => "partialApprovalAllowed",
            Guard::ApprovalWorkflow => "approvalWorkflow",
            Guard::ForwardWorkflow => "forwardWorkflow",
            Guard::ProtocolRequired => "protocolRequired",
            Guard::ProtocolNotRequired => "protocolNotRequired",
            Guard::PaymentStepsRecorded => "paymentStepsRecorded",
            Guard::Applicant => "applicant",
            Guard::CitizenIsApplicant => "citizenIsApplicant",
            Guard::AssignedOperator => "assignedOperator",
            Guard::ProtocolNumber => "protocolNumber",
            Guard::NoPayment => "noPayment",
            Guard::ForwardOnlyWhenSent => "forwardOnlyWhenSent",
            Guard::ProtocolNotWhileSent => "protocolNotWhileSent",
            Guard::DifferentAssignee => "differentAssignee",
            Guard::ProtocolNumberGiven => "protocolNumberGiven",
            Guard::ExternalProtocol => "externalProtocol",
            Guard::ReasonGiven => "reasonGiven",
            Guard::MessageGiven => "messageGiven",
            Guard::PriorityGiven => "priorityGiven",
            Guard::AnnulmentAllowed => "annulmentAllowed",
            Guard::AnnulmentInTerm => "annulmentInTerm",
            Guard::RejectionNoticePending => "rejectionNoticePending",
            Guard::NoRejectionNoticePending => "noRejectionNoticePending",
        }
    }

    /// A short English message saying what failed (without the actor details that
    /// `practice.guard` errors add).
    pub const fn failure(self) -> &'static str {
        match self {
            Guard::Actor => "this actor may not fire the event",
            Guard::WithdrawalAllowed => "the service does not allow withdrawal",
            Guard::ReopeningAllowed => "the service does not allow reopening",
            Guard::IntegrationRequestsAllowed => "the service does not allow integration requests",
            Guard::PartialApprovalAllowed => "the service does not allow partial approval",
            Guard::ApprovalWorkflow => "the service uses the forward workflow (Inoltro): nobody takes the practice in charge",
            Guard::ForwardWorkflow => "the service uses the approval workflow: the practice must be taken in charge first",
            Guard::ProtocolRequired => "the service does not require protocol registration",
            Guard::ProtocolNotRequired => "the service requires protocol registration",
            Guard::PaymentStepsRecorded => "the service does not record the payment steps",
            Guard::Applicant => "only the applicant may do this",
            Guard::CitizenIsApplicant => "a citizen other than the applicant may not do this",
            Guard::AssignedOperator => "only the operator the practice is assigned to may do this",
            Guard::ProtocolNumber => "the practice has no protocol number yet",
            Guard::NoPayment => "a payment exists for the practice",
            Guard::ForwardOnlyWhenSent => "with the forward workflow the practice can be withdrawn only while still sent (1900)",
            Guard::ProtocolNotWhileSent => "with protocol the practice cannot be withdrawn before it is registered (still 1900)",
            Guard::DifferentAssignee => "the practice is already assigned to that operator (and office)",
            Guard::ProtocolNumberGiven => "a protocol number is required",
            Guard::ExternalProtocol => "an operator registers in the protocol only when the service's protocol handler is external",
            Guard::ReasonGiven => "a reason (message) is required",
            Guard::MessageGiven => "the message to the citizen is required",
            Guard::PriorityGiven => "a priority (low, medium or high) is required",
            Guard::AnnulmentAllowed => "the service does not allow the annulment of a final act",
            Guard::AnnulmentInTerm => "the service's term for annulling the final act has passed (L. 241/1990 art. 21-nonies)",
            Guard::RejectionNoticePending => "no rejection notice awaits the applicant's observations",
            Guard::NoRejectionNoticePending => "a rejection notice already awaits the applicant's observations",
        }
    }
}

/// How the target status of a transition is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "TransitionTarget"))]
#[serde(tag = "rule", rename_all = "camelCase", deny_unknown_fields)]
pub enum Target {
    /// Always this status.
    To {
        /// The target status.
        status: Status,
    },
    /// 1400 if stamps are due on request, else 1500 if an immediate payment is due, else 1900.
    AfterSubmit,
    /// Request phase (no outcome yet): 1500 if an immediate payment is due, else 1900. Release
    /// phase (after approval): 1500 if a deferred payment is due, else the outcome status.
    AfterStamps,
    /// 1520 if the payment steps are recorded, else as `afterPayment`.
    AfterPaymentSuccess,
    /// No outcome yet: 1900. After approval: the outcome status.
    AfterPayment,
    /// Approval (full or partial): 1400 if stamps are due on release, else 1500 if a deferred
    /// payment is due, else the outcome status. Rejection: the outcome status. The outcome status
    /// is 6000/6500/8000 with protocol, 7000/7500/9000 without.
    Outcome {
        /// The outcome the event gives.
        outcome: Outcome,
    },
    /// 6000 -> 7000, 6500 -> 7500, 8000 -> 9000.
    OutcomeRegistered,
    /// 4000, or 4500 per `resumeAfterIntegration`.
    ResumeAfterIntegration,
    /// The status does not change (messages, attachments, notes).
    Unchanged,
}

/// One edge family of the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "PracticeTransition"))]
#[serde(rename_all = "camelCase")]
pub struct Transition {
    /// The event that fires the transition.
    pub event: EventKind,
    /// The statuses it starts from.
    #[cfg_attr(feature = "ts", ts(as = "Vec<Status>"))]
    pub from: &'static [Status],
    /// How the target status is chosen.
    pub to: Target,
    /// Who may fire it.
    #[cfg_attr(feature = "ts", ts(as = "Vec<ActorKind>"))]
    pub actors: &'static [ActorKind],
    /// The guards that must all hold.
    #[cfg_attr(feature = "ts", ts(as = "Vec<Guard>"))]
    pub guards: &'static [Guard],
    /// Fired by the system as soon as the practice enters a `from` status and the guards hold.
    pub automatic: bool,
}

use ActorKind::{Citizen, Gateway, Operator, Protocol, System};
use Status::*;

const fn t(event: EventKind, from: &'static [Status], to: Target, actors: &'static [ActorKind], guards: &'static [Guard]) -> Transition {
    Transition { event, from, to, actors, guards, automatic: false }
}

const fn auto(event: EventKind, from: &'static [Status], to: Target, guards: &'static [Guard]) -> Transition {
    Transition { event, from, to, actors: &[System], guards, automatic: true }
}

const fn to(status: Status) -> Target {
    Target::To { status }
}

const NON_FINAL: &[Status] = &[
    Draft,
    StampsPending,
    PaymentPending,
    PaymentOutcomePending,
    PaymentSucceeded,
    PaymentFailed,
    Sent,
    Acquired,
    Registered,
    InCharge,
    IntegrationRequested,
    AwaitingIntegration,
    IntegrationReceived,
    IntegrationRegistered,
    InChargeAfterIntegration,
    AcceptedAwaitingRegistration,
    PartiallyApprovedAwaitingRegistration,
    RejectedAwaitingRegistration,
];
const EVERY: &[Status] = &Status::ALL;
const _: () = assert!(matches!(QUEUED, [Sent, .., InChargeAfterIntegration]) && QUEUED.len() == 9);
const ANYONE: &[ActorKind] = &[Citizen, Operator, System, Gateway, Protocol];
const PAYING: &[Status] = &[PaymentPending, PaymentOutcomePending];
const IN_CHARGE: &[Status] = &[InCharge, InChargeAfterIntegration];
const FORWARDED: &[Status] = &[Acquired, Registered];
/// The protocol system, or an operator where the service's handler is external (`externalProtocol`).
const PROTOCOL: &[ActorKind] = &[Protocol, Operator];
/// Sent and not yet decided: the practices in an operator's queue (a priority may be set):
/// 1900 to 4500, the part of `NON_FINAL` between the payment and the outcome statuses.
const QUEUED: &[Status] = NON_FINAL.split_at(6).1.split_at(9).0;
/// The final acts an operator may annul (annullamento d'ufficio).
const FINAL_ACTS: &[Status] = &[Accepted, PartiallyApproved, Rejected];

/// The transition table. For an event and a status the first row whose `from` holds the status
/// applies; the guards then decide.
pub static TRANSITIONS: &[Transition] = &[
    // Submission, stamps and immediate payment.
    t(EventKind::Submit, &[Draft], Target::AfterSubmit, &[Citizen, Operator], &[Guard::CitizenIsApplicant]),
    t(EventKind::PayStamps, &[StampsPending], Target::AfterStamps, &[Citizen, Gateway], &[Guard::CitizenIsApplicant]),
    t(
        EventKind::PaymentReturned,
        &[PaymentPending],
        to(PaymentOutcomePending),
        &[Citizen, Gateway],
        &[Guard::PaymentStepsRecorded, Guard::CitizenIsApplicant],
    ),
    t(EventKind::PaymentSucceeded, PAYING, Target::AfterPaymentSuccess, &[Gateway], &[]),
    t(EventKind::PaymentFailed, PAYING, to(PaymentFailed), &[Gateway], &[]),
    // "Registra pagamento": forced and irreversible; the motivation is optional (issue 17).
    t(EventKind::RecordPayment, &[PaymentPending, PaymentOutcomePending, PaymentFailed], Target::AfterPaymentSuccess, &[Operator], &[]),
    t(EventKind::RetryPayment, &[PaymentFailed], to(PaymentPending), &[Citizen], &[Guard::Applicant]),
    auto(EventKind::CompletePayment, &[PaymentSucceeded], Target::AfterPayment, &[]),
    // Acquisition, protocol, taking in charge.
    t(EventKind::Acquire, &[Sent], to(Acquired), &[System], &[]),
    t(EventKind::Register, &[Acquired], to(Registered), PROTOCOL, &[Guard::ProtocolRequired, Guard::ExternalProtocol, Guard::ProtocolNumberGiven]),
    t(
        EventKind::Assign,
        &[Acquired, Registered, InCharge, InChargeAfterIntegration],
        to(InCharge),
        &[Operator],
        &[Guard::ApprovalWorkflow, Guard::ProtocolNumber, Guard::DifferentAssignee],
    ),
    // Integration requests.
    t(
        EventKind::RequestIntegration,
        IN_CHARGE,
        to(IntegrationRequested),
        &[Operator],
        &[Guard::IntegrationRequestsAllowed, Guard::AssignedOperator, Guard::MessageGiven],
    ),
    auto(EventKind::SendIntegrationRequest, &[IntegrationRequested], to(AwaitingIntegration), &[Guard::ProtocolNotRequired]),
    t(
        EventKind::RegisterIntegrationRequest,
        &[IntegrationRequested],
        to(AwaitingIntegration),
        PROTOCOL,
        &[Guard::ProtocolRequired, Guard::ExternalProtocol],
    ),
    t(EventKind::AnswerIntegration, &[AwaitingIntegration], to(IntegrationReceived), &[Citizen], &[Guard::Applicant]),
    t(EventKind::AcceptIntegration, &[AwaitingIntegration], to(IntegrationReceived), &[Operator], &[Guard::AssignedOperator]),
    t(EventKind::CancelIntegration, &[AwaitingIntegration], to(IntegrationReceived), &[Operator], &[Guard::AssignedOperator]),
    auto(EventKind::ResumeAfterIntegration, &[IntegrationReceived], Target::ResumeAfterIntegration, &[Guard::ProtocolNotRequired]),
    t(
        EventKind::RegisterIntegrationAnswer,
        &[IntegrationReceived],
        to(IntegrationRegistered),
        PROTOCOL,
        &[Guard::ProtocolRequired, Guard::ExternalProtocol],
    ),
    auto(EventKind::ResumeAfterIntegration, &[IntegrationRegistered], Target::ResumeAfterIntegration, &[]),
    // Outcome: approval workflow (the assigned operator) ...
    t(EventKind::Accept, IN_CHARGE, Target::Outcome { outcome: Outcome::Accepted }, &[Operator], &[Guard::AssignedOperator]),
    t(
        EventKind::PartiallyApprove,
        IN_CHARGE,
        Target::Outcome { outcome: Outcome::PartiallyApproved },
        &[Operator],
        &[Guard::PartialApprovalAllowed, Guard::AssignedOperator],
    ),
    t(EventKind::Reject, IN_CHARGE, Target::Outcome { outcome: Outcome::Rejected }, &[Operator], &[Guard::AssignedOperator]),
    // ... and forward workflow (the outside office's outcome, recorded by an operator or the system).
    t(
        EventKind::Accept,
        FORWARDED,
        Target::Outcome { outcome: Outcome::Accepted },
        &[Operator, System],
        &[Guard::ForwardWorkflow, Guard::ProtocolNumber],
    ),
    t(
        EventKind::PartiallyApprove,
        FORWARDED,
        Target::Outcome { outcome: Outcome::PartiallyApproved },
        &[Operator, System],
        &[Guard::ForwardWorkflow, Guard::PartialApprovalAllowed, Guard::ProtocolNumber],
    ),
    t(
        EventKind::Reject,
        FORWARDED,
        Target::Outcome { outcome: Outcome::Rejected },
        &[Operator, System],
        &[Guard::ForwardWorkflow, Guard::ProtocolNumber],
    ),
    t(
        EventKind::RegisterOutcome,
        &[AcceptedAwaitingRegistration, PartiallyApprovedAwaitingRegistration, RejectedAwaitingRegistration],
        Target::OutcomeRegistered,
        PROTOCOL,
        &[Guard::ProtocolRequired, Guard::ExternalProtocol],
    ),
    // Withdrawal, reopening, annulment.
    t(
        EventKind::Withdraw,
        &[Sent, Acquired, Registered, InCharge],
        to(Withdrawn),
        &[Citizen],
        &[Guard::WithdrawalAllowed, Guard::NoPayment, Guard::Applicant, Guard::ForwardOnlyWhenSent, Guard::ProtocolNotWhileSent],
    ),
    t(
        EventKind::Reopen,
        &[Accepted, PartiallyApproved, Rejected, Withdrawn],
        to(InCharge),
        &[Operator],
        // Reopening never skips protocol registration: a practice withdrawn before it was
        // registered cannot come back in charge without its protocol number (issue 17).
        &[Guard::ReopeningAllowed, Guard::ApprovalWorkflow, Guard::ProtocolNumber],
    ),
    t(EventKind::Revoke, NON_FINAL, to(Annulled), &[Operator], &[Guard::ReasonGiven]),
    // Messages and attachments: always, even on closed practices.
    t(EventKind::Message, EVERY, Target::Unchanged, ANYONE, &[Guard::CitizenIsApplicant]),
    t(EventKind::Attachment, EVERY, Target::Unchanged, ANYONE, &[Guard::CitizenIsApplicant]),
    // Private notes: operators only, with their text; never shown to the citizen.
    t(EventKind::Note, EVERY, Target::Unchanged, &[Operator], &[Guard::ReasonGiven]),
    // Offices (issue 17 item 2): the system from the form's office assignment, or an operator by
    // hand, while the practice is open; the office's id is checked when applied (`practice.office`).
    t(EventKind::AssignOffice, NON_FINAL, Target::Unchanged, &[Operator, System], &[]),
    // Operator work (issue 17, item 5): priority, preavviso di rigetto, annulment of a final act.
    t(EventKind::SetPriority, QUEUED, Target::Unchanged, &[Operator], &[Guard::PriorityGiven]),
    t(
        EventKind::RejectionNotice,
        IN_CHARGE,
        Target::Unchanged,
        &[Operator],
        &[Guard::AssignedOperator, Guard::NoRejectionNoticePending, Guard::ReasonGiven],
    ),
    t(EventKind::SubmitObservations, IN_CHARGE, Target::Unchanged, &[Citizen, Operator], &[Guard::CitizenIsApplicant, Guard::RejectionNoticePending]),
    t(EventKind::Annul, FINAL_ACTS, to(Annulled), &[Operator], &[Guard::AnnulmentAllowed, Guard::AnnulmentInTerm, Guard::ReasonGiven]),
];

/// The transition table (see [`TRANSITIONS`]).
pub fn transitions() -> &'static [Transition] {
    TRANSITIONS
}

/// The history facts a guard or a target rule may depend on: the abstract state of a practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Facts {
    pub status: Status,
    /// A payment (or stamp payment) has been created.
    pub payment: bool,
    pub outcome: Option<Outcome>,
    /// The practice has its protocol number.
    pub protocol: bool,
    /// In the graph only, while release stamps are pending after an approval: whether the
    /// operator's decision at approval left a payment due after them (`None`: the configuration's).
    /// A live practice keeps `None` and passes its own [`Dues`].
    pub release_payment: Option<bool>,
}

impl Facts {
    pub const INITIAL: Facts = Facts { status: Draft, payment: false, outcome: None, protocol: false, release_payment: None };
}

/// Who fires an event, with the practice's identities and the event's data.
pub(crate) struct Who<'a> {
    pub actor: &'a Actor,
    pub applicant: &'a str,
    pub assigned: Option<&'a str>,
    /// `None` when probing (allowed events): input guards then hold.
    pub input: Option<(&'a Event, Option<&'a str>)>,
    /// The practice's office, if assigned.
    pub office: Option<&'a str>,
    /// A rejection notice awaits the applicant's observations.
    pub notice_pending: bool,
    /// When the event is applied (`None` when probing: the time guards then hold).
    pub at: Option<DateTime<FixedOffset>>,
    /// When the practice entered its outcome status (the act's adoption), if it did.
    pub decided_at: Option<DateTime<FixedOffset>>,
}

/// The first row for `event` leaving from `status`.
#[inline]
pub(crate) fn row_for(event: EventKind, status: Status) -> Option<&'static Transition> {
    TRANSITIONS.iter().find(|r| r.event == event && r.from.contains(&status))
}

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

/// Whether `guard` holds. Without `who` (abstract evaluation: the audit and the model check) the
/// actor and input guards are assumed to hold.
pub(crate) fn holds(guard: Guard, row: &Transition, config: &ServiceConfig, facts: &Facts, who: Option<&Who<'_>>) -> bool {
    let protocol = config.protocol_required;
    match guard {
        Guard::WithdrawalAllowed => config.allow_withdrawal,
        Guard::ReopeningAllowed => config.allow_reopening,
        Guard::IntegrationRequestsAllowed => config.allow_integration_requests,
        Guard::PartialApprovalAllowed => config.allow_partial_approval,
        Guard::ApprovalWorkflow => config.workflow == Workflow::Approval,
        Guard::ForwardWorkflow => config.workflow == Workflow::Forward,
        Guard::ProtocolRequired => protocol,
        Guard::ProtocolNotRequired => !protocol,
        Guard::PaymentStepsRecorded => config.record_payment_steps,
        Guard::ProtocolNumber => !protocol || facts.protocol,
        Guard::NoPayment => !facts.payment,
        Guard::ForwardOnlyWhenSent => config.workflow != Workflow::Forward || facts.status == Sent,
        Guard::ProtocolNotWhileSent => !protocol || facts.status != Sent,
        Guard::AnnulmentAllowed => config.allow_annulment,
        Guard::AnnulmentInTerm => match (config.annulment_term_months, who.and_then(|w| w.at.zip(w.decided_at))) {
            (Some(months), Some((at, decided))) => decided.checked_add_months(chrono::Months::new(months)).is_none_or(|end| at <= end),
            _ => true,
        },
        // Abstract evaluation (no practice): no notice is pending (the notice events do not
        // change the status, so the model has no edges of theirs anyway).
        Guard::RejectionNoticePending => who.is_some_and(|w| w.notice_pending),
        Guard::NoRejectionNoticePending => who.is_none_or(|w| !w.notice_pending),
        Guard::Actor | Guard::Applicant | Guard::CitizenIsApplicant | Guard::AssignedOperator | Guard::ExternalProtocol => match who {
            None => true,
            Some(w) => match guard {
                Guard::Actor => row.actors.contains(&w.actor.kind),
                Guard::ExternalProtocol => w.actor.kind != Operator || config.protocol_handler == ProtocolHandler::External,
                Guard::Applicant => w.actor.is_citizen(w.applicant),
                Guard::CitizenIsApplicant => w.actor.kind != Citizen || w.actor.is_citizen(w.applicant),
                _ => w.assigned.is_some_and(|a| w.actor.is_operator(a)),
            },
        },
        Guard::DifferentAssignee | Guard::ProtocolNumberGiven | Guard::ReasonGiven | Guard::MessageGiven | Guard::PriorityGiven => match who {
            Some(Who { input: Some((event, message)), actor, assigned, office, .. }) => match guard {
                Guard::DifferentAssignee => {
                    let (new, new_office) = match event {
                        Event::Assign { operator, office } => (operator.as_deref().or(actor.id.as_deref()), office.as_deref()),
                        _ => (actor.id.as_deref(), None),
                    };
                    // "The same operator and group again → rejected" (practice.md §4.2): another
                    // office with the same operator is a new assignment.
                    !blank(new) && (new != *assigned || new_office.is_some_and(|f| Some(f) != *office))
                }
                Guard::ProtocolNumberGiven => match event {
                    Event::Register { protocol_number, .. } => !protocol_number.trim().is_empty(),
                    _ => true,
                },
                Guard::PriorityGiven => !matches!(event, Event::SetPriority { priority: None }),
                _ => !blank(*message),
            },
            _ => true,
        },
    }
}

/// Every failed guard of `row` (the actor check first). Allocates only when something fails.
pub(crate) fn failed_guards(row: &Transition, config: &ServiceConfig, facts: &Facts, who: Option<&Who<'_>>) -> Vec<FailedGuard> {
    let mut out = Vec::new();
    if !holds(Guard::Actor, row, config, facts, who) {
        let kind = who.map(|w| w.actor.kind.name()).unwrap_or("?");
        let allowed: Vec<&str> = row.actors.iter().map(|a| a.name()).collect();
        out.push(FailedGuard { code: Guard::Actor, message: format!("`{}` is fired by {}, not by {kind}", row.event.name(), allowed.join(" or ")) });
    }
    for &g in row.guards {
        if !holds(g, row, config, facts, who) {
            out.push(FailedGuard { code: g, message: g.failure().to_string() });
        }
    }
    out
}

/// Whether every guard of `row` holds (no allocation).
#[inline]
pub(crate) fn passes(row: &Transition, config: &ServiceConfig, facts: &Facts, who: Option<&Who<'_>>) -> bool {
    holds(Guard::Actor, row, config, facts, who) && row.guards.iter().all(|&g| holds(g, row, config, facts, who))
}

const fn outcome_status(outcome: Outcome, protocol: bool) -> Status {
    match (outcome, protocol) {
        (Outcome::Accepted, true) => AcceptedAwaitingRegistration,
        (Outcome::Accepted, false) => Accepted,
        (Outcome::PartiallyApproved, true) => PartiallyApprovedAwaitingRegistration,
        (Outcome::PartiallyApproved, false) => PartiallyApproved,
        (Outcome::Rejected, true) => RejectedAwaitingRegistration,
        (Outcome::Rejected, false) => Rejected,
    }
}

/// The status `target` leads to from `facts` under `config`, with what the configuration alone
/// makes due.
pub(crate) fn resolve(target: Target, config: &ServiceConfig, facts: &Facts) -> Status {
    resolve_with(target, config, facts, None)
}

/// [`resolve`] with what a practice's own charges make due (`None`: the configuration's).
pub(crate) fn resolve_with(target: Target, config: &ServiceConfig, facts: &Facts, dues: Option<Dues>) -> Status {
    let dues = || {
        dues.unwrap_or_else(|| {
            let mut d = charges::dues(config, &Decisions::default());
            if let Some(p) = facts.release_payment {
                d.release_payment = p;
            }
            d
        })
    };
    let protocol = config.protocol_required;
    let after_payment = |f: &Facts| match f.outcome {
        None => Sent,
        Some(o) => outcome_status(o, protocol),
    };
    match target {
        Target::To { status } => status,
        Target::AfterSubmit => {
            let d = dues();
            if d.request_stamps {
                StampsPending
            } else if d.request_payment {
                PaymentPending
            } else {
                Sent
            }
        }
        Target::AfterStamps => match facts.outcome {
            None if dues().request_payment => PaymentPending,
            None => Sent,
            Some(_) if dues().release_payment => PaymentPending,
            Some(o) => outcome_status(o, protocol),
        },
        Target::AfterPaymentSuccess => {
            if config.record_payment_steps {
                PaymentSucceeded
            } else {
                after_payment(facts)
            }
        }
        Target::AfterPayment => after_payment(facts),
        Target::Outcome { outcome: Outcome::Rejected } => outcome_status(Outcome::Rejected, protocol),
        Target::Outcome { outcome } => {
            let d = dues();
            if d.release_stamps {
                StampsPending
            } else if d.release_payment {
                PaymentPending
            } else {
                outcome_status(outcome, protocol)
            }
        }
        Target::OutcomeRegistered => match facts.status {
            AcceptedAwaitingRegistration => Accepted,
            PartiallyApprovedAwaitingRegistration => PartiallyApproved,
            RejectedAwaitingRegistration => Rejected,
            other => other,
        },
        Target::ResumeAfterIntegration => match config.resume_after_integration {
            ResumeStatus::InCharge => InCharge,
            ResumeStatus::InChargeAfterIntegration => InChargeAfterIntegration,
        },
        Target::Unchanged => facts.status,
    }
}

/// The facts after `row` moved the practice to `to`.
#[inline]
pub(crate) fn effect(row: &Transition, facts: &Facts, to: Status) -> Facts {
    let mut f = *facts;
    f.status = to;
    if matches!(to, StampsPending | PaymentPending) {
        f.payment = true;
    }
    if to != StampsPending {
        f.release_payment = None;
    }
    match row.event {
        EventKind::Accept => f.outcome = Some(Outcome::Accepted),
        EventKind::PartiallyApprove => f.outcome = Some(Outcome::PartiallyApproved),
        EventKind::Reject => f.outcome = Some(Outcome::Rejected),
        // Reopening clears the outcome; so does annulling the act that gave it.
        EventKind::Reopen | EventKind::Annul => f.outcome = None,
        EventKind::Register => f.protocol = true,
        _ => {}
    }
    f
}

/// The automatic row that fires from `facts`, if any.
#[inline]
pub(crate) fn automatic(config: &ServiceConfig, facts: &Facts) -> Option<&'static Transition> {
    TRANSITIONS.iter().find(|r| r.automatic && r.from.contains(&facts.status) && passes(r, config, facts, None))
}

/// Every (row, next facts) edge from `facts` under `config`, with the actor and input guards assumed
/// to hold. A status with an automatic follow-up has only that edge (nothing else can happen there).
pub(crate) fn edges(config: &ServiceConfig, facts: &Facts) -> Vec<(&'static Transition, Facts)> {
    if let Some(r) = automatic(config, facts) {
        let to = resolve(r.to, config, facts);
        return vec![(r, effect(r, facts, to))];
    }
    TRANSITIONS
        .iter()
        .filter(|r| !r.automatic && r.to != Target::Unchanged && r.from.contains(&facts.status))
        // the first row for an event wins, as in `row_for`
        .filter(|r| row_for(r.event, facts.status).is_some_and(|first| std::ptr::eq(first, *r)))
        .filter(|r| passes(r, config, facts, None))
        .flat_map(|r| targets(r, config, facts).into_iter().map(move |f| (r, f)))
        .collect()
}

/// The facts `row` can lead to from `facts` under `config`: one, except for an approval, which
/// leads wherever the operator's decisions at approval can send it (issue 17 item 1): release
/// stamps added or removed for this practice, and, with a deferred payment, an amount due or the
/// exemption (`"0.00"`, straight to the outcome).
pub(crate) fn targets(row: &Transition, config: &ServiceConfig, facts: &Facts) -> Vec<Facts> {
    if !matches!(row.to, Target::Outcome { outcome: Outcome::Accepted | Outcome::PartiallyApproved }) {
        return vec![effect(row, facts, resolve(row.to, config, facts))];
    }
    let configured = charges::dues(config, &Decisions::default());
    let payments: &[bool] = match (config.payment == PaymentMode::Deferred, configured.release_payment) {
        (true, _) => &[true, false],
        (false, due) if due => &[true],
        (false, _) => &[false],
    };
    let mut out: Vec<Facts> = Vec::with_capacity(4);
    for stamps in [true, false] {
        for &payment in payments {
            let dues = Dues { release_stamps: stamps, release_payment: payment, ..configured };
            let to = resolve_with(row.to, config, facts, Some(dues));
            let mut f = effect(row, facts, to);
            if to == StampsPending {
                f.release_payment = Some(payment);
            }
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    out
}
