//! `query [--static] PACKAGE...`: prints exactly what
//! `pkgconf-rs --cflags --libs [--static] PACKAGE...` prints, with the same
//! exit status, reading the same environment variables.
//!
//! ```sh
//! cargo run -q -p libpkgconf --example query -- --static gtk+-3.0
//! ```

use libpkgconf::{Context, Env, Linkage, Options, Output, Personality, Query};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // The library never reads the process environment: take a snapshot.
    let env = Env::from_pairs(
        std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
    );
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut options = Options::new();
    if let Some(i) = args.iter().position(|a| a == "--static") {
        args.remove(i);
        options = options.linkage(Linkage::Static);
    }
    // The same personality rules as pkgconf-rs: none named, so the host's
    // unless this program's name starts with a target triplet.
    let program = std::env::args().next().unwrap_or_default();
    let personality = match Personality::for_invocation(None, &program, &env) {
        Ok(p) => p,
        Err(e) => return fail(&e.to_string()),
    };
    let context = match Context::new(&env, &options.personality(personality)) {
        Ok(c) => c,
        Err(e) => return fail(&e.to_string()),
    };
    let query = Query::new()
        .packages(args)
        .want(Output::Cflags)
        .want(Output::Libs);
    let answer = context.run(&query);
    // A closed pipe is not an error worth reporting.
    let _ = std::io::stderr().write_all(answer.stderr());
    let _ = std::io::stdout().write_all(answer.stdout());
    ExitCode::from(answer.exit_code())
}

fn fail(message: &str) -> ExitCode {
    eprintln!("query: {message}");
    ExitCode::FAILURE
}
