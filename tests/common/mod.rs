//! Helpers shared by the integration tests: locating the binary under
//! test, the testdata directory, normalising output and scratch
//! directories. The snapshot baseline harness used by
//! `tests/cli_baselines.rs` and `tests/modes.rs` is in [`baseline`].
#![allow(dead_code)]

pub mod baseline;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

pub fn testdata() -> PathBuf {
    workspace_root().join("testdata")
}

/// Whether `$PKGCONF_BASELINE_BIN` is set, i.e. the reference is recording.
pub fn recording() -> bool {
    std::env::var_os("PKGCONF_BASELINE_BIN").is_some()
}

/// The `pkgconf-rs` binary of the target directory this test runs from.
///
/// `tests/` is its own package, so `CARGO_BIN_EXE_pkgconf-rs` is not
/// available: `cargo build -p pkgconf-rs` is run once (cheap when up to
/// date) and the binary is taken from the same target directory as this
/// test executable (`current_exe()/../../pkgconf-rs`), which also respects
/// `CARGO_TARGET_DIR` and `--release`.
pub fn our_binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let exe = std::env::current_exe().unwrap();
        // target/<profile>/deps/<test>-<hash>
        let profile_dir = exe.parent().unwrap().parent().unwrap().to_path_buf();
        let mut cmd = Command::new(cargo);
        cmd.current_dir(workspace_root())
            .args(["build", "--quiet", "-p", "pkgconf-rs"]);
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            cmd.arg("--release");
        }
        if let Some(target) = profile_dir.parent() {
            cmd.env("CARGO_TARGET_DIR", target);
        }
        let status = cmd.status().expect("running cargo build -p pkgconf-rs");
        assert!(status.success(), "cargo build -p pkgconf-rs failed");
        let bin = profile_dir.join(format!("pkgconf-rs{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.is_file(), "{} not found", bin.display());
        bin
    })
}

/// The binary baselines run: `$PKGCONF_BASELINE_BIN` (the reference, when
/// recording) or ours.
pub fn binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| match std::env::var_os("PKGCONF_BASELINE_BIN") {
        Some(p) => PathBuf::from(p),
        None => our_binary().to_path_buf(),
    })
}

pub fn expand(s: &str, td: &str) -> String {
    s.replace("$TESTDATA", td)
}

pub fn normalise(s: &str, td: &str) -> String {
    s.replace(td, "$TESTDATA")
}

/// Output as one Rust string literal per line, so that snapshots compare
/// byte for byte (trailing newlines and `\r` included).
pub fn quoted_lines(s: &str) -> String {
    if s.is_empty() {
        return "  (empty)\n".to_owned();
    }
    s.split_inclusive('\n')
        .map(|l| format!("  {l:?}\n"))
        .collect()
}

/// A scratch directory under the system temporary directory, removed on
/// drop. The name includes the process id and a caller-chosen tag, so
/// concurrently running tests do not collide.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(tag: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("pkgconf-rs-tests-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The `pkgconf-rs-lint` binary, built with `pkgconf-rs` (same package)
/// and found beside it.
pub fn lint_binary() -> PathBuf {
    our_binary().with_file_name(format!("pkgconf-rs-lint{}", std::env::consts::EXE_SUFFIX))
}
