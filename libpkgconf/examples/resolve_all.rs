//! `resolve_all`: resolves `--cflags --libs` of every package on the
//! search path (as `PKG_CONFIG_PATH`, `PKG_CONFIG_LIBDIR` and the other
//! variables set it), in one process, through one context shared by worker
//! threads. Prints how many packages resolved, how many failed, and the
//! total bytes of output.
//!
//! ```sh
//! PKG_CONFIG_LIBDIR=/usr/lib/x86_64-linux-gnu/pkgconfig \
//!     cargo run --release -p libpkgconf --example resolve_all
//! ```

use libpkgconf::{Context, Env, Options, Output, Query};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

fn main() -> ExitCode {
    let env = Env::from_pairs(
        std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
    );
    // The listing reads every file: on every core too.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let context = match Context::new(&env, &Options::new().jobs(threads)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("resolve_all: {e}");
            return ExitCode::FAILURE;
        }
    };
    let names: Vec<String> = context
        .packages()
        .into_iter()
        .map(|(_, p)| p.id.clone())
        .collect();
    let next = AtomicUsize::new(0);
    let (resolved, failed, bytes) = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                while let Some(name) = names.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let query = Query::new()
                        .packages([name.as_str()])
                        .want(Output::Cflags)
                        .want(Output::Libs);
                    let answer = context.run(&query);
                    let counter = if answer.outcome().is_success() {
                        &resolved
                    } else {
                        &failed
                    };
                    counter.fetch_add(1, Ordering::Relaxed);
                    bytes.fetch_add(answer.stdout().len(), Ordering::Relaxed);
                }
            });
        }
    });
    println!(
        "resolved {} packages, {} failed, {} bytes of output ({threads} threads)",
        resolved.into_inner(),
        failed.into_inner(),
        bytes.into_inner()
    );
    ExitCode::SUCCESS
}
