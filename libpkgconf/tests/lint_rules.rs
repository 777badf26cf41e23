#![allow(clippy::unwrap_used)]
//! Every lint rule has a fixture that triggers it: `testdata/lint/NAME.pc`
//! for the rule named NAME (two are generated here: a 1 MiB line is too big
//! to commit, and an unreadable file cannot be committed). Each fixture's
//! findings are snapshot-tested as a person reads them and as JSON, and the
//! pccritic score of pkgconf's own three fixture shapes is checked.

use camino::{Utf8Path, Utf8PathBuf};
use libpkgconf::lint::{FileReport, LintOptions, Linter, Target, output};
use libpkgconf::{Code, Context, Env, Options, Severity};

fn fixtures() -> Utf8PathBuf {
    Utf8Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("testdata/lint")
}

fn context() -> Context {
    let opts = Options::new().with_path(fixtures());
    Context::new(&Env::from_pairs([("PKG_CONFIG_LIBDIR", "")]), &opts).unwrap()
}

/// A scratch directory of this test's own.
fn scratch(name: &str) -> Utf8PathBuf {
    let dir = Utf8PathBuf::from(std::env::temp_dir().to_str().unwrap())
        .join(format!("pkgconf-rs-lint-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The fixture for a rule: committed, or generated for the two that
/// cannot be committed.
fn fixture_for(code: Code, gen_dir: &Utf8Path) -> Utf8PathBuf {
    let rule = code.rule();
    match code {
        Code::LineTooLong => {
            let p = gen_dir.join("line-too-long.pc");
            let mut bytes =
                b"Name: line-too-long\nDescription: A line over 1 MiB\nVersion: 1\nCflags: "
                    .to_vec();
            bytes.extend(std::iter::repeat_n(b'x', (1 << 20) + 10));
            bytes.push(b'\n');
            std::fs::write(&p, bytes).unwrap();
            p
        }
        Code::Unreadable => {
            let p = gen_dir.join("unreadable.pc");
            std::fs::create_dir_all(&p).unwrap();
            p
        }
        _ => fixtures().join(format!("{}.pc", rule.name)),
    }
}

/// Paths in output made relative to `testdata/` (and the scratch dir).
fn relative(s: &str, gen_dir: &Utf8Path) -> String {
    let td = format!("{}/", fixtures().parent().unwrap());
    s.replace(&td, "")
        .replace(&format!("{gen_dir}/"), "generated/")
}

#[test]
fn every_rule_fires_on_its_fixture() {
    let ctx = context();
    let linter = Linter::new(&ctx, LintOptions::new());
    let gen_dir = scratch("rules");
    let mut missing = Vec::new();
    for rule in Code::rules() {
        let path = fixture_for(rule.code, &gen_dir);
        assert!(path.exists(), "no fixture for {} ({path})", rule.id);
        let report = linter.lint(&Target::File(path.clone()));
        if !report.findings.iter().any(|d| d.code == rule.code) {
            let got: Vec<String> = report.findings.iter().map(|d| d.to_string()).collect();
            missing.push(format!("{} {}: {got:#?}", rule.id, rule.name));
        }
    }
    assert!(
        missing.is_empty(),
        "rules that did not fire:\n{}",
        missing.join("\n")
    );
}

fn lint(name: &str) -> FileReport {
    let ctx = context();
    let linter = Linter::new(&ctx, LintOptions::new());
    linter.lint(&Target::File(fixtures().join(name)))
}

#[test]
fn the_clean_fixture_has_no_findings_and_scores_100() {
    let r = lint("clean.pc");
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!((r.pccritic.score, r.pccritic.grade), (100, 'A'));
    assert!(r.loaded && r.readable);
}

#[test]
fn pccritic_scores_like_pccritic() {
    // pkgconf's pccritic: two build-tuning flags are 2 × 10 points.
    let r = lint("build-tuning-flag.pc");
    assert_eq!((r.pccritic.score, r.pccritic.grade), (80, 'B'));
    // A file pkgconf refuses: each missing required field is critical.
    let r = lint("missing-field.pc");
    assert!(!r.loaded);
    assert_eq!((r.pccritic.score, r.pccritic.grade), (75, 'C'));
    // -std= is one of pkgconf's untyped flags: pccritic files it as a
    // language standard (info, 1 point), not as build tuning.
    let r = lint("language-standard.pc");
    let codes: Vec<&str> = r.pccritic.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["PC033"]);
    assert_eq!(r.pccritic.score, 99);
}

#[test]
fn strict_mode_makes_ambiguous_findings_errors() {
    let ctx = context();
    let plain = Linter::new(&ctx, LintOptions::new());
    let strict = Linter::new(&ctx, LintOptions::new().strict(true));
    let path = Target::File(fixtures().join("undefined-variable.pc"));
    let sev = |r: FileReport| {
        r.findings
            .iter()
            .find(|d| d.code == Code::UndefinedVariable)
            .map(|d| d.severity)
    };
    assert_eq!(sev(plain.lint(&path)), Some(Severity::Warning));
    assert_eq!(sev(strict.lint(&path)), Some(Severity::Error));
    // Not ambiguous: strict leaves it alone.
    let path = Target::File(fixtures().join("missing-url.pc"));
    let r = strict.lint(&path);
    let codes: Vec<_> = r.findings.iter().map(|d| (d.code, d.severity)).collect();
    assert!(
        codes.contains(&(Code::MissingUrl, Severity::Warning)),
        "{codes:?}"
    );
    assert!(
        codes.iter().all(|(_, s)| *s != Severity::Error),
        "{codes:?}"
    );
}

#[test]
fn a_strict_resolver_refuses_every_ambiguous_fixture() {
    let opts = Options::new().with_path(fixtures()).strict();
    let strict = Context::new(&Env::from_pairs([("PKG_CONFIG_LIBDIR", "")]), &opts).unwrap();
    let plain = context();
    let mut used = Vec::new();
    for rule in Code::rules().iter().filter(|r| r.ambiguous) {
        assert!(
            plain.find(rule.name).is_some(),
            "{} is not even loaded",
            rule.name
        );
        if strict.find(rule.name).is_some() {
            used.push(rule.id);
        }
    }
    assert!(used.is_empty(), "strict mode still uses: {used:?}");
}

#[test]
fn allow_deny_and_min_severity() {
    let ctx = context();
    let path = Target::File(fixtures().join("missing-license.pc"));
    let r = Linter::new(&ctx, LintOptions::new().deny(Code::MissingLicense)).lint(&path);
    assert_eq!(r.findings[0].severity, Severity::Error);
    let r = Linter::new(&ctx, LintOptions::new().allow(Code::MissingLicense)).lint(&path);
    assert!(r.findings.is_empty());
    let path = Target::File(fixtures().join("missing-source.pc"));
    let r = Linter::new(&ctx, LintOptions::new().min_severity(Severity::Warning)).lint(&path);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn the_resolver_can_refuse_malformed_packages() {
    let opts = Options::new().with_path(fixtures()).strict();
    let ctx = Context::new(&Env::from_pairs([("PKG_CONFIG_LIBDIR", "")]), &opts).unwrap();
    assert!(ctx.find("undefined-variable").is_none());
    assert!(ctx.find("clean").is_some());
    assert!(context().find("undefined-variable").is_some());
}

#[test]
fn spans_point_at_the_words() {
    let r = lint("undefined-variable.pc");
    let d = r
        .findings
        .iter()
        .find(|d| d.code == Code::UndefinedVariable)
        .unwrap();
    let span = d.span.clone().unwrap();
    assert_eq!(&r.source[span.bytes.clone()], b"${includdir}");
    assert_eq!((span.line, span.column), (13, 11));
    let r = lint("rpath.pc");
    let d = r.findings.iter().find(|d| d.code == Code::Rpath).unwrap();
    let span = d.span.clone().unwrap();
    assert_eq!(&r.source[span.bytes], b"-Wl,-rpath,${libdir}");
}

#[test]
fn snapshots_of_every_fixture() {
    let ctx = context();
    let linter = Linter::new(&ctx, LintOptions::new());
    let gen_dir = scratch("snap");
    for rule in Code::rules() {
        let path = fixture_for(rule.code, &gen_dir);
        let report = linter.lint(&Target::File(path));
        let human = relative(&output::human(&report, false), &gen_dir);
        let json = relative(&output::json(std::slice::from_ref(&report)), &gen_dir);
        insta::with_settings!({
            snapshot_path => "snapshots",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("{}-{}-human", rule.id, rule.name), human);
            insta::assert_snapshot!(format!("{}-{}-json", rule.id, rule.name), json);
        });
    }
    let _ = std::fs::remove_dir_all(&gen_dir);
}

#[cfg(unix)]
#[test]
fn a_package_is_not_told_to_require_itself() {
    // ImageMagick's files: the same file under two names, its own library
    // repeated in Libs.private for static links.
    let dir = scratch("alias");
    let pc = "Name: magick\nDescription: An image library\nVersion: 6\n\
              Libs: -lMagickCore\nLibs.private: -lMagickCore -lm\n";
    std::fs::write(dir.join("MagickCore-6.pc"), pc).unwrap();
    std::os::unix::fs::symlink("MagickCore-6.pc", dir.join("MagickCore.pc")).unwrap();
    std::fs::write(
        dir.join("user.pc"),
        "Name: user\nDescription: Uses it\nVersion: 1\nLibs.private: -lMagickCore\n",
    )
    .unwrap();
    let opts = Options::new().with_path(dir.clone());
    let ctx = Context::new(&Env::from_pairs([("PKG_CONFIG_LIBDIR", "")]), &opts).unwrap();
    let linter = Linter::new(&ctx, LintOptions::new());
    let provided = |file: &str| {
        linter
            .lint(&Target::File(dir.join(file)))
            .findings
            .iter()
            .filter(|d| d.code == Code::PrivateLibProvided)
            .count()
    };
    assert_eq!(provided("MagickCore-6.pc"), 0);
    assert_eq!(provided("MagickCore.pc"), 0);
    // Another package linking it is still told.
    assert_eq!(provided("user.pc"), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn findings_point_at_whole_words_in_order() {
    let ctx = context();
    let linter = Linter::new(&ctx, LintOptions::new());
    let src = b"Name: w\nDescription: whole words\nVersion: 1\n\
                Cflags: -I/usr/include/w -I/usr/include -iquote /usr/q -O2 -O2\n";
    let r = linter.lint_bytes(src, "/memory/w.pc".into());
    let at = |code: Code| -> Vec<&[u8]> {
        r.findings
            .iter()
            .filter(|d| d.code == code)
            .map(|d| &src[d.span.clone().unwrap().bytes])
            .collect()
    };
    // Not the prefix of -I/usr/include/w.
    assert_eq!(at(Code::SystemIncludeDir), [b"-I/usr/include".as_slice()]);
    // -iquote takes /usr/q; the two -O2 are two findings at two places.
    let tuning = at(Code::BuildTuningFlag);
    assert_eq!(tuning, [b"-O2".as_slice(), b"-O2".as_slice()]);
    let starts: Vec<usize> = r
        .findings
        .iter()
        .filter(|d| d.code == Code::BuildTuningFlag)
        .map(|d| d.span.clone().unwrap().bytes.start)
        .collect();
    assert_ne!(starts[0], starts[1]);
}
