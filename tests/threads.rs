#![allow(clippy::unwrap_used)]
//! Queries large enough to use more threads (a scan of over 64 files, a
//! solve of over 1,024 packages, whose libs are then collected beside its
//! cflags) give the one-thread answer when no thread can be started: a
//! process limit, as in a container or under `ulimit -u`, is not an error.

mod common;

use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// How many packages the chain has: more than the 1,024 a solve expands
/// before it reads ahead, and than a solution needs for two flag threads.
const CHAIN: usize = 1_100;

fn has(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A directory everyone may read, with the chain `c0 -> c1 -> ...` in
/// `pc/` and a copy of our binary in `bin/`.
fn setup() -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("pkgconf-rs-threads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let pc = dir.join("pc");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&pc).unwrap();
    std::fs::create_dir_all(&bin).unwrap();
    for d in [&dir, &pc, &bin] {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    for i in 0..CHAIN {
        let mut text = format!(
            "Name: c{i}\nDescription: link {i} of a chain\nVersion: 1.{i}\n\
             Cflags: -I/opt/c{i}/include -DC{i}\n\
             Libs: -L/opt/c{i}/lib -lc{i}\nLibs.private: -lm -lpthread\n"
        );
        if i + 1 < CHAIN {
            writeln!(text, "Requires: c{} >= 1.0", i + 1).unwrap();
        }
        std::fs::write(pc.join(format!("c{i}.pc")), text).unwrap();
    }
    let copy = bin.join("pkgconf-rs");
    std::fs::copy(common::our_binary(), &copy).unwrap();
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
    (dir, copy)
}

fn answer(mut cmd: Command, pc: &Path) -> (String, String, Option<i32>) {
    let out = cmd
        .env_clear()
        .env("PKG_CONFIG_LIBDIR", pc)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

#[test]
fn no_thread_to_be_had_gives_the_same_answer() {
    // RLIMIT_NPROC binds unprivileged users only: the test needs to start
    // the program as root and drop to `nobody` under the limit.
    if !running_as_root() || !has("setpriv") || !has("prlimit") {
        eprintln!("skipped: needs root, setpriv and prlimit (util-linux)");
        return;
    }
    let (dir, bin) = setup();
    let pc = dir.join("pc");
    for args in [
        &["--cflags", "--libs", "c0"][..],
        &["--static", "--cflags", "--libs", "c0"],
        &["--list-all"],
    ] {
        let mut free = Command::new(&bin);
        free.args(args);
        let mut limited = Command::new("prlimit");
        limited
            .args(["--nproc=1", "setpriv", "--reuid=65534", "--regid=65534"])
            .arg("--clear-groups")
            .arg(&bin)
            .args(args);
        let (want, got) = (answer(free, &pc), answer(limited, &pc));
        assert_eq!(want.2, Some(0), "{args:?}: {}", want.1);
        assert!(want.0.contains("-lc1099") || want.0.contains("c1099 "));
        assert_eq!(got, want, "{args:?} with no thread to be had");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
