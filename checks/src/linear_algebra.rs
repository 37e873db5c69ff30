//! The linear algebra checks of the main namespace: `matmul` (stacks of
//! matrices with broadcast batch dimensions, 1-d operands promoted and
//! demoted as the standard says, mismatched inner sides that must raise),
//! `matrix_transpose` (exact), `tensordot` (axes as a count or as explicit
//! pairs that fit the shapes) and `vecdot` (a drawn axis, broadcast batch).
//!
//! Operands are drawn with their own dtypes, of one kind (two floats or two
//! integers), so the result dtype follows the promotion table. Integer
//! values are small enough that no sum of products overflows, and are
//! compared exactly. A float product is a sum of `K` products; summed in
//! another order its error is at most `γ_K · Σ|a·b|` for each of the two
//! results, so the tolerance is `(K + 1)·eps` relative to `|x1| @ |x2|`
//! (the same product of the absolute values, computed by the reference in
//! float64), not to the result: a reordered dot product whose terms cancel
//! is not a false failure, while a dropped or wrong term still is.
//!
//! Shared with the `linalg` checks: [`eps`], [`in_f64`], [`operand`],
//! [`same_kind`], [`shared_axis`], [`tiny`].

use conformance_engine::{CaseError, Check, CheckContext, Deviation};
use conformance_strategies::compare::{CompareOptions, Tolerance};
use conformance_strategies::{
    array, arrays, axis_choice, broadcastable_shapes, labelled, normalize_axis,
    reduction_axes_choice, shapes, side, AnyArray, ArraySpec, AxisChoice, DType, DTypeGroup,
    Domain, DrawnArray, ShapeSpec, SizeMix,
};
use proptest::prelude::*;

use super::agree::{agree, agree_with, compare, options_for, reference};
use super::elementwise::Unary;
use super::manipulation::exact;
use super::overflow::{magnitudes, may_overflow};
use super::ROUND_TRIP;
use array_api::api::{ApiResult, Backend};
use array_api::args::TensordotAxes;

/// Float values whose sums of a few products cannot overflow, even in
/// float32 (a sum that overflows in one order and not in another is not a
/// bug), NaN included.
pub(crate) const PRODUCTS: Domain = Domain {
    lo: -1e15,
    hi: 1e15,
    ..Domain::any()
};

/// Integer values whose sums of up to nine products fit in `int8`.
const SMALL_INT: Domain = Domain {
    lo: -3.0,
    hi: 3.0,
    ..Domain::any()
};

/// The machine epsilon of a float dtype (1 for the others, which are
/// compared exactly anyway).
pub(crate) fn eps(dtype: DType) -> f64 {
    match dtype {
        DType::Float32 => f64::from(f32::EPSILON),
        DType::Float64 => f64::EPSILON,
        _ => 1.0,
    }
}

/// The smallest positive subnormal of a float dtype: the absolute error a
/// product that underflows may carry.
pub(crate) fn tiny(dtype: DType) -> f64 {
    match dtype {
        DType::Float32 => f64::from(f32::from_bits(1)),
        _ => f64::from_bits(1),
    }
}

/// `x` as float64, by the reference.
pub(crate) fn in_f64(x: &AnyArray) -> ApiResult<AnyArray> {
    reference().astype(x, DType::Float64)
}

/// `|x|` as float64, by the reference.
fn abs_f64(x: &AnyArray) -> ApiResult<AnyArray> {
    in_f64(x).and_then(|a| reference().abs(&a))
}

/// An error of the reference while it computes a tolerance scale.
pub(crate) fn scale_error(e: impl std::fmt::Display) -> CaseError {
    CaseError::Fail(format!(
        "the reference could not compute the tolerance scale: {e}"
    ))
}

/// Two dtypes of one kind (both floats, or both integers of any
/// signedness), so that the pair promotes (or, for `int64` with `uint64`,
/// is refused by both sides).
pub(crate) fn same_kind(kinds: &[DTypeGroup]) -> BoxedStrategy<(DType, DType)> {
    // The first dtype over every kind, so the prelude's dtype sweep meets
    // each; the second of the first's kind.
    let kinds: Vec<Vec<DType>> = kinds.iter().map(|k| k.dtypes()).collect();
    let all: Vec<DType> = kinds.concat();
    conformance_strategies::strata::dtype_of(all)
        .prop_flat_map(move |first| {
            let kind = kinds.iter().find(|ds| ds.contains(&first)).expect("a kind");
            (
                Just(first),
                conformance_strategies::strata::dtype_of(kind.clone()),
            )
        })
        .boxed()
}

