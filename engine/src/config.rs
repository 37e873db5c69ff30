//! [`RunConfig`]: everything one run needs, built and validated once (by the
//! command line or by a test) and passed explicitly. Nothing reads the
//! environment after this point.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use crate::error::ConfigError;
use crate::isolate::ChildCommand;
use crate::property::ExampleBudget;
use crate::selection::SkipList;

/// Which checks a run covers.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// `-k` entries (same syntax as a skips entry: a check id, a function,
    /// or a `group::`); empty means every check.
    pub filters: Vec<String>,
    /// Function names; empty means every function. An unknown name is an
    /// error.
    pub functions: Vec<String>,
    /// `--ci`: primary and special-case checks only.
    pub ci: bool,
    pub disabled_extensions: Vec<String>,
    pub disable_data_dependent_shapes: bool,
    pub partition: Option<Partition>,
}

/// Slice `index` (1-based) of `count`: every `count`-th check of the suite,
/// so the slices together cover each check exactly once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Partition {
    pub index: usize,
    pub count: usize,
}

impl FromStr for Partition {
    type Err = ConfigError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = |problem: &str| ConfigError::InvalidValue {
            flag: "--partition",
            problem: format!("`{text}`: {problem}; write K/N with 1 <= K <= N, e.g. 2/4"),
        };
        let (k, n) = text.split_once('/').ok_or_else(|| bad("no `/`"))?;
        let index: usize = k
            .trim()
            .parse()
            .map_err(|_| bad("K is not a whole number"))?;
        let count: usize = n
            .trim()
            .parse()
            .map_err(|_| bad("N is not a whole number"))?;
        if count == 0 || index == 0 || index > count {
            return Err(bad("K must be between 1 and N"));
        }
        Ok(Partition { index, count })
    }
}

impl Partition {
    /// Whether the check at `position` in the suite belongs to this slice.
    pub fn contains(&self, position: usize) -> bool {
        position % self.count == self.index - 1
    }
}

/// The whole configuration of a run.
#[derive(Clone, Debug)]
pub struct RunConfig {
    /// The backend's name or alias in the registry.
    pub backend: String,
    /// The run seed; `None` draws one (and the report prints it).
    pub seed: Option<u64>,
    pub budget: ExampleBudget,
    pub selection: Selection,
    pub skips: Option<SkipList>,
    pub xfails: Option<SkipList>,
    /// Worker threads; `None` uses every core.
    pub jobs: Option<usize>,
    /// A check running longer is `FAILED (timed out after N s)`.
    pub timeout: Option<Duration>,
    /// Stop starting checks after the first failure.
    pub fail_fast: bool,
    /// Count an XPASS as a failure.
    pub strict_xfail: bool,
    /// Run each check in a child process started so (see `isolate`);
    /// `None` runs checks on threads of this process.
    pub isolate: Option<ChildCommand>,
    /// How a replay command starts, e.g. `cargo run --release --`.
    pub replay_prefix: String,
}

impl RunConfig {
    /// Defaults for the library call: 100 examples, every core, a 300 s
    /// timeout, skips and xfails files not read.
    pub fn new(backend: impl Into<String>) -> RunConfig {
        RunConfig {
            backend: backend.into(),
            seed: None,
            budget: ExampleBudget::default(),
            selection: Selection::default(),
            skips: None,
            xfails: None,
            jobs: None,
            timeout: Some(Duration::from_secs(300)),
            fail_fast: false,
            strict_xfail: false,
            isolate: None,
            replay_prefix: "cargo run --release --".to_string(),
        }
    }

    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    pub fn max_examples(mut self, n: u32) -> Self {
        self.budget.max_examples = n;
        self
    }

    pub fn jobs(mut self, jobs: usize) -> Self {
        self.jobs = Some(jobs);
        self
    }

    /// Restricts the run to these functions.
    pub fn functions(mut self, functions: &[&str]) -> Self {
        self.selection.functions = functions.iter().map(|f| f.to_string()).collect();
        self
    }

    /// Restricts the run to checks matching this entry (`-k`).
    pub fn filter(mut self, entry: &str) -> Self {
        self.selection.filters.push(entry.to_string());
        self
    }

    /// Checks what can be checked without the suite.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.budget.max_examples == 0 {
            return Err(ConfigError::InvalidValue {
                flag: "--max-examples",
                problem: "0 examples would check nothing; give a whole number of at least 1".into(),
            });
        }
        if self.jobs == Some(0) {
            return Err(ConfigError::InvalidValue {
                flag: "--jobs",
                problem: "0 threads cannot run anything; give at least 1".into(),
            });
        }
        if self.timeout == Some(Duration::ZERO) {
            return Err(ConfigError::InvalidValue {
                flag: "--timeout",
                problem: "a timeout of 0 s fails every check; give a positive number of seconds"
                    .into(),
            });
        }
        Ok(())
    }
}

/// Reads a skips or xfails file, or the default one when it exists.
pub fn read_list(
    explicit: Option<PathBuf>,
    default_name: &str,
    kind: crate::selection::ListKind,
) -> Result<Option<SkipList>, ConfigError> {
    match explicit {
        Some(path) => SkipList::from_file(&path, kind).map(Some),
        None => {
            let path = PathBuf::from(default_name);
            if path.is_file() {
                SkipList::from_file(&path, kind).map(Some)
            } else {
                Ok(None)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_parse_and_cover_each_position_once() {
        let parts: Vec<Partition> = (1..=3).map(|k| format!("{k}/3").parse().unwrap()).collect();
        for position in 0..20 {
            assert_eq!(parts.iter().filter(|p| p.contains(position)).count(), 1);
        }
        for bad in ["0/3", "4/3", "1/0", "x/2", "2", "1/y"] {
            let err = bad.parse::<Partition>().unwrap_err().to_string();
            assert!(err.contains("--partition"), "{err}");
        }
    }

    #[test]
    fn validation_names_the_flag() {
        let err = RunConfig::new("cpu")
            .max_examples(0)
            .validate()
            .unwrap_err();
        assert!(err.to_string().contains("--max-examples"));
        assert!(RunConfig::new("cpu").jobs(0).validate().is_err());
        assert!(RunConfig::new("cpu").validate().is_ok());
    }
}
