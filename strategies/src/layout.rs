//! [`Layout`]: the memory layouts one logical array is handed to a backend
//! in (C order, Fortran order, a transposed view, a view sliced with a step,
//! a negative-stride view), because backends that assume contiguity are a
//! classic bug; and the [`layouts`] strategy that picks one and shrinks to C.

use std::fmt;

use ndarray::{ArrayD, ArrayView, Axis, IxDyn, ShapeBuilder, Slice};
use proptest::sample::select;
use proptest::strategy::{BoxedStrategy, Strategy};

use crate::array::AnyArray;
use crate::values::Drawable;
use crate::with_array;

/// A memory layout for the same logical values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layout {
    /// Row-major and contiguous.
    C,
    /// Column-major and contiguous (for 0-d and 1-d arrays the same as C).
    Fortran,
    /// The last two axes swapped over C-ordered memory (a `.mT` view); for
    /// 0-d and 1-d arrays the same as C.
    Transposed,
    /// A view sliced with step 2 (and offset 1) along the first and last
    /// axes of a bigger array whose gaps hold a recognisable filler.
    Strided,
    /// Every axis reversed: all strides negative.
    Reversed,
}

impl Layout {
    /// Every layout, simplest (C) first.
    pub const ALL: [Layout; 5] = [
        Layout::C,
        Layout::Fortran,
        Layout::Transposed,
        Layout::Strided,
        Layout::Reversed,
    ];

    /// `C layout`, `Fortran layout`, `transposed view`, `strided view`,
    /// `negative-stride view`.
    pub fn name(self) -> &'static str {
        match self {
            Layout::C => "C layout",
            Layout::Fortran => "Fortran layout",
            Layout::Transposed => "transposed view",
            Layout::Strided => "strided view",
            Layout::Reversed => "negative-stride view",
        }
    }

    /// The same logical values as `array`, in this memory layout.
    ///
    /// ```
    /// use conformance_strategies::{AnyArray, Layout};
    /// let x = AnyArray::from(ndarray::arr2(&[[1i32, 2, 3], [4, 5, 6]]).into_dyn());
    /// let r = Layout::Reversed.apply(&x);
    /// assert_eq!(r, x);
    /// assert!(r.strides().iter().all(|&s| s < 0));
    /// let s = Layout::Strided.apply(&x);
    /// assert_eq!(s, x);
    /// assert_eq!(s.strides(), &[2 * 7, 2]);
    /// ```
    pub fn apply(self, array: &AnyArray) -> AnyArray {
        with_array!(array, a => {
            let data: Vec<_> = a.iter().copied().collect();
            AnyArray::from(self.build(a.shape(), &data))
        })
    }

    /// An array of `shape` with the C-ordered values `data`, in this layout.
    pub(crate) fn build<T: Drawable>(self, shape: &[usize], data: &[T]) -> ArrayD<T> {
        let c = ArrayView::from_shape(IxDyn(shape), data).expect("data matches the shape");
        let n = shape.len();
        match self {
            Layout::C => c.to_owned(),
            Layout::Fortran => {
                let mut out = ArrayD::from_elem(IxDyn(shape).f(), T::poison());
                out.assign(&c);
                out
            }
            Layout::Transposed if n >= 2 => {
                let mut swapped = shape.to_vec();
                swapped.swap(n - 2, n - 1);
                let mut out = ArrayD::from_elem(IxDyn(&swapped), T::poison());
                out.swap_axes(n - 2, n - 1);
                out.assign(&c);
                out
            }
            Layout::Transposed => c.to_owned(),
            Layout::Strided if n >= 1 => {
                let stepped = |k: usize| k == 0 || k == n - 1;
                let big: Vec<usize> = shape
                    .iter()
                    .enumerate()
                    .map(|(k, &s)| if stepped(k) { 2 * s + 1 } else { s })
                    .collect();
                let mut out = ArrayD::from_elem(IxDyn(&big), T::poison());
                out.slice_each_axis_inplace(|ax| {
                    if stepped(ax.axis.index()) {
                        Slice::new(1, None, 2)
                    } else {
                        Slice::from(..)
                    }
                });
                out.assign(&c);
                out
            }
            Layout::Strided => c.to_owned(),
            Layout::Reversed => {
                let mut out = ArrayD::from_elem(IxDyn(shape), T::poison());
                for k in 0..n {
                    out.invert_axis(Axis(k));
                }
                out.assign(&c);
                out
            }
        }
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A layout, each equally likely; shrinks toward [`Layout::C`].
///
/// ```
/// use conformance_strategies::{layouts, Layout};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let mut tree = layouts().new_tree(&mut runner).unwrap();
/// while tree.simplify() {}
/// assert_eq!(tree.current(), Layout::C);
/// ```
pub fn layouts() -> BoxedStrategy<Layout> {
    select(Layout::ALL.to_vec()).boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array;

    fn bits(a: &AnyArray) -> Vec<u64> {
        a.to_f64_vec().iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn every_layout_holds_the_same_values() {
        let data: Vec<f32> = (0..24).map(|i| i as f32 - 3.5).collect();
        let mut with_specials = data.clone();
        with_specials[1] = f32::NAN;
        with_specials[2] = -0.0;
        for shape in [
            vec![],
            vec![0],
            vec![5],
            vec![2, 3, 4],
            vec![4, 6],
            vec![1, 0, 3],
        ] {
            let len: usize = shape.iter().product();
            let x = AnyArray::from(
                Array::from_shape_vec(IxDyn(&shape), with_specials[..len].to_vec()).unwrap(),
            );
            for layout in Layout::ALL {
                let y = layout.apply(&x);
                assert_eq!(y.shape(), x.shape(), "{layout}");
                assert_eq!(bits(&y), bits(&x), "{layout} {shape:?}");
            }
        }
    }

    #[test]
    fn layouts_have_the_strides_they_promise() {
        let x =
            AnyArray::from(Array::from_shape_vec(IxDyn(&[2, 3, 4]), (0..24i64).collect()).unwrap());
        let c = Layout::C.apply(&x);
        assert!(c.is_standard_layout());
        assert_eq!(c.strides(), &[12, 4, 1]);
        let f = Layout::Fortran.apply(&x);
        assert_eq!(f.strides(), &[1, 2, 6]);
        let t = Layout::Transposed.apply(&x);
        assert_eq!(t.strides(), &[12, 1, 3]);
        assert!(!t.is_standard_layout());
        let s = Layout::Strided.apply(&x);
        // The big array is [5, 3, 9]: strides 27, 9, 1, doubled on stepped axes.
        assert_eq!(s.strides(), &[54, 9, 2]);
        let r = Layout::Reversed.apply(&x);
        assert_eq!(r.strides(), &[-12, -4, -1]);
        for y in [&f, &t, &s, &r] {
            assert!(!y.is_standard_layout());
            assert_eq!(*y, x);
        }
        let s1 = with_array!(&s, a => a.as_slice_memory_order().is_none());
        assert!(s1, "a strided view is not contiguous in any order");
    }

    #[test]
    fn names_read_as_the_report_prints_them() {
        let names: Vec<String> = Layout::ALL.iter().map(|l| l.to_string()).collect();
        assert_eq!(
            names,
            [
                "C layout",
                "Fortran layout",
                "transposed view",
                "strided view",
                "negative-stride view"
            ]
        );
    }
}
