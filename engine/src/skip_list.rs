//! Skips and xfails files: which checks a run leaves out, and which it
//! expects to fail.
//!
//! Both files share one syntax, the one array-api-tests uses:
//!
//! ```text
//! # whole-line comment
//! elementwise::sqrt          # one check, and its aspects (elementwise::sqrt::dtype)
//! sqrt                       # a function: every check of `sqrt`, in any group
//! linalg::                   # a group: every check whose id starts with `linalg::`
//! =elementwise::remainder    # this check only, not its aspects (elementwise::remainder::promotion)
//! ```
//!
//! Blank lines and comments (a `#` at the start of a line, or after
//! whitespace) are ignored; every other line is one entry, trimmed. An entry
//! matches at `::` boundaries only: `elementwise::sq` matches nothing and
//! `sqrt` does not match the function `cbrt_sqrt`.
//!
//! A malformed line is a [`ConfigError::MalformedEntry`] naming the file and
//! line, so a typo never silently selects nothing; an entry that is well
//! formed but matches no check is only a warning
//! ([`SkipList::unused_entries`], at most [`MAX_UNUSED_WARNINGS`] of them
//! per file), since a suite can lose a check.
//!
//! A character an editor does not show (a zero width space, a byte order
//! mark inside the file, a control character) is named in the message by
//! its code point, and the entry is shown with it spelled out
//! (`sq<U+200B>rt`). A byte order mark at the very start of a file is its
//! encoding signature, which some editors write, and is ignored.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::check::CheckId;
use crate::error::ConfigError;

/// Which file a [`SkipList`] was read from; it names the file in messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListKind {
    /// The skips file: checks reported `SKIPPED` without running.
    Skips,
    /// The xfails file: checks expected to fail.
    Xfails,
}

impl ListKind {
    /// `skips` or `xfails`, as messages name the file.
    pub fn name(self) -> &'static str {
        match self {
            ListKind::Skips => "skips",
            ListKind::Xfails => "xfails",
        }
    }

    /// The conventional file name: `skips.txt` or `xfails.txt`.
    pub fn default_file_name(self) -> &'static str {
        match self {
            ListKind::Skips => "skips.txt",
            ListKind::Xfails => "xfails.txt",
        }
    }
}

impl fmt::Display for ListKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One entry of a skips or xfails file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The entry as written, trimmed and without its comment.
    pub text: String,
    /// Its 1-based line number.
    pub line: usize,
    /// The file it came from, as given (for [`Entry::location`]).
    pub file: String,
    target: Target,
}

/// What an entry selects.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    /// No `::`: every check of this function.
    Function(String),
    /// Ids equal to this, or starting with it followed by `::`. Both
    /// `elementwise::sqrt` and the group `linalg::` (stored as `linalg`)
    /// are prefixes.
    IdPrefix(String),
    /// `=elementwise::sqrt`: this id only, none of its aspects.
    Exact(String),
}

impl Entry {
    /// `skips.txt:3`: where the entry is, file name as given.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }

    /// Whether this entry selects the check `id` of backend function
    /// `function`.
    pub fn matches(&self, id: &CheckId, function: &str) -> bool {
        match &self.target {
            Target::Function(name) => name == function,
            Target::IdPrefix(prefix) => {
                let id = id.as_str();
                id == prefix
                    || (id.len() > prefix.len()
                        && id.starts_with(prefix.as_str())
                        && id[prefix.len()..].starts_with("::"))
            }
            Target::Exact(exact) => id.as_str() == exact,
        }
    }
}

/// A parsed skips or xfails file: its entries in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkipList {
    kind: ListKind,
    path: PathBuf,
    entries: Vec<Entry>,
    /// The positions of the entries naming each function.
    by_function: HashMap<String, Vec<usize>>,
    /// The positions of the entries naming each id prefix.
    by_prefix: HashMap<String, Vec<usize>>,
    /// The positions of the entries naming each exact id.
    by_exact: HashMap<String, Vec<usize>>,
}

