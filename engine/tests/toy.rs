//! A toy host for testing the engine on its own: integer "arrays" (plain
//! `Vec<i64>`), a handful of checks, and backends with planted faults
//! (wrong results, panics, hangs, a broken round trip, missing functions,
//! a function wrong in two ways).

use std::sync::Arc;
use std::time::Duration;

use conformance_engine::cli::Program;
use conformance_engine::config::Interrupt;
use conformance_engine::{
    BackendRegistry, BackendUnderTest, CaseError, Check, CheckContext, Deviation, Suite, TagFlag,
    Tier,
};
use proptest::prelude::*;

/// A toy backend: its name, the functions it has, and its faults.
#[derive(Clone, Default)]
pub struct Toy {
    pub name: &'static str,
    pub missing: Vec<&'static str>,
    /// `add` is wrong when both operands exceed this.
    pub add_wrong_above: Option<i64>,
    pub mul_panics: bool,
    /// `mul` is off by one when its first operand exceeds this.
    pub mul_wrong_above: Option<i64>,
    pub mul_hangs: bool,
    pub roundtrip_broken: bool,
    pub neg_wrong: bool,
}

impl BackendUnderTest for Toy {
    fn name(&self) -> &str {
        self.name
    }
    fn implements(&self, function: &str) -> bool {
        !self.missing.contains(&function)
    }
}

