#![allow(clippy::unwrap_used)]
//! The deliberate divergences from pkgconf 3.0.7, asserted directly against
//! `pkgconf-rs` (not against the reference, which behaves differently on
//! purpose). Each test points at its row of the table in docs/differences.md.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{Scratch, our_binary, testdata};

/// Runs our binary in `testdata/` with a cleared environment,
/// `PKG_CONFIG_LIBDIR=$TESTDATA/universe` and the given variables.
fn run(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let td = testdata();
    let mut cmd = Command::new(our_binary());
    cmd.env_clear()
        .env("PKG_CONFIG_LIBDIR", td.join("universe"))
        .env("PKG_CONFIG_SYSTEM_INCLUDE_PATH", "/fake/sys/include")
        .env("PKG_CONFIG_SYSTEM_LIBRARY_PATH", "/fake/sys/lib")
        .current_dir(&td)
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Exit code 1, nothing on stdout and exactly one `pkgconf-rs: ` line on
/// stderr; returns that line.
fn assert_one_line_error(out: &Output) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert_eq!(stdout(out), "", "nothing on stdout");
    assert!(err.starts_with("pkgconf-rs: "), "stderr: {err:?}");
    assert!(err.ends_with('\n'), "stderr: {err:?}");
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    err
}

fn invalid_personality(tag: &str, text: &str) -> String {
    let scratch = Scratch::new(tag);
    let file = scratch.path().join("bad.personality");
    std::fs::write(&file, text).unwrap();
    let arg = format!("--personality={}", file.display());
    assert_one_line_error(&run(&[&arg, "--cflags", "u-base"], &[]))
}

// docs/differences.md, row 1 (invalid personality files are an error).
// pkgconf 3.0.7 keeps the lines it understood and goes on without the rest
// (with a garbage line, `--dump-personality` shows `DefaultSearchPaths:
// (null)`).
#[test]
fn invalid_personality_file_garbage_line() {
    let err = invalid_personality("garbage", "Triplet: a-b-c\ngarbage\n");
    assert!(err.contains("bad.personality:2"), "{err}");
}

// docs/differences.md, row 1 (invalid personality files are an error).
#[test]
fn invalid_personality_file_unknown_key() {
    let err = invalid_personality("unknown-key", "Triplet: a-b-c\nFrobnicate: yes\n");
    assert!(err.contains("Frobnicate"), "{err}");
}

// docs/differences.md, row 1 (invalid personality files are an error).
#[test]
fn invalid_personality_file_missing_triplet() {
    let err = invalid_personality("no-triplet", "SysrootDir: /x\nWantDefaultStatic: true\n");
    assert!(err.contains("Triplet"), "{err}");
}

// docs/differences.md, row 2 (unknown --fragment-filter types are an error).
// pkgconf 3.0.7 silently ignores characters it does not know.
#[test]
fn unknown_fragment_filter_type() {
    let err = assert_one_line_error(&run(&["--fragment-filter=I,", "--cflags", "u-base"], &[]));
    assert!(err.contains("--fragment-filter"), "{err}");
}

// docs/differences.md, row 3 (an unwritable --log-file is an error).
// pkgconf 3.0.7 ignores the failed fopen() and succeeds.
#[test]
fn unwritable_log_file() {
    let scratch = Scratch::new("log-missing-dir");
    let log = scratch.path().join("no-such-dir/x.log");
    let arg = format!("--log-file={}", log.display());
    let err = assert_one_line_error(&run(&[&arg, "--exists", "pkgconf"], &[]));
    assert!(err.contains("log file"), "{err}");
    assert!(!log.exists());
}