/// What every malformed-entry message ends with.
const VALID_FORMS: &str = "an entry is a check id (`elementwise::sqrt`), a function (`sqrt`) \
     or a group (`linalg::`), or a check without its aspects (`=elementwise::sqrt`), one per line, with `#` starting a comment";

impl SkipList {
    /// A list with no entries, for a run given no file.
    pub fn empty(kind: ListKind) -> SkipList {
        SkipList::new(kind, PathBuf::from(kind.default_file_name()), Vec::new())
    }

    /// The list of `entries`, indexed by what they name, so that a lookup
    /// costs the id's segments whatever the file's length.
    fn new(kind: ListKind, path: PathBuf, entries: Vec<Entry>) -> SkipList {
        let mut by_function: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_prefix: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_exact: HashMap<String, Vec<usize>> = HashMap::new();
        for (at, entry) in entries.iter().enumerate() {
            let (map, key) = match &entry.target {
                Target::Function(name) => (&mut by_function, name),
                Target::IdPrefix(prefix) => (&mut by_prefix, prefix),
                Target::Exact(id) => (&mut by_exact, id),
            };
            map.entry(key.clone()).or_default().push(at);
        }
        SkipList {
            kind,
            path,
            entries,
            by_function,
            by_prefix,
            by_exact,
        }
    }

    /// Reads and parses the file at `path`. A byte order mark at its very
    /// start (the UTF-8 signature some editors write) is ignored.
    pub fn from_file(path: impl AsRef<Path>, kind: ListKind) -> Result<SkipList, ConfigError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|err| ConfigError::UnreadableFile {
            kind: kind.name(),
            path: path.to_path_buf(),
            reason: err.to_string(),
        })?;
        let text = text.strip_prefix(BYTE_ORDER_MARK).unwrap_or(&text);
        SkipList::parse(text, path, kind)
    }

    /// Parses `text`; `path` only names the file in messages and locations.
    pub fn parse(
        text: &str,
        path: impl AsRef<Path>,
        kind: ListKind,
    ) -> Result<SkipList, ConfigError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let mut entries = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let content = strip_comment(raw).trim();
            if content.is_empty() {
                continue;
            }
            let target = parse_entry(content).map_err(|problem| ConfigError::MalformedEntry {
                path: path.to_path_buf(),
                line,
                problem: format!("{problem}; {VALID_FORMS}"),
            })?;
            entries.push(Entry {
                text: content.to_string(),
                line,
                file: file.clone(),
                target,
            });
        }
        Ok(SkipList::new(kind, path.to_path_buf(), entries))
    }

    /// Which file the list was read as.
    pub fn kind(&self) -> ListKind {
        self.kind
    }

    /// The file's path as given (the default file name for an empty list
    /// made with [`SkipList::empty`]).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The entries in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Whether the list has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The first entry, in file order, that selects the check `id` of
    /// backend function `function`.
    pub fn matching_entry(&self, id: &CheckId, function: &str) -> Option<&Entry> {
        let by_function = self.by_function.get(function);
        let by_prefix = id_prefixes(id.as_str()).filter_map(|p| self.by_prefix.get(p));
        let by_exact = self.by_exact.get(id.as_str());
        by_function
            .into_iter()
            .chain(by_prefix)
            .chain(by_exact)
            .filter_map(|positions| positions.first())
            .min()
            .map(|&at| &self.entries[at])
    }

    /// One warning per entry that selects no check among `checks` (each an
    /// id with its function), in file order: `skips.txt:7: entry `foo::bar`
    /// matches no check`. At most [`MAX_UNUSED_WARNINGS`] are listed; the
    /// rest are counted in one last warning (`skips.txt: 199980 more
    /// entries match no check`), so a stale file of any size gives a
    /// screenful.
    pub fn unused_entries<'a>(
        &self,
        checks: impl IntoIterator<Item = (&'a CheckId, &'a str)>,
    ) -> Vec<String> {
        let mut functions = HashSet::new();
        let mut prefixes = HashSet::new();
        let mut ids = HashSet::new();
        for (id, function) in checks {
            functions.insert(function);
            prefixes.extend(id_prefixes(id.as_str()));
            ids.insert(id.as_str());
        }
        let unused: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|entry| match &entry.target {
                Target::Function(name) => !functions.contains(name.as_str()),
                Target::IdPrefix(prefix) => !prefixes.contains(prefix.as_str()),
                Target::Exact(id) => !ids.contains(id.as_str()),
            })
            .collect();
        let mut warnings: Vec<String> = unused
            .iter()
            .take(MAX_UNUSED_WARNINGS)
            .map(|entry| {
                format!(
                    "{}: entry `{}` matches no check",
                    entry.location(),
                    entry.text
                )
            })
            .collect();
        let more = unused.len().saturating_sub(MAX_UNUSED_WARNINGS);
        if more > 0 {
            warnings.push(format!(
                "{}: {more} more {} no check (the first {MAX_UNUSED_WARNINGS} are listed)",
                self.path.display(),
                if more == 1 {
                    "entry matches"
                } else {
                    "entries match"
                }
            ));
        }
        warnings
    }
}

