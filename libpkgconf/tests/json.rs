#![allow(clippy::unwrap_used)]
//! `--json` (`Output::Json`, `docs/json.md`): the documents are
//! snapshot-tested over `testdata/json`, and their flag texts must be what
//! `--cflags` and `--libs` print on their own, for every package of every
//! fixture directory.

use camino::{Utf8Path, Utf8PathBuf};
use libpkgconf::{Context, Env, Linkage, Options, Output, Query, QueryError};
use serde_json::Value;

fn testdata() -> Utf8PathBuf {
    Utf8Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("testdata")
}

fn context(dir: &str) -> Context {
    let opts = Options::new().env_only().with_path(testdata().join(dir));
    Context::new(&Env::new(), &opts).unwrap()
}

/// The document, with the machine's path to `testdata` replaced.
fn document(ctx: &Context, q: &Query) -> String {
    let answer = ctx.run(q);
    let text = String::from_utf8(answer.stdout().to_vec()).unwrap();
    let parsed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed["exit_code"], answer.exit_code());
    text.replace(testdata().as_str(), "$TESTDATA")
}

fn json_query(words: &[&str]) -> Query {
    Query::new().packages(words.iter().copied()).json()
}

#[test]
fn success_with_variables() {
    let q = json_query(&["app >= 3"])
        .variable("plugindir")
        .variable("no_such_variable");
    insta::assert_snapshot!(document(&context("json"), &q));
}

#[test]
fn static_link_and_all_variables() {
    let q = json_query(&["app"])
        .linkage(Linkage::Static)
        .want(Output::PrintVariables);
    insta::assert_snapshot!(document(&context("json"), &q));
}

#[test]
fn not_found() {
    insta::assert_snapshot!(document(&context("json"), &json_query(&["broken-app"])));
}

#[test]
fn version_mismatch() {
    insta::assert_snapshot!(document(&context("json"), &json_query(&["needs-new-base"])));
}

#[test]
fn conflict() {
    insta::assert_snapshot!(document(&context("json"), &json_query(&["rival", "base"])));
}

#[test]
fn no_package_named() {
    insta::assert_snapshot!(document(&context("json"), &json_query(&[])));
}

/// The setup's failures are problems of the document too, and their
/// text (which pkgconf prints whatever the error options) needs
/// `--print-errors`.
#[test]
fn setup_failures_are_problems_and_quiet() {
    let ctx = context("json");
    let none = ctx.run(&json_query(&[]));
    assert!(none.stderr().is_empty());
    let loud = ctx.run(&json_query(&[]).print_errors());
    assert!(String::from_utf8_lossy(loud.stderr()).contains("at least one package"));
    let text = ctx.run(&Query::new().want(Output::Cflags).silence_errors());
    assert!(!text.stderr().is_empty(), "text mode prints it, as pkgconf");

    let sysroot = testdata().join("no-such-sysroot");
    let env = Env::from_pairs([
        ("PKG_CONFIG_SYSROOT_DIR", sysroot.as_str()),
        ("PKG_CONFIG_LIBDIR", &format!("{sysroot}/usr/lib/pkgconfig")),
    ]);
    let ctx = Context::new(&env, &Options::new()).unwrap();
    let broken = ctx.run(&json_query(&["zlib"]));
    assert!(broken.stderr().is_empty());
    let doc: Value = serde_json::from_slice(broken.stdout()).unwrap();
    assert_eq!(doc["outcome"], "broken");
    assert_eq!(doc["problems"][0]["kind"], "broken");
    let message = doc["problems"][0]["message"].as_str().unwrap();
    assert!(message.contains("no-such-sysroot"), "{message}");
}

#[test]
fn error_text_only_when_asked_and_never_on_stdout() {
    let ctx = context("json");
    let quiet = ctx.run(&json_query(&["broken-app"]));
    assert!(quiet.stderr().is_empty());
    let q = json_query(&["broken-app"])
        .print_errors()
        .errors_to_stdout();
    let loud = ctx.run(&q);
    assert!(
        String::from_utf8_lossy(loud.stderr()).contains("no-such-package"),
        "{}",
        String::from_utf8_lossy(loud.stderr())
    );
    let doc: Value = serde_json::from_slice(loud.stdout()).unwrap();
    assert_eq!(doc["outcome"], "not-found");
}

#[test]
fn json_combines_only_with_variables() {
    let q = json_query(&["app"])
        .variable("prefix")
        .want(Output::PrintVariables);
    assert_eq!(q.check(), Ok(()));
    for (output, option) in [
        (Output::Cflags, "--cflags"),
        (Output::ModVersion, "--modversion"),
        (Output::ListAll, "--list-all"),
        (Output::Exists, "--exists"),
    ] {
        let q = json_query(&["app"]).want(output);
        assert_eq!(q.check(), Err(QueryError::JsonWith(option)));
    }
    let q = json_query(&[]).pkgconfig_version_at_least("1.0");
    assert_eq!(
        q.check(),
        Err(QueryError::JsonWith("--atleast-pkgconfig-version"))
    );
    assert_eq!(Query::new().want(Output::ModVersion).check(), Ok(()));
}

/// The flag texts of the document are what `--cflags` and `--libs` print
/// alone (when those succeed), and the fragments are the same flags.
#[test]
fn flags_match_the_text_options_on_every_fixture() {
    let mut checked = 0;
    for dir in [
        "json",
        "demo",
        "universe",
        "static-order",
        "bench-stack",
        "relocatable",
    ] {
        let ctx = context(dir);
        for (_, pkg) in ctx.packages() {
            for linkage in [Linkage::Shared, Linkage::Static] {
                let doc = ctx.run(&json_query(&[&pkg.id]).linkage(linkage));
                let doc: Value = serde_json::from_slice(doc.stdout()).unwrap();
                for (output, key) in [(Output::Cflags, "cflags"), (Output::Libs, "libs")] {
                    let q = Query::new().packages([pkg.id.as_str()]).want(output);
                    let text = ctx.run(&q.linkage(linkage));
                    if !text.outcome().is_success() {
                        continue;
                    }
                    let mut want = String::from_utf8(text.stdout().to_vec()).unwrap();
                    assert_eq!(want.pop(), Some('\n'));
                    assert_eq!(doc[key]["text"], want.as_str(), "{dir}/{} {key}", pkg.id);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} checked");
}

#[test]
fn a_file_read_as_two_packages_gives_its_findings_once() {
    // `foo-uninstalled.pc` is read as package `foo` (uninstalled) and as
    // package `foo-uninstalled`: one file, listed once, its finding once.
    let dir = Utf8PathBuf::from(std::env::temp_dir().to_str().unwrap())
        .join(format!("pkgconf-rs-json-twice-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let both = "Name: both\nDescription: d\nVersion: 1\nRequires: foo foo-uninstalled\n";
    std::fs::write(dir.join("both.pc"), both).unwrap();
    let foo = "x=1\nx=2\nName: foo\nDescription: d\nVersion: 1\nCflags: -DFOO\n";
    std::fs::write(dir.join("foo-uninstalled.pc"), foo).unwrap();
    let opts = Options::new().env_only().with_path(&dir);
    let ctx = Context::new(&Env::new(), &opts).unwrap();
    let answer = ctx.run(&json_query(&["both"]));
    let doc: Value = serde_json::from_slice(answer.stdout()).unwrap();
    assert_eq!(doc["files"].as_array().unwrap().len(), 2, "{doc}");
    let duplicates: Vec<&Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["name"] == "duplicate-variable")
        .collect();
    assert_eq!(duplicates.len(), 1, "{doc}");
    assert_eq!(answer.diagnostics().len(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}
