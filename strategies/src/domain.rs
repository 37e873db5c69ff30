//! [`Domain`]: the set of element values a check accepts, stated up front so
//! that strategies draw only inside it instead of filtering draws away.
//!
//! A domain is an interval (each end open or closed, possibly infinite) plus
//! flags for NaN, zero and integer values, and a request for ties. Domains
//! combine with [`Domain::and`] (their intersection). For integer and `bool`
//! dtypes the same domain is read with integer meaning: the bounds are
//! rounded inwards and clamped to the dtype's range, NaN and the infinities
//! do not exist, and `bool` counts as 0 and 1.

/// The element values a strategy may draw.
///
/// ```
/// use conformance_strategies::Domain;
/// let d = Domain::within(-1.0, 1.0).and(Domain::non_zero());
/// assert!(d.contains(-1.0) && d.contains(0.5));
/// assert!(!d.contains(0.0) && !d.contains(-0.0) && !d.contains(f64::NAN));
/// assert!(Domain::any().contains(f64::NEG_INFINITY));
/// assert!(!Domain::finite().contains(f64::INFINITY));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Domain {
    /// Lower bound (`-inf` for none).
    pub lo: f64,
    /// Upper bound (`+inf` for none).
    pub hi: f64,
    /// Whether `lo` itself is allowed.
    pub lo_inclusive: bool,
    /// Whether `hi` itself is allowed.
    pub hi_inclusive: bool,
    /// Whether NaN is allowed (floats only).
    pub nan: bool,
    /// Whether zero (either sign) is allowed.
    pub zero: bool,
    /// Whether only integer values (no NaN, no infinity) are allowed.
    pub integer_valued: bool,
    /// Whether arrays should usually repeat a few values (for sort stability,
    /// argmax/argmin on ties, unique). Does not change which values are in
    /// the domain.
    pub ties: bool,
}

impl Default for Domain {
    /// [`Domain::any`].
    fn default() -> Self {
        Domain::any()
    }
}

impl Domain {
    /// Every value, NaN and both infinities included.
    pub const fn any() -> Domain {
        Domain {
            lo: f64::NEG_INFINITY,
            hi: f64::INFINITY,
            lo_inclusive: true,
            hi_inclusive: true,
            nan: true,
            zero: true,
            integer_valued: false,
            ties: false,
        }
    }

    /// Finite values: no NaN, no infinity.
    pub const fn finite() -> Domain {
        Domain {
            lo_inclusive: false,
            hi_inclusive: false,
            nan: false,
            ..Domain::any()
        }
    }

    /// `x > 0`, `+inf` included (so neither zero).
    pub const fn positive() -> Domain {
        Domain {
            lo: 0.0,
            lo_inclusive: false,
            nan: false,
            ..Domain::any()
        }
    }

    /// `x >= 0`, `+inf` included. `-0.0` compares equal to zero and is
    /// included, as it is in the domain of `sqrt` and `log`.
    pub const fn non_negative() -> Domain {
        Domain {
            lo: 0.0,
            nan: false,
            ..Domain::any()
        }
    }

    /// `x < 0`, `-inf` included (so neither zero).
    pub const fn negative() -> Domain {
        Domain {
            hi: 0.0,
            hi_inclusive: false,
            nan: false,
            ..Domain::any()
        }
    }

    /// Everything but `+0.0` and `-0.0` (NaN and infinities included): a
    /// divisor.
    pub const fn non_zero() -> Domain {
        Domain {
            zero: false,
            ..Domain::any()
        }
    }

    /// The closed interval `[lo, hi]`; no NaN. Special values are drawn only
    /// when inside (both zeros when `lo <= 0 <= hi`).
    ///
    /// Panics if `lo > hi` or either is NaN.
    pub fn within(lo: f64, hi: f64) -> Domain {
        assert!(lo <= hi, "Domain::within({lo}, {hi}) is empty");
        Domain {
            lo,
            hi,
            nan: false,
            ..Domain::any()
        }
    }

    /// The open interval `(lo, hi)`; no NaN.
    ///
    /// Panics if `lo >= hi` or either is NaN.
    pub fn between_exclusive(lo: f64, hi: f64) -> Domain {
        assert!(lo < hi, "Domain::between_exclusive({lo}, {hi}) is empty");
        Domain {
            lo,
            hi,
            lo_inclusive: false,
            hi_inclusive: false,
            nan: false,
            ..Domain::any()
        }
    }

    /// Finite integer values (`-0.0` included, as it is integral).
    pub const fn integer_valued() -> Domain {
        Domain {
            lo_inclusive: false,
            hi_inclusive: false,
            nan: false,
            integer_valued: true,
            ..Domain::any()
        }
    }