/// The prefixes of `id` an entry can name: `a`, `a::b` and `a::b::c` for
/// `a::b::c`.
fn id_prefixes(id: &str) -> impl Iterator<Item = &str> {
    id.match_indices("::")
        .map(move |(at, _)| &id[..at])
        .chain(std::iter::once(id))
}

/// How many unmatched entries of one file [`SkipList::unused_entries`]
/// lists one by one; the rest are counted.
pub const MAX_UNUSED_WARNINGS: usize = 20;

/// U+FEFF, which at the start of a file is its UTF-8 signature.
const BYTE_ORDER_MARK: char = '\u{feff}';

/// The name of a character that shows as nothing, or as a plain space,
/// where an editor displays it; `None` for a character that shows as
/// itself.
fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        BYTE_ORDER_MARK => "byte order mark",
        '\u{200b}' => "zero width space",
        '\u{200c}' => "zero width non-joiner",
        '\u{200d}' => "zero width joiner",
        '\u{2060}' => "word joiner",
        '\u{00ad}' => "soft hyphen",
        '\u{180e}' => "Mongolian vowel separator",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "bidirectional control",
        '\u{00a0}' | '\u{2007}' | '\u{202f}' => "no-break space",
        '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{205f}' | '\u{3000}' => "space",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        '\t' => "tab",
        c if c.is_control() => "control character",
        c if c.is_whitespace() && c != ' ' => "space",
        _ => return None,
    })
}

/// `U+200B (zero width space)` for a character an editor does not show,
/// `` `é` (U+00E9) `` for another non-ASCII one, `` `*` `` for ASCII.
fn describe_char(c: char) -> String {
    let code = format!("U+{:04X}", u32::from(c));
    match invisible_name(c) {
        Some(name) => format!("{code} ({name})"),
        None if c.is_ascii() => format!("`{c}`"),
        None => format!("`{c}` ({code})"),
    }
}

/// The entry as a message shows it: each character an editor does not show
/// spelled out as `<U+200B>`, so the message says where it is.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match invisible_name(c) {
            Some(_) if c != ' ' => format!("<U+{:04X}>", u32::from(c)),
            _ => c.to_string(),
        })
        .collect()
}

/// The line without its comment: a `#` at the start or after whitespace
/// starts one. A `#` glued to an entry stays, and is then refused as a
/// character no entry has.
fn strip_comment(line: &str) -> &str {
    let mut previous_is_space = true;
    for (at, c) in line.char_indices() {
        if c == '#' && previous_is_space {
            return &line[..at];
        }
        previous_is_space = c.is_whitespace();
    }
    line
}

