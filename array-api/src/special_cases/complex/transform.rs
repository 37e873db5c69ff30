//! How the complex table's rows reach beyond the ones it writes: the
//! symmetries a function's notes state (`f(conj(x)) == conj(f(x))`, odd,
//! even), which carry rows written for one quadrant to the others, and
//! the delegations (`asin` is handled "as if" `-1j * asinh(x*1j)`,
//! `log2` as `log(x)/log(2)`), which carry another function's rows over.
//! Each maps the operand's components to the ones the rows are written
//! for, and the computed result back to what those rows judge; every map
//! is a sign change or a swap, so nothing is rounded on the way.

/// A symmetry the standard states for a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symmetry {
    /// `f(conj(x)) == conj(f(x))`.
    Conj,
    /// `f(-x) == -f(x)`.
    Odd,
    /// `f(-x) == f(x)`.
    Even,
}

impl Symmetry {
    pub(super) fn parse(s: &str) -> Option<Symmetry> {
        Some(match s {
            "conj" => Symmetry::Conj,
            "odd" => Symmetry::Odd,
            "even" => Symmetry::Even,
            _ => return None,
        })
    }

    /// The operand `(a, b)` whose rows speak for `f(a + bj)` through the
    /// symmetry: `f(z) = g(f(s(z)))`, and `s(z)` is returned. Each map is
    /// its own inverse.
    pub fn operand(self, z: [f64; 2]) -> [f64; 2] {
        match self {
            Symmetry::Conj => [z[0], -z[1]],
            Symmetry::Odd | Symmetry::Even => [-z[0], -z[1]],
        }
    }

    /// The result `f(s(z))` given `f(z)` (the inverse of `g`, which is its
    /// own inverse too).
    pub fn result(self, r: [f64; 2]) -> [f64; 2] {
        match self {
            Symmetry::Conj => [r[0], -r[1]],
            Symmetry::Odd => [-r[0], -r[1]],
            Symmetry::Even => r,
        }
    }
}

/// Every composition of `symmetries` (they commute, each its own
/// inverse): the identity first, then each subset.
pub(super) fn compositions(symmetries: &[Symmetry]) -> Vec<Vec<Symmetry>> {
    (0..1usize << symmetries.len())
        .map(|mask| {
            symmetries
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, s)| *s)
                .collect()
        })
        .collect()
}

/// A delegation to another function's complex special cases.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Delegation {
    /// `-1j * f(x*1j)`: `asin`, `atan`, `sin`, `tan`.
    RotatedOdd(&'static str),
    /// `f(x*1j)`: `cos`.
    Rotated(&'static str),
    /// `log(x) / log(base)`: `log2`, `log10`.
    ChangeOfBase(f64),
}

impl Delegation {
    pub(super) fn parse(s: &'static str) -> Option<Delegation> {
        let s = s.trim();
        if let Some(f) = s
            .strip_prefix("-1j * ")
            .and_then(|r| r.strip_suffix("(x*1j)"))
        {
            return Some(Delegation::RotatedOdd(f));
        }
        if let Some(f) = s.strip_suffix("(x*1j)") {
            return Some(Delegation::Rotated(f));
        }
        let base = s.strip_prefix("log(x)/log(")?.strip_suffix(')')?;
        base.parse().ok().map(Delegation::ChangeOfBase)
    }

    /// The function whose rows apply.
    pub fn target(self) -> &'static str {
        match self {
            Delegation::RotatedOdd(f) | Delegation::Rotated(f) => f,
            Delegation::ChangeOfBase(_) => "log",
        }
    }

    /// The operand of the target for the operand `z`: `x*1j` is
    /// `-b + aj` (the multiplication table's `(a + bj) * 1j`, each
    /// component a real special case: `-(b*1)`, `a*1`).
    pub fn operand(self, z: [f64; 2]) -> [f64; 2] {
        match self {
            Delegation::RotatedOdd(_) | Delegation::Rotated(_) => [-z[1], z[0]],
            Delegation::ChangeOfBase(_) => z,
        }
    }

    /// The operand `z` whose target operand is `w` (the inverse of
    /// [`Delegation::operand`]).
    pub fn operand_for(self, w: [f64; 2]) -> [f64; 2] {
        match self {
            Delegation::RotatedOdd(_) | Delegation::Rotated(_) => [w[1], -w[0]],
            Delegation::ChangeOfBase(_) => w,
        }
    }

    /// The target's result for a computed result `r`: for `-1j * (u + vj)
    /// = v - uj`, `u = -imag(r)` and `v = real(r)`. A change of base keeps
    /// the result and divides the target's constants instead
    /// ([`Delegation::divisor`]).
    pub fn result(self, r: [f64; 2]) -> [f64; 2] {
        match self {
            Delegation::RotatedOdd(_) => [-r[1], r[0]],
            Delegation::Rotated(_) | Delegation::ChangeOfBase(_) => r,
        }
    }

    /// What the target's constants are divided by: `ln(base)`.
    pub fn divisor(self) -> f64 {
        match self {
            Delegation::ChangeOfBase(base) => base.ln(),
            _ => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symmetries_are_their_own_inverses() {
        let z = [1.5, -0.0];
        for s in [Symmetry::Conj, Symmetry::Odd, Symmetry::Even] {
            let back = s.operand(s.operand(z));
            assert_eq!(back.map(f64::to_bits), z.map(f64::to_bits), "{s:?}");
            let r = [2.0, 3.0];
            assert_eq!(s.result(s.result(r)), r);
        }
        assert_eq!(compositions(&[Symmetry::Conj, Symmetry::Odd]).len(), 4);
        assert!(compositions(&[Symmetry::Conj])[0].is_empty());
    }

    #[test]
    fn delegations_rotate_and_scale() {
        let asin = Delegation::parse("-1j * asinh(x*1j)").unwrap();
        assert_eq!(asin, Delegation::RotatedOdd("asinh"));
        // (a + bj) * 1j = -b + aj; b = +0 gives a real component -0.
        let w = asin.operand([2.0, 0.0]);
        assert!(w[0] == 0.0 && w[0].is_sign_negative() && w[1] == 2.0);
        assert_eq!(asin.operand_for(asin.operand([2.0, 3.0])), [2.0, 3.0]);
        // asin(z) = v - uj for asinh(iz) = u + vj.
        assert_eq!(asin.result([5.0, 7.0]), [-7.0, 5.0]);
        assert_eq!(
            Delegation::parse("cosh(x*1j)"),
            Some(Delegation::Rotated("cosh"))
        );
        let log2 = Delegation::parse("log(x)/log(2)").unwrap();
        assert_eq!(log2.target(), "log");
        assert_eq!(log2.divisor(), std::f64::consts::LN_2);
        assert_eq!(Delegation::parse("exp(x2*log(x1))"), None);
    }
}
