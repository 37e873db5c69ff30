//! The values a run produces: a [`Status`] and a [`CheckReport`] per check,
//! gathered in a [`RunReport`]. Reporters print these; nothing here prints.

use std::time::Duration;

use crate::check::{CheckId, Tags};
use crate::property::{Deviation, Failure};

/// What became of one check.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Every example passed.
    Passed,
    /// A failure that no xfails entry expected.
    Failed(Failure),
    /// Not run: the reason says why (`not implemented`, `skips.txt:3`,
    /// `disabled extension linalg`, ...).
    Skipped(String),
    /// Listed in the xfails file and failed, as expected.
    XFail {
        /// The xfails entry that lists the check, as `file:line`.
        entry: String,
        /// How the check failed.
        failure: Failure,
    },
    /// Listed in the xfails file but passed: the entry can be removed.
    XPass {
        /// The xfails entry that lists the check, as `file:line`.
        entry: String,
    },
    /// Not run because a check it depends on failed: the check could not
    /// be verified, which fails the run ([`RunReport::is_failure`]). The
    /// dependency is in the report too, selected or not, with its failure
    /// in full. An `XFAIL` dependency blocks nothing: its dependents run.
    Blocked {
        /// The first of the check's dependencies, in declaration order,
        /// that failed or was blocked itself.
        needs: CheckId,
    },
}

impl Status {
    /// The upper-case word a report shows: `PASSED`, `FAILED`, ...
    pub fn label(&self) -> &'static str {
        match self {
            Status::Passed => "PASSED",
            Status::Failed(_) => "FAILED",
            Status::Skipped(_) => "SKIPPED",
            Status::XFail { .. } => "XFAIL",
            Status::XPass { .. } => "XPASS",
            Status::Blocked { .. } => "BLOCKED",
        }
    }

    /// The lower-case key used in JSON and in the summary line.
    pub fn key(&self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed(_) => "failed",
            Status::Skipped(_) => "skipped",
            Status::XFail { .. } => "xfail",
            Status::XPass { .. } => "xpass",
            Status::Blocked { .. } => "blocked",
        }
    }

    /// The failure, for `FAILED` and `XFAIL`.
    pub fn failure(&self) -> Option<&Failure> {
        match self {
            Status::Failed(f) | Status::XFail { failure: f, .. } => Some(f),
            _ => None,
        }
    }
}

/// The result of one check.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckReport {
    /// The check's id.
    pub id: CheckId,
    /// The backend function the check needs.
    pub function: String,
    /// The check's extension, labels and tier.
    pub tags: Tags,
    /// Whether the run's selection (`-k`, `--functions`, `--partition`)
    /// chose the check. An unselected check is reported only when it is a
    /// dependency of a selected check and its failure (or its own block)
    /// blocked that check: its status is then `FAILED` or `BLOCKED`.
    pub selected: bool,
    /// What became of the check.
    pub status: Status,
    /// Examples run (0 for a check that did not run).
    pub examples: u32,
    /// The worst deviation among the passing examples, so drift shows
    /// before a check fails: over every passing example, of a failed check
    /// too (the failing examples' errors are in their messages); `None`
    /// when no example passed,
    /// the check did not run, or it ended without an outcome (a panic
    /// outside its examples, a timeout, a crash of its child process).
    pub worst: Option<Deviation>,
    /// Wall time; the one field that differs between identical runs.
    pub duration: Duration,
    /// The seed this check's examples were drawn from (derived from the run
    /// seed and the id), in hex.
    pub check_seed: String,
    /// A command that replays this check alone with the same examples.
    pub replay: String,
}

/// Counts of each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Checks [`Status::Passed`].
    pub passed: usize,
    /// Checks [`Status::Failed`].
    pub failed: usize,
    /// Checks [`Status::Skipped`].
    pub skipped: usize,
    /// Checks [`Status::XFail`].
    pub xfail: usize,
    /// Checks [`Status::XPass`].
    pub xpass: usize,
    /// Checks [`Status::Blocked`].
    pub blocked: usize,
}

impl Summary {
    /// Every check counted: the run's reported checks.
    pub fn total(&self) -> usize {
        self.passed + self.failed + self.skipped + self.xfail + self.xpass + self.blocked
    }
}

/// The whole run.
#[derive(Clone, Debug, PartialEq)]
pub struct RunReport {
    /// The suite's name ([`Suite::name`](crate::Suite::name)).
    pub suite: String,
    /// The backend's canonical name.
    pub backend: String,
    /// The run seed, given or drawn; passing it again repeats the run.
    pub seed: u64,
    /// Examples per check the run was allowed.
    pub max_examples: u32,
    /// `K/N` when the run was one slice of a partitioned suite.
    pub partition: Option<(usize, usize)>,
    /// Whether an XPASS counts as a failure.
    pub strict_xfail: bool,
    /// In suite order.
    pub checks: Vec<CheckReport>,
    /// Problems worth a look that did not stop the run: skips entries that
    /// matched nothing, shrinking that hit its time budget.
    pub warnings: Vec<String>,
    /// Wall time of the whole run.
    pub duration: Duration,
    /// Whether the run's [`Interrupt`](crate::config::Interrupt) (SIGINT,
    /// SIGTERM) stopped it early: the checks it kept from starting, or
    /// abandoned while running, are `SKIPPED` with the reason
    /// `not run: interrupted` or `interrupted while running`.
    pub interrupted: bool,
}

impl RunReport {
    /// The count of each status among the checks.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for c in &self.checks {
            match c.status {
                Status::Passed => s.passed += 1,
                Status::Failed(_) => s.failed += 1,
                Status::Skipped(_) => s.skipped += 1,
                Status::XFail { .. } => s.xfail += 1,
                Status::XPass { .. } => s.xpass += 1,
                Status::Blocked { .. } => s.blocked += 1,
            }
        }
        s
    }

    /// The first failure in suite order (not in time): the first `FAILED`
    /// (or `XPASS` under `--strict-xfail`), else the first `BLOCKED`. A
    /// run reports the failed dependency of a blocked check, so this is the
    /// failure to look at first.
    pub fn first_failure(&self) -> Option<&CheckReport> {
        self.checks
            .iter()
            .find(|c| {
                matches!(c.status, Status::Failed(_))
                    || (self.strict_xfail && matches!(c.status, Status::XPass { .. }))
            })
            .or_else(|| {
                self.checks
                    .iter()
                    .find(|c| matches!(c.status, Status::Blocked { .. }))
            })
    }

    /// Whether the run failed: a `FAILED`, a `BLOCKED` (a check that could
    /// not be verified because what it depends on failed), or an `XPASS`
    /// under `--strict-xfail`.
    pub fn is_failure(&self) -> bool {
        self.first_failure().is_some()
    }
}
