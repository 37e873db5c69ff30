//! [`ConfigError`]: every way a run can be set up wrong. Each message names
//! the problem and, where there is one, the fix; the command line maps all of
//! them to exit code 2.

use std::path::PathBuf;

use thiserror::Error;

/// A run set up wrong: an unknown name, a malformed file or value, a
/// dependency that cannot be satisfied. Found before any check runs.
#[derive(Debug, Error, PartialEq)]
pub enum ConfigError {
    /// `--backend` (or `CONFORMANCE_BACKEND`) names no registered backend.
    #[error("unknown backend `{name}`{}; known backends: {}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default(), known.join(", "))]
    UnknownBackend {
        /// The name as given.
        name: String,
        /// The canonical name of a backend whose name or alias is close
        /// enough to be the intended one; `None` if none is.
        suggestion: Option<String>,
        /// The canonical names of the registered backends.
        known: Vec<String>,
    },
    /// A backend registered under a name or alias another backend already
    /// holds.
    #[error("backend name `{name}` is already taken by backend `{holder}`")]
    DuplicateBackendName {
        /// The name or alias asked for.
        name: String,
        /// The canonical name of the backend that already holds it.
        holder: String,
    },
    /// No backend chosen: neither `--backend` nor `CONFORMANCE_BACKEND` is
    /// set (or it is empty).
    #[error("no backend given: pass --backend NAME or set CONFORMANCE_BACKEND; known backends: {}", known.join(", "))]
    NoBackend {
        /// The canonical names of the registered backends.
        known: Vec<String>,
    },
    /// A selected function that no check of the suite tests.
    #[error("unknown function `{name}`{}: the suite has no check of it (see --list)", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownFunction {
        /// The function as given.
        name: String,
        /// A function of the suite close enough to be the intended one;
        /// `None` if none is.
        suggestion: Option<String>,
    },
    /// A disabled extension that no check of the suite belongs to.
    #[error("unknown extension `{name}`; the suite's extensions are: {}", if known.is_empty() { "none".to_string() } else { known.join(", ") })]
    UnknownExtension {
        /// The extension as given.
        name: String,
        /// The extensions the suite's checks belong to.
        known: Vec<String>,
    },
    /// A disabled tag that no check carries and no tag flag declares.
    #[error("unknown tag `{name}`; the suite's tags are: {}", if known.is_empty() { "none".to_string() } else { known.join(", ") })]
    UnknownTag {
        /// The tag as given.
        name: String,
        /// The tags the suite's checks carry or the host's flags declare.
        known: Vec<String>,
    },
    /// A `-k` filter entry that selects no check of the suite.
    #[error("filter `{pattern}` matches no check (see --list for the ids)")]
    FilterMatchesNothing {
        /// The `-k` entry, trimmed.
        pattern: String,
    },
    /// A run whose selection leaves nothing to run: the filters, functions
    /// and partition together select no check, or every check they select
    /// is skipped by the configuration itself (`--ci`, a disabled extension
    /// or tag, the skips file). A run that checks nothing is not a pass.
    /// (Checks the backend does not implement are not this case: they are
    /// `SKIPPED (not implemented)` in a report.)
    #[error("nothing to run: {reason}; a run that checks nothing is not a pass (see --list with the same flags)")]
    NothingToRun {
        /// What selected nothing, or what skips everything selected:
        /// `-k elementwise::abs and --partition 1/2 select no check together`.
        reason: String,
    },
    /// A skips or xfails file that could not be read.
    #[error("cannot read {kind} file {}: {reason}", path.display())]
    UnreadableFile {
        /// Which list: `skips` or `xfails`
        /// ([`ListKind::name`](crate::skip_list::ListKind::name)).
        kind: &'static str,
        /// The file as given.
        path: PathBuf,
        /// The I/O error's message.
        reason: String,
    },
    /// A line of a skips or xfails file (or a `-k` filter) that is no
    /// valid entry.
    #[error("{}:{line}: {problem}", path.display())]
    MalformedEntry {
        /// The file, or `-k` for the filters.
        path: PathBuf,
        /// The line number, from 1.
        line: usize,
        /// What is wrong with the entry, and the valid forms.
        problem: String,
    },
    /// `--isolate` asked for, but the host's command cannot start itself as
    /// a child.
    #[error("--isolate needs the host's own binary to start children, and this host's command does not give one (a binary built on conformance_engine::cli::main does)")]
    IsolationUnavailable,
    /// A flag or environment variable given a value it cannot take.
    #[error("invalid value for {flag}: {problem}")]
    InvalidValue {
        /// The flag or environment variable (`--jobs`, `PROPTEST_CASES`).
        flag: &'static str,
        /// Why the value is refused.
        problem: String,
    },
    /// A check that depends on a check id the suite does not have.
    #[error("check `{check}` depends on `{dependency}`, which the suite does not have")]
    UnknownDependency {
        /// The id of the dependent check.
        check: String,
        /// The missing dependency's id.
        dependency: String,
    },
    /// A check that depends, directly or not, on itself.
    #[error("check `{check}` depends on itself through a cycle of dependencies")]
    DependencyCycle {
        /// The id of a check on the cycle.
        check: String,
    },
}
