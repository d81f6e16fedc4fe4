//! Money: a non-negative amount of euro with exactly two decimals, at most pagoPA's maximum.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::PaymentsError;

/// The largest amount pagoPA accepts, in cents (999,999,999.99 €; XSD `stAmount`).
pub const MAX_CENTS: u64 = 99_999_999_999;

/// An amount of euro with exactly two decimals, `0.00 ..= 999999999.99`.
///
/// Never a float: it holds a [`Decimal`] with scale 2 (equivalently, an integer number of cents).
/// JSON: a string with exactly two decimals and a dot, e.g. `"16.00"` (pagoPA `stAmount`,
/// `\d+\.\d{2}`). Parsing ([`Amount::parse`]) accepts `"16"`, `"16.5"`, `"16.00"` and `"16,00"`;
/// deserialisation accepts those strings and a JSON integer of whole euro (`16`), and refuses
/// every other JSON number (`16.5`, `0.1`, `1e3`, `1e20`: a float is never money). Every way in
/// (parse, cents, decimals, arithmetic, deserialisation) enforces the maximum 999999999.99.
///
/// Zero is a valid amount (a receipt or an exempt approval); the places where pagoPA requires a
/// positive amount (payments, transfers, QR codes) check it with [`Amount::require_positive`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "payments/", type = "string"))]
pub struct Amount(Decimal);

impl Default for Amount {
    /// [`Amount::ZERO`] (with its two decimals).
    fn default() -> Self {
        Amount::ZERO
    }
}

impl Amount {
    /// 0.00 €.
    pub const ZERO: Amount = Amount(Decimal::from_parts(0, 0, 0, false, 2));
    /// The largest amount, 999999999.99 €.
    pub const MAX: Amount = Amount(Decimal::from_parts(MAX_CENTS as u32, (MAX_CENTS >> 32) as u32, 0, false, 2));

    /// Parses `"16"`, `"16.5"`, `"16.00"` or `"16,00"` (surrounding spaces ignored).
    ///
    /// Errors: `payments.amount_format` (not a number of that shape, thousands separators
    /// included), `payments.amount_precision` (more than two decimals), `payments.amount_negative`,
    /// `payments.amount_too_large` (above 999999999.99).
    pub fn parse(input: &str) -> Result<Amount, PaymentsError> {
        let s = input.trim();
        let (negative, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let bytes = body.as_bytes();
        let sep = bytes.iter().position(|b| *b == b'.' || *b == b',');
        let (int_part, frac_part) = match sep {
            Some(i) => (body.get(..i).unwrap_or(""), body.get(i + 1..).unwrap_or("")),
            None => (body, ""),
        };
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        let shape_ok = !int_part.is_empty() && all_digits(int_part) && all_digits(frac_part) && (sep.is_none() || !frac_part.is_empty());
        if !shape_ok {
            return Err(PaymentsError::AmountFormat { input: input.to_string() });
        }
        if negative && (int_part.bytes().any(|b| b != b'0') || frac_part.bytes().any(|b| b != b'0')) {
            return Err(PaymentsError::AmountNegative { input: input.to_string() });
        }
        if frac_part.len() > 2 {
            return Err(PaymentsError::AmountPrecision { input: input.to_string() });
        }
        let int_digits = int_part.trim_start_matches('0');
        if int_digits.len() > 9 {
            return Err(too_large(input));
        }
        let mut cents: u64 = 0;
        for b in int_digits.bytes() {
            cents = cents * 10 + u64::from(b - b'0');
        }
        let mut frac: u64 = 0;
        for (i, b) in frac_part.bytes().enumerate() {
            frac += u64::from(b - b'0') * if i == 0 { 10 } else { 1 };
        }
        Amount::from_cents(cents * 100 + frac).map_err(|_| too_large(input))
    }

    /// An amount from a number of cents. Error `payments.amount_too_large` above the maximum.
    pub fn from_cents(cents: u64) -> Result<Amount, PaymentsError> {
        if cents > MAX_CENTS {
            return Err(too_large(&cents.to_string()));
        }
        // ok: cents <= MAX_CENTS < i64::MAX, so the cast is lossless.
        Ok(Amount(Decimal::new(cents as i64, 2)))
    }

    /// An amount from a signed number of cents (a JS number, a database integer): error
    /// `payments.amount_negative` below zero, else as [`Amount::from_cents`].
    pub fn from_signed_cents(cents: i64) -> Result<Amount, PaymentsError> {
        let unsigned = u64::try_from(cents).map_err(|_| PaymentsError::AmountNegative { input: cents.to_string() })?;
        Amount::from_cents(unsigned)
    }

    /// An amount from a decimal with at most two significant decimals (`16.5` → `16.50`).
    pub fn from_decimal(value: Decimal) -> Result<Amount, PaymentsError> {
        let input = value.to_string();
        if value.is_sign_negative() && !value.is_zero() {
            return Err(PaymentsError::AmountNegative { input });
        }
        let normal = value.normalize();
        if normal.scale() > 2 {
            return Err(PaymentsError::AmountPrecision { input });
        }
        let mut v = normal;
        v.rescale(2);
        let cents = u64::try_from(v.mantissa().unsigned_abs()).map_err(|_| too_large(&input))?;
        Amount::from_cents(cents).map_err(|_| too_large(&input))
    }

    /// The number of cents.
    pub fn cents(self) -> u64 {
        // ok: the invariant keeps the mantissa in 0..=MAX_CENTS.
        u64::try_from(self.0.mantissa()).unwrap_or(0)
    }

    /// The value as a decimal with scale 2.
    pub fn to_decimal(self) -> Decimal {
        self.0
    }

    /// Whether the amount is 0.00.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// `self` if it is greater than zero, else `payments.amount_zero`.
    pub fn require_positive(self) -> Result<Amount, PaymentsError> {
        if self.is_zero() {
            Err(PaymentsError::AmountZero)
        } else {
            Ok(self)
        }
    }

    /// `self + other`, or `payments.amount_too_large` above the maximum.
    pub fn checked_add(self, other: Amount) -> Result<Amount, PaymentsError> {
        Amount::from_cents(self.cents() + other.cents())
    }

    /// `self - other`, or `None` when negative.
    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.cents().checked_sub(other.cents()).and_then(|c| Amount::from_cents(c).ok())
    }