// docs/differences.md, row 3 (the
// writable case: one `id [version]` line per package of the solution).
#[test]
fn log_file_lists_the_solution() {
    let scratch = Scratch::new("log-ok");
    let log = scratch.path().join("x.log");
    let arg = format!("--log-file={}", log.display());
    let out = run(&[&arg, "--exists", "u-app"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "u-app [3.0.0]\n\
         u-left [2.0]\n\
         u-right [2.1]\n\
         u-base [1.2.3]\n\
         u-priv [0.9]\n\
         u-intern [1.0]\n\
         u-shonly [4.4]\n"
    );
}

// docs/differences.md, row 5 (non-UTF-8 bytes): invalid bytes become
// U+FFFD (pkgconf 3.0.7 passes the raw bytes through), nothing panics, and
// --validate warns.
#[test]
fn non_utf8_bytes_in_pc_file() {
    let scratch = Scratch::new("non-utf8");
    std::fs::write(
        scratch.path().join("nu.pc"),
        b"prefix=/opt/caf\xe9\n\nName: nu\nDescription: bad \xff bytes\nVersion: 1.0\n\
          Cflags: -I${prefix}/include -DNAME=\xfe\xff\nLibs: -lnu\n",
    )
    .unwrap();
    let libdir = [("PKG_CONFIG_LIBDIR", scratch.path())];

    // Flags escape every non-ASCII byte with a backslash, as pkgconf does in
    // the C locale, so each byte of U+FFFD (EF BF BD) is escaped.
    let out = run(&["--cflags", "--libs", "nu"], &libdir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fffd: &[u8] = b"\\\xef\\\xbf\\\xbd";
    let mut expected = b"-I/opt/caf".to_vec();
    expected.extend_from_slice(fffd);
    expected.extend_from_slice(b"/include -DNAME=");
    expected.extend_from_slice(fffd);
    expected.extend_from_slice(fffd);
    expected.extend_from_slice(b" -lnu\n");
    assert_eq!(
        out.stdout,
        expected,
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let out = run(&["--variable=prefix", "nu"], &libdir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "/opt/caf\u{FFFD}\n");

    // --validate writes its warnings to stdout, as pkgconf does.
    let out = run(&["--validate", "nu"], &libdir);
    assert_eq!(out.status.code(), Some(0));
    let warnings = stdout(&out);
    let pc = scratch.path().join("nu.pc");
    for line in [1, 4, 6] {
        let w = format!(
            "{}:{line}: warning: line is not valid UTF-8; invalid bytes replaced with U+FFFD\n",
            pc.display()
        );
        assert!(warnings.contains(&w), "{warnings:?}");
    }
    assert_eq!(warnings.lines().count(), 3, "{warnings:?}");
}

// docs/differences.md, row 4 (--maximum-traverse-depth does not look past the
// limit): pkgconf 3.0.7 reports the missing requirement one level beyond
// the limit, prints an empty line and exits 0; we print the flags.
#[test]
fn missing_package_beyond_maximum_traverse_depth() {
    let out = run(
        &["--maximum-traverse-depth=1", "--libs", "need-missing"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "-lneedmissing\n");
    assert_eq!(stderr(&out), "");
}

// docs/differences.md, "not differences" (--variable with several packages): like pkgconf
// 3.0.7 (and unlike later pkgconf) every package's value is printed.
#[test]
fn variable_for_several_packages() {
    let out = run(&["--variable=prefix", "u-base", "u-priv", "u-left"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "/opt/uni /opt/priv /opt/uni\n");
}

// docs/differences.md, row 10 (--prefix-variable is honoured): pkgconf 3.0.7
// ignores the option and relocates `prefix`; we relocate the named variable.
#[test]
fn prefix_variable_names_the_relocated_variable() {
    let td = testdata();
    let dir = td.join("relocatable/opt-rel/lib/pkgconfig");
    let out = run(
        &[
            "--define-prefix",
            "--prefix-variable=root",
            "--cflags",
            "rel-root",
        ],
        &[("PKG_CONFIG_LIBDIR", &dir)],
    );
    assert_eq!(out.status.code(), Some(0));
    let want = format!("-I{}/include\n", td.join("relocatable/opt-rel").display());
    assert_eq!(stdout(&out), want);
    let out = run(
        &[
            "--define-prefix",
            "--prefix-variable=root",
            "--variable=prefix",
            "rel-root",
        ],
        &[("PKG_CONFIG_LIBDIR", &dir)],
    );
    assert_eq!(stdout(&out), "/unrelated\n");
}

// docs/differences.md, row 11 (a missing sysroot the search path points into
// is an error): pkgconf reports every package as not found; we name the cause.
#[test]
fn missing_sysroot_used_by_the_search_path_is_an_error() {
    let scratch = Scratch::new("missing-sysroot");
    let root = scratch.path().join("no-such-root");
    let libdir = root.join("usr/lib/pkgconfig");
    let out = run(
        &["--cflags", "u-app"],
        &[
            ("PKG_CONFIG_SYSROOT_DIR", &root),
            ("PKG_CONFIG_LIBDIR", &libdir),
        ],
    );
    let line = assert_one_line_error(&out);
    assert!(line.contains("does not exist"), "{line}");
    // A sysroot the search path does not use is only a prefix, as in pkgconf.
    let out = run(
        &["--cflags", "u-base"],
        &[("PKG_CONFIG_SYSROOT_DIR", &root)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

// docs/differences.md, row 12 (an unknown version operator is named).
// pkgconf 3.0.7 prints the same first lines and exit code, but not the last.
#[test]
fn unknown_version_operator_is_named() {
    let out = run(&["--print-errors", "--cflags", "u-base => 99"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some("Package (any) was not found in the pkg-config search path.")
    );
    assert!(lines.contains(&"Package '(any)' not found"), "{err}");
    assert!(lines.contains(&"Package '99' not found"), "{err}");
    assert_eq!(
        lines.last().copied(),
        Some(
            "pkgconf-rs: 'u-base => 99': '=>' is not a version operator (use <, <=, =, !=, >= or >)"
        )
    );
    // A known operator is not mentioned.
    let out = run(&["--print-errors", "--cflags", "u-base > 99"], &[]);
    assert!(!stderr(&out).contains("is not a version operator"));
}

// docs/differences.md, row 13 (an ambiguous option prefix names the
// candidates). pkgconf 3.0.7 prints only the first line.
#[test]
fn ambiguous_option_names_the_candidates() {
    let out = run(&["--cflag", "u-base"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "pkgconf-rs: ambiguous option -- cflag\n\
         pkgconf-rs: --cflag could be --cflags, --cflags-only-I or --cflags-only-other\n"
    );
}

// docs/differences.md, row 14 (no silent truncation of deep graphs).
// pkgconf 3.0.7 prints the first ~256 packages of this chain and exits 0.
#[test]
fn deep_chain_is_answered_in_full() {
    const N: usize = 3_000;
    let scratch = Scratch::new("deep-chain");
    for i in 0..N {
        let req = if i + 1 < N {
            format!("Requires: c{}\n", i + 1)
        } else {
            String::new()
        };
        let text = format!("Name: c{i}\nDescription: x\nVersion: 1\n{req}Libs: -lc{i}\n");
        std::fs::write(scratch.path().join(format!("c{i}.pc")), text).unwrap();
    }
    let libdir = scratch.path();
    let out = run(&["--libs", "c0"], &[("PKG_CONFIG_LIBDIR", libdir)]);
    assert_eq!(out.status.code(), Some(0));
    let words: Vec<String> = stdout(&out).split_whitespace().map(str::to_owned).collect();
    assert_eq!(words.len(), N);
    assert_eq!(words.last().map(String::as_str), Some("-lc2999"));
    // An explicit limit keeps pkgconf's meaning.
    let out = run(
        &["--maximum-traverse-depth=10", "--libs", "c0"],
        &[("PKG_CONFIG_LIBDIR", libdir)],
    );
    assert_eq!(stdout(&out).split_whitespace().count(), 10);
}

// docs/differences.md, row 6: every limit, when hit, refuses the file and
// says which file, which limit and its value, after pkgconf's own lines.

/// Writes `files` (name, contents) to a scratch directory and runs
/// `--print-errors --cflags NAME` there.
fn refused(tag: &str, files: &[(&str, Vec<u8>)], name: &str) -> (Output, String) {
    let scratch = Scratch::new(tag);
    for (file, text) in files {
        std::fs::write(scratch.path().join(file), text).unwrap();
    }
    let out = run(
        &["--print-errors", "--cflags", name],
        &[("PKG_CONFIG_LIBDIR", scratch.path())],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "Package {name} was not found in the pkg-config search path.\n"
        )),
        "pkgconf's first line comes first: {err}"
    );
    let line = err
        .lines()
        .find(|l| l.contains("was found but not used"))
        .unwrap_or_else(|| panic!("no refusal line: {err}"))
        .to_owned();
    assert!(line.contains(&format!("{name}.pc was found")), "{line}");
    (out, line)
}

/// A file whose variable `x` is `first`, then doubled by self-reference
/// `doublings` times, and whose `Cflags` use it `uses` times.
fn doubling(first: &str, doublings: usize, name: &str, uses: usize) -> String {
    let mut text = format!("x={first}\n");
    text.push_str(&"x=${x}${x}\n".repeat(doublings));
    text.push_str(&format!(
        "Name: {name}\nDescription: x\nVersion: 1\nCflags:"
    ));
    text.push_str(&" ${x}".repeat(uses));
    text.push('\n');
    text
}

fn pc(fields: &str) -> Vec<u8> {
    format!("Name: x\nDescription: x\nVersion: 1\n{fields}").into_bytes()
}

#[test]
fn limit_file_size() {
    let mut big = pc("Cflags: ");
    big.resize(4 * 1024 * 1024 + 1, b'x');
    let (_, line) = refused("limit-size", &[("big.pc", big)], "big");
    assert!(
        line.ends_with("the file is larger than 4194304 bytes (the limit)"),
        "{line}"
    );
}

#[test]
fn limit_line_length() {
    let mut long = pc("Cflags: -I");
    long.extend(std::iter::repeat_n(b'y', 1024 * 1024 + 10));
    long.push(b'\n');
    let (_, line) = refused("limit-line", &[("long.pc", long)], "long");
    assert!(
        line.ends_with("line 4: the line is longer than 1048576 bytes (the limit)"),
        "{line}"
    );
}

/// One word expanded many times in a flags field: 100 KB of file, 640 MiB
/// of expansion (pkgconf needs 629 MB and 3 s to answer it).
#[test]
fn limit_total_expansion() {
    let text = doubling("aaaaaaaa", 12, "wide", 20_000);
    let (_, line) = refused("limit-expansion", &[("wide.pc", text.into_bytes())], "wide");
    assert!(line.contains("its fields expand to more than 25"), "{line}");
    assert!(
        line.ends_with("(the limit: 256 times the file's size, at least 4194304 bytes)"),
        "{line}"
    );
    // When the budget runs out before `Version` is read, the limit is still
    // the reason given (not "does not declare `Version'").
    let mut text = String::from("x=aaaaaaaa\n");
    text.push_str(&"x=${x}${x}\n".repeat(12));
    text.push_str("Name: early\nDescription: x\nCflags:");
    text.push_str(&" ${x}".repeat(20_000));
    text.push_str("\nVersion: 1\n");
    let (_, line) = refused(
        "limit-expansion-early",
        &[("early.pc", text.into_bytes())],
        "early",
    );
    assert!(line.contains("its fields expand to more than"), "{line}");
}

/// A listing reads only what it prints (and whether a file is used): a
/// file refused for what its flags expand to is listed, as pkgconf lists
/// it, while `--validate --list-all` reads it whole and does not.
#[test]
fn limit_in_a_field_a_listing_does_not_read() {
    let scratch = Scratch::new("limit-listing");
    let text = doubling("aaaaaaaa", 12, "wide", 20_000);
    std::fs::write(scratch.path().join("wide.pc"), text).unwrap();
    std::fs::write(scratch.path().join("ok.pc"), pc("")).unwrap();
    let env = [("PKG_CONFIG_LIBDIR", scratch.path())];
    let lines = |args: &[&str]| {
        let out = run(args, &env);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    let listed = lines(&["--list-all"]);
    assert!(listed.lines().any(|l| l.starts_with("wide ")), "{listed}");
    assert!(listed.lines().any(|l| l.starts_with("ok ")), "{listed}");
    let names = lines(&["--list-package-names"]);
    assert!(names.lines().any(|l| l == "wide"), "{names}");
    let validated = lines(&["--validate", "--list-all"]);
    assert!(
        !validated.lines().any(|l| l.starts_with("wide ")),
        "{validated}"
    );
    assert!(
        validated.contains("its fields expand to more than"),
        "{validated}"
    );
    assert_eq!(run(&["--exists", "wide"], &env).status.code(), Some(1));
}

#[test]
fn limit_nesting_depth() {
    // The first definition refers to another variable, so the chain of
    // self-references is not fixed and nests once per definition.
    let mut text = String::from("y=a\nx=${y}\n");
    text.push_str(&"x=${x}b\n".repeat(1100));
    let text = String::from_utf8(pc("Cflags: -I${x}"))
        .unwrap()
        .replace("Name", &format!("{text}Name"));
    let (_, line) = refused("limit-depth", &[("deep.pc", text.into_bytes())], "deep");
    assert!(
        line.contains("nested more than 1024 levels deep (the limit)"),
        "{line}"
    );
}

#[test]
fn limit_expansion_steps() {
    // Undefined names are not counted by pkgconf's 512-use limit, so only
    // our step bound stops 2^25 of them.
    let mut text = String::from("x=${undefined}\n");
    text.push_str(&"x=${x}${x}\n".repeat(25));
    let text = String::from_utf8(pc("Cflags: ${x}"))
        .unwrap()
        .replace("Name", &format!("{text}Name"));
    let (_, line) = refused("limit-steps", &[("steps.pc", text.into_bytes())], "steps");
    assert!(
        line.contains("took more than 1048576 steps (the limit)"),
        "{line}"
    );
}

/// A variable that doubles itself by self-reference, used 800 times: 4 KB
/// of file. pkgconf expands each definition once and answers at once; so
/// must we (this took seconds when every use re-expanded 2^19 steps).
#[test]
fn self_doubling_variable_is_expanded_once() {
    let scratch = Scratch::new("self-doubling");
    let text = doubling("", 19, "dbl", 800);
    std::fs::write(scratch.path().join("dbl.pc"), text).unwrap();
    let out = run(
        &["--print-errors", "--cflags", "dbl"],
        &[("PKG_CONFIG_LIBDIR", scratch.path())],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "\n");
    assert_eq!(stderr(&out), "");
}

#[test]
fn skipped_file_is_named() {
    let (_, line) = refused(
        "skipped",
        &[("noname.pc", b"Description: x\nVersion: 1\n".to_vec())],
        "noname",
    );
    assert!(
        line.ends_with("was found but not used: pkgconf skips it: it does not declare `Name'"),
        "{line}"
    );
}

// docs/differences.md, row 15: a trailing separator on the sysroot does not
// double every separator after it (pkgconf prints -I/sysroot//usr/...).
#[test]
fn sysroot_trailing_separator_is_dropped() {
    let td = testdata();
    let dir = td.join("double-slash");
    let root = Path::new("/sysroot/");
    let out = run(
        &["--cflags", "dbl"],
        &[
            ("PKG_CONFIG_LIBDIR", &dir),
            ("PKG_CONFIG_SYSROOT_DIR", root),
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("-I/sysroot/usr//include "), "{text}");
    assert!(!text.contains("/sysroot//"), "{text}");
    // --variable values likewise (pkgconf prints /sysroot//usr//include).
    let out = run(
        &["--variable=includedir", "dbl"],
        &[
            ("PKG_CONFIG_LIBDIR", &dir),
            ("PKG_CONFIG_SYSROOT_DIR", root),
        ],
    );
    assert_eq!(stdout(&out), "/sysroot/usr//include\n");
}

/// Runs our binary with `PKG_CONFIG_LIBDIR=dir`, killing it (and failing)
/// if it has not finished within a minute: the behaviour under test is
/// that it does not hang.
#[cfg(unix)]
fn run_bounded(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(our_binary())
        .env_clear()
        .env("PKG_CONFIG_LIBDIR", dir)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..600 {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().unwrap();
    panic!("pkgconf-rs {args:?} hung on a FIFO named like a .pc file");
}

// docs/differences.md, row 17 (a FIFO named like a .pc file).
// pkgconf 3.0.7 opens it and waits for a writer, forever.
#[cfg(unix)]
#[test]
fn fifo_named_like_a_pc_file_is_not_a_package() {
    let scratch = Scratch::new("fifo");
    let dir = scratch.path().join("pc");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("real.pc"),
        "Name: real\nDescription: d\nVersion: 1\n",
    )
    .unwrap();
    let made = Command::new("mkfifo")
        .arg(dir.join("x.pc"))
        .status()
        .unwrap();
    assert!(made.success());

    let out = run_bounded(&dir, &["--exists", "x"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = run_bounded(&dir, &["--list-all"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let listed = stdout(&out);
    assert!(listed.contains("real "), "{listed}");
    assert!(!listed.lines().any(|l| l.starts_with("x ")), "{listed}");
}

// docs/differences.md, row 18 (a refused preloaded file keeps what was
// preloaded). pkgconf 3.0.7 empties its whole preloaded list, built-ins
// included: `pbase` and `pkg-config` are then not found and --list-all
// lists only the search path.
#[test]
fn a_refused_preloaded_file_keeps_what_was_preloaded() {
    let pre = testdata().join("preload/pre");
    let files = std::env::join_paths([pre.join("pbase.pc"), pre.join("refused.pc")]).unwrap();
    let files = Path::new(&files);
    let libdir = std::env::join_paths([
        testdata().join("preload/path"),
        testdata().join("preload/path2"),
    ])
    .unwrap();
    let libdir = Path::new(&libdir);
    let env = [
        ("PKG_CONFIG_LIBDIR", libdir),
        ("PKG_CONFIG_PRELOADED_FILES", files),
    ];
    let out = run(&["--modversion", "pbase", "pkg-config"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "1.5\n3.0.7\n");
    let out = run(&["--list-package-names"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names = stdout(&out);
    let names: Vec<&str> = names.lines().collect();
    // The built-ins, the preloaded package (and the name it provides), then
    // the search path in the order its directory lists it.
    assert_eq!(
        names.get(..4),
        Some(&["pkg-config", "pkgconf", "pbase", "pbase-compat"][..])
    );
    let mut rest = names.get(4..).unwrap_or_default().to_vec();
    rest.sort_unstable();
    assert_eq!(rest, ["foo", "other"]);
    // Preloading stops there, as pkgconf's does: a file after it is not
    // preloaded.
    let files = std::env::join_paths([pre.join("refused.pc"), pre.join("pbase.pc")]).unwrap();
    let env = [
        ("PKG_CONFIG_LIBDIR", libdir),
        ("PKG_CONFIG_PRELOADED_FILES", Path::new(&files)),
    ];
    let out = run(&["--exists", "pbase"], &env);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

// docs/differences.md, row 19 (the sysroot goes in front of absolute paths
// only). pkgconf 3.0.7 glues it in front of any -I/-L/-isystem/-idirafter
// value that does not start with it: `-Irel/inc` becomes `-I/srrel/inc`,
// `-LD:/lib` becomes `-L/srD:/lib`, an empty `-I` becomes `-I/sr`.
#[test]
fn the_sysroot_goes_before_absolute_paths_only() {
    let scratch = Scratch::new("sysroot-relative");
    std::fs::write(
        scratch.path().join("r.pc"),
        "Name: r\nDescription: d\nVersion: 1\n\
         Cflags: -Irel/inc -I/abs/inc -idirafter D:/x\n\
         Libs: -Lrel/lib -L/abs/lib -LD:/lib -lr\n",
    )
    .unwrap();
    let env = [
        ("PKG_CONFIG_LIBDIR", scratch.path()),
        ("PKG_CONFIG_SYSROOT_DIR", Path::new("/sr")),
    ];
    let out = run(&["--cflags", "--libs", "r"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "-Irel/inc -I/sr/abs/inc -idirafter D:/x -Lrel/lib -L/sr/abs/lib -LD:/lib -lr\n"
    );
}

// docs/differences.md, row 20 (a file named twice is one package). pkgconf
// 3.0.7 reads it twice: -DBASE_LEVEL=1 -DSHONLY -DAPP_SHARED -DAPP_SHARED.
#[test]
fn a_file_named_twice_is_one_package() {
    let file = testdata().join("universe/u-app.pc");
    let file = file.to_str().unwrap();
    let out = run(&["--cflags-only-other", file, file], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "-DBASE_LEVEL=1 -DSHONLY -DAPP_SHARED\n");
}

// docs/differences.md, row 21 (nothing past the depth limit is looked up).
// pkgconf 3.0.7 looks up need-missing's requirements, prints that
// no-such-pkg is not found, then an empty line, and exits 0.
#[test]
fn nothing_past_the_depth_limit_is_looked_up() {
    let out = run(
        &["--libs", "--maximum-traverse-depth=1", "need-missing"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "-lneedmissing\n");
    assert_eq!(stderr(&out), "");
    // `--simulate` lists the packages the walk met: pkgconf 3.0.7 lists b
    // too (looked up past the limit), with its requirement of a.
    let dir = testdata().join("cycle-order");
    let out = run(
        &["--simulate", "--maximum-traverse-depth=1", "a"],
        &[("PKG_CONFIG_LIBDIR", dir.as_path())],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("node 'a' {"), "{text}");
    assert!(!text.contains("node 'b' {"), "{text}");
}

// docs/differences.md, row 23 (--no-cache walks each package once).
// pkgconf 3.0.7 walks d once for b and once for c, and prints
// `-DA -DB -I/inc/shared -I/inc/d -DC -DD`.
#[test]
fn no_cache_walks_each_package_once() {
    let scratch = Scratch::new("no-cache");
    let files = [
        ("a", "Requires: b c\nCflags: -DA"),
        ("b", "Requires: d\nCflags: -DB -I/inc/shared"),
        ("c", "Requires: d\nCflags: -DC -I/inc/shared"),
        ("d", "Cflags: -DD -I/inc/d"),
    ];
    for (name, body) in files {
        let text = format!("Name: {name}\nDescription: {name}\nVersion: 1\n{body}\n");
        std::fs::write(scratch.path().join(format!("{name}.pc")), text).unwrap();
    }
    let dir = [("PKG_CONFIG_LIBDIR", scratch.path())];
    for extra in [&[][..], &["--no-cache"][..]] {
        let args: Vec<&str> = ["--cflags", "a"].iter().chain(extra).copied().collect();
        let out = run(&args, &dir);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stdout(&out), "-DA -DB -I/inc/shared -DC -DD -I/inc/d\n");
    }
    let out = run(&["--simulate", "--no-cache", "a"], &dir);
    assert_eq!(stdout(&out).matches("dependency 'd';").count(), 3);
}

// docs/differences.md, row 22 (--validate prints a file's findings once).
// pkgconf 3.0.7 prints z.pc's two lines again after the scan for a
// package that provides z.
#[test]
fn validate_prints_a_file_s_findings_once() {
    let dir = testdata().join("list-twice/b");
    let out = run(
        &["--validate", "z"],
        &[("PKG_CONFIG_LIBDIR", dir.as_path())],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert_eq!(
        text.matches("does not declare a `Version' field").count(),
        1,
        "{text}"
    );
    assert!(text.ends_with("Package 'z' not found\n"), "{text}");
}
