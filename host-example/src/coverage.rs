//! The coverage table: every function of the standard (from
//! `spec/functions.tsv`), whether this host's reference implements it, and
//! the checks that cover it. The README carries the table; a test keeps it
//! equal to [`table`].

use crate::checks;
use crate::reference;

const FUNCTIONS: &str = array_api::spec::FUNCTIONS_TSV;

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
}

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
            // Array API namespaces have no group named `inspection` in our
            // API; `fft` is not implemented.
            let ours = !matches!(group, "fft_ext" | "inspection") && ops.implements(name);
            let checks = if ours {
                suite
                    .checks()
                    .iter()
                    .filter(|c| c.function == name)
                    .map(|c| c.id.to_string())
                    .collect()
            } else {
                Vec::new()
            };
            Row {
                group: group.to_string(),
                qualname: qualname.to_string(),
                implemented: ours,
                checks,
            }
        })
        .collect()
}

/// The Markdown table the README holds between its coverage markers.
pub fn table() -> String {
    let rows = rows();
    let implemented = rows.iter().filter(|r| r.implemented).count();
    let checked = rows.iter().filter(|r| !r.checks.is_empty()).count();
    let mut out = format!(
        "{} functions in the standard (2025.12); {implemented} implemented by the reference; {checked} with checks.\n\n| group | function | reference | checks |\n|---|---|---|---|\n",
        rows.len()
    );
    for r in rows {
        let checks = if r.checks.is_empty() {
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
            if r.implemented { "yes" } else { "no" }
        ));
    }
    out
}