    /// The intersection of two domains (ties requested if either asks).
    ///
    /// ```
    /// use conformance_strategies::Domain;
    /// let d = Domain::positive().and(Domain::finite());
    /// assert!(d.contains(1e300) && !d.contains(f64::INFINITY) && !d.contains(0.0));
    /// ```
    pub fn and(self, other: Domain) -> Domain {
        let (lo, lo_inclusive) = if self.lo > other.lo {
            (self.lo, self.lo_inclusive)
        } else if other.lo > self.lo {
            (other.lo, other.lo_inclusive)
        } else {
            (self.lo, self.lo_inclusive && other.lo_inclusive)
        };
        let (hi, hi_inclusive) = if self.hi < other.hi {
            (self.hi, self.hi_inclusive)
        } else if other.hi < self.hi {
            (other.hi, other.hi_inclusive)
        } else {
            (self.hi, self.hi_inclusive && other.hi_inclusive)
        };
        Domain {
            lo,
            hi,
            lo_inclusive,
            hi_inclusive,
            nan: self.nan && other.nan,
            zero: self.zero && other.zero,
            integer_valued: self.integer_valued || other.integer_valued,
            ties: self.ties || other.ties,
        }
    }

    /// The same domain, asking for arrays that repeat a few values.
    ///
    /// ```
    /// use conformance_strategies::Domain;
    /// assert!(Domain::finite().with_ties().ties);
    /// ```
    pub const fn with_ties(mut self) -> Domain {
        self.ties = true;
        self
    }

    /// Whether the value `x` (a float, or an integer as `f64`) is in the
    /// domain.
    pub fn contains(&self, x: f64) -> bool {
        if x.is_nan() {
            return self.nan && !self.integer_valued;
        }
        if x == 0.0 && !self.zero {
            return false;
        }
        if self.integer_valued && (!x.is_finite() || x.trunc() != x) {
            return false;
        }
        let above = if self.lo_inclusive {
            x >= self.lo
        } else {
            x > self.lo
        };
        let below = if self.hi_inclusive {
            x <= self.hi
        } else {
            x < self.hi
        };
        above && below
    }

    /// Whether the integer `v` is in the domain read with integer meaning.
    pub fn contains_int(&self, v: i128) -> bool {
        match self.int_bounds(i128::MIN, i128::MAX) {
            Some((lo, hi)) => lo <= v && v <= hi && (self.zero || v != 0),
            None => false,
        }
    }

    /// The smallest and largest integers of the domain within
    /// `[min, max]`, or `None` when there is none. Zero may still be
    /// excluded inside the range (see [`Domain::zero`]).
    pub fn int_bounds(&self, min: i128, max: i128) -> Option<(i128, i128)> {
        let lo = int_lo(self.lo, self.lo_inclusive, min);
        let hi = int_hi(self.hi, self.hi_inclusive, max);
        let (lo, hi) = (lo.max(min), hi.min(max));
        if lo > hi || (!self.zero && lo == 0 && hi == 0) {
            None
        } else {
            Some((lo, hi))
        }
    }

    /// The simplest finite value of the domain, the target of shrinking:
    /// zero when allowed, else 1 or -1, else the bound nearest to zero
    /// (nudged inside when the bound is open). `None` when there is no
    /// finite value.
    pub(crate) fn origin(&self) -> Option<f64> {
        let by_size = |mut v: Vec<f64>| {
            v.sort_by(|a, b| a.abs().total_cmp(&b.abs()));
            v
        };
        let integers = by_size(vec![
            self.lo.ceil(),
            self.hi.floor(),
            self.lo.floor() + 1.0,
            self.hi.ceil() - 1.0,
        ]);
        let bounds = by_size(vec![self.lo, self.hi]);
        let nudged = by_size(vec![
            next_toward(self.lo, f64::INFINITY),
            next_toward(self.hi, f64::NEG_INFINITY),
        ]);
        [0.0, 1.0, -1.0]
            .into_iter()
            .chain(integers)
            .chain(bounds)
            .chain(nudged)
            .find(|c| c.is_finite() && self.contains(*c))
    }
}

fn int_lo(lo: f64, inclusive: bool, min: i128) -> i128 {
    if lo.is_nan() || lo == f64::NEG_INFINITY {
        return min;
    }
    if lo == f64::INFINITY {
        return i128::MAX;
    }
    let c = lo.ceil();
    let c = if !inclusive && c == lo { c + 1.0 } else { c };
    float_to_i128_sat(c)
}

