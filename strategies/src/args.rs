//! Labelled draws: a check's input whose `Debug` names every argument, one
//! per line (`x1: float32 [2, 1] [[NaN], [-0.0]] (transposed view)`,
//! `axis: Some(-1)`), so a counterexample says which argument is which.
//!
//! Three forms, from most to least typed:
//!
//! - [`labelled!`](crate::labelled) declares a struct with named, typed
//!   fields and that `Debug`: the usual choice for a check;
//! - [`Labelled<T>`] names one value (`name: value`), for a tuple;
//! - [`Args`] is an ordered, dynamically typed list of named arguments,
//!   for code that builds argument lists at run time; values come back with
//!   [`Args::get`].
//!
//! Values are always printed with `{:?}`, never `{:#?}`, so the engine's
//! pretty-printed counterexample stays one line per argument.

use std::any::Any;
use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use crate::draw::DrawnArray;

/// Writes `name: value` lines (values with `{:?}`).
#[doc(hidden)]
pub fn write_labelled(
    f: &mut fmt::Formatter<'_>,
    fields: &[(&str, &dyn fmt::Debug)],
) -> fmt::Result {
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 {
            f.write_str("\n")?;
        }
        write!(f, "{name}: {value:?}")?;
    }
    Ok(())
}

/// Declares a struct whose `Debug` prints each field as `name: value` on
/// its own line. Attributes (such as `#[derive(Clone)]`) and visibilities
/// are kept.
///
/// ```
/// use conformance_strategies::{labelled, AnyArray, DrawnArray, Layout};
/// labelled! {
///     #[derive(Clone)]
///     pub struct SumInput {
///         pub x: DrawnArray,
///         pub axis: Option<isize>,
///         pub keepdims: bool,
///     }
/// }
/// let x = AnyArray::from(ndarray::arr1(&[f32::NAN, -0.0]).into_dyn());
/// let input = SumInput { x: DrawnArray { array: x, layout: Layout::C }, axis: Some(-1), keepdims: true };
/// assert_eq!(
///     format!("{input:#?}"),
///     "x: float32 [2] [NaN, -0.0] (C layout)\naxis: Some(-1)\nkeepdims: true"
/// );
/// ```
#[macro_export]
macro_rules! labelled {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $($fvis:vis $field:ident : $ty:ty),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $($fvis $field: $ty),*
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::args::write_labelled(
                    f,
                    &[$((::std::stringify!($field), &self.$field as &dyn ::std::fmt::Debug)),*],
                )
            }
        }
    };
}

/// One value with its argument name; `Debug` prints `name: value`, and it
/// dereferences to the value.
///
/// ```
/// use conformance_strategies::Labelled;
/// let axis = Labelled::new("axis", Some(-1isize));
/// assert_eq!(format!("{axis:#?}"), "axis: Some(-1)");
/// assert_eq!(*axis, Some(-1));
/// ```
#[derive(Clone, Copy, PartialEq)]
pub struct Labelled<T> {
    /// The argument's name, as the counterexample prints it.
    pub name: &'static str,
    /// The argument's value.
    pub value: T,
}

impl<T> Labelled<T> {
    /// `value`, named `name`.
    pub fn new(name: &'static str, value: T) -> Labelled<T> {
        Labelled { name, value }
    }

    /// The value, without its name.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for Labelled<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Labelled<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {:?}", self.name, self.value)
    }
}

trait ArgValue: Any + fmt::Debug + Send + Sync {
    fn as_any(&self) -> &dyn Any;
}

impl<T: Any + fmt::Debug + Send + Sync> ArgValue for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// An ordered list of named arguments of any types; `Debug` prints one per
/// line, `name: value`.
///
/// ```
/// use conformance_strategies::{Args, AnyArray, DrawnArray, Layout};
/// let x1 = DrawnArray {
///     array: Layout::Transposed.apply(&AnyArray::from(ndarray::arr2(&[[f32::NAN], [-0.0]]).into_dyn())),
///     layout: Layout::Transposed,
/// };
/// let args = Args::new().array("x1", x1).value("axis", Some(-1isize)).value("keepdims", true);
/// assert_eq!(
///     format!("{args:?}"),
///     "x1: float32 [2, 1] [[NaN], [-0.0]] (transposed view)\naxis: Some(-1)\nkeepdims: true"
/// );
/// assert_eq!(args.get::<Option<isize>>("axis"), Some(&Some(-1)));
/// assert_eq!(args.get::<bool>("axis"), None, "the type must match");
/// assert_eq!(args.get_array("x1").unwrap().shape(), &[2, 1]);
/// ```
#[derive(Clone, Default)]
pub struct Args {
    items: Vec<(Cow<'static, str>, Arc<dyn ArgValue>)>,
}

impl Args {
    /// A list with no argument.
    pub fn new() -> Args {
        Args::default()
    }

