//! Shapes and axes: broadcasting two or more shapes, normalising the
//! negative axes the standard allows, the axis a cumulative function scans,
//! and how many elements a reduction combines.

use crate::api::{ApiError, ApiResult};

/// The broadcast of `shapes` by the standard's rules (align on the right,
/// size-1 and missing dimensions stretch), or an error naming the clash.
pub fn broadcast_shapes(function: &'static str, shapes: &[&[usize]]) -> ApiResult<Vec<usize>> {
    let ndim = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = vec![1usize; ndim];
    for shape in shapes {
        let offset = ndim - shape.len();
        for (i, &side) in shape.iter().enumerate() {
            let slot = &mut out[offset + i];
            if *slot == 1 {
                *slot = side;
            } else if side != 1 && side != *slot {
                return Err(ApiError::invalid(
                    function,
                    format!("shapes {shapes:?} cannot be broadcast together"),
                ));
            }
        }
    }
    Ok(out)
}

/// `axis` as an index into `ndim` dimensions (negative counts from the end).
pub fn normalize_axis(function: &'static str, axis: isize, ndim: usize) -> ApiResult<usize> {
    let n = ndim as isize;
    let a = if axis < 0 { axis + n } else { axis };
    if (0..n).contains(&a) {
        Ok(a as usize)
    } else {
        Err(ApiError::invalid(
            function,
            format!("axis {axis} is out of bounds for an array of {ndim} dimensions"),
        ))
    }
}

/// Normalised, sorted, duplicate-free axes; `None` means every axis.
pub fn normalize_axes(
    function: &'static str,
    axes: Option<&[isize]>,
    ndim: usize,
) -> ApiResult<Vec<usize>> {
    let Some(axes) = axes else {
        return Ok((0..ndim).collect());
    };
    let mut out = axes
        .iter()
        .map(|&a| normalize_axis(function, a, ndim))
        .collect::<ApiResult<Vec<_>>>()?;
    out.sort_unstable();
    let before = out.len();
    out.dedup();
    if out.len() != before {
        return Err(ApiError::invalid(
            function,
            format!("repeated axis in {axes:?}"),
        ));
    }
    Ok(out)
}

/// The axis `cumulative_sum` and `cumulative_prod` scan: `axis` normalised,
/// or, without one, the only axis of a 1-d array. A 0-d array has no axis
/// to scan, and an array of more dimensions needs `axis` (the standard: it
/// "must be provided" there).
pub fn scan_axis(function: &'static str, axis: Option<isize>, ndim: usize) -> ApiResult<usize> {
    if ndim == 0 {
        return Err(ApiError::invalid(
            function,
            "x must have at least one dimension",
        ));
    }
    match axis {
        Some(axis) => normalize_axis(function, axis, ndim),
        None if ndim == 1 => Ok(0),
        None => Err(ApiError::invalid(
            function,
            format!("axis must be given for an array of {ndim} dimensions"),
        )),
    }
}

/// How many elements of an array of `shape` a reduction over `axes`
/// (normalised) combines into each result: the product of their sides, 1
/// for no axis. Where it is 0 a reduction without an identity (`max`,
/// `argmax`, ...) has no value.
pub fn reduced_count(shape: &[usize], axes: &[usize]) -> usize {
    axes.iter().map(|&d| shape[d]).product()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcasting_follows_the_standard() {
        assert_eq!(
            broadcast_shapes("f", &[&[2, 1, 3], &[4, 1]]).unwrap(),
            vec![2, 4, 3]
        );
        assert_eq!(broadcast_shapes("f", &[&[], &[0, 3]]).unwrap(), vec![0, 3]);
        assert_eq!(broadcast_shapes("f", &[&[1], &[0]]).unwrap(), vec![0]);
        assert!(broadcast_shapes("f", &[&[2], &[3]]).is_err());
    }

    #[test]
    fn axes_normalise_and_reject_out_of_range() {
        assert_eq!(normalize_axis("f", -1, 3).unwrap(), 2);
        assert!(normalize_axis("f", 3, 3).is_err());
        assert!(normalize_axis("f", 0, 0).is_err());
        assert_eq!(normalize_axes("f", Some(&[-1, 0]), 3).unwrap(), vec![0, 2]);
        assert!(normalize_axes("f", Some(&[1, -2]), 3).is_err());
        assert_eq!(normalize_axes("f", None, 2).unwrap(), vec![0, 1]);
    }

    #[test]
    fn scans_need_an_axis_unless_one_d() {
        assert_eq!(scan_axis("f", None, 1).unwrap(), 0);
        assert_eq!(scan_axis("f", Some(-1), 3).unwrap(), 2);
        assert!(scan_axis("f", None, 2).is_err());
        assert!(scan_axis("f", Some(0), 0).is_err());
        assert!(scan_axis("f", Some(3), 3).is_err());
    }

    #[test]
    fn reduced_counts_multiply_the_reduced_sides() {
        assert_eq!(reduced_count(&[2, 3, 4], &[0, 2]), 8);
        assert_eq!(reduced_count(&[2, 0, 4], &[1]), 0);
        assert_eq!(reduced_count(&[2, 3], &[]), 1);
    }
}
