#![allow(clippy::unwrap_used)]
//! `pkgconf-rs-lint` from the command line: exit codes, severity options,
//! unreadable inputs, the JSON and SARIF documents, and the pccritic mode
//! (through a link named `pccritic`). Every fixture is written to a scratch
//! directory; the environment is cleared and the system search path points
//! at an empty directory, so the host's packages never take part.

mod common;

use common::{Scratch, lint_binary};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// A file with nothing to report at any severity.
const CLEAN: &str = "prefix=/opt/foo\nlibdir=${prefix}/lib\nincludedir=${prefix}/include\n\n\
Name: foo\nDescription: the foo support library\nVersion: 1.2.3\nURL: https://example.org/foo\n\
License: MIT\nMaintainer: Foo Team <foo@example.org>\nSource: https://example.org/foo.tar.gz\n\
Cflags: -I${includedir}\nLibs: -L${libdir} -lfoo\n";

/// `CLEAN` without its License (a warning, PC039) and Maintainer (an info,
/// PC042): pccritic takes 4 + 1 points.
fn unlicensed() -> String {
    CLEAN
        .replace("License: MIT\n", "")
        .replace("Maintainer: Foo Team <foo@example.org>\n", "")
}

/// `CLEAN` with `-O2 -g` in Cflags: two build-tuning warnings (PC030),
/// two major pccritic findings, score 80.
fn tuned() -> String {
    CLEAN.replace("Cflags: -I${includedir}", "Cflags: -I${includedir} -O2 -g")
}

/// A scratch directory with `files` (name, contents) written in it, and an
/// empty `sys/` for the system search path.
fn scratch(tag: &str, files: &[(&str, &[u8])]) -> Scratch {
    let s = Scratch::new(&format!("lint-{tag}"));
    std::fs::create_dir(s.path().join("sys")).unwrap();
    for (name, bytes) in files {
        std::fs::write(s.path().join(name), bytes).unwrap();
    }
    s
}

