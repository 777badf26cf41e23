//! `cargo xtask hot-code [--check]`: the functions a short query runs,
//! which the release link of the programs lays out first
//! (`cli/hot-code.txt`, given to the linker as a symbol ordering file).
//!
//! Why: a query of one small package runs about 700 KB of code spread over
//! the whole 1.7 MB text segment, and the kernel maps the file's pages
//! around each page fault (64 KiB and more), so nearly all of the text was
//! resident: 1,532 KiB of it for `--modversion`. With the functions such
//! queries run placed together, 764 KiB are, and the process's peak RSS
//! goes from 1,856 to 1,088 KiB (pkgconf's: about 1,600). The time stays
//! the same within the noise (perf stat: 84 against 75-80 page faults).
//!
//! The list names symbols as the linker sees them (mangled, with their
//! hashes). The hashes do not change when the code does, but they do when
//! the compiler, a dependency or the package version changes; a name the
//! build does not have is skipped by the linker, so a stale list only
//! loses the gain. `--check` builds the programs with symbols and fails
//! when fewer than nine in ten of the listed names are there; CI runs it.
//! Without `--check`, the task runs the queries below on that build under
//! gdb (`hot_trace.py` stops once at each function entered) and writes the
//! list again. The run is native, so the list has the C library's string
//! functions chosen for the processor it ran on; another processor's
//! choice stays where it was, a few pages away.

use crate::{Result, install};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The list, from the workspace root.
pub const ORDER_FILE: &str = "cli/hot-code.txt";

/// The queries whose code goes first: what build systems ask of one package
/// (meson, CMake, pkg.m4, cargo's pkg-config crate), found or not, over
/// testdata/bench-stack. Functions more of them run come first.
const QUERIES: &[&[&str]] = &[
    &["--version"],
    &["--modversion", "zlib-like"],
    &["--exists", "zlib-like"],
    &["--atleast-version=1.0", "zlib-like"],
    &["--exists", "--print-errors", "zlib-like >= 1.2"],
    &["--cflags", "zlib-like"],
    &["--libs", "zlib-like"],
    &["--variable=prefix", "zlib-like"],
    &["--cflags", "--libs", "toolkit-4"],
    &["--static", "--cflags", "--libs", "toolkit-4"],
    &[
        "--print-errors",
        "--short-errors",
        "--exists",
        "no-such-package",
    ],
    &["--modversion", "no-such-package"],
];

/// At least this share (in tenths) of the listed names must be in the build.
const CHECK_TENTHS: usize = 9;

/// `cargo xtask hot-code`: writes cli/hot-code.txt again.
pub fn write(root: &Path) -> Result<()> {
    let binary = build_with_symbols(root)?;
    let work = binary.with_file_name("hot-trace");
    fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let script = work.join("hot_trace.py");
    fs::write(&script, TRACE_SCRIPT)
        .map_err(|e| format!("cannot write {}: {e}", script.display()))?;
    // Each function: how many queries enter it, and when it was first
    // entered (queries one after the other), which orders the list.
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    let mut clock = 0;
    for (n, query) in QUERIES.iter().enumerate() {
        let out = work.join(format!("query-{n}.txt"));
        let mut once = HashSet::new();
        for name in entered(root, &binary, &script, query, &out)? {
            if once.insert(name.clone()) {
                let entry = seen.entry(name).or_insert((0, clock));
                entry.0 += 1;
                clock += 1;
            }
        }
    }
    let mut names: Vec<(String, (usize, usize))> = seen.into_iter().collect();
    names.sort_by_key(|(_, (queries, first))| (std::cmp::Reverse(*queries), *first));
    let mut text = String::from(
        "# The functions short queries run, laid out first by the release link\n\
         # (xtask/src/hot.rs). Written by `cargo xtask hot-code`: do not edit.\n",
    );
    for (name, _) in &names {
        text.push_str(name);
        text.push('\n');
    }
    let path = root.join(ORDER_FILE);
    fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("wrote {} ({} functions)", path.display(), names.len());
    Ok(())
}

