//! Array strategies: [`array()`] for a fixed dtype and shape, [`arrays`] that
//! also draws the dtype and shape, [`arrays_with_shapes`] and
//! [`broadcast_arrays`] for the several inputs of one function, each giving
//! [`DrawnArray`]s: the values (with their specials, see [`crate::values`])
//! in a memory layout (see [`crate::layout`]), named in `Debug`.
//!
//! Each input is one value tree holding dtype, shapes, values and layouts,
//! so it shrinks as a whole (see [`crate::shrink`]): the element that made a
//! check fail survives while the shape shrinks around it.
//!
//! Per array, the share of special values varies (none, one in ten, one in
//! two), and some arrays repeat a small pool of values (usually, with
//! [`Domain::with_ties`]; one time in ten otherwise).

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use proptest::prelude::Rng;
use proptest::strategy::{BoxedStrategy, NewTree, Strategy};
use proptest::test_runner::{TestRng, TestRunner};

use crate::array::AnyArray;
use crate::domain::Domain;
use crate::dtype::{DType, DTypeGroup};
use crate::layout::Layout;
use crate::shape::{
    choose_class, draw_broadcastable_in, draw_prelude_large_shape, ShapeSpec, SizeClass,
};
use crate::shrink::{block_at, Arrays, Driver, ShapeRules, Shrink};
use crate::strata::ArrayDraw;
use crate::values::{below, chance, Drawable, Sampler};
use num_complex::Complex;

/// An array drawn by a strategy, with the layout it was put in.
///
/// `Debug` prints dtype, shape, values and layout:
/// `float32 [2, 1] [[NaN], [-0.0]] (transposed view)`. It dereferences to
/// the [`AnyArray`].
#[derive(Clone, PartialEq)]
pub struct DrawnArray {
    /// The array, already in `layout` (its strides are the layout's).
    pub array: AnyArray,
    /// The memory layout the array was put in, named in `Debug`.
    pub layout: Layout,
}

impl DrawnArray {
    /// The array, dropping the layout label.
    pub fn into_array(self) -> AnyArray {
        self.array
    }
}

impl Deref for DrawnArray {
    type Target = AnyArray;

    fn deref(&self) -> &AnyArray {
        &self.array
    }
}

impl AsRef<AnyArray> for DrawnArray {
    fn as_ref(&self) -> &AnyArray {
        &self.array
    }
}

impl fmt::Debug for DrawnArray {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} ({})", self.array, self.layout)
    }
}

/// A fixed dtype and shape, a domain, and whether to vary the layout.
///
/// ```
/// use conformance_strategies::{ArraySpec, DType, Domain};
/// let spec = ArraySpec::new(DType::Float32, vec![2, 3]).with_domain(Domain::finite());
/// assert!(spec.layouts);
/// assert!(!spec.clone().with_layouts(false).layouts);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ArraySpec {
    /// The element type.
    pub dtype: DType,
    /// The shape, one side per dimension (empty for a 0-d array).
    pub shape: Vec<usize>,
    /// Which values the elements may take.
    pub domain: Domain,
    /// Whether the layout varies; C order only when `false`.
    pub layouts: bool,
}

impl ArraySpec {
    /// Any value, every layout.
    pub fn new(dtype: DType, shape: Vec<usize>) -> ArraySpec {
        ArraySpec {
            dtype,
            shape,
            domain: Domain::any(),
            layouts: true,
        }
    }

    /// The same spec with elements drawn from `domain`.
    pub fn with_domain(mut self, domain: Domain) -> ArraySpec {
        self.domain = domain;
        self
    }

    /// The same spec, varying the layout or (`false`) keeping C order.
    pub fn with_layouts(mut self, layouts: bool) -> ArraySpec {
        self.layouts = layouts;
        self
    }
}

type ArcSampler<T> = Arc<Sampler<T>>;

macro_rules! typed_enum {
    ($name:ident, $inner:ident) => {
        #[derive(Clone)]
        pub(crate) enum $name {
            Bool($inner<bool>),
            Int8($inner<i8>),
            Int16($inner<i16>),
            Int32($inner<i32>),
            Int64($inner<i64>),
            UInt8($inner<u8>),
            UInt16($inner<u16>),
            UInt32($inner<u32>),
            UInt64($inner<u64>),
            Float32($inner<f32>),
            Float64($inner<f64>),
            Complex64($inner<Complex<f32>>),
            Complex128($inner<Complex<f64>>),
        }
    };
}

typed_enum!(AnySampler, ArcSampler);
typed_enum!(AnyState, Typed);

macro_rules! dispatch {
    ($enum:ident, $x:expr, $v:ident => $body:expr) => {
        match $x {
            $enum::Bool($v) => $body,
            $enum::Int8($v) => $body,
            $enum::Int16($v) => $body,
            $enum::Int32($v) => $body,
            $enum::Int64($v) => $body,
            $enum::UInt8($v) => $body,
            $enum::UInt16($v) => $body,
            $enum::UInt32($v) => $body,
            $enum::UInt64($v) => $body,
            $enum::Float32($v) => $body,
            $enum::Float64($v) => $body,
            $enum::Complex64($v) => $body,
            $enum::Complex128($v) => $body,
        }
    };
}