/// An axis in `[-N, -1]` (`N` the smaller rank of `shapes`, at least 1):
/// one that every operand has, counted from the end.
pub(crate) fn shared_axis(choice: AxisChoice, shapes: &[Vec<usize>]) -> isize {
    let n = shapes
        .iter()
        .map(Vec::len)
        .min()
        .expect("at least one shape");
    let i = normalize_axis(choice.resolve(n), n).expect("a resolved axis is in range");
    i as isize - n as isize
}

/// An array of `dtype` and `shape`, with `floats` values for a float dtype
/// and `ints` values otherwise.
pub(crate) fn operand(
    dtype: DType,
    shape: Vec<usize>,
    floats: Domain,
    ints: Domain,
) -> BoxedStrategy<DrawnArray> {
    let domain = if dtype.is_float() { floats } else { ints };
    array(ArraySpec::new(dtype, shape).with_domain(domain))
}

/// Two operands of `dtypes` with the given shapes.
fn operands(
    dtypes: (DType, DType),
    shapes: (Vec<usize>, Vec<usize>),
    floats: Domain,
) -> BoxedStrategy<(DrawnArray, DrawnArray)> {
    (
        operand(dtypes.0, shapes.0, floats, SMALL_INT),
        operand(dtypes.1, shapes.1, floats, SMALL_INT),
    )
        .boxed()
}

labelled! {
    #[derive(Clone)]
    struct MatmulInput {
        x1: DrawnArray,
        x2: DrawnArray,
    }
}

labelled! {
    #[derive(Clone)]
    struct TensordotInput {
        x1: DrawnArray,
        x2: DrawnArray,
        axes: TensordotAxes,
    }
}

labelled! {
    #[derive(Clone)]
    struct VecdotInput {
        x1: DrawnArray,
        x2: DrawnArray,
        axis: isize,
    }
}

/// A function that contracts two operands: how to call it, and how many
/// products each output element sums.
trait Contraction: Clone + std::fmt::Debug {
    fn operands(&self) -> (&AnyArray, &AnyArray);
    fn call(&self, b: &Backend, x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray>;
    /// The number of products in each output element.
    fn terms(&self) -> usize;
}

impl Contraction for MatmulInput {
    fn operands(&self) -> (&AnyArray, &AnyArray) {
        (&self.x1, &self.x2)
    }
    fn call(&self, b: &Backend, x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
        b.matmul(x1, x2)
    }
    fn terms(&self) -> usize {
        self.x1.shape().last().copied().unwrap_or(0)
    }
}

impl Contraction for TensordotInput {
    fn operands(&self) -> (&AnyArray, &AnyArray) {
        (&self.x1, &self.x2)
    }
    fn call(&self, b: &Backend, x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
        b.tensordot(x1, x2, &self.axes)
    }
    fn terms(&self) -> usize {
        let shape = self.x1.shape();
        match &self.axes {
            TensordotAxes::Count(n) => shape[shape.len().saturating_sub(*n)..].iter().product(),
            TensordotAxes::Pairs(a, _) => a
                .iter()
                .map(|&d| shape[d.rem_euclid(shape.len().max(1) as isize) as usize])
                .product(),
        }
    }
}

impl Contraction for VecdotInput {
    fn operands(&self) -> (&AnyArray, &AnyArray) {
        (&self.x1, &self.x2)
    }
    fn call(&self, b: &Backend, x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
        b.vecdot(x1, x2, self.axis)
    }
    fn terms(&self) -> usize {
        let nd = self.x1.ndim() as isize;
        self.x1.shape()[(nd + self.axis) as usize]
    }
}

/// The comparison of a float contraction: `(K + 1)·eps` relative to the
/// contraction of the absolute values (see the module doc), plus `K`
/// subnormals for products that underflow.
fn contraction_options<I: Contraction>(
    input: &I,
    expected: &AnyArray,
) -> Result<CompareOptions, CaseError> {
    let o = options_for(expected);
    let dtype = expected.dtype();
    if !dtype.is_float() {
        return Ok(o);
    }
    let (x1, x2) = input.operands();
    let scale = abs_f64(x1)
        .and_then(|a1| abs_f64(x2).map(|a2| (a1, a2)))
        .and_then(|(a1, a2)| input.call(reference(), &a1, &a2))
        .map_err(scale_error)?;
    let k = input.terms() as f64;
    let mut o = o.with_scale(scale.to_f64_vec());
    o.tolerance = Tolerance::new(k * tiny(dtype), (k + 1.0) * eps(dtype));
    Ok(o)
}

fn contraction_check<I: Contraction + 'static>(
    name: &'static str,
    input: fn() -> BoxedStrategy<I>,
) -> Check<Backend> {
    Check::new(
        "linear_algebra",
        name,
        move |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(input(), |i| {
                let (x1, x2) = i.operands();
                let expected = i.call(reference(), x1, x2);
                if let Ok(e) = &expected {
                    let bound = magnitudes(x1)
                        .and_then(|m1| magnitudes(x2).and_then(|m2| i.call(reference(), &m1, &m2)));
                    if may_overflow(e.dtype(), bound) {
                        return Ok(Deviation::default()); // Undefined: see `overflow`.
                    }
                }
                let actual = i.call(b, x1, x2);
                agree_with(expected, actual, |e, a| {
                    compare(e, a, Some(&contraction_options(&i, e)?))
                })
            })
        },
    )
    .depends_on(ROUND_TRIP)
}

