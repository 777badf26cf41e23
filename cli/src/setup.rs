//! What `pkgconf-rs` and `pkgconf-rs-lint` take from the process the same
//! way: the environment snapshot, and the context options that set the
//! search path (personality, `--with-path`, `--define-variable`).

use libpkgconf::{Env, Options, Personality};

/// The process environment, as the library's snapshot (variables whose
/// name or value is not UTF-8 are left out).
pub fn env_snapshot() -> Env {
    Env::from_pairs(
        std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
    )
}

/// The options every query of `program` starts from: the personality
/// (`--personality`, else the one the program name implies, else the
/// host's), the `--with-path` directories in order, and the
/// `--define-variable` overrides (`NAME=VALUE`; a word without `=` is
/// ignored, as pkgconf does).
pub fn search_options(
    program: &str,
    personality: Option<&str>,
    env: &Env,
    with_path: &[String],
    define_variable: &[String],
) -> Result<Options, String> {
    let personality = Personality::for_invocation(personality, program, env);
    let mut o = Options::new().personality(personality.map_err(|e| e.to_string())?);
    for dir in with_path {
        o = o.with_path(dir.as_str());
    }
    for (name, value) in define_variable.iter().filter_map(|d| d.split_once('=')) {
        o = o.define_variable(name, value);
    }
    Ok(o)
}
