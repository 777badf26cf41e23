//! Regenerates `include/pkgconf_rs.h` with cbindgen (CI fails when the
//! committed header differs) and gives the shared library a soname with
//! the major version, so `libpkgconf_rs.so.0` loads beside libpkgconf.

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".into());
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libpkgconf_rs.so.{major}");
    println!("cargo:rerun-if-changed=src/lib.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).unwrap_or_default();
    match cbindgen::generate_with_config(&dir, config) {
        Ok(bindings) => {
            bindings.write_to_file(dir.join("include/pkgconf_rs.h"));
        }
        Err(e) => println!("cargo:warning=cbindgen: {e}"),
    }
}
