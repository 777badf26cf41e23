#![allow(clippy::unwrap_used)]
//! Work spread over threads (`Options::jobs`) gives the one-thread answer.
//! A whole-search-path scan (`--list-all`, a name only `Provides`
//! supplies): the same packages in the same order, the same files read,
//! the same findings and refusals. A large solve, whose files a helper
//! thread reads ahead of the walk (`registry::prefetch`), or that reads the
//! whole search path ahead on all threads (`Registry::read_listed_ahead`):
//! the same output, the same files in the same order, the same findings,
//! the same errors.

use camino::Utf8PathBuf;
use libpkgconf::{Context, Env, Options, Output, Query};

/// Two new, empty directories `a` and `b` under the temporary directory.
fn two_dirs(tag: &str) -> (Utf8PathBuf, Utf8PathBuf) {
    let root = Utf8PathBuf::from(std::env::temp_dir().to_str().unwrap())
        .join(format!("pkgconf-rs-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (a, b) = (root.join("a"), root.join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    (a, b)
}

/// Two directories of generated files: shadowed names, files pkgconf
/// skips, findings, a directory named like a `.pc` file, and a package
/// only `Provides` supplies.
fn universe(tag: &str) -> (Utf8PathBuf, Utf8PathBuf) {
    let (a, b) = two_dirs(&format!("scan-{tag}"));
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

/// The `.pc` file of package `w` of layer `l` (named by `name`) in a
/// layered graph: it requires five packages of the next layer (`stride`
/// apart) and one more privately, with findings in every ninth; with
/// `cycle`, the first package of the last layer requires the top layer's
/// second one.
fn layered_package(
    name: &dyn Fn(usize, usize) -> String,
    (layers, width): (usize, usize),
    (l, w): (usize, usize),
    stride: usize,
    cycle: bool,
) -> String {
    let n = name(l, w);
    let next = |k: usize| name(l + 1, (w * 7 + k * stride) % width);
    let (requires, private) = if l + 1 < layers {
        let public: Vec<String> = (0..5).map(next).collect();
        (public.join(", "), format!("{} >= 1", next(5)))
    } else if cycle && w == 0 {
        // A cycle back to the top layer.
        (name(0, 1), String::new())
    } else {
        (String::new(), String::new())
    };
    let findings = if w % 9 == 0 { "x=1\nx=2\n" } else { "" };
    format!(
        "prefix=/opt/{n}\n{findings}Name: {n}\nDescription: d\nVersion: 1.{w}\n\
         Requires: {requires}\nRequires.private: {private}\n\
         Cflags: -I${{prefix}}/include -DL{l}\nLibs: -L${{prefix}}/lib -l{n}\n\
         Libs.private: -lm -l{n}_p\n"
    )
}

/// Two directories: a layered graph of 1,440 packages with public and
/// private requirements, a dependency cycle, names in both directories (the
/// first wins), `-uninstalled` variants, files refused in the first
/// directory with a good copy in the second, files with findings, and a
/// package that requires a missing name.
fn layered_universe(tag: &str) -> (Utf8PathBuf, Utf8PathBuf) {
    let (a, b) = two_dirs(&format!("ahead-{tag}"));
    let (layers, width) = (24, 60);
    let name = |l: usize, w: usize| format!("l{l}w{w}");
    for l in 0..layers {
        for w in 0..width {
            let n = name(l, w);
            let body = layered_package(&name, (layers, width), (l, w), 13, true);
            match w % 10 {
                // Refused in the first directory (no Version): found in the second.
                3 => {
                    std::fs::write(a.join(format!("{n}.pc")), format!("Name: {n}\n")).unwrap();
                    std::fs::write(b.join(format!("{n}.pc")), &body).unwrap();
                }
                // Only in the second directory.
                4 => std::fs::write(b.join(format!("{n}.pc")), &body).unwrap(),
                // An uninstalled variant, which wins over the installed file.
                5 => {
                    std::fs::write(a.join(format!("{n}.pc")), &body).unwrap();
                    let un = body.replace("Description: d", "Description: uninstalled");
                    std::fs::write(a.join(format!("{n}-uninstalled.pc")), un).unwrap();
                }
                // In both: the first directory's copy wins.
                6 => {
                    std::fs::write(a.join(format!("{n}.pc")), &body).unwrap();
                    let other = body.replace("-DL", "-DSHADOWED");
                    std::fs::write(b.join(format!("{n}.pc")), other).unwrap();
                }
                _ => std::fs::write(a.join(format!("{n}.pc")), &body).unwrap(),
            }
        }
    }
    // Required last by `top`, so that the helper runs when the walk gets
    // there: a chain to walk, then one file two names lead to
    // (`dual-uninstalled.pc` is package `dual` to a lookup of `dual`, and
    // package `dual-uninstalled` to a lookup of that name). The helper
    // reads it for the second name while the walk is in the chain.
    let late = "Name: late\nDescription: d\nVersion: 1\nRequires: chain0, dual, dual-uninstalled\n";
    std::fs::write(a.join("late.pc"), late).unwrap();
    for i in 0..50 {
        let next = if i < 49 {
            format!("Requires: chain{}\n", i + 1)
        } else {
            String::new()
        };
        let chain = format!("Name: chain{i}\nDescription: d\nVersion: 1\n{next}");
        std::fs::write(a.join(format!("chain{i}.pc")), chain).unwrap();
    }
    let dual = "Name: dual\nDescription: d\nVersion: 1\nCflags: -I${pcfiledir}/dual\n";
    std::fs::write(a.join("dual-uninstalled.pc"), dual).unwrap();
    let mut top: Vec<String> = (0..width).map(|w| name(0, w)).collect();
    top.push("late".to_owned());
    let top = format!(
        "Name: top\nDescription: t\nVersion: 1\nRequires: {}\n",
        top.join(" ")
    );
    std::fs::write(a.join("top.pc"), &top).unwrap();
    let broken = top.replace("Requires: ", "Requires: l9w39, missing-one, ");
    std::fs::write(a.join("broken.pc"), broken).unwrap();
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

/// A listing that shows no findings reads only the fields it prints, in a
/// registry of its own: it lists what a listing after a full scan lists,
/// from the same files, and the context's queries still read whole files.
#[test]
fn a_listing_alone_reads_less_and_lists_the_same() {
    let (a, b) = universe("listing");
    let list = |ctx: &Context, names: bool| {
        let want = if names {
            Output::ListPackageNames
        } else {
            Output::ListAll
        };
        let r = ctx.run(&Query::new().want(want));
        (r.stdout().to_vec(), r.files().to_vec(), r.exit_code())
    };
    for jobs in [1, 2] {
        let full = context(&a, &b, jobs);
        assert!(full.packages().len() > 300);
        let fresh = context(&a, &b, jobs);
        for names in [false, true] {
            let (listed, want) = (list(&fresh, names), list(&full, names));
            let lines = |b: &[u8]| {
                String::from_utf8_lossy(b)
                    .lines()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            };
            let first_diff = lines(&listed.0)
                .into_iter()
                .zip(lines(&want.0))
                .find(|(a, b)| a != b);
            assert_eq!(first_diff, None, "{jobs} threads, names {names}");
            assert_eq!(listed, want, "{jobs} threads, names {names}");
            assert!(listed.1.len() > 400, "{} files", listed.1.len());
        }
        // The listing's packages are not the queries': flags and
        // `Provides` are read.
        let q = Query::new().packages(["p2"]).want(Output::Cflags);
        assert_eq!(fresh.run(&q).stdout(), b"-I/opt/p2/include\n");
        let provided = fresh.run(&Query::new().packages(["virt >= 2"]).want(Output::Libs));
        assert_eq!(provided.stdout(), b"-lprov\n");
        // `--validate` shows every finding of every file, as read in full.
        let validate = Query::new().want(Output::ListAll).want(Output::Validate);
        let shown =
            |ctx: &Context| String::from_utf8_lossy(ctx.run(&validate).stdout()).into_owned();
        let fresh = context(&a, &b, jobs);
        assert_eq!(shown(&fresh), shown(&full));
    }
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

/// What a query answered: stdout, stderr, the files used, the findings and
/// the exit code.
type Answer = (String, String, Vec<Utf8PathBuf>, String, u8);

/// The answer of each query, each in a new context (every file is read by
/// its solve).
fn answers(queries: &[Query], context: impl Fn() -> Context) -> Vec<Answer> {
    queries
        .iter()
        .map(|q| {
            let r = context().run(q);
            (
                String::from_utf8_lossy(r.stdout()).into_owned(),
                String::from_utf8_lossy(r.stderr()).into_owned(),
                r.files().to_vec(),
                format!("{:?}", r.diagnostics()),
                r.exit_code(),
            )
        })
        .collect()
}

/// `--cflags --libs` and `--static --libs` of `top`, then `extra`, then
/// `--validate` of `top` and `--libs` of `broken`.
fn top_then_broken<const N: usize>(extra: [Query; N]) -> Vec<Query> {
    let mut queries = vec![
        Query::new()
            .packages(["top"])
            .want(Output::Cflags)
            .want(Output::Libs),
        Query::new()
            .packages(["top"])
            .want(Output::Libs)
            .linkage(libpkgconf::Linkage::Static),
    ];
    queries.extend(extra);
    queries.push(Query::new().packages(["top"]).want(Output::Validate));
    queries.push(Query::new().packages(["broken"]).want(Output::Libs));
    queries
}

/// The answers on 2 and 4 threads are `one`'s, those of one thread.
fn assert_same_on_more_threads(one: &[Answer], answer: impl Fn(usize) -> Vec<Answer>) {
    for jobs in [2, 4] {
        let many = answer(jobs);
        for (q, (x, y)) in one.iter().zip(&many).enumerate() {
            assert_eq!(x, y, "query {q} on {jobs} threads");
        }
    }
}

#[test]
fn a_solve_is_the_same_with_a_read_ahead_thread() {
    let (a, b) = layered_universe("solve");
    let queries = top_then_broken([
        Query::new().packages(["top"]).want(Output::Digraph),
        // Cflags and libs both: collected on two threads.
        Query::new()
            .packages(["top"])
            .want(Output::Cflags)
            .want(Output::Libs)
            .linkage(libpkgconf::Linkage::Static),
    ]);
    let answer = |jobs: usize| answers(&queries, || context(&a, &b, jobs));
    let one = answer(1);
    // The graph is large enough for the helper to start, and the answers
    // show what the universe was built to show.
    assert!(one[0].2.len() > 1100, "{} files", one[0].2.len());
    assert!(one[0].0.contains("-DL9") && !one[0].0.contains("SHADOWED"));
    assert!(one[1].0.contains("-lm"));
    assert!(one[5].1.contains("missing-one"), "{}", one[5].1);
    assert_ne!(one[5].4, 0);
    assert_same_on_more_threads(&one, answer);
}

/// One directory holding a layered graph of 400 packages (each requires
/// six of the next layer, one of them privately) that a walk from `top`
/// covers, so that a solve reads the directory's files ahead of its walk
/// (`Registry::read_listed_ahead`), with: `-uninstalled` variants, which
/// win; a file two names lead to; a package that requires a missing name;
/// and files no walk reads (some refused, some with findings), whose
/// findings must not show.
fn covered_directory(tag: &str) -> Utf8PathBuf {
    let (a, _) = two_dirs(&format!("listed-{tag}"));
    let (layers, width) = (20, 20);
    let name = |l: usize, w: usize| format!("c{l}w{w}");
    for l in 0..layers {
        for w in 0..width {
            let n = name(l, w);
            let body = layered_package(&name, (layers, width), (l, w), 3, false);
            std::fs::write(a.join(format!("{n}.pc")), &body).unwrap();
            if w % 10 == 5 {
                let un = body.replace("Description: d", "Description: uninstalled");
                std::fs::write(a.join(format!("{n}-uninstalled.pc")), un).unwrap();
            }
        }
    }
    for i in 0..40 {
        let unused = if i % 2 == 0 {
            format!("Name: unused{i}\n")
        } else {
            format!("y=1\ny=2\nName: unused{i}\nDescription: d\nVersion: 1\n")
        };
        std::fs::write(a.join(format!("unused{i}.pc")), unused).unwrap();
    }
    let dual = "Name: dual\nDescription: d\nVersion: 1\nCflags: -I${pcfiledir}/dual\n";
    std::fs::write(a.join("dual-uninstalled.pc"), dual).unwrap();
    let firsts: Vec<String> = (0..width).map(|w| name(0, w)).collect();
    let top = format!(
        "Name: top\nDescription: t\nVersion: 1\nRequires: {}, dual, dual-uninstalled\n",
        firsts.join(" ")
    );
    std::fs::write(a.join("top.pc"), &top).unwrap();
    let broken = top.replace("Requires: ", "Requires: c9w3, missing-one, ");
    std::fs::write(a.join("broken.pc"), broken).unwrap();
    a
}

#[test]
fn a_solve_is_the_same_when_it_reads_the_search_path_ahead() {
    let a = covered_directory("solve");
    let context = |jobs: usize| {
        let opts = Options::new().env_only().with_path(&a).jobs(jobs);
        Context::new(&Env::from_pairs([("PKG_CONFIG_LIBDIR", "")]), &opts).unwrap()
    };
    let queries = top_then_broken([]);
    let answer = |jobs: usize| answers(&queries, || context(jobs));
    let one = answer(1);
    assert!(one[0].2.len() > 400, "{} files", one[0].2.len());
    assert!(one[0].0.contains("-DL19") && one[0].0.contains("/dual"));
    assert!(one[1].0.contains("-lm"));
    assert!(!one[2].3.contains("unused"), "{}", one[2].3);
    assert!(one[3].1.contains("missing-one"), "{}", one[3].1);
    assert_ne!(one[3].4, 0);
    // A second query of one context: what the first read is cached.
    let ctx = context(2);
    let first = ctx.run(&queries[0]);
    let again = ctx.run(&queries[0]);
    assert_eq!(first.stdout(), again.stdout());
    assert_same_on_more_threads(&one, answer);
}