/// Wraps a typed state in [`AnyState`].
trait Erase {
    fn erase(self) -> AnyState;
}

macro_rules! impl_erase {
    ($($t:ty => $v:ident),*) => {$(
        impl Erase for Typed<$t> {
            fn erase(self) -> AnyState { AnyState::$v(self) }
        }
    )*};
}

impl_erase!(bool => Bool, i8 => Int8, i16 => Int16, i32 => Int32, i64 => Int64,
            u8 => UInt8, u16 => UInt16, u32 => UInt32, u64 => UInt64,
            f32 => Float32, f64 => Float64,
            Complex<f32> => Complex64, Complex<f64> => Complex128);

impl AnySampler {
    fn new(dtype: DType, domain: &Domain) -> Option<AnySampler> {
        Some(match dtype {
            DType::Bool => AnySampler::Bool(Arc::new(bool::sampler(domain)?)),
            DType::Int8 => AnySampler::Int8(Arc::new(i8::sampler(domain)?)),
            DType::Int16 => AnySampler::Int16(Arc::new(i16::sampler(domain)?)),
            DType::Int32 => AnySampler::Int32(Arc::new(i32::sampler(domain)?)),
            DType::Int64 => AnySampler::Int64(Arc::new(i64::sampler(domain)?)),
            DType::UInt8 => AnySampler::UInt8(Arc::new(u8::sampler(domain)?)),
            DType::UInt16 => AnySampler::UInt16(Arc::new(u16::sampler(domain)?)),
            DType::UInt32 => AnySampler::UInt32(Arc::new(u32::sampler(domain)?)),
            DType::UInt64 => AnySampler::UInt64(Arc::new(u64::sampler(domain)?)),
            DType::Float32 => AnySampler::Float32(Arc::new(f32::sampler(domain)?)),
            DType::Float64 => AnySampler::Float64(Arc::new(f64::sampler(domain)?)),
            DType::Complex64 => AnySampler::Complex64(Arc::new(Complex::<f32>::sampler(domain)?)),
            DType::Complex128 => AnySampler::Complex128(Arc::new(Complex::<f64>::sampler(domain)?)),
        })
    }
}

/// Where the shapes come from.
#[derive(Clone, Debug)]
enum ShapeSource {
    Fixed(Vec<Vec<usize>>),
    Broadcast { n: usize, spec: ShapeSpec },
}

/// What one array strategy draws.
struct DrawConfig {
    /// The dtypes it may draw (those whose values meet the domain), in
    /// group order: shrinking goes toward the first.
    dtypes: Vec<DType>,
    samplers: Vec<AnySampler>,
    shapes: ShapeSource,
    layouts: bool,
    rules: Arc<ShapeRules>,
}

impl fmt::Debug for DrawConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DrawConfig")
            .field("dtypes", &self.dtypes)
            .field("shapes", &self.shapes)
            .field("layouts", &self.layouts)
            .finish_non_exhaustive()
    }
}

impl DrawConfig {
    fn new(dtypes: &[DType], domain: Domain, shapes: ShapeSource, layouts: bool) -> DrawConfig {
        let mut usable = Vec::new();
        let mut samplers = Vec::new();
        for &d in dtypes {
            if let Some(s) = AnySampler::new(d, &domain) {
                usable.push(d);
                samplers.push(s);
            }
        }
        assert!(
            !usable.is_empty(),
            "the domain {domain:?} holds no value of any of the dtypes {dtypes:?}"
        );
        let rules = match &shapes {
            ShapeSource::Fixed(_) => ShapeRules {
                min_dims: 0,
                min_side: 0,
                shrink_shapes: false,
                values_matter: true,
            },
            ShapeSource::Broadcast { spec, .. } => ShapeRules {
                min_dims: spec.min_dims,
                min_side: spec.min_side,
                shrink_shapes: true,
                values_matter: true,
            },
        };
        DrawConfig {
            dtypes: usable,
            samplers,
            shapes,
            layouts,
            rules: Arc::new(rules),
        }
    }
}

/// The arrays of one draw, of element type `T`.
#[derive(Clone)]
pub(crate) struct Typed<T> {
    arrays: Arrays<T>,
    sampler: Arc<Sampler<T>>,
}

/// Arrays of more elements than this draw their values from a pool (see
/// [`fill`]).
const POOLED_FILL_MIN: usize = 1024;

/// Distinct values drawn for a large array without ties.
const LARGE_POOL: usize = 256;