/// The contracted side of each operand: equal, or (one time in twelve)
/// 2 against 3, which the function must refuse. (Sides 1 and 0 are not
/// used for a mismatch: a lenient library could broadcast a 1.)
fn contracted(k: usize, mismatch: u8) -> (usize, usize) {
    if mismatch == 0 {
        (2, 3)
    } else {
        (k, k)
    }
}

/// The inner (contracted) dimension of the products: one in five long,
/// hundreds to a few thousand (up to 4097), where a blocked kernel's tail
/// and a parallel split are. The products stay cheap (the other sides are
/// at most 4, so at most 600,000 multiplications, about a millisecond), so
/// the share is well above [`SizeMix::LARGE`]'s.
const INNER: SizeMix = SizeMix::LARGE.bounded(16385, 4097).per_mille(200);

/// The outer sides of `matmul` (rows of `x1`, columns of `x2`): one in five
/// 16 to 65, about the tile sizes of blocked kernels (16, 32, 48, 64 and
/// their neighbours).
const TILES: SizeMix = SizeMix::LARGE.bounded(65, 65).per_mille(200);

/// `matmul`'s operands: batch dimensions that broadcast, `m×k @ k×n`, each
/// operand 1-d one time in four and 0-d (refused) one time in forty. Float
/// values are bounded with NaN; one time in four the inner side is at most
/// 1, so that no sum is reordered and any value (infinities too) may be
/// drawn.
fn matmul_input() -> BoxedStrategy<MatmulInput> {
    let dims = |max_k: usize, sizes: SizeMix| {
        (
            broadcastable_shapes(2, ShapeSpec::new(0, 2, 0, 3)),
            (side(0, 4, TILES), side(0, max_k, sizes), side(0, 4, TILES)),
            (0..4u8, 0..4u8, 0..10u8, 0..12u8),
        )
    };
    let kinds = same_kind(&[DTypeGroup::Floating, DTypeGroup::Integer]);
    let general = (kinds.clone(), dims(4, INNER), Just(PRODUCTS));
    let single = (
        same_kind(&[DTypeGroup::Floating]),
        dims(1, SizeMix::SMALL),
        Just(Domain::any()),
    );
    // The float strata take the first branch with a float dtype: `single`,
    // whose values may be NaN; the dtype sweep takes each dtype's first.
    conformance_strategies::strata::union(vec![
        (1, DTypeGroup::Floating.dtypes(), single.boxed()),
        (3, DTypeGroup::Numeric.dtypes(), general.boxed()),
    ])
    .prop_flat_map(
        |(dtypes, (batches, (m, k, n), (v1, v2, zero, mismatch)), floats)| {
            let (k1, k2) = contracted(k, mismatch);
            let mut s1 = batches[0].clone();
            s1.extend([m, k1]);
            let mut s2 = batches[1].clone();
            s2.extend([k2, n]);
            if v1 == 0 {
                s1 = vec![k1];
            }
            if v2 == 0 {
                s2 = vec![k2];
            }
            if zero == 0 {
                s1 = vec![];
            }
            operands(dtypes, (s1, s2), floats)
        },
    )
    .prop_map(|(x1, x2)| MatmulInput { x1, x2 })
    .boxed()
}

