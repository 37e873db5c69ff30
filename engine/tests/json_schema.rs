//! The JSON schema the README documents (section "JSON report") and the
//! copy in `report::json`'s docs, checked against real reports of the toy
//! host: the same fields in the same order, and every value one of the
//! documented alternatives.

use serde_json::Value;

use crate::toy::{run, Scratch};

/// One documented alternative of a field's value.
#[derive(Debug)]
enum Alternative {
    Null,
    Bool(bool),
    Number,
    /// A string literal: the value itself when a field lists several (an
    /// enumeration), else any string.
    Text(String),
    /// An object with these keys, in order.
    Object(Vec<String>),
    /// An array of strings.
    Strings,
    /// An array of objects, whose fields the schema lists after it
    /// (written `[` with the objects on the following lines).
    Objects,
}

/// A documented field: its name and its alternatives.
#[derive(Debug)]
struct Field {
    name: String,
    alternatives: Vec<Alternative>,
}

/// The documented schema: the run's fields, a check's fields and the
/// fields of each of a check's `failures`, in order.
#[derive(Debug)]
struct Schema {
    run: Vec<Field>,
    check: Vec<Field>,
    failure: Vec<Field>,
}

/// The line without its `// comment` (outside string literals).
fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    let bytes = line.as_bytes();
    for i in 0..bytes.len() {
        match bytes[i] {
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
    }
    line
}

