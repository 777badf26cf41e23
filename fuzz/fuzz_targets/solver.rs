//! The solver over an in-memory universe, no file system: the input is
//! split at `\0` into up to 16 `.pc` files named p0.pc, p1.pc, ...; every
//! package is queried in the modes build systems use. Never a panic or a
//! hang (cycles, missing packages, Provides, conflicts, deep chains).
#![no_main]

use libfuzzer_sys::fuzz_target;
use libpkgconf::{Context, Env, Linkage, Options, Output, Query};

fuzz_target!(|data: &[u8]| {
    let files: Vec<(String, Vec<u8>)> = data
        .split(|b| *b == 0)
        .take(16)
        .enumerate()
        .map(|(i, bytes)| (format!("p{i}.pc"), bytes.to_vec()))
        .collect();
    let n = files.len();
    let Ok(ctx) = Context::in_memory(&Env::new(), &Options::new(), files) else {
        return;
    };
    for i in 0..n {
        for linkage in [Linkage::Shared, Linkage::Static] {
            let q = Query::new()
                .packages([format!("p{i}")])
                .want(Output::Cflags)
                .want(Output::Libs)
                .linkage(linkage);
            let answer = ctx.run(&q);
            let _ = (answer.stdout().len(), answer.exit_code());
        }
        let q = Query::new()
            .packages([format!("p{i} >= 1")])
            .want(Output::Simulate)
            .want(Output::Digraph)
            .want(Output::ModVersion)
            .want(Output::Provides);
        let _ = ctx.run(&q);
    }
    let _ = ctx.run(&Query::new().want(Output::ListAll));
});