/// `cargo xtask hot-code --check`: fails when the list has gone stale.
pub fn check(root: &Path) -> Result<()> {
    let binary = build_with_symbols(root)?;
    let present = symbols(&binary)?;
    let path = root.join(ORDER_FILE);
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let listed: Vec<&str> = names_in(&text).collect();
    let found = listed.iter().filter(|n| present.contains(**n)).count();
    println!(
        "hot-code: {found} of the {} functions {ORDER_FILE} names are in the build",
        listed.len()
    );
    if found * 10 < listed.len() * CHECK_TENTHS {
        return Err(format!(
            "{ORDER_FILE} is stale (the compiler, a dependency or the version changed): \
             run `cargo xtask hot-code` and commit it"
        ));
    }
    Ok(())
}

/// The linker arguments that lay the programs' hot code out first, where
/// the linker is known to take them: Rust's own lld, the default on
/// x86_64 GNU/Linux (rustc 1.90 and later). Empty elsewhere.
///
/// The linker reads a copy named by the list's contents: cargo relinks
/// when its arguments change, not when a file they name does.
pub fn link_args(root: &Path) -> Result<Vec<String>> {
    let path = root.join(ORDER_FILE);
    if !cfg!(all(
        target_arch = "x86_64",
        target_os = "linux",
        target_env = "gnu"
    )) || !path.is_file()
    {
        return Ok(Vec::new());
    }
    let text = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut hasher = std::hash::DefaultHasher::new();
    text.hash(&mut hasher);
    let dir = install::target_dir()?;
    let copy = dir.join(format!("hot-code-{:016x}.txt", hasher.finish()));
    if !copy.is_file() {
        // Written whole under another name first: an interrupted write
        // leaves no short list under the name that is reused.
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let part = copy.with_extension("part");
        fs::write(&part, &text).map_err(|e| format!("cannot write {}: {e}", part.display()))?;
        fs::rename(&part, &copy).map_err(|e| format!("cannot write {}: {e}", copy.display()))?;
    }
    Ok(vec![
        "-C".into(),
        format!("link-arg=-Wl,--symbol-ordering-file={}", copy.display()),
        // Names the build no longer has are expected (see the module
        // documentation); `--check` counts them.
        "-C".into(),
        "link-arg=-Wl,--no-warn-symbol-ordering".into(),
    ])
}

/// The names in an ordering file: one a line, `#` starts a comment line.
fn names_in(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Builds pkgconf-rs as `cargo xtask build` does, laid out by the list as
/// it is, with its symbols kept, in a target directory of its own
/// (TARGET/hot-code), and returns it.
fn build_with_symbols(root: &Path) -> Result<PathBuf> {
    let target = install::target_dir()?.join("hot-code");
    install::build_program(root, "pkgconf-rs", &["-C", "strip=none"], Some(&target))?;
    Ok(target.join("release").join("pkgconf-rs"))
}

/// The function symbols of a binary (`nm`).
fn symbols(binary: &Path) -> Result<HashSet<String>> {
    let out = Command::new("nm")
        .arg(binary)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run nm: {e}"))?;
    if !out.status.success() {
        return Err(format!("nm {} failed ({})", binary.display(), out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2).map(str::to_owned))
        .collect())
}

/// The gdb script that lists the functions a run enters.
const TRACE_SCRIPT: &str = include_str!("hot_trace.py");

/// The functions one query runs, in the order first entered.
fn entered(
    root: &Path,
    binary: &Path,
    script: &Path,
    query: &[&str],
    out: &Path,
) -> Result<Vec<String>> {
    let _ = fs::remove_file(out);
    let status = Command::new("gdb")
        .current_dir(root)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("PKG_CONFIG_LIBDIR", root.join("testdata/bench-stack"))
        .env("OUT", out)
        .args(["-q", "-batch", "-nx", "-x"])
        .arg(script)
        .arg("--args")
        .arg(binary)
        .args(query)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run gdb (Debian's package): {e}"))?;
    let text = fs::read_to_string(out).map_err(|e| {
        format!(
            "gdb {} {query:?} wrote no list ({status}): {e}",
            binary.display()
        )
    })?;
    Ok(text.lines().map(str::to_owned).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_lines_are_not_names() {
        let names: Vec<&str> = names_in("# a comment\n\n  sym_a \nsym_b\n").collect();
        assert_eq!(names, ["sym_a", "sym_b"]);
    }
}
