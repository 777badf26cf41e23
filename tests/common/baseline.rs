//! The baseline harness shared by `tests/cli_baselines.rs` and
//! `tests/modes.rs`: a table of [`Case`]s whose expected stdout and exit
//! code (and stderr for cases marked so) were recorded ONCE from the
//! reference pkgconf 3.0.7 into `tests/snapshots/<suite>/*.snap`.
//!
//! Running the tests needs neither the reference nor the network: they run
//! our `pkgconf-rs` binary (see [`super::binary`]) and compare against the
//! stored snapshots. With `$PKGCONF_BASELINE_BIN` set (as
//! `tests/record-baselines.sh` does) the reference runs instead, every case
//! is run, known divergences included, and mismatches do not fail.
//!
//! # Normalisation
//!
//! Every process runs in `testdata/` with a cleared environment plus,
//! unless the case is [`bare`](Case::bare),
//! `PKG_CONFIG_LIBDIR=$TESTDATA/universe` and fixed system include/library
//! paths; then the case's own variables. The absolute testdata directory is
//! replaced by `$TESTDATA` in args, env and output, in both recording and
//! testing. Stdout is stored line by line as Rust string literals so that
//! it is compared byte for byte (trailing newlines and `\r` included).
//! Stderr is only stored, and compared, for cases marked
//! [`stderr`](Case::stderr).

use std::process::Command;

use super::{binary, expand, normalise, quoted_lines, recording, testdata};

/// One baseline: the snapshot `<name>.snap` records running the binary
/// with `args` and `env`. `$TESTDATA` in args and env values is replaced
/// by the absolute path.
pub struct Case {
    /// Snapshot name (unique).
    pub name: &'static str,
    pub args: &'static [&'static str],
    pub env: &'static [(&'static str, &'static str)],
    /// Do not set the default `PKG_CONFIG_LIBDIR` and system paths.
    pub bare: bool,
    /// Store and compare stderr too.
    pub stderr: bool,
    /// `Some(reason)`: our output is known to differ from the reference;
    /// the case only runs in the `#[ignore]`d `known_divergences` test.
    pub known_bug: Option<&'static str>,
}

/// A case with the default environment and stdout only.
pub const fn c(name: &'static str, args: &'static [&'static str]) -> Case {
    Case {
        name,
        args,
        env: &[],
        bare: false,
        stderr: false,
        known_bug: None,
    }
}

/// A case with its own environment variables.
pub const fn ce(
    name: &'static str,
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
) -> Case {
    c(name, args).env(env)
}

/// A case whose stderr is part of the baseline.
pub const fn cs(name: &'static str, args: &'static [&'static str]) -> Case {
    c(name, args).stderr()
}

impl Case {
    pub const fn env(mut self, env: &'static [(&'static str, &'static str)]) -> Case {
        self.env = env;
        self
    }

    pub const fn bare(mut self) -> Case {
        self.bare = true;
        self
    }

    pub const fn stderr(mut self) -> Case {
        self.stderr = true;
        self
    }

    /// Marks the case as a known divergence from the reference.
    pub const fn bug(mut self, reason: &'static str) -> Case {
        self.known_bug = Some(reason);
        self
    }
}

/// Runs one case and renders it in the snapshot format.
pub fn run_case(case: &Case) -> String {
    let td_path = testdata();
    let td = td_path.to_str().unwrap();
    let mut cmd = Command::new(binary());
    cmd.env_clear().current_dir(&td_path);
    if !case.bare {
        cmd.env("PKG_CONFIG_LIBDIR", format!("{td}/universe"))
            .env("PKG_CONFIG_SYSTEM_INCLUDE_PATH", "/fake/sys/include")
            .env("PKG_CONFIG_SYSTEM_LIBRARY_PATH", "/fake/sys/lib");
    }
    for (k, v) in case.env {
        cmd.env(k, expand(v, td));
    }
    for a in case.args {
        cmd.arg(expand(a, td));
    }
    let out = cmd.output().unwrap();
    let stdout = normalise(&String::from_utf8_lossy(&out.stdout), td);
    let mut s = String::new();
    s.push_str(&format!("args: {:?}\n", case.args));
    if !case.env.is_empty() {
        s.push_str(&format!("env: {:?}\n", case.env));
    }
    if case.bare {
        s.push_str("bare: true\n");
    }
    s.push_str(&format!(
        "exit: {}\n",
        out.status
            .code()
            .map_or_else(|| "signal".to_owned(), |c| c.to_string())
    ));
    s.push_str("stdout:\n");
    s.push_str(&quoted_lines(&stdout));
    if case.stderr {
        let stderr = normalise(&String::from_utf8_lossy(&out.stderr), td);
        s.push_str("stderr:\n");
        s.push_str(&quoted_lines(&stderr));
    }
    s
}

/// The cases the `baselines` test runs: all of them when recording,
/// otherwise those without a known divergence.
pub fn baseline_cases(cases: &[Case]) -> impl Iterator<Item = &Case> {
    cases
        .iter()
        .filter(|c| recording() || c.known_bug.is_none())
}

/// The cases marked with [`Case::bug`].
pub fn divergent_cases(cases: &[Case]) -> impl Iterator<Item = &Case> {
    cases.iter().filter(|c| c.known_bug.is_some())
}

/// Asserts that the case names are unique; returns how many there are.
pub fn assert_unique_names(cases: &[Case]) -> usize {
    let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "duplicate case names");
    before
}

/// Runs `check` on every case, collecting every mismatch before failing
/// (mismatches never fail while recording).
pub fn check_all<'a>(cases: impl Iterator<Item = &'a Case>, check: impl Fn(&Case)) {
    let mut failed = Vec::new();
    for case in cases {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(case)));
        if r.is_err() {
            failed.push(case.name);
        }
    }
    assert!(
        failed.is_empty() || recording(),
        "{} case(s) differ from the baseline: {failed:?}",
        failed.len()
    );
}

/// `check_baselines!("snapshots/<suite>", cases)` runs `cases` (an iterator
/// of `&Case`) through [`check_all`], comparing each against
/// `<snapshot path>/<name>.snap`.
///
/// A macro rather than a function because insta takes the snapshot's
/// `source:` header from the file that expands `assert_snapshot!`, and
/// resolves `snapshot_path` relative to it: both must stay the test file
/// (`tests/cli_baselines.rs`, `tests/modes.rs`), or every recorded snapshot
/// would change.
#[allow(unused_macros)] // `tests/divergences.rs` has no baselines
macro_rules! check_baselines {
    ($snapshot_path:literal, $cases:expr) => {
        $crate::common::baseline::check_all($cases, |case| {
            let actual = $crate::common::baseline::run_case(case);
            insta::with_settings!({
                snapshot_path => $snapshot_path,
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                insta::assert_snapshot!(case.name, actual);
            });
        })
    };
}
#[allow(unused_imports)]
pub(crate) use check_baselines;
