//! Regenerates `include/pkgconf_rs.h` with cbindgen (CI fails when the
//! committed header differs) and gives the shared library a soname with
//! the major version, so `libpkgconf_rs.so.0` loads beside libpkgconf.

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".into());
    // ELF shared objects carry a soname; other platforms name versions
    // their own way.
    if std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os != "macos" && os != "windows") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libpkgconf_rs.so.{major}");
    }
    println!("cargo:rerun-if-changed=src/lib.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    // A header that cannot be regenerated fails the build: a stale one
    // would describe another ABI.
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml"))
        .expect("capi/cbindgen.toml is readable and valid");
    let bindings =
        cbindgen::generate_with_config(&dir, config).expect("cbindgen generates the header");
    bindings.write_to_file(dir.join("include/pkgconf_rs.h"));
}
