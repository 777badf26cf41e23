//! Variable expansion: the input is the variable section of a package whose
//! fields use the variables `a`, `b`, `x` and `y` (and `pcfiledir`). Never a
//! panic, and every expansion stays within pkgconf's 64 KiB output limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use libpkgconf::{Config, Env, Options, Package};
use std::sync::OnceLock;

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let opts = Options::new().define_variable("g", "${a}/global");
        Config::new(&Env::from_pairs([("PKG_CONFIG_SYSROOT_DIR", "/sr")]), &opts)
            .expect("config")
    })
}

const FIELDS: &[u8] = b"\nName: v\nDescription: ${a}\nVersion: ${b}\n\
Requires: ${x}\nCflags: -I${a} ${b} \"${x}\" ${y} ${pc_sysrootdir}\nLibs: -L${y} -l${x} ${g}\n";

fuzz_target!(|vars: &[u8]| {
    let mut text = vars.to_vec();
    text.extend_from_slice(FIELDS);
    let mut diags = Vec::new();
    let path = camino::Utf8Path::new("/fuzz/v.pc");
    if let Ok(p) = Package::from_bytes(&text, path, config(), &mut diags) {
        for name in p.vars.names() {
            if let Some(v) = p.vars.get(&name) {
                assert!(v.len() <= 65_534 + 4, "expansion past the 64 KiB limit");
            }
        }
    }
});