/// `tensordot`'s operands: free axes of each, and contracted axes shared.
/// As a count, `x1` ends and `x2` begins with the contracted axes; as
/// pairs, both operands' axes are permuted and the pairs say where the
/// contracted ones went (written positive or negative at random).
fn tensordot_input() -> BoxedStrategy<TensordotInput> {
    let small = ShapeSpec::new(0, 2, 0, 3);
    (
        same_kind(&[DTypeGroup::Floating, DTypeGroup::Integer]),
        (
            shapes(small),
            shapes(small),
            shapes(small.with_sizes(INNER)),
        ),
        (any::<bool>(), 0..12u8),
        // How each operand's axes are permuted, and which contracted axes
        // are written negative (at most two per operand).
        (
            reduction_axes_choice(),
            reduction_axes_choice(),
            prop::collection::vec(any::<bool>(), 4),
        ),
    )
        .prop_flat_map(
            |(dtypes, (free1, free2, shared), (as_pairs, mismatch), orders)| {
                let (o1, o2, negative) = orders;
                let (mut shared, c) = (shared.clone(), shared.len());
                let mut shared2 = shared.clone();
                if c > 0 {
                    (shared[0], shared2[0]) = contracted(shared[0], mismatch);
                }
                let dims1: Vec<usize> = free1.iter().chain(&shared).copied().collect();
                let dims2: Vec<usize> = shared2.iter().chain(&free2).copied().collect();
                let (p1, p2) = (o1.permutation(dims1.len()), o2.permutation(dims2.len()));
                let f1 = free1.len();
                let axes = if as_pairs {
                    // Axis i of the operand is dims[p[i]]; contracted axis j is
                    // where p holds its index.
                    let at = |p: &[usize], target: usize| {
                        p.iter().position(|&v| v == target).expect("a permutation")
                    };
                    let write = |pos: usize, nd: usize, neg: bool| {
                        if neg {
                            pos as isize - nd as isize
                        } else {
                            pos as isize
                        }
                    };
                    let a: Vec<isize> = (0..c)
                        .map(|j| write(at(&p1, f1 + j), dims1.len(), negative[j]))
                        .collect();
                    let b: Vec<isize> = (0..c)
                        .map(|j| write(at(&p2, j), dims2.len(), negative[c + j]))
                        .collect();
                    TensordotAxes::Pairs(a, b)
                } else {
                    TensordotAxes::Count(c)
                };
                let (s1, s2) = if as_pairs {
                    (
                        p1.iter().map(|&i| dims1[i]).collect(),
                        p2.iter().map(|&i| dims2[i]).collect(),
                    )
                } else {
                    (dims1, dims2)
                };
                (operands(dtypes, (s1, s2), PRODUCTS), Just(axes))
            },
        )
        .prop_map(|((x1, x2), axes)| TensordotInput { x1, x2, axes })
        .boxed()
}

