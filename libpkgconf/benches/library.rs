//! Criterion benchmarks of the library, through its public API only:
//!
//! - `parse`: [`Package::from_bytes`] over the `.pc` files of
//!   `testdata/bench-stack` (one realistic file, and all 41 of them);
//! - `expand`: variable expansion, in a package's fields as it loads and
//!   through [`Variables::get`](libpkgconf::Variables::get) afterwards;
//! - `solve_render`: [`Context::run`] of `--cflags --libs` and
//!   `--static --cflags --libs` over a warm context (every file already
//!   loaded), and once over a fresh context (loading included);
//! - `resolve_all`: every package of a 4,000-package universe resolved
//!   with `--cflags --libs` in one process, as
//!   `libpkgconf/examples/resolve_all.rs` does.
//!
//! ```sh
//! cargo bench -p libpkgconf --bench library                 # everything
//! cargo bench -p libpkgconf --bench library -- --quick      # a quick pass
//! cargo bench -p libpkgconf --bench library -- solve_render # one group
//! ```
//!
//! The synthetic universes are written at start into a temporary directory
//! (removed at the end) by `../shared/bench/gen-graph`, beside the
//! repository. Without it, the benchmarks that need them are skipped with a
//! message and the others still run.

use criterion::{Criterion, Throughput};
use libpkgconf::diag::Discard;
use libpkgconf::{Config, Context, Env, Linkage, Options, Output, Package, Query};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The repository's root (the parent of `libpkgconf/`).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("libpkgconf/ has a parent")
        .to_path_buf()
}

/// The environment both the benchmarks and `bench/compare` give a query:
/// the search path, and the host's system directories spelled out.
fn env_for(libdir: &Path) -> Env {
    Env::from_pairs([
        ("PKG_CONFIG_LIBDIR", libdir.to_str().expect("UTF-8 path")),
        ("PKG_CONFIG_SYSTEM_INCLUDE_PATH", "/usr/include"),
        (
            "PKG_CONFIG_SYSTEM_LIBRARY_PATH",
            "/usr/lib/x86_64-linux-gnu:/usr/lib",
        ),
    ])
}

fn context_over(libdir: &Path) -> Context {
    Context::new(&env_for(libdir), &Options::new()).expect("context")
}

/// `--cflags --libs PKG`, or `--static --cflags --libs PKG`.
fn flags_query(package: &str, linkage: Linkage) -> Query {
    Query::new()
        .packages([package])
        .want(Output::Cflags)
        .want(Output::Libs)
        .linkage(linkage)
}

/// Runs `query` and checks that it succeeds, so that no benchmark times a
/// failure path by mistake.
fn check(ctx: &Context, query: &Query, what: &str) {
    let answer = ctx.run(query);
    assert!(
        answer.outcome().is_success(),
        "{what}: {}",
        String::from_utf8_lossy(answer.stderr())
    );
}

/// Synthetic universes written by `gen-graph` into a temporary directory,
/// removed when dropped.
struct Universes {
    root: PathBuf,
    /// `--depth 20 --width 50 --fanout 10`: 1,001 packages.
    layered: PathBuf,
    /// `--shape wide --width 4000`: 4,001 packages.
    wide: PathBuf,
}

impl Universes {
    /// Writes the universes, or says why it cannot and returns `None`.
    fn generate() -> Option<Universes> {
        let gen_graph = repo_root().join("../shared/bench/gen-graph");
        if !gen_graph.is_file() {
            eprintln!(
                "bench: {} not found; skipping solve_render and resolve_all \
                 (they need its synthetic universes)",
                gen_graph.display()
            );
            return None;
        }
        let root = std::env::temp_dir().join(format!("libpkgconf-bench-{}", std::process::id()));
        let universes = Universes {
            layered: root.join("layered"),
            wide: root.join("wide"),
            root,
        };
        let jobs: [(&Path, &[&str]); 2] = [
            (
                &universes.layered,
                &["--depth", "20", "--width", "50", "--fanout", "10"],
            ),
            (&universes.wide, &["--shape", "wide", "--width", "4000"]),
        ];
        for (dir, args) in jobs {
            let status = Command::new(&gen_graph).arg(dir).args(args).status();
            if !matches!(status, Ok(s) if s.success()) {
                eprintln!(
                    "bench: {} {} {} failed ({status:?}); skipping solve_render and resolve_all",
                    gen_graph.display(),
                    dir.display(),
                    args.join(" ")
                );
                return None;
            }
        }
        Some(universes)
    }
}

impl Drop for Universes {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The `.pc` files of `testdata/bench-stack`, as (path, bytes), by name.
fn bench_stack() -> Vec<(camino::Utf8PathBuf, Vec<u8>)> {
    let dir = repo_root().join("testdata/bench-stack");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("testdata/bench-stack")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "pc"))
        .map(|p| {
            let bytes = std::fs::read(&p).expect("readable .pc file");
            (camino::Utf8PathBuf::try_from(p).expect("UTF-8 path"), bytes)
        })
        .collect();
    files.sort();
    files
}

fn parse(c: &mut Criterion, config: &Config) {
    let files = bench_stack();
    let (path, bytes) = files
        .iter()
        .find(|(p, _)| p.file_name() == Some("toolkit-4.pc"))
        .expect("testdata/bench-stack/toolkit-4.pc");
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();

    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("toolkit-4.pc", |b| {
        b.iter(|| Package::from_bytes(black_box(bytes), path, config, &mut Discard))
    });
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function(format!("bench-stack ({} files)", files.len()), |b| {
        b.iter(|| {
            for (path, bytes) in &files {
                let _ = black_box(Package::from_bytes(
                    black_box(bytes),
                    path,
                    config,
                    &mut Discard,
                ));
            }
        })
    });
    group.finish();
}

