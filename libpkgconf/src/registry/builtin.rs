//! The virtual packages `pkg-config` and `pkgconf`, which describe the
//! resolver itself.

use super::vars::{VarContext, Variables};
use crate::config::Config;
use crate::package::{PKGCONF_COMPAT_VERSION, Package};
use camino::Utf8PathBuf;

/// The names of the built-in packages, in pkgconf's listing order.
pub(crate) const NAMES: [&str; 2] = ["pkg-config", "pkgconf"];

/// Builds one of the virtual packages `pkg-config` and `pkgconf`.
pub(crate) fn builtin(id: &str, config: &Config) -> Option<Package> {
    if !NAMES.contains(&id) {
        return None;
    }
    let join = |v: &[Utf8PathBuf]| v.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(":");
    let p = &config.personality;
    let pairs = [
        ("pc_system_libdirs", join(&p.system_library_paths)),
        ("pc_system_includedirs", join(&p.system_include_paths)),
        ("pc_path", join(&p.default_search_paths)),
    ];
    let ctx = VarContext {
        scope: &config.var_scope,
        env: &config.env,
        package_id: id,
    };
    let vars = Variables::literal(&pairs, &ctx);
    let mut pkg = Package::new(id, None, vars);
    pkg.name = Some(id.to_owned());
    pkg.description = Some("virtual package defining pkgconf API version supported".to_owned());
    pkg.version = Some(PKGCONF_COMPAT_VERSION.to_owned());
    pkg.url = Some("https://github.com/pkgconf/pkgconf".to_owned());
    pkg.builtin = true;
    Some(pkg)
}