/// `vecdot`'s operands: floats (the standard asks only those of it), shapes
/// that broadcast, an axis in `[-N, -1]` (`N` the smaller rank) of the same
/// side in both (not broadcast).
fn vecdot_input() -> BoxedStrategy<VecdotInput> {
    (
        same_kind(&[DTypeGroup::Floating]),
        broadcastable_shapes(2, ShapeSpec::new(1, 3, 0, 4)),
        (side(0, 4, INNER), 0..12u8),
        axis_choice(),
    )
        .prop_flat_map(|(dtypes, mut shapes, (k, mismatch), axis)| {
            let axis = shared_axis(axis, &shapes);
            let (k1, k2) = contracted(k, mismatch);
            for (s, side) in shapes.iter_mut().zip([k1, k2]) {
                let i = (s.len() as isize + axis) as usize;
                s[i] = side;
            }
            let s2 = shapes.pop().expect("two shapes");
            let s1 = shapes.pop().expect("two shapes");
            (operands(dtypes, (s1, s2), PRODUCTS), Just(axis))
        })
        .prop_map(|((x1, x2), axis)| VecdotInput { x1, x2, axis })
        .boxed()
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![
        contraction_check("matmul", matmul_input),
        Check::new(
            "linear_algebra",
            "matrix_transpose",
            |b: &Backend, ctx: &CheckContext| {
                let input = arrays(
                    DTypeGroup::All,
                    ShapeSpec::new(1, 4, 0, 4).large(),
                    Domain::any(),
                );
                ctx.for_all(input.prop_map(|x| Unary { x }), |i| {
                    agree(
                        reference().matrix_transpose(&i.x),
                        b.matrix_transpose(&i.x),
                        Some(&exact()),
                    )
                })
            },
        )
        .depends_on(ROUND_TRIP),
        contraction_check("tensordot", tensordot_input),
        contraction_check("vecdot", vecdot_input),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::testing::{find, mutant, passes_and_catches, run};
    use super::*;
    use conformance_engine::Verdict;

    /// The same products summed in the reverse order: a correct matmul.
    fn reversed_matmul(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
        let r = reference();
        if x1.ndim() == 0 || x2.ndim() == 0 {
            return r.matmul(x1, x2);
        }
        let a = r.flip(x1, Some(&[-1]))?;
        let b = r.flip(x2, Some(&[if x2.ndim() == 1 { -1 } else { -2 }]))?;
        r.matmul(&a, &b)
    }

    /// Keeps a 1-d `x1` as a row in the result.
    fn row_kept(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
        let r = reference();
        if x1.ndim() == 1 {
            return r.matmul(&r.expand_dims(x1, 0)?, x2);
        }
        r.matmul(x1, x2)
    }

    fn not_transposed(x: &AnyArray) -> ApiResult<AnyArray> {
        reference().matrix_transpose(x).map(|_| x.clone())
    }

    /// Forgets promotion: the result in `x1`'s dtype.
    fn unpromoted(x1: &AnyArray, x2: &AnyArray, axes: &TensordotAxes) -> ApiResult<AnyArray> {
        let r = reference();
        r.tensordot(x1, x2, axes)
            .and_then(|p| r.astype(&p, x1.dtype()))
    }

    /// Contracts the last axis whatever `axis` says.
    fn last_axis(x1: &AnyArray, x2: &AnyArray, axis: isize) -> ApiResult<AnyArray> {
        reference().vecdot(x1, x2, axis)?;
        reference().vecdot(x1, x2, -1)
    }

    #[test]
    fn reordered_sums_are_not_false_failures() {
        let checks = checks();
        let b = mutant(|o| o.matmul(reversed_matmul));
        let outcome = run(&find(&checks, "linear_algebra::matmul"), &b, 1000);
        assert_eq!(outcome.verdict, Verdict::Passed);
        assert!(outcome.worst.is_some_and(|w| w.tolerance_used > 0.0));
    }

    #[test]
    fn the_shared_axis_is_counted_from_the_end_of_the_smaller_rank() {
        let shapes = [vec![2, 3, 4], vec![3, 4]];
        let mut seen = Vec::new();
        for raw in 0..6 {
            for negative in [false, true] {
                let axis = shared_axis(AxisChoice { raw, negative }, &shapes);
                assert!((-2..=-1).contains(&axis), "{axis}");
                seen.push(axis);
            }
        }
        assert!(seen.contains(&-2) && seen.contains(&-1));
        let zero = AxisChoice {
            raw: 0,
            negative: false,
        };
        assert_eq!(shared_axis(zero, &shapes), -2, "shrinks toward -N");
    }

    #[test]
    fn each_check_catches_its_mutant() {
        let checks = checks();
        let cases: [(&str, Backend, &str); 4] = [
            (
                "linear_algebra::matmul",
                mutant(|o| o.matmul(row_kept)),
                "shape differs",
            ),
            (
                "linear_algebra::matrix_transpose",
                mutant(|o| o.matrix_transpose(not_transposed)),
                "differs",
            ),
            (
                "linear_algebra::tensordot",
                mutant(|o| o.tensordot(unpromoted)),
                "dtype differs",
            ),
            (
                "linear_algebra::vecdot",
                mutant(|o| o.vecdot(last_axis)),
                "shape differs",
            ),
        ];
        for (id, m, needle) in &cases {
            passes_and_catches(&checks, id, m, needle);
        }
    }
}
