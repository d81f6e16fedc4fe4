use serde::{Deserialize, Serialize};

use crate::error::Coded;

/// Errors of the `payments` capability; codes start with `payments.`.
///
/// The serialised form is `{"code": "payments.<code>", ...fields}`; the fields are the
/// machine-readable details. Codes are stable API: never rename one, add a variant instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", deny_unknown_fields)]
#[non_exhaustive]
pub enum PaymentsError {
    /// The input does not have the documented shape (generic; prefer a specific code).
    #[serde(rename = "payments.invalid")]
    #[error("{message}")]
    Invalid {
        /// What is wrong with the input.
        message: String,
    },

    // --- amounts
    /// Not an amount: digits with an optional `.` or `,` and at most two decimals.
    #[serde(rename = "payments.amount_format")]
    #[error("not an amount: {input:?}")]
    AmountFormat {
        /// The text given.
        input: String,
    },
    /// More than two decimals.
    #[serde(rename = "payments.amount_precision")]
    #[error("an amount has at most two decimals: {input:?}")]
    AmountPrecision {
        /// The text given.
        input: String,
    },
    /// A negative amount.
    #[serde(rename = "payments.amount_negative")]
    #[error("an amount cannot be negative: {input:?}")]
    AmountNegative {
        /// The text given.
        input: String,
    },
    /// Above pagoPA's maximum of 999,999,999.99.
    #[serde(rename = "payments.amount_too_large")]
    #[error("an amount cannot exceed {max}: {input:?}")]
    AmountTooLarge {
        /// The text given.
        input: String,
        /// The largest amount accepted, `"999999999.99"`.
        max: String,
    },
    /// Zero where pagoPA requires a positive amount (payment, transfer, QR code).
    #[serde(rename = "payments.amount_zero")]
    #[error("the amount must be greater than zero")]
    AmountZero,

    // --- notice numbers
    /// Not 18 digits (spaces are ignored).
    #[serde(rename = "payments.notice_format")]
    #[error("a notice number has 18 digits: {reason}")]
    NoticeFormat {
        /// What is wrong, e.g. `17 digits found`.
        reason: String,
    },
    /// The aux digit is not 0, 1, 2 or 3.
    #[serde(rename = "payments.aux_digit")]
    #[error("aux digit {aux_digit} is not one of 0, 1, 2, 3")]
    AuxDigit {
        /// The first digit of the notice number.
        aux_digit: u8,
    },
    /// The two check digits are not the first 16 digits mod 93.
    #[serde(rename = "payments.check_digits")]
    #[error("wrong check digits: expected {expected}, found {found}")]
    CheckDigits {
        /// The check digits computed, two digits.
        expected: String,
        /// The last two digits of the notice number.
        found: String,
    },
    /// A part given to build a notice has the wrong length or characters.
    #[serde(rename = "payments.notice_part")]
    #[error("{part}: {reason}")]
    NoticePart {
        /// Which part, e.g. `segregationCode`, `applicationCode`, `first16`.
        part: String,
        /// What is wrong with it, e.g. `2 digits expected`.
        reason: String,
    },
    /// Aux 2: the IUV base starts with a centralised segregation code.
    #[serde(rename = "payments.segregation_conflict")]
    #[error("an aux-2 IUV base must not start with the centralised segregation code {segregation_code}")]
    SegregationConflict {
        /// The centralised segregation code found at the start.
        segregation_code: String,
    },

    // --- RF creditor references
    /// Not `RF` + 2 check digits + 1 to 21 letters or digits.
    #[serde(rename = "payments.rf_format")]
    #[error("not an RF creditor reference: {reason}")]
    RfFormat {
        /// What is wrong.
        reason: String,
    },
    /// The RF check digits are wrong.
    #[serde(rename = "payments.rf_check_digits")]
    #[error("wrong RF check digits: expected {expected}, found {found}")]
    RfCheckDigits {
        /// The check digits computed, two digits.
        expected: String,
        /// The check digits in the reference.
        found: String,
    },

    // --- QR payload, creditor, remittance, collection data, taxonomy
    /// Not `PAGOPA|002|<notice>|<creditor fiscal code>|<cents>`.
    #[serde(rename = "payments.qr_format")]
    #[error("not a pagoPA QR payload: {reason}")]
    QrFormat {
        /// Which part of the payload is wrong, e.g. `5 fields separated by | expected`.
        reason: String,
    },
    /// Not a valid 11-digit fiscal code of a creditor entity.
    #[serde(rename = "payments.creditor_fiscal_code")]
    #[error("not a creditor fiscal code: {reason}")]
    CreditorFiscalCode {
        /// What is wrong, e.g. `11 digits expected` or the partita IVA error.
        reason: String,
    },
    /// Not a `/RFB/...` or `/RFS/...` remittance string.
    #[serde(rename = "payments.remittance_format")]
    #[error("not a remittance string: {reason}")]
    RemittanceFormat {
        /// What is wrong.
        reason: String,
    },
    /// Not `[0129]/<code>` (dati specifici di riscossione).
    #[serde(rename = "payments.collection_data_format")]
    #[error("not collection data (dati specifici di riscossione): {input:?}")]
    CollectionDataFormat {
        /// The text given.
        input: String,
    },
    /// Not a taxonomy code `9/0101002IM/`.
    #[serde(rename = "payments.taxonomy_format")]
    #[error("not a taxonomy code: {input:?}")]
    TaxonomyFormat {
        /// The text given.
        input: String,
    },

