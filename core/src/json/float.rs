//! A float as Rust's `Display` writes it (the shortest digits that read back as the same `f64`,
//! without an exponent), for the error messages of the strict reader (`floating point `1.5``).
//!
//! The standard library's formatter carries two algorithms (Grisu with a Dragon fallback, each
//! for the shortest and for a given precision) and their tables: 23 KB of WebAssembly, 10 KB
//! gzipped, which a one-capability browser package that formats a float only in the message of
//! a wrong argument cannot afford (docs/cf.md, "WASM size"; this file costs 1 KB gzipped).
//! This is the standard library's own Dragon algorithm for the shortest digits
//! (`core::num::flt2dec::strategy::dragon::format_shortest`, which its Grisu path agrees with),
//! over a small fixed-size big integer: slower, but a message is written once. The test below
//! compares it with `format!("{}")` on every kind of value.

use std::cmp::Ordering;
use std::fmt;

/// Enough 32-bit limbs for any `f64` scaled by a power of ten (at most about 2^1090).
const LIMBS: usize = 40;

/// An unsigned integer of `LIMBS` limbs, least significant first. Plain loops, not fast ones:
/// this runs once per message, and its size is what counts.
#[derive(Clone, Copy)]
struct Big([u32; LIMBS]);

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut b = [0u32; LIMBS];
        b[0] = v as u32;
        b[1] = (v >> 32) as u32;
        Big(b)
    }

    #[inline(never)]
    fn mul_small(&mut self, m: u32) -> &mut Big {
        let mut carry = 0u64;
        for d in &mut self.0 {
            let v = u64::from(*d) * u64::from(m) + carry;
            *d = v as u32;
            carry = v >> 32;
        }
        self
    }

    /// Multiplies by `base^n` (`base` 2 or 10), a few powers at a time.
    fn mul_pow(&mut self, base: u32, mut n: u32) -> &mut Big {
        let most = if base == 2 { 31 } else { 9 };
        while n > 0 {
            let step = n.min(most);
            self.mul_small(base.pow(step));
            n -= step;
        }
        self
    }

    #[inline(never)]
    fn add(mut self, other: &Big) -> Big {
        let mut carry = 0u64;
        for (a, b) in self.0.iter_mut().zip(other.0) {
            let v = u64::from(*a) + u64::from(b) + carry;
            *a = v as u32;
            carry = v >> 32;
        }
        self
    }

    /// `self - other`, for `self >= other`.
    #[inline(never)]
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0u64;
        for (a, b) in self.0.iter_mut().zip(other.0) {
            let v = u64::from(*a).wrapping_sub(u64::from(b) + borrow);
            *a = v as u32;
            borrow = v >> 63;
        }
    }

    #[inline(never)]
    fn cmp(&self, other: &Big) -> Ordering {
        for i in (0..LIMBS).rev() {
            if self.0[i] != other.0[i] {
                return self.0[i].cmp(&other.0[i]);
            }
        }
        Ordering::Equal
    }
}

/// The shortest digits of a finite positive `v` and the exponent `k` with `v = 0.d1d2... * 10^k`.
fn shortest(v: f64) -> (Vec<u8>, i32) {
    // `v` between its neighbours, as `core::num::flt2dec::decoder::decode`: `mant * 2^exp`, the
    // lower neighbour at `(mant - 2 minus) * 2^exp`, the upper one at `(mant + 2 plus) * 2^exp`.
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (m, e) = if biased == 0 { (fraction << 1, -1075) } else { (fraction | 1 << 52, biased - 1075) };
    let (mant, minus, plus, exp) = match (biased, fraction) {
        (0, _) => (m, 1, 1, e),          // subnormal: `m` is already doubled
        (_, 0) => (m << 2, 1, 2, e - 2), // a power of two: the lower neighbour is nearer
        _ => (m << 1, 1, 1, e - 1),
    };
    // Bounds are included when the mantissa is even (ties read back to it).
    let rounding = if m & 1 == 0 { Ordering::Greater } else { Ordering::Equal };

    // `dragon::format_shortest`, step by step: `v = mant / scale`, `low = (mant - minus) / scale`,
    // `high = (mant + plus) / scale`, all scaled by `10^k` so that `scale < high <= 10 scale`.
    let high = mant + plus;
    let nbits = 64 - i64::from((high - 1).leading_zeros());
    let mut k = (((nbits + i64::from(exp)) * 1_292_913_986) >> 32) as i32;
    // `x` holds `mant`, `minus`, `plus` and `scale`.
    let mut x = [mant, minus, plus, 1].map(Big::from_u64);
    for (i, b) in x.iter_mut().enumerate() {
        if (i == 3) == (exp < 0) {
            b.mul_pow(2, exp.unsigned_abs());
        }
        if (i == 3) == (k >= 0) {
            b.mul_pow(10, k.unsigned_abs());
        }
    }
    let ten = |x: &mut [Big; 4]| x[..3].iter_mut().for_each(|b| _ = b.mul_small(10));
    if x[3].cmp(&x[0].add(&x[2])) < rounding {
        k += 1;
    } else {
        ten(&mut x);
    }
    let mut digits = Vec::with_capacity(17);
    let (down, up) = loop {
        let mut d = b'0';
        while x[0].cmp(&x[3]) != Ordering::Less {
            let scale = x[3];
            x[0].sub(&scale);
            d += 1;
        }
        digits.push(d);
        let down = x[0].cmp(&x[1]) < rounding;
        let up = x[3].cmp(&x[0].add(&x[2])) < rounding;
        if down || up {
            break (down, up);
        }
        ten(&mut x);
    };
    let [mut mant, _, _, scale] = x;
    if up && (!down || mant.mul_small(2).cmp(&scale) != Ordering::Less) {
        // Round the last digit up; 999 becomes 1000, one place longer.
        match digits.iter().rposition(|&c| c != b'9') {
            Some(i) => {
                digits[i] += 1;
                digits[i + 1..].fill(b'0');
            }
            None => {
                digits.fill(b'0');
                digits[0] = b'1';
                digits.push(b'0');
                k += 1;
            }
        }
    }
    (digits, k)
}