/// The values of one array: a share of specials that varies per array,
/// sometimes a small pool of repeated values.
///
/// An array of more than [`POOLED_FILL_MIN`] elements draws [`LARGE_POOL`]
/// values (or the small pool) with the sampler and then picks among them
/// with a SplitMix64 stream seeded from `rng`: drawing every element
/// through the sampler and ChaCha cost most of a large example's time.
fn fill<T: Drawable>(rng: &mut TestRng, sampler: &Sampler<T>, len: usize) -> Vec<T> {
    let density = match below(rng, 10) {
        0..=2 => 0.0,
        3..=5 => 0.1,
        _ => 0.5,
    };
    let pool_chance = if sampler.domain().ties { 0.75 } else { 0.1 };
    let (pool, density) = if len > 1 && chance(rng, pool_chance) {
        (1 + below(rng, len.min(4) as u64) as usize, 0.3)
    } else if len > POOLED_FILL_MIN {
        (LARGE_POOL, density)
    } else {
        return (0..len).map(|_| sampler.draw(rng, density)).collect();
    };
    let pool: Vec<T> = (0..pool).map(|_| sampler.draw(rng, density)).collect();
    if len <= POOLED_FILL_MIN {
        return (0..len)
            .map(|_| pool[below(rng, pool.len() as u64) as usize])
            .collect();
    }
    let mut state = rng.next_u64();
    (0..len)
        .map(|_| {
            // SplitMix64.
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            pool[((u128::from(z) * pool.len() as u128) >> 64) as usize]
        })
        .collect()
}

impl<T: Drawable> Typed<T> {
    fn generate(
        rng: &mut TestRng,
        sampler: &Arc<Sampler<T>>,
        shapes: Vec<Vec<usize>>,
        layouts: Vec<Layout>,
        rules: &Arc<ShapeRules>,
        plan: Option<&ArrayDraw>,
    ) -> Typed<T> {
        let values = shapes
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let mut v = fill(rng, sampler, s.iter().product());
                if let Some(p) = plan {
                    p.values(k, &mut v, sampler, rng);
                }
                v
            })
            .collect();
        Typed {
            arrays: Arrays {
                shapes,
                values,
                layouts,
                rules: Arc::clone(rules),
                filler: sampler.origin(),
            },
            sampler: Arc::clone(sampler),
        }
    }

    fn drawn(&self) -> Vec<DrawnArray> {
        let a = &self.arrays;
        a.shapes
            .iter()
            .zip(&a.values)
            .zip(&a.layouts)
            .map(|((shape, values), &layout)| DrawnArray {
                array: T::wrap(layout.build(shape, values)),
                layout,
            })
            .collect()
    }

    fn with_arrays(&self, arrays: Arrays<T>) -> Typed<T> {
        Typed {
            arrays,
            sampler: Arc::clone(&self.sampler),
        }
    }

    fn shape_candidate(&self, a: &mut usize) -> Option<Typed<T>> {
        let ops = self.arrays.ops();
        while *a < ops.len() {
            if let Some(next) = self.arrays.apply(ops[*a]) {
                return Some(self.with_arrays(next));
            }
            *a += 1;
        }
        None
    }

    /// Candidate `a % 2` of array `a / 2`: C layout, then (for the views
    /// that need two axes to differ from C: Fortran, transposed, strided)
    /// the negative-stride view, which a memory-order bug shows on one axis,
    /// so the shape can shrink further.
    fn layout_candidate(&self, a: &mut usize) -> Option<Typed<T>> {
        while *a / 2 < self.arrays.layouts.len() {
            let (i, target) = (*a / 2, [Layout::C, Layout::Reversed][*a % 2]);
            let now = self.arrays.layouts[i];
            if now != Layout::C && now != target {
                let mut next = self.arrays.clone();
                next.layouts[i] = target;
                return Some(self.with_arrays(next));
            }
            *a += 1;
        }
        None
    }

    /// Block `a` of [`block_at`] set to the simplest value, skipping blocks
    /// that already hold only it.
    fn block_candidate(&self, a: &mut usize) -> Option<Typed<T>> {
        let lens: Vec<usize> = self.arrays.values.iter().map(Vec::len).collect();
        let origin = self.arrays.filler;
        loop {
            let (i, start, end) = block_at(&lens, *a)?;
            if self.arrays.values[i][start..end]
                .iter()
                .any(|v| !v.same(origin))
            {
                let mut next = self.arrays.clone();
                next.values[i][start..end].fill(origin);
                return Some(self.with_arrays(next));
            }
            *a += 1;
        }
    }

    /// Candidate `b` of element `a` (counting through the arrays in order).
    fn value_candidate(&self, a: &mut usize, b: &mut usize) -> Option<Typed<T>> {
        let mut candidates = Vec::new();
        loop {
            let mut rest = *a;
            let mut at = None;
            for (i, v) in self.arrays.values.iter().enumerate() {
                if rest < v.len() {
                    at = Some((i, rest));
                    break;
                }
                rest -= v.len();
            }
            let (i, e) = at?;
            candidates.clear();
            self.arrays.values[i][e].shrink_candidates(&self.sampler, &mut candidates);
            if let Some(&c) = candidates.get(*b) {
                let mut next = self.arrays.clone();
                next.values[i][e] = c;
                return Some(self.with_arrays(next));
            }
            *a += 1;
            *b = 0;
        }
    }

    /// The same arrays as dtype `U`, when every value converts exactly into
    /// the domain.
    fn convert<U: Drawable>(&self, sampler: &Arc<Sampler<U>>) -> Option<Typed<U>> {
        let domain = sampler.domain();
        let values = self
            .arrays
            .values
            .iter()
            .map(|v| {
                v.iter()
                    .map(|&x| U::from_repr(x.to_repr()).filter(|y| y.in_domain(domain)))
                    .collect::<Option<Vec<U>>>()
            })
            .collect::<Option<Vec<Vec<U>>>>()?;
        Some(Typed {
            arrays: Arrays {
                shapes: self.arrays.shapes.clone(),
                values,
                layouts: self.arrays.layouts.clone(),
                rules: Arc::clone(&self.arrays.rules),
                filler: sampler.origin(),
            },
            sampler: Arc::clone(sampler),
        })
    }
}