    // --- stamp duty
    /// A physical stamp identifier that is not 14 digits.
    #[serde(rename = "payments.stamp_id_format")]
    #[error("a stamp identifier has 14 digits: {input:?}")]
    StampIdFormat {
        /// The identifier given.
        input: String,
    },
    /// The stamp's issue instant is after `now`.
    #[serde(rename = "payments.stamp_issued_in_future")]
    #[error("the stamp was issued in the future ({issued_at})")]
    StampIssuedInFuture {
        /// The stamp's issue instant (RFC 3339).
        issued_at: String,
    },
    /// The stamp was issued after the submission it is declared for.
    #[serde(rename = "payments.stamp_issued_after_submission")]
    #[error("the stamp was issued at {issued_at}, after the submission at {submitted_at}")]
    StampIssuedAfterSubmission {
        /// The stamp's issue instant (RFC 3339).
        issued_at: String,
        /// The submission instant (RFC 3339).
        submitted_at: String,
    },
    /// The stamp (by its key) was already used.
    #[serde(rename = "payments.stamp_reused")]
    #[error("the stamp {key} was already used")]
    StampReused {
        /// The stamp's key, `<14 digits>/<issue date>` ([`super::physical_stamp_key`]).
        key: String,
    },
    /// Not a base64 SHA-256 document hash (44 characters, 32 bytes).
    #[serde(rename = "payments.stamp_hash")]
    #[error("not a base64 SHA-256 hash: {reason}")]
    StampHash {
        /// What is wrong with the hash.
        reason: String,
    },
    /// Not a two-letter province code.
    #[serde(rename = "payments.province")]
    #[error("not a province code: {input:?}")]
    Province {
        /// The text given.
        input: String,
    },
    /// A rule or exemption code unknown to the catalogue (or not in force on the date).
    #[serde(rename = "payments.unknown_stamp_rule")]
    #[error("no stamp rule or exemption {name:?} in force on {date}")]
    UnknownStampRule {
        /// The exemption code asked for, or the act when no rule covers it.
        name: String,
        /// The date of the query (`YYYY-MM-DD`).
        date: String,
    },
    /// A charge that breaks the charge rules (bollo with IBAN, exempt bollo with an amount...).
    #[serde(rename = "payments.charge")]
    #[error("charge {index}: {reason}")]
    Charge {
        /// Position of the charge in the list, from 0.
        index: usize,
        /// Which rule it breaks.
        reason: String,
    },

    // --- budget split, transfers, cart
    /// The split entries do not add up to the total.
    #[serde(rename = "payments.split_sum")]
    #[error("the split adds up to {actual}, not {expected}")]
    SplitSum {
        /// The total to split (two decimals).
        expected: String,
        /// What the entries add up to (two decimals).
        actual: String,
    },
    /// A split entry with an empty chapter or office code.
    #[serde(rename = "payments.split_entry")]
    #[error("split entry {index}: empty {field}")]
    SplitEntry {
        /// Position of the entry, from 0.
        index: usize,
        /// The empty field: `"id"` or `"chapter"`.
        field: String,
    },
    /// `split_evenly` into more parts than the documented maximum.
    #[serde(rename = "payments.too_many_parts")]
    #[error("an amount splits into at most {max} parts, not {parts}")]
    TooManyParts {
        /// Parts asked for.
        parts: u64,
        /// The most parts ([`super::MAX_SPLIT_PARTS`]).
        max: u64,
    },
    /// More transfers than pagoPA allows in one payment (or none).
    #[serde(rename = "payments.transfer_count")]
    #[error("a payment has 1 to {max} transfers, not {count}")]
    TransferCount {
        /// Transfers given.
        count: usize,
        /// The most pagoPA allows ([`super::MAX_TRANSFERS`]).
        max: usize,
    },
    /// A transfer that breaks a transfer rule.
    #[serde(rename = "payments.transfer")]
    #[error("transfer {index}: {reason}")]
    Transfer {
        /// Position of the transfer, from 0.
        index: usize,
        /// Which rule it breaks.
        reason: String,
    },
    /// A cart with no notice or too many.
    #[serde(rename = "payments.cart_size")]
    #[error("a cart holds 1 to {max} notices, not {count}")]
    CartSize {
        /// Notices given.
        count: usize,
        /// The most a cart holds ([`super::MAX_CART_NOTICES`]).
        max: usize,
    },
    /// The same notice twice in a cart.
    #[serde(rename = "payments.cart_duplicate")]
    #[error("notice {notice} is in the cart twice")]
    CartDuplicate {
        /// The repeated notice number.
        notice: String,
    },