/// `v` as `format!("{v}")` writes it (`-0`, `0.001`, `1e21` in full: `1000000000000000000000`),
/// then `.0` if `point` and it wrote no point.
fn write(v: f64, point: bool, f: &mut dyn fmt::Write) -> fmt::Result {
    if v.is_nan() {
        return f.write_str("NaN");
    }
    if v.is_sign_negative() {
        f.write_char('-')?;
    }
    if v.is_infinite() {
        return f.write_str("inf");
    }
    let (digits, k) = if v == 0.0 { (vec![b'0'], 1) } else { shortest(v.abs()) };
    // `0.` and zeros before the digits, or a point among them, or zeros after them.
    let n = digits.len() as i32; // at most 17
    if k <= 0 {
        f.write_str("0.")?;
    }
    for _ in k..0 {
        f.write_char('0')?;
    }
    for (i, &d) in (0..).zip(&digits) {
        if i == k && k > 0 {
            f.write_char('.')?;
        }
        f.write_char(char::from(d))?;
    }
    for _ in n..k {
        f.write_char('0')?;
    }
    let wrote_point = k < n;
    if point && !wrote_point {
        f.write_str(".0")?;
    }
    Ok(())
}

/// `v` as serde's `Unexpected::Float` shows it: `Display`, with `.0` added when it has no point.
pub(super) struct WithPoint(pub f64);

impl fmt::Display for WithPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write(self.0, self.0.is_finite(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(v: f64) -> String {
        let mut s = String::new();
        write(v, false, &mut s).unwrap();
        s
    }

    #[test]
    fn writes_what_display_writes() {
        let mut samples = vec![
            0.0,
            -0.0,
            1.0,
            -1.5,
            0.1,
            0.3,
            1.0 / 3.0,
            2.0 / 3.0,
            1e21,
            1e22,
            1e23,
            123_456_789.0,
            9_007_199_254_740_993.0,
            1.7976931348623157e308,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            5e-324,
            f64::from_bits(0x000f_ffff_ffff_ffff), // the largest subnormal
            f64::from_bits(1),                     // the smallest subnormal
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::from_bits(1e23f64.to_bits() - 1),
            0.000001,
            1e-7,
            5e-1,
            4.35,
            0.015,
            1.0e15 + 0.3,
        ];
        for e in -1075..=1024 {
            let p = 2f64.powi(e);
            samples.extend([p, p * 3.0, p * 0.75, f64::from_bits(p.to_bits().wrapping_sub(1)), f64::from_bits(p.to_bits() + 1)]);
        }
        for e in -324..=308 {
            let p: f64 = format!("1e{e}").parse().unwrap();
            samples.extend([p, p * 5.0, p * 9.5, f64::from_bits(p.to_bits().wrapping_sub(1)), f64::from_bits(p.to_bits() + 1)]);
        }
        for n in 0..2000u64 {
            samples.push(n as f64 / 1000.0);
            samples.push((u64::MAX - n * 1_000_003) as f64);
            samples.push(f64::from_bits(n)); // the smallest subnormals
        }
        // Any bit pattern (xorshift), and numbers with few decimal digits.
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            samples.push(f64::from_bits(x));
            samples.push((x % 100_000_000) as f64 / 10f64.powi((x >> 40) as i32 % 30 - 10));
        }
        for v in samples {
            assert_eq!(ours(v), format!("{v}"), "{v:e} ({:#x})", v.to_bits());
        }
    }

    #[test]
    fn adds_a_point_as_serde_does() {
        for (v, want) in [(1.0, "1.0"), (-0.0, "-0.0"), (1.5, "1.5"), (1e21, "1000000000000000000000.0"), (f64::NAN, "NaN"), (f64::INFINITY, "inf")] {
            assert_eq!(WithPoint(v).to_string(), want);
            assert_eq!(serde::de::Unexpected::Float(v).to_string(), format!("floating point `{want}`"));
        }
    }
}
