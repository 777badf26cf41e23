#![allow(clippy::unwrap_used)]
//! A large solve reads files ahead of its walk on a helper thread when
//! `Options::jobs` allows (`registry::prefetch`); the answer must be the
//! one a single thread gives: the same output, the same files in the same
//! order, the same findings, the same errors.

use camino::Utf8PathBuf;
use libpkgconf::{Context, Env, Options, Output, Query};

/// Two directories: a layered graph of 1,440 packages with public and
/// private requirements, a dependency cycle, names in both directories (the
/// first wins), `-uninstalled` variants, files refused in the first
/// directory with a good copy in the second, files with findings, and a
/// package that requires a missing name.
fn universe(tag: &str) -> (Utf8PathBuf, Utf8PathBuf) {
    let root = Utf8PathBuf::from(std::env::temp_dir().to_str().unwrap())
        .join(format!("pkgconf-rs-ahead-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (a, b) = (root.join("a"), root.join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let (layers, width) = (24, 60);
    let name = |l: usize, w: usize| format!("l{l}w{w}");
    for l in 0..layers {
        for w in 0..width {
            let n = name(l, w);
            let next = |k: usize| name(l + 1, (w * 7 + k * 13) % width);
            let (requires, private) = if l + 1 < layers {
                let public: Vec<String> = (0..5).map(next).collect();
                (public.join(", "), format!("{} >= 1", next(5)))
            } else if w == 0 {
                // A cycle back to the top layer.
                (name(0, 1), String::new())
            } else {
                (String::new(), String::new())
            };
            let findings = if w % 9 == 0 { "x=1\nx=2\n" } else { "" };
            let body = format!(
                "prefix=/opt/{n}\n{findings}Name: {n}\nDescription: d\nVersion: 1.{w}\n\
                 Requires: {requires}\nRequires.private: {private}\n\
                 Cflags: -I${{prefix}}/include -DL{l}\nLibs: -L${{prefix}}/lib -l{n}\n\
                 Libs.private: -lm -l{n}_p\n"
            );
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
    let top: Vec<String> = (0..width).map(|w| name(0, w)).collect();
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
fn a_solve_is_the_same_with_a_read_ahead_thread() {
    let (a, b) = universe("solve");
    let queries = [
        Query::new()
            .packages(["top"])
            .want(Output::Cflags)
            .want(Output::Libs),
        Query::new()
            .packages(["top"])
            .want(Output::Libs)
            .linkage(libpkgconf::Linkage::Static),
        Query::new().packages(["top"]).want(Output::Digraph),
        Query::new().packages(["top"]).want(Output::Validate),
        Query::new().packages(["broken"]).want(Output::Libs),
    ];
    let answer = |jobs: usize| {
        let mut out = Vec::new();
        for q in &queries {
            // A new context each time: every file is read by this solve.
            let r = context(&a, &b, jobs).run(q);
            out.push((
                String::from_utf8_lossy(r.stdout()).into_owned(),
                String::from_utf8_lossy(r.stderr()).into_owned(),
                r.files().to_vec(),
                format!("{:?}", r.diagnostics()),
                r.exit_code(),
            ));
        }
        out
    };
    let one = answer(1);
    // The graph is large enough for the helper to start, and the answers
    // show what the universe was built to show.
    assert!(one[0].2.len() > 1100, "{} files", one[0].2.len());
    assert!(one[0].0.contains("-DL9") && !one[0].0.contains("SHADOWED"));
    assert!(one[1].0.contains("-lm"));
    assert!(one[4].1.contains("missing-one"), "{}", one[4].1);
    assert_ne!(one[4].4, 0);
    for jobs in [2, 4] {
        let many = answer(jobs);
        for (q, (x, y)) in one.iter().zip(&many).enumerate() {
            assert_eq!(x, y, "query {q} on {jobs} threads");
        }
    }
}
