//! tests/clients cargo client: probes the universe with the `pkg-config`
//! crate and writes one block per probe to the file named by
//! `PKGCONF_CLIENTS_RESULTS`. Only `tinyc` (a real static library built by
//! tests/clients/run) emits cargo metadata, so the crate really links it;
//! the other probes use `cargo_metadata(false)` because their libraries do
//! not exist.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::{env, fs};

fn library(out: &mut String, title: &str, result: Result<pkg_config::Library, pkg_config::Error>) {
    writeln!(out, "== {title}").unwrap();
    match result {
        Ok(lib) => {
            // `defines` is a HashMap: print it sorted so the order is stable.
            let defines: BTreeMap<_, _> = lib.defines.iter().collect();
            writeln!(out, "ok").unwrap();
            writeln!(out, "version: {:?}", lib.version).unwrap();
            writeln!(out, "libs: {:?}", lib.libs).unwrap();
            writeln!(out, "link_paths: {:?}", lib.link_paths).unwrap();
            writeln!(out, "link_files: {:?}", lib.link_files).unwrap();
            writeln!(out, "frameworks: {:?}", lib.frameworks).unwrap();
            writeln!(out, "framework_paths: {:?}", lib.framework_paths).unwrap();
            writeln!(out, "include_paths: {:?}", lib.include_paths).unwrap();
            writeln!(out, "ld_args: {:?}", lib.ld_args).unwrap();
            writeln!(out, "defines: {defines:?}").unwrap();
        }
        Err(e) => writeln!(out, "error:\n{e}").unwrap(),
    }
}

fn variable(out: &mut String, package: &str, name: &str) {
    writeln!(out, "== get_variable({package:?}, {name:?})").unwrap();
    match pkg_config::get_variable(package, name) {
        Ok(value) => writeln!(out, "ok: {value:?}").unwrap(),
        Err(e) => writeln!(out, "error:\n{e}").unwrap(),
    }
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=PKGCONF_CLIENTS_RESULTS");
    let path = env::var("PKGCONF_CLIENTS_RESULTS").expect("PKGCONF_CLIENTS_RESULTS is not set");
    let mut out = String::new();
    found(&mut out);
    failing(&mut out);
    real_library(&mut out);
    fs::write(&path, out).unwrap_or_else(|e| panic!("writing {path}: {e}"));
}

/// A probe that emits no cargo metadata (the library files do not exist).
fn new() -> pkg_config::Config {
    let mut config = pkg_config::Config::new();
    config.cargo_metadata(false);
    config
}

/// Probes and variables that succeed.
fn found(out: &mut String) {
    library(
        out,
        "orbit-core atleast_version(1.2)",
        new().atleast_version("1.2").probe("orbit-core"),
    );
    library(
        out,
        "orbit-core exactly_version(1.4.2) --define-variable=prefix=/opt/x",
        new()
            .exactly_version("1.4.2")
            .arg("--define-variable=prefix=/opt/x")
            .probe("orbit-core"),
    );
    library(
        out,
        "orbit-gfx range_version(3.0..4.0)",
        new().range_version("3.0".."4.0").probe("orbit-gfx"),
    );
    library(
        out,
        "orbit-io range_version(2.0..=2.0.0) statik(true)",
        new()
            .range_version("2.0"..="2.0.0")
            .statik(true)
            .probe("orbit-io"),
    );
    library(
        out,
        "orbit-gfx statik(true) print_system_libs(false)",
        new()
            .statik(true)
            .print_system_libs(false)
            .probe("orbit-gfx"),
    );
    library(out, "orbit-data", new().probe("orbit-data"));
    library(
        out,
        "orbit-runtime (a Provides of orbit-core) atleast_version(1.4)",
        new().atleast_version("1.4").probe("orbit-runtime"),
    );
    library(out, "orbit-plugins", new().probe("orbit-plugins"));
    variable(out, "orbit-plugins", "plugindir");
    variable(out, "orbit-plugins", "moduledir");
    variable(out, "orbit-data", "schema");
    variable(out, "orbit-core", "no_such_variable");
    variable(out, "orbit-nosuch", "prefix");
}

/// Probes that fail: missing, too old, unsatisfiable requirement.
fn failing(out: &mut String) {
    library(out, "orbit-nosuch", new().probe("orbit-nosuch"));
    library(
        out,
        "orbit-core atleast_version(9.0)",
        new().atleast_version("9.0").probe("orbit-core"),
    );
    library(
        out,
        "zlite range_version(1.0..2.0)",
        new().range_version("1.0".."2.0").probe("zlite"),
    );
    library(out, "orbit-legacy", new().probe("orbit-legacy"));
}

/// The real library: cargo metadata on, so the crate links libtinyc.a.
fn real_library(out: &mut String) {
    let tinyc = pkg_config::Config::new()
        .atleast_version("1.0")
        .probe("tinyc");
    if let Ok(lib) = &tinyc {
        let defines: BTreeMap<_, _> = lib.defines.iter().collect();
        for (name, value) in defines {
            println!("cargo:rustc-env={name}={}", value.as_deref().unwrap_or(""));
        }
    }
    library(out, "tinyc atleast_version(1.0), cargo metadata on", tinyc);
}
