//! The coverage table: every function of the standard (from
//! `spec/functions.tsv`), whether this host's reference implements it, and
//! the checks that cover it, or why it cannot mean anything in a Rust host
//! ([`NOT_APPLICABLE`]). The README carries the table; a test keeps it
//! equal to [`table`].
//!
//! The inspection namespace `__array_namespace_info__()` is, in a Rust
//! host, the backend itself: its row counts as implemented when the
//! backend has the five methods, and its checks are theirs.

use crate::checks;
use crate::reference;

const FUNCTIONS: &str = array_api::spec::FUNCTIONS_TSV;

/// The functions of the standard that cannot mean anything in a Rust host,
/// with the reason.
pub const NOT_APPLICABLE: &[(&str, &str)] = &[(
    "from_dlpack",
    "DLPack exchanges arrays between Python libraries through `__dlpack__` capsules; a Rust host's backends take the host's own arrays (`asarray` is the round trip every check depends on)",
)];

/// The row standing for the inspection namespace object.
const NAMESPACE_INFO: &str = "__array_namespace_info__";

/// One row: the standard's group and qualified name, and what we have.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The standard's group (`elementwise`, `linalg_ext`, ...).
    pub group: String,
    /// The qualified name (`linalg.det`, `sqrt`).
    pub qualname: String,
    /// Whether the host's reference implements it.
    pub implemented: bool,
    /// The ids of the checks that call it.
    pub checks: Vec<String>,
    /// Why it does not apply to a Rust host, if it does not.
    pub not_applicable: Option<&'static str>,
}

/// The inspection methods the namespace object stands for.
const INSPECTION: &[&str] = &[
    "capabilities",
    "default_device",
    "default_dtypes",
    "devices",
    "dtypes",
];

/// A row per function of the standard, in the table's order.
pub fn rows() -> Vec<Row> {
    let ops = reference::ops();
    let suite = checks::suite();
    FUNCTIONS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let (group, name, qualname) = (cols[0], cols[1], cols[2]);
            let ours = if name == NAMESPACE_INFO {
                INSPECTION.iter().all(|f| ops.implements(f))
            } else {
                ops.implements(name)
            };
            let checks = if ours {
                suite
                    .checks()
                    .iter()
                    .filter(|c| {
                        if name == NAMESPACE_INFO {
                            INSPECTION.contains(&c.function.as_str())
                        } else {
                            c.function == name
                        }
                    })
                    .map(|c| c.id.to_string())
                    .collect()
            } else {
                Vec::new()
            };
            let not_applicable = NOT_APPLICABLE
                .iter()
                .find(|(f, _)| *f == name)
                .map(|(_, why)| *why);
            Row {
                group: group.to_string(),
                qualname: qualname.to_string(),
                implemented: ours,
                checks,
                not_applicable,
            }
        })
        .collect()
}

/// The Markdown table the README holds between its coverage markers.
pub fn table() -> String {
    let rows = rows();
    let implemented = rows.iter().filter(|r| r.implemented).count();
    let checked = rows.iter().filter(|r| !r.checks.is_empty()).count();
    let not_applicable = rows.iter().filter(|r| r.not_applicable.is_some()).count();
    let mut out = format!(
        "{} functions in the standard (2025.12); {implemented} implemented by the reference; {checked} with checks; {not_applicable} not applicable to a Rust host.\n\n| group | function | reference | checks |\n|---|---|---|---|\n",
        rows.len()
    );
    for r in rows {
        let checks = if let Some(why) = r.not_applicable {
            format!("not applicable: {why}")
        } else if r.checks.is_empty() {
            "—".to_string()
        } else {
            r.checks
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "| {} | `{}` | {} | {checks} |\n",
            r.group,
            r.qualname,
            match (r.implemented, r.not_applicable) {
                (true, _) => "yes",
                (false, Some(_)) => "n/a",
                (false, None) => "no",
            }
        ));
    }
    out
}