    /// `self * n`, or `payments.amount_too_large` above the maximum.
    pub fn checked_mul(self, n: u32) -> Result<Amount, PaymentsError> {
        let cents = self.cents().saturating_mul(u64::from(n));
        Amount::from_cents(cents)
    }

    /// The sum of amounts, or `payments.amount_too_large` above the maximum.
    pub fn sum<I: IntoIterator<Item = Amount>>(items: I) -> Result<Amount, PaymentsError> {
        let mut cents: u64 = 0;
        for a in items {
            cents = cents.saturating_add(a.cents());
        }
        Amount::from_cents(cents)
    }

    /// Exactly two decimals with a dot: `"16.00"` (the pagoPA wire form).
    pub fn to_wire(self) -> String {
        self.to_string()
    }
}

fn too_large(input: &str) -> PaymentsError {
    PaymentsError::AmountTooLarge { input: input.to_string(), max: "999999999.99".into() }
}

/// Sums cents of any number of amounts as a decimal string with two decimals (no maximum);
/// used in error details where the sum may exceed [`Amount::MAX`].
pub(crate) fn cents_to_string(cents: u128) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.cents();
        write!(f, "{}.{:02}", c / 100, c % 100)
    }
}

impl FromStr for Amount {
    type Err = PaymentsError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Amount::parse(s)
    }
}

impl TryFrom<Decimal> for Amount {
    type Error = PaymentsError;
    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        Amount::from_decimal(value)
    }
}