/// A package whose 64 variables each build on the one before, used by its
/// fields: `v0=/opt/nest`, `v1=${v0}/d1`, ... `v63=${v62}/d63`.
fn nested_variables() -> Vec<u8> {
    let mut text = String::from("v0=/opt/nest\n");
    for i in 1..64 {
        text.push_str(&format!("v{i}=${{v{}}}/d{i}\n", i - 1));
    }
    text.push_str(
        "\nName: nest\nDescription: nested variables\nVersion: 1.0\n\
         Cflags: -I${v63}/include -I${v48}/include -DROOT=\"${v0}\"\n\
         Libs: -L${v63}/lib -L${v32}/lib -lnest\n",
    );
    text.into_bytes()
}

fn expand(c: &mut Criterion, config: &Config) {
    let nested = nested_variables();
    let nested_path = camino::Utf8Path::new("/bench/nest.pc");
    let files = bench_stack();
    let (path, bytes) = files
        .iter()
        .find(|(p, _)| p.file_name() == Some("image-loader.pc"))
        .expect("testdata/bench-stack/image-loader.pc");
    let loaded = [
        ("image-loader.pc", path.as_path(), bytes.as_slice()),
        ("nest.pc", nested_path, nested.as_slice()),
    ]
    .map(|(label, path, bytes)| {
        let package = Package::from_bytes(bytes, path, config, &mut Discard).expect(label);
        let names = package.vars.names();
        (label, package, names)
    });

    let mut group = c.benchmark_group("expand");
    group.bench_function("load nest.pc (64 nested variables)", |b| {
        b.iter(|| Package::from_bytes(black_box(&nested), nested_path, config, &mut Discard))
    });
    for (label, package, names) in &loaded {
        group.bench_function(format!("every variable of {label}"), |b| {
            b.iter(|| {
                names
                    .iter()
                    .map(|n| package.vars.get(n).map_or(0, |v| v.len()))
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

fn solve_render(c: &mut Criterion, universes: Option<&Universes>) {
    let stack = repo_root().join("testdata/bench-stack");
    let mut targets = vec![("bench-stack toolkit-4", stack, "toolkit-4")];
    if let Some(u) = universes {
        targets.push(("layered 1001 top", u.layered.clone(), "top"));
    }
    let mut group = c.benchmark_group("solve_render");
    for (label, dir, package) in &targets {
        let ctx = context_over(dir);
        for (mode, linkage) in [("shared", Linkage::Shared), ("static", Linkage::Static)] {
            let query = flags_query(package, linkage);
            check(&ctx, &query, label); // also loads every file: the context is warm
            group.bench_function(format!("{label} {mode} (warm)"), |b| {
                b.iter(|| ctx.run(black_box(&query)))
            });
        }
        let query = flags_query(package, Linkage::Static);
        group.bench_function(format!("{label} static (fresh context)"), |b| {
            b.iter(|| context_over(dir).run(black_box(&query)))
        });
    }
    group.finish();
}

/// Resolves `--cflags --libs` of every package of `dir` through one fresh
/// context shared by `threads` worker threads, as `examples/resolve_all.rs`
/// does. Returns how many packages resolved and how many failed.
fn resolve_all_in(dir: &Path, threads: usize) -> (usize, usize) {
    let context = context_over(dir);
    let names: Vec<String> = context
        .packages()
        .into_iter()
        .map(|(_, p)| p.id.clone())
        .collect();
    let next = AtomicUsize::new(0);
    let (resolved, failed) = (AtomicUsize::new(0), AtomicUsize::new(0));
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                while let Some(name) = names.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let answer = context.run(&flags_query(name, Linkage::Shared));
                    let counter = if answer.outcome().is_success() {
                        &resolved
                    } else {
                        &failed
                    };
                    counter.fetch_add(1, Ordering::Relaxed);
                    black_box(answer.stdout());
                }
            });
        }
    });
    (resolved.into_inner(), failed.into_inner())
}

fn resolve_all(c: &mut Criterion, universes: &Universes) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // 4,001 files (the 4,000 and `top`), plus the built-in `pkg-config` and
    // `pkgconf` packages.
    let (resolved, failed) = resolve_all_in(&universes.wide, threads);
    assert!(
        resolved > 4000 && failed == 0,
        "resolve_all: {resolved} resolved, {failed} failed"
    );
    let mut group = c.benchmark_group("resolve_all");
    group.sample_size(10);
    group.throughput(Throughput::Elements(resolved as u64));
    for t in [1, threads] {
        group.bench_function(format!("wide 4000 ({t} threads)"), |b| {
            b.iter(|| resolve_all_in(&universes.wide, t))
        });
        if threads == 1 {
            break;
        }
    }
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let config = Config::new(&env_for(Path::new("/nonexistent")), &Options::new()).expect("config");
    parse(&mut c, &config);
    expand(&mut c, &config);
    let universes = Universes::generate();
    solve_render(&mut c, universes.as_ref());
    if let Some(u) = &universes {
        resolve_all(&mut c, u);
    }
    drop(universes);
    c.final_summary();
}
