#![allow(clippy::unwrap_used)]
//! A whole-search-path scan (`--list-all`, a name only `Provides`
//! supplies) gives the same answer on any number of threads
//! (`Options::jobs`): the same packages in the same order, the same files
//! read, the same findings and refusals.

use camino::Utf8PathBuf;
use libpkgconf::{Context, Env, Options, Output, Query};

/// Two directories of generated files: shadowed names, files pkgconf
/// skips, findings, a directory named like a `.pc` file, and a package
/// only `Provides` supplies.
fn universe(tag: &str) -> (Utf8PathBuf, Utf8PathBuf) {
    let root = Utf8PathBuf::from(std::env::temp_dir().to_str().unwrap())
        .join(format!("pkgconf-rs-scan-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (a, b) = (root.join("a"), root.join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    for i in 0..400 {
        let body = match i % 7 {
            0 => format!("Name: p{i}\nDescription: skipped: no Version\n"),
            1 => format!("x=1\nx=2\nName: p{i}\nDescription: d\nVersion: {i}\nLibs: -lp{i} \n"),
            _ => format!(
                "prefix=/opt/p{i}\nName: p{i}\nDescription: d{i}\nVersion: 1.{i}\nCflags: -I${{prefix}}/include\n"
            ),
        };
        std::fs::write(a.join(format!("p{i}.pc")), body).unwrap();
        if i % 5 == 0 {
            let shadowed = format!("Name: shadow{i}\nDescription: later\nVersion: 9\n");
            std::fs::write(b.join(format!("p{i}.pc")), shadowed).unwrap();
        }
    }
    std::fs::create_dir_all(b.join("dir.pc")).unwrap();
    let provider =
        "Name: prov\nDescription: provides virt\nVersion: 2\nProvides: virt = 2\nLibs: -lprov\n";
    std::fs::write(b.join("prov.pc"), provider).unwrap();
    (a, b)
}

fn context(a: &Utf8PathBuf, b: &Utf8PathBuf, jobs: usize) -> Context {
    let opts = Options::new()
        .env_only()
        .with_path(a)
        .with_path(b)
        .jobs(jobs);
    Context::new(&Env::from_pairs([("PKG_CONFIG_LIBDIR", "")]), &opts).unwrap()
}

#[test]
fn a_scan_is_the_same_on_any_number_of_threads() {
    let (a, b) = universe("threads");
    let answer = |jobs: usize| {
        let ctx = context(&a, &b, jobs);
        let listed: Vec<(String, Option<Utf8PathBuf>)> = ctx
            .packages()
            .into_iter()
            .map(|(_, p)| (p.id.clone(), p.path.clone()))
            .collect();
        let list = ctx.run(&Query::new().want(Output::ListAll));
        let provided = ctx.run(&Query::new().packages(["virt >= 2"]).want(Output::Libs));
        (
            listed,
            list.stdout().to_vec(),
            list.files().to_vec(),
            format!("{:?}", list.diagnostics()),
            provided.stdout().to_vec(),
        )
    };
    let one = answer(1);
    assert!(one.0.len() > 300, "{} packages", one.0.len());
    assert_eq!(one.4, b"-lprov\n");
    for jobs in [2, 3, 8] {
        assert_eq!(answer(jobs), one, "{jobs} threads");
    }
    // A name seen in an earlier directory shadows the later file.
    assert!(
        one.0
            .iter()
            .all(|(id, path)| id != "p5" || path.as_ref().unwrap().starts_with(&a))
    );
}

#[test]
fn files_read_before_the_scan_are_not_read_again() {
    let (a, b) = universe("cached");
    let ctx = context(&a, &b, 4);
    let first = ctx.run(&Query::new().packages(["p3"]).want(Output::Libs));
    assert!(first.outcome().is_success());
    let listed = ctx.packages();
    let (_, p3) = listed.iter().find(|(_, p)| p.id == "p3").unwrap();
    let (_, again) = ctx.find("p3").unwrap();
    assert!(std::sync::Arc::ptr_eq(p3, &again));
}
