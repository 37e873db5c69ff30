//! Labelled inputs: what a check draws, printed with every argument named
//! (`x1: float32 [2, 1] [[NaN], [-0.0]] (transposed view)`), so a
//! counterexample says which argument is which.

use std::fmt;

use conformance_strategies::DrawnArray;

/// Arrays drawn for one call, with their parameter names.
#[derive(Clone, PartialEq)]
pub struct Arrays {
    pub names: &'static [&'static str],
    pub arrays: Vec<DrawnArray>,
}

impl fmt::Debug for Arrays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, a)) in self.names.iter().zip(&self.arrays).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{name}: {a:?}")?;
        }
        Ok(())
    }
}

/// The parameter names of a function of `arity` arrays.
pub fn names(arity: usize) -> &'static [&'static str] {
    match arity {
        1 => &["x"],
        2 => &["x1", "x2"],
        _ => &["x", "min", "max"],
    }
}

/// An argument besides the arrays, printed `name: value`.
#[derive(Clone, PartialEq)]
pub struct Labelled<T> {
    pub name: &'static str,
    pub value: T,
}

impl<T: fmt::Debug> fmt::Debug for Labelled<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {:?}", self.name, self.value)
    }
}

/// Prints a check's whole input, one argument a line: the arrays, then the
/// keyword arguments.
#[derive(Clone, PartialEq)]
pub struct Call<K> {
    pub arrays: Arrays,
    pub kwargs: K,
}

impl<K: fmt::Debug> fmt::Debug for Call<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}\n{:?}", self.arrays, self.kwargs)
    }
}