impl From<Amount> for Decimal {
    fn from(a: Amount) -> Decimal {
        a.0
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount as a string such as \"16.00\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Amount, E> {
                Amount::parse(v).map_err(|e| E::custom(format!("{}: {}", crate::error::Coded::code(&e), e)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Amount, E> {
                // Whole euro as a JSON integer are unambiguous; fractions must be strings.
                v.checked_mul(100)
                    .ok_or_else(|| E::custom("payments.amount_too_large"))
                    .and_then(|c| Amount::from_cents(c).map_err(|e| E::custom(e.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants() {
        assert_eq!(Amount::ZERO.to_string(), "0.00");
        assert_eq!(Amount::MAX.to_string(), "999999999.99");
        assert_eq!(Amount::MAX.cents(), MAX_CENTS);
        assert_eq!(Amount::MAX.to_decimal().scale(), 2);
    }

    #[test]
    fn parse_shapes() {
        for (s, c) in [("16", 1600), ("16.00", 1600), ("16,00", 1600), ("16.5", 1650), (" 0.01 ", 1), ("-0", 0)] {
            assert_eq!(Amount::parse(s).map(Amount::cents), Ok(c), "{s}");
        }
        assert_eq!(Amount::parse("16").map(|a| a.to_string()), Ok("16.00".into()));
        for s in ["", "1.", ".5", "1.000,00", "1e3", "abc", "+1", "1 000", "١٦"] {
            assert!(matches!(Amount::parse(s), Err(PaymentsError::AmountFormat { .. })), "{s}");
        }
        assert!(matches!(Amount::parse("1.234"), Err(PaymentsError::AmountPrecision { .. })));
        assert!(matches!(Amount::parse("-1"), Err(PaymentsError::AmountNegative { .. })));
        assert!(matches!(Amount::parse("1000000000"), Err(PaymentsError::AmountTooLarge { .. })));
        assert!(Amount::parse("999999999.99").is_ok());
        assert!(Amount::parse("0000000999999999.99").is_ok());
    }

    #[test]
    fn every_path_keeps_the_maximum() {
        let one = Amount::from_cents(1).unwrap();
        assert!(Amount::from_cents(MAX_CENTS + 1).is_err());
        assert!(Amount::from_signed_cents(i64::MAX).is_err());
        assert!(Amount::MAX.checked_add(one).is_err());
        assert!(Amount::MAX.checked_mul(2).is_err());
        assert!(Amount::from_cents(2).unwrap().checked_mul(u32::MAX).is_ok());
        assert!(Amount::MAX.checked_mul(u32::MAX).is_err());
        assert!(Amount::sum([Amount::MAX, one]).is_err());
        assert!(Amount::sum(std::iter::repeat_n(Amount::MAX, 3)).is_err());
        assert!(Amount::try_from(Decimal::new(100_000_000_000, 2)).is_err());
        assert!(Amount::try_from(Decimal::MAX).is_err());
        assert_eq!(Amount::MAX.checked_sub(Amount::MAX), Some(Amount::ZERO));
    }

    #[test]
    fn decimal_roundtrip() {
        let d = Decimal::new(165, 1);
        let a = Amount::try_from(d).map(Amount::to_decimal);
        assert_eq!(a.map(|d| d.to_string()), Ok("16.50".into()));
        assert!(Amount::try_from(Decimal::new(1234, 3)).is_err());
        assert!(Amount::try_from(Decimal::new(12300, 3)).is_ok());
    }

    #[test]
    fn serde() {
        let a = Amount::parse("16").ok();
        assert_eq!(serde_json::to_string(&a).ok(), Some("\"16.00\"".into()));
        let back: Result<Amount, _> = serde_json::from_str("\"16,5\"");
        assert_eq!(back.map(Amount::cents).ok(), Some(1650));
        assert!(serde_json::from_str::<Amount>("16.5").is_err());
        assert_eq!(serde_json::from_str::<Amount>("16").map(Amount::cents).ok(), Some(1600));
        // Floats and exponents are never money, whatever their value (issue 15).
        for bad in ["0.1", "16.0", "1e3", "1E3", "1e20", "-1", "1e-2", "1000000000", "18446744073709551615", "\"1e3\"", "\"1000000000.00\""] {
            assert!(serde_json::from_str::<Amount>(bad).is_err(), "{bad}");
        }
        assert_eq!(serde_json::from_str::<Amount>("999999999").map(Amount::cents).ok(), Some(99_999_999_900));
        assert_eq!(serde_json::from_str::<Amount>("\"999999999.99\"").ok(), Some(Amount::MAX));
        // Through a serde_json::Value as well (what the bindings build).
        assert!(serde_json::from_value::<Amount>(serde_json::json!(0.1)).is_err());
        assert!(serde_json::from_value::<Amount>(serde_json::json!(1e3)).is_err());
        assert_eq!(Amount::default().to_decimal().scale(), 2);
    }
}