/// The shrinkable state of one draw.
#[derive(Clone)]
pub(crate) struct DrawState {
    state: AnyState,
    dtype_index: usize,
    cfg: Arc<DrawConfig>,
}

/// Phase (0 shapes, 1 dtype, 2 layouts, 3 blocks of values, 4 values) and
/// positions in it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct DrawCursor {
    phase: u8,
    a: usize,
    b: usize,
}

impl DrawState {
    fn with(&self, state: AnyState, dtype_index: usize) -> DrawState {
        DrawState {
            state,
            dtype_index,
            cfg: Arc::clone(&self.cfg),
        }
    }
}

impl Shrink for DrawState {
    type Value = Vec<DrawnArray>;
    type Cursor = DrawCursor;

    fn value(&self) -> Vec<DrawnArray> {
        dispatch!(AnyState, &self.state, t => t.drawn())
    }

    fn candidate_at(&self, c: &mut DrawCursor) -> Option<DrawState> {
        loop {
            match c.phase {
                0 => {
                    let found = dispatch!(AnyState, &self.state, t => t.shape_candidate(&mut c.a).map(Erase::erase));
                    if let Some(s) = found {
                        return Some(self.with(s, self.dtype_index));
                    }
                }
                1 => {
                    while c.a < self.dtype_index {
                        let target = &self.cfg.samplers[c.a];
                        let found = dispatch!(AnyState, &self.state, t => {
                            dispatch!(AnySampler, target, s => t.convert(s).map(Erase::erase))
                        });
                        if let Some(s) = found {
                            return Some(self.with(s, c.a));
                        }
                        c.a += 1;
                    }
                }
                2 => {
                    let found = dispatch!(AnyState, &self.state, t => t.layout_candidate(&mut c.a).map(Erase::erase));
                    if let Some(s) = found {
                        return Some(self.with(s, self.dtype_index));
                    }
                }
                3 => {
                    let found = dispatch!(AnyState, &self.state, t => t.block_candidate(&mut c.a).map(Erase::erase));
                    if let Some(s) = found {
                        return Some(self.with(s, self.dtype_index));
                    }
                }
                4 => {
                    let found = dispatch!(AnyState, &self.state, t => {
                        t.value_candidate(&mut c.a, &mut c.b).map(Erase::erase)
                    });
                    return found.map(|s| self.with(s, self.dtype_index));
                }
                _ => return None,
            }
            *c = DrawCursor {
                phase: c.phase + 1,
                a: 0,
                b: 0,
            };
        }
    }