/// Splits `text` at top-level ` | `.
fn split_alternatives(text: &str) -> Vec<String> {
    let (mut depth, mut in_string) = (0i32, false);
    let mut parts = vec![String::new()];
    let chars: Vec<char> = text.chars().collect();
    for &c in &chars {
        match c {
            '"' => in_string = !in_string,
            '{' | '[' if !in_string => depth += 1,
            '}' | ']' if !in_string => depth -= 1,
            '|' if !in_string && depth == 0 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        parts.last_mut().unwrap().push(c);
    }
    parts.into_iter().map(|p| p.trim().to_string()).collect()
}

/// The keys `"key":` at the top level of an object's text `{...}`.
fn object_keys(text: &str) -> Vec<String> {
    let inner = &text[1..text.len() - 1];
    let (mut depth, mut in_string, mut start) = (0i32, false, None);
    let mut keys = Vec::new();
    for (i, c) in inner.char_indices() {
        match c {
            '"' if !in_string => {
                in_string = true;
                start = Some(i + 1);
            }
            '"' => {
                in_string = false;
                let key = &inner[start.unwrap()..i];
                if depth == 0 && inner[i + 1..].trim_start().starts_with(':') {
                    keys.push(key.to_string());
                }
            }
            '{' | '[' if !in_string => depth += 1,
            '}' | ']' if !in_string => depth -= 1,
            _ => {}
        }
    }
    keys
}

fn alternative(text: &str) -> Alternative {
    match text {
        "null" => Alternative::Null,
        "true" => Alternative::Bool(true),
        "false" => Alternative::Bool(false),
        _ if text.starts_with('"') => Alternative::Text(text.trim_matches('"').to_string()),
        _ if text.starts_with('{') => Alternative::Object(object_keys(text)),
        "[" => Alternative::Objects,
        _ if text.starts_with('[') => Alternative::Strings,
        _ => {
            text.parse::<f64>()
                .unwrap_or_else(|_| panic!("a documented value that is no JSON: {text}"));
            Alternative::Number
        }
    }
}

/// Reads the schema from a documentation block: the lines of the ```text
/// block after `marker`, with `prefix` (`//! ` in Rust docs) removed.
fn schema(document: &str, marker: &str, prefix: &str) -> Schema {
    let start = document.find(marker).expect("the JSON section");
    let lines: Vec<&str> = document[start..]
        .lines()
        .map(|l| {
            l.strip_prefix(prefix)
                .unwrap_or(l.trim_end_matches(prefix.trim_end()))
        })
        .skip_while(|l| !l.starts_with("```text"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .collect();
    let mut schema = Schema {
        run: Vec::new(),
        check: Vec::new(),
        failure: Vec::new(),
    };
    let mut i = 0;
    while i < lines.len() {
        let line = strip_comment(lines[i]);
        i += 1;
        let indent = line.len() - line.trim_start().len();
        let Some(rest) = line.trim_start().strip_prefix('"') else {
            continue;
        };
        let (name, value) = rest.split_once("\":").expect("a field `\"name\": value`");
        let mut value = value.trim().to_string();
        // An object or array continued on the next lines.
        let open =
            |v: &str| v.matches(['{', '[']).count() as i32 - v.matches(['}', ']']).count() as i32;
        while open(&value) > 0 && !value.ends_with('[') {
            value.push(' ');
            value.push_str(strip_comment(lines[i]).trim());
            i += 1;
        }
        let value = value.trim_end_matches(',');
        if name == "checks" {
            // The array of checks, whose fields follow.
            schema.run.push(Field {
                name: name.to_string(),
                alternatives: Vec::new(),
            });
            continue;
        }
        let field = Field {
            name: name.to_string(),
            alternatives: split_alternatives(value)
                .iter()
                .map(|a| alternative(a))
                .collect(),
        };
        match indent {
            2 => schema.run.push(field),
            6 => schema.check.push(field),
            10 => schema.failure.push(field),
            _ => panic!("unexpected indentation {indent} of `{name}`"),
        }
    }
    schema
}

/// Whether `value` is one of `field`'s alternatives; `Err` says why not.
fn matches(field: &Field, value: &Value) -> Result<(), String> {
    let texts = field
        .alternatives
        .iter()
        .filter(|a| matches!(a, Alternative::Text(_)))
        .count();
    let ok = field.alternatives.iter().any(|a| match a {
        Alternative::Null => value.is_null(),
        Alternative::Bool(b) => value.as_bool() == Some(*b),
        Alternative::Number => value.is_number(),
        Alternative::Text(t) if texts > 1 => value.as_str() == Some(t),
        Alternative::Text(_) => value.is_string(),
        Alternative::Strings => value
            .as_array()
            .is_some_and(|items| items.iter().all(Value::is_string)),
        Alternative::Objects => value
            .as_array()
            .is_some_and(|items| items.iter().all(Value::is_object)),
        Alternative::Object(keys) if keys.first().map(String::as_str) == Some("tolerance_used") => {
            // The engine's number, then the host's measures: numbers, or
            // non-finite ones as strings.
            value.as_object().is_some_and(|o| {
                o.contains_key("tolerance_used")
                    && o.values().all(|v| {
                        v.is_number() || ["inf", "-inf", "NaN"].contains(&v.as_str().unwrap_or(""))
                    })
            })
        }
        Alternative::Object(keys) => value.as_object().is_some_and(|o| {
            let mut actual: Vec<&String> = o.keys().collect();
            let mut expected: Vec<&String> = keys.iter().collect();
            actual.sort();
            expected.sort();
            actual == expected && o.values().all(Value::is_number)
        }),
    });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{}` is {value}, which is none of {:?}",
            field.name, field.alternatives
        ))
    }
}

/// The keys of the objects at `indent` in a pretty-printed document, in
/// order, each object's keys once (the run's fields at 2, a check's at 6).
fn written_keys(text: &str, indent: usize) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if line.len() - trimmed.len() != indent {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('"') {
            let key = rest.split_once('"').unwrap().0.to_string();
            if keys.contains(&key) {
                break;
            }
            keys.push(key);
        }
    }
    keys
}

/// Real reports with every status, a blocked check's unselected dependency,
/// a partition, a warning and a strict run.
fn real_reports() -> Vec<String> {
    let dir = Scratch::new();
    let xfails = dir.file("xfails.txt", "arith::neg\narith::mul\n");
    let skips = dir.file("skips.txt", "linalg::dot\nno::such\n");
    let lists = [
        "--xfails-file",
        xfails.to_str().unwrap(),
        "--skips-file",
        skips.to_str().unwrap(),
    ];
    let runs: [(&[&str], i32); 4] = [
        (&["--backend", "buggy", "--seed", "3"], 1),
        // An xfail check with failures of two kinds.
        (
            &["--backend", "twofold", "--seed", "1", "-k", "arith::mul"],
            0,
        ),
        (&["--backend", "buggy", "--seed", "3", "--strict-xfail"], 1),
        (
            &[
                "--backend",
                "roundtrip",
                "--seed",
                "1",
                "-k",
                "arith::add",
                "--partition",
                "1/1",
            ],
            1,
        ),
    ];
    runs.iter()
        .map(|(args, code)| {
            let out = run(&[*args, &lists[..], &["--format", "json"][..]].concat());
            assert_eq!(out.code, *code, "{}{}", out.stdout, out.stderr);
            out.stdout
        })
        .collect()
}

fn check_against(schema: &Schema, reports: &[String]) {
    let names = |fields: &[Field]| fields.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
    let mut statuses = Vec::new();
    let mut failures = Vec::new();
    for text in reports {
        assert_eq!(
            written_keys(text, 2),
            names(&schema.run),
            "the run's fields"
        );
        assert_eq!(
            written_keys(text, 6),
            names(&schema.check),
            "a check's fields"
        );
        let doc: Value = serde_json::from_str(text).unwrap();
        for field in schema.run.iter().filter(|f| f.name != "checks") {
            matches(field, &doc[&field.name]).unwrap();
        }
        for check in doc["checks"].as_array().unwrap() {
            assert_eq!(
                check.as_object().unwrap().len(),
                schema.check.len(),
                "{check}"
            );
            for field in &schema.check {
                matches(field, &check[&field.name]).unwrap_or_else(|e| panic!("{e} in {check}"));
            }
            for failure in check["failures"].as_array().into_iter().flatten() {
                assert_eq!(
                    failure.as_object().unwrap().len(),
                    schema.failure.len(),
                    "{failure}"
                );
                for field in &schema.failure {
                    matches(field, &failure[&field.name])
                        .unwrap_or_else(|e| panic!("{e} in {failure}"));
                }
                failures.push(failure["kind"].clone());
            }
            statuses.push(check["status"].as_str().unwrap().to_string());
        }
        if text.contains("\"failures\": [") {
            assert_eq!(
                written_keys(text, 10),
                names(&schema.failure),
                "a failure's fields"
            );
        }
    }
    for status in ["passed", "failed", "skipped", "xfail", "xpass", "blocked"] {
        assert!(statuses.iter().any(|s| s == status), "no {status} check");
    }
    // Failures of no kind, of the host's kind and panics.
    for kind in [Value::Null, "wrong value".into(), "panic".into()] {
        assert!(failures.contains(&kind), "no failure of kind {kind}");
    }
}

#[test]
fn the_readme_s_json_schema_is_what_a_report_holds() {
    let readme = include_str!("../../README.md");
    let schema = schema(readme, "## JSON report", "");
    assert!(
        schema.run.len() > 10 && schema.check.len() > 15 && schema.failure.len() == 6,
        "{schema:?}"
    );
    check_against(&schema, &real_reports());
}

#[test]
fn the_json_module_s_schema_is_what_a_report_holds() {
    let docs = include_str!("../src/report/json.rs");
    let schema = schema(docs, "# Schema", "//! ");
    check_against(&schema, &real_reports());
}

#[test]
fn a_bad_value_is_caught() {
    // The checker itself: a documented `null | true` refuses `false`.
    let field = Field {
        name: "x".into(),
        alternatives: vec![Alternative::Null, Alternative::Bool(true)],
    };
    assert!(matches(&field, &Value::Bool(false)).is_err());
    assert!(matches(&field, &Value::Null).is_ok());
}
