#![allow(clippy::unwrap_used)]
//! Property tests over the public API (proptest).
//!
//! Resolution must not depend on the order in which a directory lists its
//! entries: the same universe given to an in-memory context in two orders
//! must answer every query with the same bytes.

use libpkgconf::{Context, Env, Linkage, Options, Output, Query};
use proptest::prelude::*;

/// A generated package: its requirements (indexes of later packages, so the
/// graph has no cycles) and its flags.
#[derive(Debug, Clone)]
struct Spec {
    requires: Vec<usize>,
    requires_private: Vec<usize>,
    cflags: Vec<String>,
    libs: Vec<String>,
    libs_private: Vec<String>,
}

fn flag() -> impl Strategy<Value = String> {
    prop_oneof![
        "-l[a-e]",
        "-L/l/[a-c]",
        "-I/i/[a-c]",
        "-D[A-C]",
        "-(pthread|Wl,--as-needed|fPIC)",
    ]
}

fn universe() -> impl Strategy<Value = Vec<Spec>> {
    (2usize..8).prop_flat_map(|n| {
        let spec = |i: usize| {
            let later = (i + 1..n).collect::<Vec<_>>();
            let pick = move || prop::sample::subsequence(later.clone(), 0..=later.len().min(3));
            (
                pick(),
                pick(),
                prop::collection::vec(flag(), 0..4),
                prop::collection::vec(flag(), 0..4),
                prop::collection::vec(flag(), 0..3),
            )
                .prop_map(
                    |(requires, requires_private, cflags, libs, libs_private)| Spec {
                        requires,
                        requires_private,
                        cflags,
                        libs,
                        libs_private,
                    },
                )
        };
        (0..n).map(spec).collect::<Vec<_>>()
    })
}

fn file(i: usize, s: &Spec) -> (String, Vec<u8>) {
    let names = |v: &[usize]| {
        v.iter()
            .map(|j| format!("p{j}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let text = format!(
        "Name: p{i}\nDescription: x\nVersion: 1.{i}\nRequires: {}\nRequires.private: {}\n\
         Cflags: {}\nLibs: {}\nLibs.private: {}\n",
        names(&s.requires),
        names(&s.requires_private),
        s.cflags.join(" "),
        s.libs.join(" "),
        s.libs_private.join(" "),
    );
    (format!("p{i}.pc"), text.into_bytes())
}

/// Everything a build system asks, for every package, as one string.
fn answers(files: Vec<(String, Vec<u8>)>, n: usize) -> String {
    let ctx = Context::in_memory(&Env::new(), &Options::new(), files).unwrap();
    let mut out = String::new();
    for i in 0..n {
        for linkage in [Linkage::Shared, Linkage::Static] {
            let q = Query::new()
                .packages([format!("p{i}")])
                .want(Output::Cflags)
                .want(Output::Libs)
                .linkage(linkage);
            let a = ctx.run(&q);
            out.push_str(&String::from_utf8_lossy(a.stdout()));
            out.push_str(&format!("exit {}\n", a.exit_code()));
        }
    }
    let list = ctx.run(&Query::new().want(Output::ListPackageNames));
    let mut names: Vec<String> = String::from_utf8_lossy(list.stdout())
        .lines()
        .map(str::to_owned)
        .collect();
    names.sort();
    out.push_str(&names.join(","));
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn resolution_does_not_depend_on_listing_order(
        specs in universe(),
        seed in any::<u64>(),
    ) {
        let files: Vec<_> = specs.iter().enumerate().map(|(i, s)| file(i, s)).collect();
        let mut shuffled = files.clone();
        // A deterministic shuffle from the seed (Fisher-Yates on an LCG).
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let j = usize::try_from(state >> 33).unwrap_or(0) % (i + 1);
            shuffled.swap(i, j);
        }
        let n = specs.len();
        prop_assert_eq!(answers(files, n), answers(shuffled, n));
    }
}

/// The in-memory context reads nothing from disk and answers like a
/// directory would.
#[test]
fn in_memory_context_resolves() {
    let files = vec![
        ("b.pc", b"Name: b\nDescription: x\nVersion: 2\nLibs: -lb\n".to_vec()),
        (
            "a.pc",
            b"Name: a\nDescription: x\nVersion: 1\nRequires: b >= 2\nCflags: -I${pcfiledir}\nLibs: -la\n".to_vec(),
        ),
    ];
    let ctx = Context::in_memory(&Env::new(), &Options::new(), files).unwrap();
    let a = ctx.run(
        &Query::new()
            .packages(["a"])
            .want(Output::Cflags)
            .want(Output::Libs),
    );
    assert_eq!(a.stdout(), b"-I/memory -la -lb\n");
    assert_eq!(a.files().len(), 2);
    let missing = ctx.run(&Query::new().packages(["c"]).want(Output::Exists));
    assert_eq!(missing.exit_code(), 1);
}