    fn step(c: &mut DrawCursor) {
        if c.phase == 4 {
            c.b += 1;
        } else {
            c.a += 1;
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct DrawStrategy(Arc<DrawConfig>);

impl DrawStrategy {
    /// One draw of size class `class` (ignored for fixed shapes, and for a
    /// spec without large draws), every array in `layout` when given, else
    /// in layouts drawn as usual. [`Strategy::new_tree`] is this with the
    /// class [`choose_class`] picks; a caller that must guarantee, say, a
    /// large array in a non-C layout at a given example asks for it here.
    pub(crate) fn tree_in(
        &self,
        rng: &mut TestRng,
        class: SizeClass,
        layout: Option<Layout>,
        plan: Option<&ArrayDraw>,
    ) -> Driver<DrawState> {
        let cfg = &self.0;
        let random = below(rng, cfg.dtypes.len() as u64) as usize;
        let dtype_index = plan.and_then(|p| p.dtype(&cfg.dtypes)).unwrap_or(random);
        let shapes = match &cfg.shapes {
            ShapeSource::Fixed(s) => s.clone(),
            ShapeSource::Broadcast { n, spec } => {
                let mut shapes = match plan.and_then(ArrayDraw::large_visit) {
                    Some(visit) => {
                        let frame = draw_prelude_large_shape(rng, spec, visit);
                        // Every operand the whole frame: large, and
                        // broadcastable.
                        vec![frame; *n]
                    }
                    None => draw_broadcastable_in(rng, *n, spec, class),
                };
                if let Some(p) = plan {
                    p.shapes(&mut shapes, spec, rng, |rng| {
                        draw_broadcastable_in(rng, *n, spec, class)
                    });
                }
                shapes
            }
        };
        let mut layouts: Vec<Layout> = shapes
            .iter()
            .map(|_| match layout {
                Some(l) => l,
                None if cfg.layouts => Layout::ALL[below(rng, Layout::ALL.len() as u64) as usize],
                None => Layout::C,
            })
            .collect();
        if let (Some(p), true, None) = (plan, cfg.layouts, layout) {
            p.layouts(&mut layouts, rng);
        }
        let state = dispatch!(AnySampler, &cfg.samplers[dtype_index], s => {
            Typed::generate(rng, s, shapes, layouts, &cfg.rules, plan).erase()
        });
        Driver::new(DrawState {
            state,
            dtype_index,
            cfg: Arc::clone(cfg),
        })
    }
}

impl Strategy for DrawStrategy {
    type Tree = Driver<DrawState>;
    type Value = Vec<DrawnArray>;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        let rng = runner.rng();
        // The plan of the example being drawn, if it is in the prelude.
        let arrays = match &self.0.shapes {
            ShapeSource::Fixed(s) => s.len(),
            ShapeSource::Broadcast { n, .. } => *n,
        };
        let plan = ArrayDraw::begin(arrays);
        let class = match (&self.0.shapes, plan.as_ref()) {
            (ShapeSource::Fixed(_), _) => SizeClass::Small,
            // The prelude's large stratum takes the large class where the
            // spec has one; its other strata stay small.
            (ShapeSource::Broadcast { .. }, Some(p)) if p.large() => SizeClass::Large,
            (ShapeSource::Broadcast { .. }, Some(_)) => SizeClass::Small,
            (ShapeSource::Broadcast { spec, .. }, None) => choose_class(rng, spec),
        };
        Ok(self.tree_in(rng, class, None, plan.as_ref()))
    }
}

fn one(strategy: DrawStrategy) -> BoxedStrategy<DrawnArray> {
    strategy
        .prop_map(|mut v| v.pop().expect("one array"))
        .boxed()
}

/// An array of a fixed dtype and shape; the values and the layout shrink.
///
/// ```
/// use conformance_strategies::{array, ArraySpec, DType, Domain};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let spec = ArraySpec::new(DType::UInt8, vec![2, 3]).with_domain(Domain::positive());
/// let mut runner = TestRunner::deterministic();
/// let x = array(spec).new_tree(&mut runner).unwrap().current();
/// assert_eq!(x.shape(), &[2, 3]);
/// assert!(x.to_f64_vec().iter().all(|&v| v >= 1.0));
/// ```
pub fn array(spec: ArraySpec) -> BoxedStrategy<DrawnArray> {
    one(DrawStrategy(Arc::new(DrawConfig::new(
        &[spec.dtype],
        spec.domain,
        ShapeSource::Fixed(vec![spec.shape]),
        spec.layouts,
    ))))
}

/// An array of a dtype of the group, a shape within `shapes`, values in
/// `domain` and any layout. Dtypes whose values cannot meet the domain (say,
/// unsigned integers for [`Domain::negative`]) are left out.
///
/// ```
/// use conformance_strategies::{arrays, DTypeGroup, Domain, ShapeSpec};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let x = arrays(DTypeGroup::Floating, ShapeSpec::default(), Domain::any())
///     .new_tree(&mut runner).unwrap().current();
/// assert!(x.dtype().is_float() && x.ndim() <= 4);
/// println!("{x:?}"); // e.g. float32 [2, 1] [[NaN], [-0.0]] (transposed view)
/// ```
pub fn arrays(dtypes: DTypeGroup, shapes: ShapeSpec, domain: Domain) -> BoxedStrategy<DrawnArray> {
    arrays_of(&dtypes.dtypes(), shapes, domain)
}

/// Like [`arrays`], for an explicit list of dtypes (shrinking toward the
/// first).
///
/// ```
/// use conformance_strategies::{arrays_of, DType, Domain, ShapeSpec};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let x = arrays_of(&[DType::Int64], ShapeSpec::default(), Domain::non_zero())
///     .new_tree(&mut runner).unwrap().current();
/// assert_eq!(x.dtype(), DType::Int64);
/// assert!(x.to_f64_vec().iter().all(|&v| v != 0.0));
/// ```
pub fn arrays_of(dtypes: &[DType], shapes: ShapeSpec, domain: Domain) -> BoxedStrategy<DrawnArray> {
    let spec = shapes.validated();
    one(DrawStrategy(Arc::new(DrawConfig::new(
        dtypes,
        domain,
        ShapeSource::Broadcast { n: 1, spec },
        true,
    ))))
}

/// Arrays of one dtype and the given shapes (the inputs of a function whose
/// shapes are fixed by the check); values and layouts shrink.
///
/// ```
/// use conformance_strategies::{arrays_with_shapes, DType, Domain};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let xs = arrays_with_shapes(DType::Float64, vec![vec![2, 3], vec![3]], Domain::finite())
///     .new_tree(&mut runner).unwrap().current();
/// assert_eq!(xs[0].shape(), &[2, 3]);
/// assert_eq!(xs[1].shape(), &[3]);
/// ```
pub fn arrays_with_shapes(
    dtype: DType,
    shapes: Vec<Vec<usize>>,
    domain: Domain,
) -> BoxedStrategy<Vec<DrawnArray>> {
    DrawStrategy(Arc::new(DrawConfig::new(
        &[dtype],
        domain,
        ShapeSource::Fixed(shapes),
        true,
    )))
    .boxed()
}

/// `n` arrays of one dtype of the group whose shapes broadcast together (as
/// [`crate::broadcastable_shapes`] draws them), for binary and n-ary
/// functions. Shapes, dtype, layouts and values shrink together, keeping
/// the positions that fail.
///
/// ```
/// use conformance_strategies::{broadcast_arrays, broadcast_shape, DTypeGroup, Domain, ShapeSpec};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let xs = broadcast_arrays(2, DTypeGroup::Numeric, ShapeSpec::default(), Domain::any())
///     .new_tree(&mut runner).unwrap().current();
/// assert_eq!(xs[0].dtype(), xs[1].dtype());
/// assert!(broadcast_shape(&[xs[0].shape(), xs[1].shape()]).is_some());
/// ```
pub fn broadcast_arrays(
    n: usize,
    dtypes: DTypeGroup,
    shapes: ShapeSpec,
    domain: Domain,
) -> BoxedStrategy<Vec<DrawnArray>> {
    let spec = shapes.validated();
    DrawStrategy(Arc::new(DrawConfig::new(
        &dtypes.dtypes(),
        domain,
        ShapeSource::Broadcast { n, spec },
        true,
    )))
    .boxed()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::shape::{broadcast_shape, SizeMix};
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm};

    pub(crate) fn runner(seed: u8) -> TestRunner {
        TestRunner::new_with_rng(
            Config::default(),
            TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
        )
    }

    /// Runs proptest's shrinking walk on `tree` for the property `fails`.
    pub(crate) fn minimise<T: ValueTree>(tree: &mut T, fails: impl Fn(&T::Value) -> bool) -> u32 {
        assert!(fails(&tree.current()), "the first value must fail");
        let mut steps = 0;
        let mut more = tree.simplify();
        while more && steps < 10_000 {
            steps += 1;
            more = if fails(&tree.current()) {
                tree.simplify()
            } else {
                tree.complicate()
            };
        }
        assert!(fails(&tree.current()), "shrinking ends on a failure");
        steps
    }

    fn has_negative_zero(x: &DrawnArray) -> bool {
        x.to_f64_vec()
            .iter()
            .any(|v| *v == 0.0 && v.is_sign_negative())
    }

    #[test]
    fn hundred_float_arrays_include_every_special_value() {
        use crate::special::{specials_in, Special, SpecialSet};
        let mut r = runner(1);
        let s = arrays(DTypeGroup::Floating, ShapeSpec::default(), Domain::any());
        let mut met = SpecialSet::default();
        for _ in 0..100 {
            met = met.union(specials_in(&s.new_tree(&mut r).unwrap().current()));
        }
        for k in [
            Special::NaN,
            Special::PositiveZero,
            Special::NegativeZero,
            Special::PositiveInfinity,
            Special::NegativeInfinity,
            // Subnormal for the array's own dtype.
            Special::Subnormal,
        ] {
            assert!(met.contains(k), "{k} not met in 100 draws");
        }
    }

    #[test]
    fn layouts_vary_and_hold_the_drawn_values() {
        let mut r = runner(2);
        let s = arrays(DTypeGroup::All, ShapeSpec::new(2, 3, 2, 4), Domain::any());
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..100 {
            let x = s.new_tree(&mut r).unwrap().current();
            seen.insert(x.layout);
            let c = x.to_standard_layout();
            assert_eq!(
                x.to_f64_vec()
                    .iter()
                    .map(|v| v.to_bits())
                    .collect::<Vec<_>>(),
                c.to_f64_vec()
                    .iter()
                    .map(|v| v.to_bits())
                    .collect::<Vec<_>>()
            );
            match x.layout {
                Layout::C => assert!(x.is_standard_layout()),
                Layout::Reversed => assert!(x.strides().iter().all(|&s| s < 0)),
                _ => assert!(!x.is_standard_layout(), "{x:?}"),
            }
        }
        assert_eq!(seen.len(), 5);
    }

    #[test]
    fn debug_names_dtype_shape_values_and_layout() {
        let x = DrawnArray {
            array: Layout::Transposed.apply(&AnyArray::from(
                ndarray::arr2(&[[f32::NAN], [-0.0]]).into_dyn(),
            )),
            layout: Layout::Transposed,
        };
        assert_eq!(
            format!("{x:?}"),
            "float32 [2, 1] [[NaN], [-0.0]] (transposed view)"
        );
    }

    #[test]
    fn a_planted_negative_zero_failure_shrinks_to_one_element() {
        let s = arrays(DTypeGroup::Floating, ShapeSpec::default(), Domain::any());
        let mut r = runner(5);
        let mut shrunk = 0;
        while shrunk < 20 {
            let mut tree = s.new_tree(&mut r).unwrap();
            if !has_negative_zero(&tree.current()) {
                continue;
            }
            shrunk += 1;
            let steps = minimise(&mut tree, has_negative_zero);
            let x = tree.current();
            assert!(x.len() == 1, "{x:?} after {steps} steps");
            assert_eq!(x.ndim(), 0, "{x:?}");
            assert_eq!(x.layout, Layout::C);
            assert_eq!(x.dtype(), DType::Float32, "shrinks to the first dtype");
            assert!(steps < 2048, "within the engine's budget: {steps}");
        }
    }

    #[test]
    fn shrinking_respects_min_dims_and_keeps_the_failing_position() {
        let spec = ShapeSpec::new(2, 4, 1, 5);
        let s = arrays(DTypeGroup::Integer, spec, Domain::any());
        let mut r = runner(6);
        let fails = |x: &DrawnArray| x.to_f64_vec().iter().any(|&v| v >= 100.0);
        let mut shrunk = 0;
        while shrunk < 20 {
            let mut tree = s.new_tree(&mut r).unwrap();
            if !fails(&tree.current()) {
                continue;
            }
            shrunk += 1;
            minimise(&mut tree, fails);
            let x = tree.current();
            assert_eq!(x.shape(), &[1, 1], "{x:?}");
            assert_eq!(x.to_f64_vec(), vec![100.0], "{x:?}");
            assert_eq!(x.dtype(), DType::Int8, "{x:?}");
        }
    }

    #[test]
    fn a_memory_order_failure_shrinks_through_the_negative_stride_view() {
        // Fails where memory order is not logical order and two values
        // differ: what a backend reading the buffer as C order gets wrong.
        let fails = |x: &DrawnArray| {
            let v = x.to_f64_vec();
            !x.is_standard_layout() && v.iter().any(|a| a.to_bits() != v[0].to_bits())
        };
        let s = arrays(DTypeGroup::Floating, ShapeSpec::default(), Domain::finite());
        let mut r = runner(11);
        let mut shrunk = 0;
        while shrunk < 10 {
            let mut tree = s.new_tree(&mut r).unwrap();
            let x = tree.current();
            if !(x.layout == Layout::Transposed && fails(&x)) {
                continue;
            }
            shrunk += 1;
            minimise(&mut tree, fails);
            let x = tree.current();
            assert_eq!((x.len(), x.layout), (2, Layout::Reversed), "{x:?}");
        }
    }

    #[test]
    fn broadcast_arrays_shrink_together() {
        let s = broadcast_arrays(2, DTypeGroup::Floating, ShapeSpec::default(), Domain::any());
        let mut r = runner(7);
        // Fails when x1 holds a NaN and the shapes differ.
        let fails = |xs: &Vec<DrawnArray>| {
            xs[0].to_f64_vec().iter().any(|v| v.is_nan()) && xs[0].shape() != xs[1].shape()
        };
        let mut shrunk = 0;
        let mut tries = 0;
        while shrunk < 10 && tries < 5000 {
            tries += 1;
            let mut tree = s.new_tree(&mut r).unwrap();
            let xs = tree.current();
            let refs = [xs[0].shape(), xs[1].shape()];
            assert!(broadcast_shape(&refs).is_some());
            if !fails(&xs) {
                continue;
            }
            shrunk += 1;
            minimise(&mut tree, fails);
            let xs = tree.current();
            let total: usize = xs.iter().map(|x| x.len()).sum();
            assert!(total <= 2, "{xs:?}");
            assert!(xs[0].to_f64_vec()[0].is_nan());
            assert!(xs.iter().all(|x| x.layout == Layout::C));
        }
        assert_eq!(shrunk, 10);
    }

    #[test]
    fn fixed_shapes_do_not_shrink_but_values_do() {
        let s = arrays_with_shapes(DType::Int32, vec![vec![2, 2], vec![3]], Domain::any());
        let mut r = runner(8);
        let fails = |xs: &Vec<DrawnArray>| xs[1].to_f64_vec().iter().any(|&v| v < -5.0);
        let mut tree = loop {
            let t = s.new_tree(&mut r).unwrap();
            if fails(&t.current()) {
                break t;
            }
        };
        minimise(&mut tree, fails);
        let xs = tree.current();
        assert_eq!(xs[0].shape(), &[2, 2]);
        assert_eq!(xs[0].to_f64_vec(), vec![0.0; 4]);
        let v = xs[1].to_f64_vec();
        assert_eq!(v.iter().filter(|&&x| x == -6.0).count(), 1, "{xs:?}");
        assert_eq!(v.iter().filter(|&&x| x == 0.0).count(), 2, "{xs:?}");
    }

    #[test]
    fn domains_hold_for_every_dtype_and_layout() {
        let mut r = runner(9);
        for domain in [
            Domain::positive(),
            Domain::within(-1.0, 1.0),
            Domain::non_zero().and(Domain::finite()),
        ] {
            let s = arrays(DTypeGroup::All, ShapeSpec::default(), domain);
            for _ in 0..100 {
                let x = s.new_tree(&mut r).unwrap().current();
                for v in x.to_f64_vec() {
                    assert!(domain.contains(v), "{v} outside {domain:?} in {x:?}");
                }
            }
        }
    }

    #[test]
    fn ties_repeat_values() {
        let mut r = runner(10);
        let spec = ShapeSpec::new(1, 2, 3, 6);
        let count = |domain: Domain, r: &mut TestRunner| {
            let s = arrays(DTypeGroup::Floating, spec, domain);
            (0..100)
                .filter(|_| {
                    let v = s.new_tree(r).unwrap().current().to_f64_vec();
                    let mut bits: Vec<u64> = v.iter().map(|x| x.to_bits()).collect();
                    bits.sort_unstable();
                    bits.windows(2).any(|w| w[0] == w[1])
                })
                .count()
        };
        let with = count(Domain::finite().with_ties(), &mut r);
        let without = count(Domain::finite(), &mut r);
        assert!(with >= 70, "with ties: {with}");
        assert!(without >= 10, "without: {without}");
    }

    fn large_trees(spec: ShapeSpec, seed: u8) -> (DrawStrategy, TestRunner) {
        let strategy = DrawStrategy(Arc::new(DrawConfig::new(
            &DTypeGroup::All.dtypes(),
            Domain::any(),
            ShapeSource::Broadcast { n: 1, spec },
            true,
        )));
        (strategy, runner(seed))
    }

    #[test]
    fn large_draws_are_long_cluster_at_block_edges_and_take_every_layout() {
        let spec = ShapeSpec::default().large();
        let (s, mut r) = large_trees(spec, 21);
        let mut layouts = std::collections::BTreeSet::new();
        let (mut edges, mut long_axes, mut thousands) = (0, 0, 0);
        for _ in 0..100 {
            let x = s
                .tree_in(r.rng(), SizeClass::Large, None, None)
                .current()
                .pop()
                .unwrap();
            layouts.insert(x.layout);
            let shape = x.shape().to_vec();
            assert!(spec.admits(&shape), "{shape:?}");
            assert!(x.len() <= SizeMix::LARGE.max_elements, "{shape:?}");
            let longest = *shape.iter().max().unwrap();
            assert!(longest >= 255, "{shape:?}");
            long_axes += usize::from(longest >= 10_000);
            thousands += usize::from(x.len() >= 1000);
            let at_edge = |n: usize| {
                [n - 1, n, n + 1]
                    .iter()
                    .any(|&m| m.is_power_of_two() || (m % 3 == 0 && (m / 3).is_power_of_two()))
            };
            edges += usize::from(at_edge(longest));
            let bits =
                |a: &AnyArray| -> Vec<u64> { a.to_f64_vec().iter().map(|v| v.to_bits()).collect() };
            let same = bits(&x.to_standard_layout()) == bits(&x.array);
            assert!(same, "{shape:?} in {}", x.layout);
        }
        assert_eq!(layouts.len(), Layout::ALL.len(), "{layouts:?}");
        assert!(edges >= 80, "long sides at block edges: {edges}");
        assert!(long_axes >= 10, "axes of tens of thousands: {long_axes}");
        assert!(thousands >= 70, "thousands of elements: {thousands}");
        // A forced layout holds for a large draw too.
        let x = s
            .tree_in(r.rng(), SizeClass::Large, Some(Layout::Reversed), None)
            .current();
        assert_eq!(x[0].layout, Layout::Reversed);
        assert!(x[0].strides().iter().all(|&st| st < 0));
    }

    #[test]
    fn the_mix_sets_the_share_of_large_draws() {
        let mut r = runner(22);
        let count = |spec: ShapeSpec, r: &mut TestRunner| {
            (0..4000)
                .filter(|_| {
                    let class = choose_class(r.rng(), &spec);
                    class == SizeClass::Large
                })
                .count()
        };
        assert_eq!(count(ShapeSpec::default(), &mut r), 0);
        let large = count(ShapeSpec::default().large(), &mut r);
        assert!((20..65).contains(&large), "1% of 4000: {large}");
        let often = ShapeSpec::default().with_sizes(SizeMix::LARGE.per_mille(100));
        let many = count(often, &mut r);
        assert!((320..480).contains(&many), "10% of 4000: {many}");
        // No dimension, no large draw.
        let scalars = ShapeSpec::new(0, 0, 0, 5).large();
        assert_eq!(count(scalars, &mut r), 0);
    }

    /// A planted block-tail bug: above 1024 elements, the sum of the full
    /// blocks of 1024 (the remainder dropped); exact below.
    fn block_sum_fails(x: &DrawnArray) -> bool {
        let v = x.to_f64_vec();
        v.len() > 1024 && v[v.len() / 1024 * 1024..].iter().sum::<f64>() != 0.0
    }

    #[test]
    fn a_planted_block_tail_failure_shrinks_to_one_past_the_block_quickly() {
        let spec = ShapeSpec::default().large();
        let (s, mut r) = large_trees(spec, 23);
        let mut shrunk = 0;
        while shrunk < 5 {
            let mut tree = s.tree_in(r.rng(), SizeClass::Large, None, None);
            let first = tree.current();
            if !block_sum_fails(&first[0]) || first[0].len() < 8000 {
                continue;
            }
            shrunk += 1;
            let started = std::time::Instant::now();
            let steps = minimise(&mut tree, |xs| block_sum_fails(&xs[0]));
            let took = started.elapsed();
            let x = &tree.current()[0];
            assert_eq!(x.shape(), &[1025], "from {:?}", first[0].shape());
            let v = x.to_f64_vec();
            assert!(v[..1024].iter().all(|&e| e == 0.0), "{x:?}");
            assert_eq!(v[1024], 1.0, "{x:?}");
            assert_eq!(x.dtype(), DType::Bool, "the group's first: {x:?}");
            assert_eq!(
                format!("{x:?}"),
                "bool [1025] [false (1024 times), true] (C layout)"
            );
            assert!(steps < 2048, "within the engine's budget: {steps}");
            assert!(
                took.as_millis() < 500,
                "{took:?} from {:?}",
                first[0].shape()
            );
        }
    }
}