/// Checks one trimmed, non-empty entry and says what it selects, or what is
/// wrong with it.
fn parse_entry(text: &str) -> Result<Target, String> {
    if let Some(id) = text.strip_prefix('=') {
        return match parse_entry(id)? {
            Target::IdPrefix(_) if !id.ends_with("::") => Ok(Target::Exact(id.to_string())),
            _ => Err(format!(
                "entry `{text}`: `=` takes one check id (`=elementwise::sqrt`), not a function or a group"
            )),
        };
    }
    if let Some(c) = text
        .chars()
        .find(|&c| invisible_name(c).is_some() && !c.is_whitespace())
    {
        return Err(format!(
            "entry `{}` contains the invisible character {}; delete it (an editor may not show it: retype the entry)",
            visible(text),
            describe_char(c)
        ));
    }
    if let Some(c) = text.chars().find(|c| c.is_whitespace()) {
        let which = if c == ' ' {
            String::new()
        } else {
            format!(", {}", describe_char(c))
        };
        return Err(format!(
            "entry `{}` contains whitespace{which} (write one entry per line)",
            visible(text)
        ));
    }
    if let Some(c) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.' | '-')))
    {
        return Err(format!(
            "entry `{text}` contains {}, which no check id has (allowed: letters, digits, `_`, `.`, `-` and `::`)",
            describe_char(c)
        ));
    }
    if text == "::" {
        return Err("a bare `::` names nothing".to_string());
    }
    // Runs of colons: two separate segments; any other count is a typo.
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b':' {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len() && bytes[at] == b':' {
            at += 1;
        }
        let run = at - start;
        if run == 1 {
            return Err(format!(
                "entry `{text}` has a single `:`; segments are separated by `::`"
            ));
        }
        if run % 2 == 1 {
            return Err(format!(
                "entry `{text}` has `{}`; segments are separated by exactly `::`",
                ":".repeat(run)
            ));
        }
        if run > 2 {
            return Err(format!("entry `{text}` has an empty segment between `::`"));
        }
        if start == 0 {
            return Err(format!(
                "entry `{text}` starts with `::`; it needs a group before it"
            ));
        }
    }
    if !text.contains("::") {
        return Ok(Target::Function(text.to_string()));
    }
    // `linalg::` is the group `linalg`: a prefix like any other id.
    let prefix = text.strip_suffix("::").unwrap_or(text);
    Ok(Target::IdPrefix(prefix.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(text: &str) -> SkipList {
        SkipList::parse(text, "skips.txt", ListKind::Skips).expect("well-formed list")
    }

    fn malformed(text: &str) -> (usize, String) {
        match SkipList::parse(text, "lists/skips.txt", ListKind::Skips) {
            Err(ConfigError::MalformedEntry {
                path,
                line,
                problem,
            }) => {
                assert_eq!(path, PathBuf::from("lists/skips.txt"));
                (line, problem)
            }
            other => panic!("expected a malformed entry for {text:?}, got {other:?}"),
        }
    }

    fn id(text: &str) -> CheckId {
        CheckId::new(text)
    }

    /// The text of the first entry matching the check `text`, whose
    /// function is its second segment.
    fn hit(list: &SkipList, text: &str) -> Option<String> {
        let id = id(text);
        let function = text.split("::").nth(1).unwrap().to_string();
        list.matching_entry(&id, &function).map(|e| e.text.clone())
    }

    #[test]
    fn an_exact_entry_selects_the_check_and_none_of_its_aspects() {
        let l = list("=elementwise::remainder\n");
        assert!(hit(&l, "elementwise::remainder").is_some());
        assert!(hit(&l, "elementwise::remainder::promotion").is_none());
        assert!(hit(&l, "special_cases::remainder").is_none());
        for bad in ["=remainder", "=linalg::", "==elementwise::sqrt"] {
            let err = SkipList::parse(bad, "xfails.txt", ListKind::Xfails).unwrap_err();
            assert!(err.to_string().contains("xfails.txt:1"), "{bad}: {err}");
        }
    }

    #[test]
    fn comments_and_blank_lines_are_ignored() {
        let l = list(
            "# a comment\n\n   \n  elementwise::sqrt   # flaky on arm\n\t# indented comment\nlinalg::\t#x\n",
        );
        let texts: Vec<_> = l.entries().iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["elementwise::sqrt", "linalg::"]);
    }

    #[test]
    fn entries_keep_their_line_numbers_and_location() {
        let l = list("# header\n\nelementwise::sqrt  # flaky\nlinalg::\n");
        let entries = l.entries();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].text, "elementwise::sqrt");
        assert_eq!(entries[0].line, 3);
        assert_eq!(entries[0].location(), "skips.txt:3");
        assert_eq!(entries[1].text, "linalg::");
        assert_eq!(entries[1].location(), "skips.txt:4");
    }

    #[test]
    fn location_uses_the_path_as_given() {
        let l = SkipList::parse("sqrt\n", "ci/xfails.txt", ListKind::Xfails).unwrap();
        assert_eq!(l.entries()[0].location(), "ci/xfails.txt:1");
        assert_eq!(l.kind(), ListKind::Xfails);
    }

    #[test]
    fn a_check_id_matches_itself_and_its_aspects_only() {
        let l = list("elementwise::sqrt\n");
        assert_eq!(
            hit(&l, "elementwise::sqrt").as_deref(),
            Some("elementwise::sqrt")
        );
        assert!(hit(&l, "elementwise::sqrt::dtype").is_some());
        assert!(hit(&l, "special_cases::sqrt").is_none());
        assert!(hit(&l, "elementwise::sqrt_extra").is_none());
        assert!(hit(&l, "elementwise::cbrt").is_none());
    }

    #[test]
    fn a_partial_segment_matches_nothing() {
        let l = list("elementwise::sq\n");
        assert!(hit(&l, "elementwise::sqrt").is_none());
        assert!(hit(&l, "elementwise::square").is_none());
        assert!(hit(&l, "elementwise::sq").is_some());
    }

    #[test]
    fn a_function_matches_every_group_but_no_substring() {
        let l = list("sqrt\n");
        assert!(hit(&l, "elementwise::sqrt").is_some());
        assert!(hit(&l, "special_cases::sqrt").is_some());
        assert!(hit(&l, "elementwise::cbrt_sqrt").is_none());
        assert!(hit(&l, "elementwise::sqrt_x").is_none());
        // The function is the check's `function` field, not the id's text.
        assert!(l
            .matching_entry(&id("linalg::qr::reconstruct"), "sqrt")
            .is_some());
        assert!(l
            .matching_entry(&id("elementwise::sqrt"), "sqrtf")
            .is_none());
    }

    #[test]
    fn a_group_matches_everything_under_it() {
        let l = list("linalg::\n");
        assert!(hit(&l, "linalg::qr").is_some());
        assert!(hit(&l, "linalg::qr::reconstruct").is_some());
        assert!(hit(&l, "linalg_extra::qr").is_none());
        assert!(hit(&l, "elementwise::linalg").is_none());
        // A function named like the group is not in it.
        assert!(list("linalg\n")
            .matching_entry(&id("linalg::qr"), "qr")
            .is_none());
    }

    #[test]
    fn the_first_matching_entry_in_file_order_wins() {
        let l = list("linalg::\nlinalg::qr\nqr\n");
        let e = l.matching_entry(&id("linalg::qr"), "qr").unwrap();
        assert_eq!((e.text.as_str(), e.line), ("linalg::", 1));
        let l = list("qr\nlinalg::\n");
        assert_eq!(l.matching_entry(&id("linalg::qr"), "qr").unwrap().line, 1);
    }

    #[test]
    fn unused_entries_are_warned_about_with_their_location() {
        let l = list("elementwise::sqrt\n# c\nfoo::bar\nlinalg::\nexp\nelementwise::sq\n");
        let suite = [
            (id("elementwise::sqrt::dtype"), "sqrt"),
            (id("elementwise::add"), "add"),
            (id("linalg::qr"), "qr"),
        ];
        let warnings = l.unused_entries(suite.iter().map(|(i, f)| (i, *f)));
        assert_eq!(
            warnings,
            [
                "skips.txt:3: entry `foo::bar` matches no check",
                "skips.txt:5: entry `exp` matches no check",
                "skips.txt:6: entry `elementwise::sq` matches no check",
            ]
        );
        assert!(list("sqrt\n")
            .unused_entries(suite.iter().map(|(i, f)| (i, *f)))
            .is_empty());
    }

    #[test]
    fn the_index_finds_what_a_scan_of_the_entries_finds() {
        let l = list(
            "sqrt\nelementwise::\nlinalg::qr\nqr\nelementwise::sqrt::dtype\nlinalg::\nsqrt\nelementwise::sq\n",
        );
        let checks = [
            ("elementwise::sqrt", "sqrt"),
            ("elementwise::sqrt::dtype", "sqrt"),
            ("special_cases::sqrt", "sqrt"),
            ("linalg::qr", "qr"),
            ("linalg::qr::reconstruct", "qr"),
            ("linalg::det", "det"),
            ("elementwise::sq", "sq"),
            ("elementwise_x::sqrt", "cbrt"),
            ("set::unique", "unique"),
        ];
        for (text, function) in checks {
            let id = id(text);
            let scanned = l.entries().iter().find(|e| e.matches(&id, function));
            assert_eq!(l.matching_entry(&id, function), scanned, "{text}");
        }
        // `sqrt` twice: both used; the rest used but `elementwise::sq`.
        let ids: Vec<_> = checks.iter().map(|(t, f)| (id(t), *f)).collect();
        assert!(l
            .unused_entries(ids.iter().map(|(i, f)| (i, *f)))
            .is_empty());
        let ids: Vec<_> = checks[..6].iter().map(|(t, f)| (id(t), *f)).collect();
        assert_eq!(
            l.unused_entries(ids.iter().map(|(i, f)| (i, *f))),
            ["skips.txt:8: entry `elementwise::sq` matches no check"]
        );
    }

    #[test]
    fn unused_entries_past_the_cap_are_counted() {
        let text: String = (0..25).map(|i| format!("gone::f{i}\n")).collect();
        let warnings = list(&text).unused_entries([]);
        assert_eq!(warnings.len(), MAX_UNUSED_WARNINGS + 1);
        assert_eq!(
            warnings[MAX_UNUSED_WARNINGS - 1],
            "skips.txt:20: entry `gone::f19` matches no check"
        );
        assert_eq!(
            warnings[MAX_UNUSED_WARNINGS],
            "skips.txt: 5 more entries match no check (the first 20 are listed)"
        );
        let text: String = (0..21).map(|i| format!("gone::f{i}\n")).collect();
        assert_eq!(
            list(&text).unused_entries([]).last().unwrap(),
            "skips.txt: 1 more entry matches no check (the first 20 are listed)"
        );
    }

    #[test]
    fn invisible_characters_are_named_and_spelled_out() {
        let (line, p) = malformed("sqrt\nsq\u{200b}rt\n");
        assert_eq!(line, 2);
        assert!(
            p.starts_with("entry `sq<U+200B>rt` contains the invisible character U+200B (zero width space); delete it"),
            "{p}"
        );
        let (_, p) = malformed("\u{feff}sqrt\n");
        assert!(p.contains("U+FEFF (byte order mark)"), "{p}");
        let (_, p) = malformed("sq\u{7}rt\n");
        assert!(p.contains("U+0007 (control character)"), "{p}");
        let (_, p) = malformed("sqrt\u{a0}x\n");
        assert!(
            p.starts_with("entry `sqrt<U+00A0>x` contains whitespace, U+00A0 (no-break space)"),
            "{p}"
        );
    }

    #[test]
    fn an_entry_shadowed_by_an_earlier_one_still_counts_as_used() {
        let l = list("linalg::\nlinalg::qr\n");
        let qr = id("linalg::qr");
        assert!(l.unused_entries([(&qr, "qr")]).is_empty());
    }

    #[test]
    fn whitespace_inside_an_entry_is_malformed() {
        let (line, problem) = malformed("\n# x\nelementwise::sqrt special_cases::sqrt\n");
        assert_eq!(line, 3);
        assert!(problem.contains("whitespace"), "{problem}");
        assert!(problem.contains("one entry per line"), "{problem}");
    }

    #[test]
    fn colon_typos_are_malformed() {
        let (_, p) = malformed("elementwise:::sqrt\n");
        assert!(p.contains("`:::`"), "{p}");
        let (_, p) = malformed("a::::b\n");
        assert!(p.contains("empty segment"), "{p}");
        let (_, p) = malformed("elementwise:sqrt\n");
        assert!(p.contains("single `:`"), "{p}");
        let (_, p) = malformed("::sqrt\n");
        assert!(p.contains("starts with `::`"), "{p}");
        let (_, p) = malformed("linalg::::\n");
        assert!(p.contains("empty segment"), "{p}");
        let (line, p) = malformed("sqrt\n  ::  # nothing\n");
        assert_eq!(line, 2);
        assert!(p.contains("bare `::`"), "{p}");
    }

    #[test]
    fn characters_outside_ids_are_malformed() {
        let (_, p) = malformed("elementwise::sqrt*\n");
        assert!(p.contains("`*`"), "{p}");
        let (_, p) = malformed("linalg::qr#glued\n");
        assert!(p.contains("`#`"), "{p}");
        let (_, p) = malformed("élémentwise::sqrt\n");
        assert!(p.contains("`é`"), "{p}");
        // Dots and dashes are allowed.
        let l = list("fft::fft.rfft-2\n");
        assert!(l.matching_entry(&id("fft::fft.rfft-2"), "x").is_some());
    }

    #[test]
    fn malformed_message_has_path_line_and_the_valid_forms() {
        let err = SkipList::parse("ok\nbad entry\n", "skips.txt", ListKind::Skips).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("skips.txt:2: entry `bad entry`"), "{text}");
        assert!(text.contains("`elementwise::sqrt`"), "{text}");
        assert!(text.contains("`linalg::`"), "{text}");
    }

    #[test]
    fn files_are_read_and_unreadable_ones_are_errors() {
        let dir = std::env::temp_dir().join(format!("selection-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("xfails.txt");
        std::fs::write(&file, "# known\nlinalg::qr\n").unwrap();
        let l = SkipList::from_file(&file, ListKind::Xfails).unwrap();
        assert_eq!(l.entries()[0].location(), format!("{}:2", file.display()));
        assert_eq!(l.path(), file.as_path());

        let missing = dir.join("missing.txt");
        match SkipList::from_file(&missing, ListKind::Skips) {
            Err(err @ ConfigError::UnreadableFile { .. }) => {
                let text = err.to_string();
                assert!(text.starts_with("cannot read skips file "), "{text}");
                assert!(text.contains("missing.txt"), "{text}");
            }
            other => panic!("expected an unreadable file, got {other:?}"),
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_empty_list_matches_nothing() {
        let l = SkipList::empty(ListKind::Xfails);
        assert!(l.is_empty());
        assert!(l.matching_entry(&id("a::b"), "b").is_none());
        assert!(list("# only comments\n\n").is_empty());
    }
}