impl Toy {
    fn asarray(&self, v: &[i64]) -> Vec<i64> {
        let mut out = v.to_vec();
        if self.roundtrip_broken && out.len() > 2 {
            out.pop();
        }
        out
    }
    fn add(&self, a: i64, b: i64) -> i64 {
        match self.add_wrong_above {
            Some(t) if a > t && b > t => a + b + 1,
            _ => a + b,
        }
    }
    fn mul(&self, a: i64, b: i64) -> i64 {
        if self.mul_panics && a < 0 {
            panic!("toy backend cannot multiply {a} by {b}");
        }
        if self.mul_wrong_above.is_some_and(|t| a > t) {
            return a * b + 1;
        }
        if self.mul_hangs {
            loop {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        a * b
    }
    fn neg(&self, a: i64) -> i64 {
        if self.neg_wrong && a > 100 {
            a
        } else {
            -a
        }
    }
}

/// The toy's comparison: a failure of kind `wrong value`.
fn same(expected: i64, actual: i64) -> Result<Deviation, CaseError> {
    if expected == actual {
        Ok(Deviation::new(0.0).real("abs", 0.0).count("ulps", 0, "ulp"))
    } else {
        Err(CaseError::of_kind(
            WRONG_VALUE,
            format!("expected {expected}, got {actual}"),
        ))
    }
}

/// The kind of the toy's failures of a wrong result.
pub const WRONG_VALUE: &str = "wrong value";

/// The toy suite, in a fixed order.
pub fn suite() -> Suite<Toy> {
    let mut s = Suite::new("toy");
    s.push(Check::new(
        "creation",
        "asarray",
        |b: &Toy, ctx: &CheckContext| {
            ctx.for_all(proptest::collection::vec(-100i64..100, 0..6), |v| {
                let back = b.asarray(&v);
                if back == v {
                    Ok(Deviation::default())
                } else {
                    Err(CaseError::Fail(format!("round trip gave {back:?}")))
                }
            })
        },
    ));
    s.push(
        Check::new("arith", "add", |b: &Toy, ctx: &CheckContext| {
            ctx.for_all((0i64..10_000, 0i64..10_000), |(x1, x2)| {
                same(x1 + x2, b.add(x1, x2))
            })
        })
        .depends_on("creation::asarray"),
    );
    s.push(
        Check::new("arith", "mul", |b: &Toy, ctx: &CheckContext| {
            ctx.for_all((-50i64..50, -50i64..50), |(x1, x2)| {
                same(x1 * x2, b.mul(x1, x2))
            })
        })
        .depends_on("creation::asarray"),
    );
    s.push(
        Check::new("arith", "neg", |b: &Toy, ctx: &CheckContext| {
            ctx.for_all(-1000i64..1000, |x| same(-x, b.neg(x)))
        })
        .depends_on("creation::asarray"),
    );
    s.push(
        Check::new("special_cases", "add", |b: &Toy, ctx: &CheckContext| {
            ctx.for_all(Just(0i64), |z| same(z, b.add(z, z)))
        })
        .tier(Tier::SpecialCases)
        .depends_on("creation::asarray"),
    );
    s.push(
        Check::new("extra", "add", |b: &Toy, ctx: &CheckContext| {
            ctx.for_all((any::<i32>(), any::<i32>()), |(x1, x2)| {
                let (x1, x2) = (i64::from(x1), i64::from(x2));
                same(b.add(x1, x2), b.add(x2, x1))
            })
        })
        .aspect("commutes")
        .tier(Tier::Extra),
    );
    s.push(
        Check::new("linalg", "dot", |b: &Toy, ctx: &CheckContext| {
            ctx.for_all(proptest::collection::vec(-10i64..10, 0..5), |v| {
                let expected: i64 = v.iter().map(|x| x * x).sum();
                let actual = v.iter().fold(0, |acc, &x| b.add(acc, b.mul(x, x)));
                same(expected, actual)
            })
        })
        .extension("linalg"),
    );
    s.push(
        Check::new("set", "unique", |b: &Toy, ctx: &CheckContext| {
            ctx.for_all(proptest::collection::vec(0i64..5, 0..8), |v| {
                let mut u = b.asarray(&v);
                u.sort();
                u.dedup();
                let mut expected = v.clone();
                expected.sort();
                expected.dedup();
                if u == expected {
                    Ok(Deviation::default())
                } else {
                    Err(format!("expected {expected:?}, got {u:?}").into())
                }
            })
        })
        .tag("data-dependent-shape"),
    );
    s
}

/// The tag flag of the toy host, as the example host declares it.
pub const DATA_DEPENDENT_SHAPES: TagFlag = TagFlag {
    tag: "data-dependent-shape",
    flag: "disable-data-dependent-shapes",
    help: "Skip checks of functions whose output shape depends on the values",
};

/// The toy host's command: `toy`, replays starting with `toy`.
pub fn program() -> Program {
    Program::new("toy", "9.8.7", "The toy host's conformance command.")
        .tag_flag(DATA_DEPENDENT_SHAPES)
}

/// Backends by name: `good` (aliased `ref`), `buggy`, `partial`, `panicky`,
/// `hangs`, `roundtrip`, `twofold` (whose `mul` panics on a negative first
/// operand and is off by one above 40: two kinds of failure in one check).
pub fn registry() -> BackendRegistry<Toy> {
    let mut r = BackendRegistry::new();
    let mut add = |name: &'static str, aliases: &[&str], toy: Toy| {
        let toy = Toy { name, ..toy };
        r.register(aliases, &format!("toy backend {name}"), toy)
            .unwrap()
    };
    add("good", &["ref"], Toy::default());
    add(
        "buggy",
        &[],
        Toy {
            add_wrong_above: Some(1000),
            neg_wrong: true,
            ..Toy::default()
        },
    );
    add(
        "partial",
        &[],
        Toy {
            missing: vec!["mul", "dot"],
            ..Toy::default()
        },
    );
    add(
        "panicky",
        &[],
        Toy {
            mul_panics: true,
            ..Toy::default()
        },
    );
    add(
        "hangs",
        &[],
        Toy {
            mul_hangs: true,
            ..Toy::default()
        },
    );
    add(
        "roundtrip",
        &[],
        Toy {
            roundtrip_broken: true,
            ..Toy::default()
        },
    );
    add(
        "twofold",
        &[],
        Toy {
            mul_panics: true,
            mul_wrong_above: Some(40),
            ..Toy::default()
        },
    );
    r
}

/// The output of one command-line run of the toy host.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the toy host's command line with `args` (no program name) in an
/// environment holding only `env`.
pub fn run_env(args: &[&str], env: &[(&str, &str)]) -> Outcome {
    run_full(args, env, None)
}

/// Runs the toy host's command line with `args`, raising an interrupt for
/// `signal` (as the binary's SIGINT and SIGTERM handlers do) `after` the
/// start.
pub fn run_interrupted(args: &[&str], after: Duration, signal: i32) -> Outcome {
    let interrupt = Interrupt::new();
    let raiser = interrupt.clone();
    let thread = std::thread::spawn(move || {
        std::thread::sleep(after);
        raiser.raise(signal);
    });
    let out = run_full(args, &[], Some(interrupt));
    thread.join().unwrap();
    out
}

/// Runs the toy host's command line with `args` in an environment holding
/// only `env`, with `interrupt` as the command's.
pub fn run_full(args: &[&str], env: &[(&str, &str)], interrupt: Option<Interrupt>) -> Outcome {
    let (suite, registry) = (suite(), registry());
    let mut out = Vec::new();
    let mut err = Vec::new();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let var = move |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let mut io = conformance_engine::cli::CommandIo {
        stdout: &mut out,
        stderr: &mut err,
        interactive: false,
        var: &var,
        isolate_with: None,
        interrupt,
    };
    let argv = std::iter::once("toy".to_string())
        .chain(args.iter().map(|a| a.to_string()))
        .map(Into::into);
    let code = conformance_engine::cli::run_command(argv, &program(), &suite, &registry, &mut io);
    Outcome {
        code,
        stdout: String::from_utf8(out).unwrap(),
        stderr: String::from_utf8(err).unwrap(),
    }
}

pub fn run(args: &[&str]) -> Outcome {
    run_env(args, &[])
}

/// The status word of check `id` in a human report.
pub fn status_of(stdout: &str, id: &str) -> String {
    stdout
        .lines()
        .find(|l| {
            l.split_whitespace()
                .nth(1)
                .is_some_and(|w| w.trim_end_matches(':') == id)
        })
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no line for {id} in:\n{stdout}"))
        .to_string()
}

/// A good backend held directly, in no registry, called `name`.
pub fn good_backend(name: &'static str) -> Arc<Toy> {
    Arc::new(Toy {
        name,
        ..Toy::default()
    })
}

/// A scratch directory of its own under the system's temporary directory,
/// removed when dropped (std only: a dev-dependency such as `tempfile`
/// would change the features the dependencies are built with under
/// `cargo test`, and so rebuild them, see BENCHMARKS.md).
pub struct Scratch(std::path::PathBuf);

impl Scratch {
    pub fn new() -> Scratch {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "conformance-engine-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        Scratch(dir)
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }

    /// A file `name` in the directory, holding `text`.
    pub fn file(&self, name: &str, text: &str) -> std::path::PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("a scratch file");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
