//! [`ConfigError`]: every way a run can be set up wrong. Each message names
//! the problem and, where there is one, the fix; the command line maps all of
//! them to exit code 2.

use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error, PartialEq)]
pub enum ConfigError {
    #[error("unknown backend `{name}`{}; known backends: {}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default(), known.join(", "))]
    UnknownBackend {
        name: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    #[error("backend name `{name}` is already taken by backend `{holder}`")]
    DuplicateBackendName { name: String, holder: String },
    #[error("no backend given: pass --backend NAME or set CONFORMANCE_BACKEND; known backends: {}", known.join(", "))]
    NoBackend { known: Vec<String> },
    #[error("unknown function `{name}`{}: the suite has no check of it (see --list)", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownFunction {
        name: String,
        suggestion: Option<String>,
    },
    #[error("unknown extension `{name}`; the suite's extensions are: {}", if known.is_empty() { "none".to_string() } else { known.join(", ") })]
    UnknownExtension { name: String, known: Vec<String> },
    /// A disabled tag that no check carries and no tag flag declares.
    #[error("unknown tag `{name}`; the suite's tags are: {}", if known.is_empty() { "none".to_string() } else { known.join(", ") })]
    UnknownTag {
        /// The tag as given.
        name: String,
        /// The tags the suite's checks carry or the host's flags declare.
        known: Vec<String>,
    },
    #[error("filter `{pattern}` matches no check (see --list for the ids)")]
    FilterMatchesNothing { pattern: String },
    #[error("cannot read {kind} file {}: {reason}", path.display())]
    UnreadableFile {
        kind: &'static str,
        path: PathBuf,
        reason: String,
    },
    #[error("{}:{line}: {problem}", path.display())]
    MalformedEntry {
        path: PathBuf,
        line: usize,
        problem: String,
    },
    #[error("--isolate needs the host's own binary to start children, and this host's command does not give one (a binary built on conformance_engine::cli::main does)")]
    IsolationUnavailable,
    #[error("invalid value for {flag}: {problem}")]
    InvalidValue { flag: &'static str, problem: String },
    #[error("check `{check}` depends on `{dependency}`, which the suite does not have")]
    UnknownDependency { check: String, dependency: String },
    #[error("check `{check}` depends on itself through a cycle of dependencies")]
    DependencyCycle { check: String },
}
