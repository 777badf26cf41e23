#![allow(clippy::unwrap_used)]
//! `pkgconf-rs --json` from the command line, and `docs/json.md` kept true:
//! its example document is what the command prints, and its Python
//! consumer runs against the binary.

mod common;

use common::{our_binary, workspace_root};
use serde_json::Value;
use std::process::{Command, Output};

/// `pkgconf-rs ARGS` from the workspace root, with a clean environment
/// and no system search path.
fn run(args: &[&str]) -> Output {
    Command::new(our_binary())
        .args(args)
        .current_dir(workspace_root())
        .env_clear()
        .env("PKG_CONFIG_LIBDIR", "")
        .output()
        .unwrap()
}

fn docs() -> String {
    std::fs::read_to_string(workspace_root().join("docs/json.md")).unwrap()
}

/// The first fenced block of `lang` in `docs/json.md`.
fn fenced(lang: &str) -> String {
    let text = docs();
    let open = format!("```{lang}\n");
    let start = text.find(&open).unwrap() + open.len();
    let len = text[start..].find("```").unwrap();
    text[start..start + len].to_owned()
}

#[test]
fn the_documented_example_is_what_the_command_prints() {
    let out = run(&[
        "--with-path",
        "testdata/json",
        "--json",
        "--variable=plugindir",
        "app >= 3",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    let documented: Value = serde_json::from_str(&fenced("json")).unwrap();
    assert_eq!(got, documented, "docs/json.md's example is stale");
    // The documented key order is the printed one.
    let text = String::from_utf8(out.stdout).unwrap();
    let keys: Vec<&str> = got
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut at = 0;
    for key in keys {
        let found = text[at..].find(&format!("\n  \"{key}\":")).unwrap();
        at += found + 1;
    }
}

#[test]
fn a_failed_query_prints_the_document_and_exits_1() {
    let out = run(&[
        "--with-path",
        "testdata/json",
        "--json",
        "--errors-to-stdout",
        "broken-app",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "error text only with --print-errors");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["outcome"], "not-found");
    assert_eq!(doc["problems"][0]["package"], "no-such-package");

    let loud = run(&[
        "--with-path",
        "testdata/json",
        "--json",
        "--print-errors",
        "broken-app",
    ]);
    assert!(String::from_utf8_lossy(&loud.stderr).contains("no-such-package"));
    assert_eq!(loud.stdout, out.stdout);
}

#[test]
fn json_with_another_output_is_a_usage_error() {
    for other in ["--modversion", "--cflags", "--list-all", "--exists"] {
        let out = run(&["--with-path", "testdata/json", "--json", other, "app"]);
        assert_eq!(out.status.code(), Some(1), "{other}");
        assert!(out.stdout.is_empty(), "{other}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("--json") && err.contains(other),
            "{other}: {err}"
        );
    }
}

#[test]
fn static_and_several_variables() {
    let out = run(&[
        "--with-path",
        "testdata/json",
        "-json",
        "--static",
        "--variable=prefix",
        "--variable",
        "datadir",
        "app",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["query"]["static"], true);
    assert_eq!(doc["variables"]["app"]["prefix"], "/opt/json");
    assert_eq!(doc["variables"]["app"]["datadir"], "/opt/json/share/app");
    let text = run(&["--with-path", "testdata/json", "--static", "--libs", "app"]);
    let mut libs = String::from_utf8(text.stdout).unwrap();
    libs.pop();
    assert_eq!(doc["libs"]["text"], libs.as_str());
    // Text mode keeps pkgconf's "last --variable wins".
    let last = run(&[
        "--with-path",
        "testdata/json",
        "--variable=prefix",
        "--variable=datadir",
        "app",
    ]);
    assert_eq!(last.stdout, b"/opt/json/share/app\n");
}

/// The consumer in `docs/json.md` runs against the binary.
#[test]
fn the_documented_python_consumer_works() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("python3 not found; the consumer example is not run");
        return;
    }
    // The binary's directory first, so that "pkgconf-rs" is ours.
    let mut dirs = vec![our_binary().parent().unwrap().to_path_buf()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path = std::env::join_paths(dirs).unwrap();
    // A flag's argument in its own word (-isystem DIR) must follow it.
    let program = format!(
        "{}\nprint(dependency('isys')['compile_args'])\n",
        fenced("python")
    );
    let out = Command::new("python3")
        .arg("-c")
        .arg(program)
        .current_dir(workspace_root())
        .env_clear()
        .env("PATH", path)
        .env("PKG_CONFIG_LIBDIR", "")
        .env("PKG_CONFIG_PATH", "testdata/json")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("'version': '3.1.0'"), "{stdout}");
    assert!(
        stdout.contains("'libraries': ['-lapp', '-lbase']"),
        "{stdout}"
    );
    assert!(
        stdout.contains("'variables': {'plugindir': '/opt/json/lib/app/plugins'}"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "['-isystem', '/opt/isys/include', '-include', '/opt/isys/prelude.h', \
             '-I/opt/isys/extra']"
        ),
        "{stdout}"
    );
}
