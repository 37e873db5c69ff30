//! [`BackendRegistry`]: backends by name and alias, resolved with a
//! did-you-mean error that lists every known name.

use std::sync::Arc;

use crate::error::ConfigError;

/// What the engine needs to know of a backend: its name and which
/// functions it provides. A check whose function the backend lacks is
/// `SKIPPED (not implemented)` and never run, so a silent fallback to the
/// reference cannot pass.
pub trait BackendUnderTest: Send + Sync + 'static {
    /// The backend's canonical name: what `--backend` takes (besides the
    /// aliases of [`BackendRegistry::register`]), what reports and replay
    /// commands say. Written once, here: the registry, the library call and
    /// the harness all take it from the backend.
    fn name(&self) -> &str;

    /// Whether the backend provides the function `function`.
    fn implements(&self, function: &str) -> bool;
}

/// One registered backend.
pub struct RegisteredBackend<B> {
    /// The backend's name ([`BackendUnderTest::name`]).
    pub name: String,
    /// Other names `--backend` accepts for it.
    pub aliases: Vec<String>,
    /// One line on the backend, shown by `--list-backends`.
    pub description: String,
    /// The backend itself, shared with the threads that run its checks.
    pub backend: Arc<B>,
}

/// Backends by name. Names and aliases are unique across the registry.
pub struct BackendRegistry<B> {
    entries: Vec<RegisteredBackend<B>>,
}

impl<B> Default for BackendRegistry<B> {
    fn default() -> Self {
        BackendRegistry {
            entries: Vec::new(),
        }
    }
}

impl<B> BackendRegistry<B> {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `backend` under its name ([`BackendUnderTest::name`]) and
    /// `aliases`; a name already taken is an error naming the backend that
    /// holds it.
    pub fn register(
        &mut self,
        aliases: &[&str],
        description: &str,
        backend: B,
    ) -> Result<(), ConfigError>
    where
        B: BackendUnderTest,
    {
        let name = backend.name().to_string();
        for candidate in std::iter::once(name.as_str()).chain(aliases.iter().copied()) {
            if let Some(holder) = self.find(candidate) {
                return Err(ConfigError::DuplicateBackendName {
                    name: candidate.to_string(),
                    holder: holder.name.clone(),
                });
            }
        }
        self.entries.push(RegisteredBackend {
            name,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            description: description.to_string(),
            backend: Arc::new(backend),
        });
        Ok(())
    }

    fn find(&self, name: &str) -> Option<&RegisteredBackend<B>> {
        self.entries
            .iter()
            .find(|e| e.name == name || e.aliases.iter().any(|a| a == name))
    }

    /// The backend called `name` (or aliased so). An unknown name is an
    /// error that lists the known names and suggests the closest.
    pub fn resolve(&self, name: &str) -> Result<&RegisteredBackend<B>, ConfigError> {
        self.find(name).ok_or_else(|| {
            let known = self.names();
            let all: Vec<&str> = self
                .entries
                .iter()
                .flat_map(|e| {
                    std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str))
                })
                .collect();
            ConfigError::UnknownBackend {
                name: name.to_string(),
                suggestion: closest(name, &all).map(|s| {
                    self.find(s)
                        .map(|e| e.name.clone())
                        .unwrap_or_else(|| s.to_string())
                }),
                known,
            }
        })
    }

    /// Canonical names, in registration order.
    pub fn names(&self) -> Vec<String> {
        self.entries.iter().map(|e| e.name.clone()).collect()
    }

    /// The registered backends, in registration order.
    pub fn entries(&self) -> &[RegisteredBackend<B>] {
        &self.entries
    }
}

/// The candidate nearest to `word` by edit distance, if it is near enough
/// to be a plausible typo (at most a third of the word's length, at least 1).
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (edit_distance(&word.to_lowercase(), &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(prev + usize::from(ca != cb));
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A backend that is only its name and a number.
    #[derive(Debug, PartialEq)]
    struct Named(&'static str, u8);

    impl BackendUnderTest for Named {
        fn name(&self) -> &str {
            self.0
        }
        fn implements(&self, _: &str) -> bool {
            true
        }
    }

    fn registry() -> BackendRegistry<Named> {
        let mut r = BackendRegistry::new();
        r.register(&["reference"], "the reference", Named("cpu", 0))
            .unwrap();
        r.register(&["rayon"], "rayon", Named("parallel", 1))
            .unwrap();
        r
    }

    #[test]
    fn resolves_names_and_aliases() {
        let r = registry();
        assert_eq!(
            *r.resolve("parallel").unwrap().backend,
            Named("parallel", 1)
        );
        assert_eq!(r.resolve("rayon").unwrap().name, "parallel");
        assert_eq!(r.resolve("reference").unwrap().name, "cpu");
    }

    #[test]
    fn unknown_name_lists_known_and_suggests() {
        let err = registry().resolve("paralel").err().unwrap();
        let text = err.to_string();
        assert!(text.contains("unknown backend `paralel`"), "{text}");
        assert!(text.contains("did you mean `parallel`?"), "{text}");
        assert!(text.contains("cpu, parallel"), "{text}");
        let text = registry().resolve("metal").err().unwrap().to_string();
        assert!(!text.contains("did you mean"), "{text}");
    }

    #[test]
    fn alias_typo_suggests_canonical_name() {
        let text = registry().resolve("rayn").err().unwrap().to_string();
        assert!(text.contains("did you mean `parallel`?"), "{text}");
    }

    #[test]
    fn duplicate_names_are_refused() {
        let mut r = registry();
        let err = r.register(&["rayon"], "", Named("x", 2)).unwrap_err();
        assert!(err
            .to_string()
            .contains("`rayon` is already taken by backend `parallel`"));
        let err = r.register(&[], "", Named("cpu", 3)).unwrap_err();
        assert!(err
            .to_string()
            .contains("`cpu` is already taken by backend `cpu`"));
        assert_eq!(r.names(), ["cpu", "parallel"]);
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