    // --- payment states
    /// The event is not allowed in the current state.
    #[serde(rename = "payments.transition")]
    #[error("event {event} is not allowed in state {from}")]
    Transition {
        /// The payment's state, e.g. `"paid"`.
        from: String,
        /// The event refused, e.g. `"start"`.
        event: String,
    },
    /// The payment expired: it cannot be started or paid online any more.
    #[serde(rename = "payments.expired")]
    #[error("the payment expired at {expires_at}")]
    Expired {
        /// The payment's expiry (RFC 3339).
        expires_at: String,
    },
    /// The payment has not expired yet at `now`.
    #[serde(rename = "payments.not_expired")]
    #[error("the payment does not expire before {expires_at}")]
    NotExpired {
        /// The payment's expiry (RFC 3339).
        expires_at: String,
    },
    /// An operator registration without operator or note.
    #[serde(rename = "payments.registration")]
    #[error("an operator registration needs {missing}")]
    Registration {
        /// What is missing: `"operator"` or `"note"`.
        missing: String,
    },

    // --- identifiers and causale
    /// Not an IUD: blank, a space or control character, or more than 35 characters.
    #[serde(rename = "payments.iud")]
    #[error("not an IUD: {reason}")]
    Iud {
        /// What is wrong.
        reason: String,
    },
    /// Not a causale: the default's parts are blank, or more than 140 characters.
    #[serde(rename = "payments.reason")]
    #[error("not a causale: {reason}")]
    Reason {
        /// What is wrong.
        reason: String,
    },
}

impl Coded for PaymentsError {
    fn code(&self) -> &'static str {
        use PaymentsError::*;
        match self {
            Invalid { .. } => "payments.invalid",
            AmountFormat { .. } => "payments.amount_format",
            AmountPrecision { .. } => "payments.amount_precision",
            AmountNegative { .. } => "payments.amount_negative",
            AmountTooLarge { .. } => "payments.amount_too_large",
            AmountZero => "payments.amount_zero",
            NoticeFormat { .. } => "payments.notice_format",
            AuxDigit { .. } => "payments.aux_digit",
            CheckDigits { .. } => "payments.check_digits",
            NoticePart { .. } => "payments.notice_part",
            SegregationConflict { .. } => "payments.segregation_conflict",
            RfFormat { .. } => "payments.rf_format",
            RfCheckDigits { .. } => "payments.rf_check_digits",
            QrFormat { .. } => "payments.qr_format",
            CreditorFiscalCode { .. } => "payments.creditor_fiscal_code",
            RemittanceFormat { .. } => "payments.remittance_format",
            CollectionDataFormat { .. } => "payments.collection_data_format",
            TaxonomyFormat { .. } => "payments.taxonomy_format",
            StampIdFormat { .. } => "payments.stamp_id_format",
            StampIssuedInFuture { .. } => "payments.stamp_issued_in_future",
            StampIssuedAfterSubmission { .. } => "payments.stamp_issued_after_submission",
            StampReused { .. } => "payments.stamp_reused",
            StampHash { .. } => "payments.stamp_hash",
            Province { .. } => "payments.province",
            UnknownStampRule { .. } => "payments.unknown_stamp_rule",
            Charge { .. } => "payments.charge",
            SplitSum { .. } => "payments.split_sum",
            SplitEntry { .. } => "payments.split_entry",
            TooManyParts { .. } => "payments.too_many_parts",
            TransferCount { .. } => "payments.transfer_count",
            Transfer { .. } => "payments.transfer",
            CartSize { .. } => "payments.cart_size",
            CartDuplicate { .. } => "payments.cart_duplicate",
            Transition { .. } => "payments.transition",
            Expired { .. } => "payments.expired",
            NotExpired { .. } => "payments.not_expired",
            Registration { .. } => "payments.registration",
            Iud { .. } => "payments.iud",
            Reason { .. } => "payments.reason",
        }
    }
}

/// Every code of [`PaymentsError`], for documentation and binding tests.
pub const ERROR_CODES: &[&str] = &[
    "payments.invalid",
    "payments.amount_format",
    "payments.amount_precision",
    "payments.amount_negative",
    "payments.amount_too_large",
    "payments.amount_zero",
    "payments.notice_format",
    "payments.aux_digit",
    "payments.check_digits",
    "payments.notice_part",
    "payments.segregation_conflict",
    "payments.rf_format",
    "payments.rf_check_digits",
    "payments.qr_format",
    "payments.creditor_fiscal_code",
    "payments.remittance_format",
    "payments.collection_data_format",
    "payments.taxonomy_format",
    "payments.stamp_id_format",
    "payments.stamp_issued_in_future",
    "payments.stamp_issued_after_submission",
    "payments.stamp_reused",
    "payments.stamp_hash",
    "payments.province",
    "payments.unknown_stamp_rule",
    "payments.charge",
    "payments.split_sum",
    "payments.split_entry",
    "payments.too_many_parts",
    "payments.transfer_count",
    "payments.transfer",
    "payments.cart_size",
    "payments.cart_duplicate",
    "payments.transition",
    "payments.expired",
    "payments.not_expired",
    "payments.registration",
    "payments.iud",
    "payments.reason",
];