    /// Appends an array argument.
    pub fn array(self, name: impl Into<Cow<'static, str>>, array: DrawnArray) -> Args {
        self.value(name, array)
    }

    /// Appends an argument of any type.
    pub fn value<T: Any + fmt::Debug + Send + Sync>(
        mut self,
        name: impl Into<Cow<'static, str>>,
        value: T,
    ) -> Args {
        self.items.push((name.into(), Arc::new(value)));
        self
    }

    /// The argument `name` when it has type `T`.
    pub fn get<T: Any>(&self, name: &str) -> Option<&T> {
        self.items
            .iter()
            .find(|(n, _)| n == name)
            // `Arc<dyn ArgValue>` is itself an `ArgValue`: downcast what it holds.
            .and_then(|(_, v)| (**v).as_any().downcast_ref())
    }

    /// The array argument `name`.
    pub fn get_array(&self, name: &str) -> Option<&DrawnArray> {
        self.get(name)
    }

    /// The argument names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|(n, _)| n.as_ref())
    }

    /// The number of arguments.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there is no argument.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl fmt::Debug for Args {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields: Vec<(&str, &dyn fmt::Debug)> = self
            .items
            .iter()
            .map(|(n, v)| (n.as_ref(), v as &dyn fmt::Debug))
            .collect();
        write_labelled(f, &fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draw::tests::{minimise, runner};
    use crate::{arrays, axis_choice, DTypeGroup, Domain, ShapeSpec};
    use proptest::strategy::{Strategy, ValueTree};

    crate::labelled! {
        #[derive(Clone)]
        struct Input {
            x: DrawnArray,
            axis: isize,
            keepdims: bool,
        }
    }

    #[test]
    fn a_shrunk_counterexample_names_every_argument() {
        // A check over a labelled input, composed without flat_map.
        let s = (
            arrays(
                DTypeGroup::Floating,
                ShapeSpec::new(1, 3, 1, 4),
                Domain::any(),
            ),
            axis_choice(),
            proptest::prelude::any::<bool>(),
        )
            .prop_map(|(x, a, keepdims)| {
                let axis = a.resolve(x.ndim());
                Input { x, axis, keepdims }
            });
        let mut r = runner(31);
        let fails = |i: &Input| i.x.to_f64_vec().iter().any(|v| v.is_nan()) && i.keepdims;
        let mut tree = loop {
            let t = s.new_tree(&mut r).unwrap();
            if fails(&t.current()) {
                break t;
            }
        };
        minimise(&mut tree, fails);
        let text = format!("{:#?}", tree.current());
        assert_eq!(
            text, "x: float32 [1] [NaN] (C layout)\naxis: 0\nkeepdims: true",
            "{text}"
        );
    }

    #[test]
    fn args_keep_order_types_and_names() {
        let args = Args::new()
            .value("b", 2u8)
            .value(String::from("a"), vec![1, 2]);
        assert_eq!(args.names().collect::<Vec<_>>(), vec!["b", "a"]);
        assert_eq!(args.get::<Vec<i32>>("a"), Some(&vec![1, 2]));
        assert_eq!(args.get::<u8>("missing"), None);
        assert_eq!(format!("{args:#?}"), "b: 2\na: [1, 2]");
        assert_eq!((args.len(), Args::new().is_empty()), (2, true));
        let l = Labelled::new("x", vec![1.5]);
        assert_eq!(
            format!("{:#?}", (l.clone(), Labelled::new("k", false)))
                .lines()
                .count(),
            4
        );
        assert_eq!(l.into_inner(), vec![1.5]);
    }
}
