//! The `.pc` parser and loader on arbitrary bytes: never a panic, and every
//! field of a loaded package can be read and its variables expanded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use libpkgconf::{Config, Env, Options, Package};
use std::sync::OnceLock;

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| Config::new(&Env::new(), &Options::new()).expect("default config"))
}

fuzz_target!(|data: &[u8]| {
    let mut diags = Vec::new();
    let path = camino::Utf8Path::new("/fuzz/input.pc");
    if let Ok(p) = Package::from_bytes(data, path, config(), &mut diags) {
        for name in p.vars.names() {
            let _ = p.vars.get(&name);
        }
        let _ = p.cflags.iter().chain(&p.libs).map(|f| f.text()).count();
        let _ = p.license_expression();
    }
    for d in &diags {
        let _ = d.to_string();
    }
});