/// Runs `program` in `dir` with a cleared environment.
fn run_as(program: &Path, dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("PKG_CONFIG_LIBDIR", dir.join("sys"))
        .current_dir(dir)
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn lint(dir: &Path, args: &[&str]) -> Output {
    run_as(&lint_binary(), dir, args, &[])
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap()
}

#[test]
fn exit_codes_follow_the_gate() {
    let s = scratch(
        "gate",
        &[
            ("clean.pc", CLEAN.as_bytes()),
            ("unlicensed.pc", unlicensed().as_bytes()),
        ],
    );
    let out = lint(s.path(), &["clean.pc"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(stdout(&out), "1 file, 0 errors, 0 warnings, 0 infos\n");

    let out = lint(s.path(), &["clean.pc", "unlicensed.pc"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.contains("unlicensed.pc: warning[PC039]: "), "{text}");
    assert!(
        !text.contains("PC042"),
        "infos are below the default gate: {text}"
    );
    assert!(
        text.ends_with("2 files, 0 errors, 1 warning, 0 infos\n"),
        "{text}"
    );

    let out = lint(s.path(), &["--min-severity", "error", "unlicensed.pc"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).starts_with("1 file, 0 errors, 0 warnings"));

    let out = lint(s.path(), &["--min-severity", "info", "unlicensed.pc"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("info[PC042]"));
}

#[test]
fn deny_and_allow() {
    let s = scratch("deny", &[("unlicensed.pc", unlicensed().as_bytes())]);
    let out = lint(s.path(), &["--allow", "missing-license", "unlicensed.pc"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(!stdout(&out).contains("PC039"));

    // An info made an error is reported and fails, whatever the gate.
    let out = lint(
        s.path(),
        &["--allow", "PC039", "--deny", "PC042", "unlicensed.pc"],
    );
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("unlicensed.pc: error[PC042]: "));
    let args = [
        "--min-score",
        "0",
        "--deny",
        "missing-maintainer",
        "unlicensed.pc",
    ];
    assert_eq!(code(&lint(s.path(), &args)), 1);

    for bad in [
        &["--deny", "PC999", "x.pc"][..],
        &["--allow", "no-such-rule", "x.pc"],
    ] {
        let out = lint(s.path(), bad);
        assert_eq!(code(&out), 2, "{bad:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("no rule"));
    }
}

#[test]
fn min_score_decides_alone_when_given() {
    let s = scratch("score", &[("tuned.pc", tuned().as_bytes())]);
    assert_eq!(code(&lint(s.path(), &["tuned.pc"])), 1, "two warnings");
    assert_eq!(code(&lint(s.path(), &["--min-score", "80", "tuned.pc"])), 0);
    assert_eq!(code(&lint(s.path(), &["--min-score", "81", "tuned.pc"])), 1);
    let both = ["--min-score", "80", "--min-severity", "warning", "tuned.pc"];
    assert_eq!(code(&lint(s.path(), &both)), 1);
    assert_eq!(
        code(&lint(s.path(), &["--min-score", "101", "tuned.pc"])),
        2
    );

    let out = lint(s.path(), &["--quiet", "tuned.pc"]);
    assert_eq!(stdout(&out), "tuned.pc: 80/100 (B)\n");
}

#[test]
fn unreadable_inputs_each_get_a_finding_and_the_run_goes_on() {
    let big = vec![b'#'; 4 * 1024 * 1024 + 1];
    let garbage: Vec<u8> = (0..2048u32).map(|i| (i * 151 % 256) as u8).collect();
    let s = scratch(
        "unreadable",
        &[
            ("a-big.pc", &big[..]),
            ("b-garbage.pc", &garbage[..]),
            ("z-clean.pc", CLEAN.as_bytes()),
        ],
    );
    std::fs::create_dir(s.path().join("c-dir.pc")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("nowhere.pc", s.path().join("d-dangling.pc")).unwrap();

    let out = lint(s.path(), &["."]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let text = stdout(&out);
    for (file, what) in [
        ("a-big.pc", "error[PC014]: the file is larger than"),
        (
            "b-garbage.pc",
            "error[PC010]: file does not declare a `Name' field",
        ),
        ("c-dir.pc", "error[PC014]: is a directory"),
        #[cfg(unix)]
        ("d-dangling.pc", "error[PC014]: dangling symbolic link"),
    ] {
        let prefix = format!("./{file}:");
        let found = text
            .lines()
            .any(|l| l.starts_with(&prefix) && l.contains(what));
        assert!(found, "{file}: {text}");
    }
    let files = if cfg!(unix) { 5 } else { 4 };
    assert!(
        text.ends_with("infos\n") && text.contains(&format!("{files} files, ")),
        "{text}"
    );
    assert!(
        !text.contains("z-clean.pc"),
        "the clean file has nothing to say"
    );

    let out = lint(s.path(), &["--format", "json", "."]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let dir = &doc["files"].as_array().unwrap()[2];
    assert_eq!(dir["target"], "./c-dir.pc");
    assert_eq!(dir["readable"], false);
    assert_eq!(dir["findings"][0]["code"], "PC014");
}

#[test]
fn requires_between_linted_files_resolve() {
    let app = CLEAN.replace("Name: foo", "Name: app\nRequires: foo >= 1.0");
    let s = scratch(
        "requires",
        &[("app.pc", app.as_bytes()), ("foo.pc", CLEAN.as_bytes())],
    );
    let out = lint(s.path(), &["app.pc"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    std::fs::remove_file(s.path().join("foo.pc")).unwrap();
    let out = lint(s.path(), &["app.pc"]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("app.pc:6:11: error[PC035]: "),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("6 | Requires: foo >= 1.0"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn explain_and_list_rules() {
    let s = scratch("explain", &[]);
    let out = lint(s.path(), &["--explain", "PC013"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).starts_with("PC013 undefined-variable: "));
    assert_eq!(
        stdout(&lint(s.path(), &["--explain", "undefined-variable"])),
        stdout(&out)
    );
    assert_eq!(code(&lint(s.path(), &["--explain", "PC999"])), 2);
    let out = lint(s.path(), &["--list-rules"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out).lines().count(),
        libpkgconf::Code::rules().len()
    );
    assert_eq!(code(&lint(s.path(), &[])), 2, "no target");
    let out = lint(s.path(), &["--version"]);
    assert_eq!(
        stdout(&out),
        format!("pkgconf-rs-lint {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn json_and_sarif_documents() {
    let s = scratch(
        "docs",
        &[
            ("tuned.pc", tuned().as_bytes()),
            ("unlicensed.pc", unlicensed().as_bytes()),
        ],
    );
    let args = [
        "--min-severity",
        "info",
        "tuned.pc",
        "unlicensed.pc",
        "missing-pkg",
    ];
    let out = lint(s.path(), &[&["--format", "json"], &args[..]].concat());
    assert_eq!(code(&out), 2, "a package not found");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["tool"], "pkgconf-rs-lint");
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(files[0]["score"], 80);
    assert_eq!(files[0]["grade"], "B");
    assert_eq!(files[2]["path"], Value::Null);
    let findings: usize = files
        .iter()
        .map(|f| f["findings"].as_array().unwrap().len())
        .sum();
    let summary = &doc["summary"];
    let counted = ["errors", "warnings", "infos"].map(|k| summary[k].as_u64().unwrap());
    assert_eq!(counted.iter().sum::<u64>(), findings as u64);
    let tuning = &files[0]["findings"][0];
    assert_eq!(tuning["code"], "PC030");
    assert_eq!(tuning["subject"]["field"], "Cflags");
    assert_eq!(tuning["pccritic"][0], "PC030");

    let out = lint(s.path(), &[&["--format", "sarif"], &args[..]].concat());
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), libpkgconf::Code::rules().len());
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), findings);
    let first = &results[0];
    assert_eq!(
        rules[first["ruleIndex"].as_u64().unwrap() as usize]["id"],
        first["ruleId"]
    );
    let place = &first["locations"][0]["physicalLocation"];
    assert_eq!(place["artifactLocation"]["uri"], "tuned.pc");
    assert_eq!(place["region"]["startLine"], 12);
}

#[cfg(unix)]
#[test]
fn pccritic_mode_through_a_link() {
    let s = scratch(
        "pccritic",
        &[
            ("tuned.pc", tuned().as_bytes()),
            ("clean.pc", CLEAN.as_bytes()),
        ],
    );
    let pccritic = s.path().join("pccritic");
    std::os::unix::fs::symlink(lint_binary(), &pccritic).unwrap();
    let here = s.path();
    let run = |args: &[&str]| run_as(&pccritic, here, args, &[("PKG_CONFIG_PATH", here)]);

    let out = run(&["--quiet", "tuned.pc", "clean"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "tuned.pc: 80/100 (B)\nclean: 100/100 (A)\n");
    assert_eq!(code(&run(&["-quiet", "-min-score", "90", "tuned.pc"])), 1);
    assert_eq!(code(&run(&["--min-score=80", "tuned.pc"])), 0);

    let out = run(&["tuned"]);
    let text = stdout(&out);
    let head = format!(
        "tuned\n  file: {}/tuned.pc\n  score: 80/100  grade: B  (0 critical, 2 major, 0 minor, 0 info)\n",
        here.display()
    );
    assert!(text.starts_with(&head), "{text}");
    assert!(text.contains("  [major   ] Cflags: -O2 is a build-tuning flag (cflags/PC030)\n"));

    let out = run(&["nope", "clean.pc"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "pccritic: 'nope' is neither a usable package nor a readable .pc file\n"
    );
    assert_eq!(
        stdout(&out),
        "clean.pc\n  score: 100/100  grade: A  (0 critical, 0 major, 0 minor, 0 info)\n  no issues found.\n\n"
    );

    let out = run(&["--min-score", "x", "clean.pc"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "pccritic: --min-score takes a whole number from 0 to 100, not 'x'\n"
    );
    assert_eq!(code(&run(&[])), 1);
    assert_eq!(code(&run(&["--bogus", "clean.pc"])), 1);
    assert!(
        stdout(&run(&["--help"])).starts_with("usage: pccritic [--flags] [module-or-file ...]\n")
    );
    assert_eq!(stdout(&run(&["--version"])), "pccritic 3.0.7\n");
}