fn int_hi(hi: f64, inclusive: bool, max: i128) -> i128 {
    if hi.is_nan() || hi == f64::INFINITY {
        return max;
    }
    if hi == f64::NEG_INFINITY {
        return i128::MIN;
    }
    let f = hi.floor();
    let f = if !inclusive && f == hi { f - 1.0 } else { f };
    float_to_i128_sat(f)
}

fn float_to_i128_sat(x: f64) -> i128 {
    // `as` saturates, which is what we want for bounds beyond any dtype.
    x as i128
}

/// The next `f64` after `x` in the direction of `toward`.
pub(crate) fn next_toward(x: f64, toward: f64) -> f64 {
    if x.is_nan() || toward.is_nan() || x == toward {
        return x;
    }
    if x == 0.0 {
        let tiny = f64::from_bits(1);
        return if toward > 0.0 { tiny } else { -tiny };
    }
    let bits = x.to_bits();
    let away_from_zero = (toward > x) == (x > 0.0);
    f64::from_bits(if away_from_zero { bits + 1 } else { bits - 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_domains_hold_what_they_say() {
        let any = Domain::any();
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0, 0.0, 1.5] {
            assert!(any.contains(x), "{x}");
        }
        let pos = Domain::positive();
        assert!(pos.contains(f64::MIN_POSITIVE) && pos.contains(f64::INFINITY));
        assert!(!pos.contains(0.0) && !pos.contains(-0.0) && !pos.contains(f64::NAN));
        let nn = Domain::non_negative();
        assert!(nn.contains(0.0) && nn.contains(-0.0) && !nn.contains(-1e-300));
        let neg = Domain::negative();
        assert!(neg.contains(-1.0) && !neg.contains(-0.0));
        let fin = Domain::finite();
        assert!(fin.contains(f64::MAX) && !fin.contains(f64::INFINITY) && !fin.contains(f64::NAN));
        let iv = Domain::integer_valued();
        assert!(iv.contains(-3.0) && iv.contains(-0.0) && !iv.contains(0.5));
        assert!(!iv.contains(f64::INFINITY));
        let open = Domain::between_exclusive(-1.0, 1.0);
        assert!(!open.contains(1.0) && open.contains(0.999));
    }

    #[test]
    fn intersection_takes_the_tighter_side() {
        let d = Domain::within(-1.0, 1.0).and(Domain::positive());
        assert_eq!(
            (d.lo, d.lo_inclusive, d.hi, d.hi_inclusive),
            (0.0, false, 1.0, true)
        );
        assert!(!d.nan);
        let e = Domain::between_exclusive(0.0, 1.0).and(Domain::non_negative());
        assert!(!e.lo_inclusive);
        let f = Domain::non_zero().and(Domain::any().with_ties());
        assert!(!f.zero && f.ties && f.nan);
    }

    #[test]
    fn integer_bounds_round_inwards_and_clamp() {
        assert_eq!(Domain::any().int_bounds(-128, 127), Some((-128, 127)));
        assert_eq!(Domain::positive().int_bounds(-128, 127), Some((1, 127)));
        assert_eq!(Domain::non_negative().int_bounds(-128, 127), Some((0, 127)));
        assert_eq!(Domain::within(-1.5, 2.5).int_bounds(0, 255), Some((0, 2)));
        assert_eq!(
            Domain::between_exclusive(-1.0, 1.0).int_bounds(-9, 9),
            Some((0, 0))
        );
        assert_eq!(
            Domain::between_exclusive(-1.0, 1.0)
                .and(Domain::non_zero())
                .int_bounds(-9, 9),
            None
        );
        assert_eq!(Domain::negative().int_bounds(0, 255), None);
        assert!(Domain::non_zero().contains_int(-5) && !Domain::non_zero().contains_int(0));
    }

    #[test]
    fn origin_is_the_value_nearest_zero() {
        assert_eq!(Domain::any().origin(), Some(0.0));
        assert_eq!(Domain::within(2.0, 3.0).origin(), Some(2.0));
        assert_eq!(Domain::within(-3.0, -2.0).origin(), Some(-2.0));
        assert_eq!(Domain::non_zero().origin(), Some(1.0));
        assert_eq!(Domain::positive().origin(), Some(1.0));
        assert_eq!(Domain::within(0.25, 0.75).origin(), Some(0.25));
        assert_eq!(Domain::between_exclusive(2.0, 5.0).origin(), Some(3.0));
        assert_eq!(Domain::within(f64::INFINITY, f64::INFINITY).origin(), None);
        assert_eq!(next_toward(1.0, 2.0), 1.0 + f64::EPSILON);
        assert_eq!(next_toward(-0.0, -1.0), -f64::from_bits(1));
    }
}
