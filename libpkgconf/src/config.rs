//! Everything a resolution depends on, resolved once from an [`Env`]
//! snapshot, a [`Personality`] and explicit options.

use crate::env::Env;
use crate::personality::Personality;
use camino::{Utf8Path, Utf8PathBuf};
use indexmap::IndexMap;

/// pkgconf's default limit on dependency graph depth.
pub const DEFAULT_MAX_DEPTH: u32 = 2000;

/// Which edges of the graph are followed, and which private fields used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkMode {
    /// `--static`: follow `Requires.private`, use `Libs.private`.
    pub static_: bool,
    /// `--pure`: with `--static`, do not merge private deps' cflags.
    pub pure: bool,
    /// `--shared` was given explicitly (it cancels `--static`).
    pub shared: bool,
}

impl LinkMode {
    /// Whether private requirements and fields take part.
    pub fn is_static(&self) -> bool {
        self.static_ && !self.shared
    }
}

/// Options a caller sets explicitly (the CLI maps its flags onto these).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--with-path` directories, searched first, in order.
    pub with_path: Vec<Utf8PathBuf>,
    /// `--env-only`: search only `--with-path` and `PKG_CONFIG_PATH`.
    pub env_only: bool,
    /// `--define-variable` pairs; they override every package's own value.
    pub define_variables: Vec<(String, String)>,
    /// `--keep-system-cflags`.
    pub keep_system_cflags: bool,
    /// `--keep-system-libs`.
    pub keep_system_libs: bool,
    /// `--no-uninstalled`.
    pub no_uninstalled: bool,
    /// `--no-provides`.
    pub no_provides: bool,
    /// `--ignore-conflicts`.
    pub ignore_conflicts: bool,
    /// `--define-prefix` (`Some(true)`), `--dont-define-prefix` (`Some(false)`).
    pub define_prefix: Option<bool>,
    /// `--prefix-variable`.
    pub prefix_variable: Option<String>,
    /// `--maximum-traverse-depth`, already validated (`None`: unlimited).
    pub max_depth: Option<Option<u32>>,
    /// `--static`, `--shared`, `--pure`.
    pub link: LinkMode,
}

/// Why an environment or option value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A maximum traverse depth (`--maximum-traverse-depth` or
    /// `PKG_CONFIG_MAXIMUM_TRAVERSE_DEPTH`) that is not a C `int`, or is
    /// negative but not `-1`; holds the value as given.
    #[error("invalid maximum traverse depth: {0}")]
    InvalidDepth(String),
}

/// The resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Directories searched for `name.pc`, in order, without duplicates.
    pub search_path: Vec<Utf8PathBuf>,
    /// The personality in force.
    pub personality: Personality,
    /// `-I` directories filtered from output.
    pub system_include_dirs: Vec<String>,
    /// `-L` directories filtered from output.
    pub system_lib_dirs: Vec<String>,
    /// Keep `-I` flags for system include directories
    /// (`--keep-system-cflags` or `PKG_CONFIG_ALLOW_SYSTEM_CFLAGS`).
    pub keep_system_cflags: bool,
    /// Keep `-L` flags for system library directories
    /// (`--keep-system-libs` or `PKG_CONFIG_ALLOW_SYSTEM_LIBS`).
    pub keep_system_libs: bool,
    /// `--define-variable` values; they override every package's own.
    pub globals: IndexMap<String, String>,
    /// Built-in variables (`pc_sysrootdir`, `pc_top_builddir`); a package's
    /// own definitions override them.
    pub builtins: IndexMap<String, String>,
    /// Look for `name-uninstalled.pc` first.
    pub allow_uninstalled: bool,
    /// Resolve names through other packages' `Provides` too (cleared by
    /// `--no-provides`).
    pub use_provides: bool,
    /// Do not check `Conflicts` rules (`--ignore-conflicts`).
    pub ignore_conflicts: bool,
    /// Relocate `prefix` to the `.pc` file's location.
    pub define_prefix: bool,
    /// The variable treated as the package prefix.
    pub prefix_variable: String,
    /// Maximum traverse depth; `None` is unlimited.
    pub max_depth: Option<u32>,
    /// The link mode in force, after `PKG_CONFIG_PURE_DEPGRAPH` and the
    /// personality's static and pure defaults are applied.
    pub link: LinkMode,
    /// Output is for a UTF-8 locale (`LC_ALL`, else `LC_CTYPE`, else `LANG`
    /// names a UTF-8 codeset); otherwise non-ASCII bytes are escaped.
    pub utf8_locale: bool,
    /// The sysroot in force, if any.
    pub sysroot: Option<crate::sysroot::Sysroot>,
    /// The snapshot used for `PKG_CONFIG_$PACKAGE_$VARIABLE` overrides.
    pub env: Env,
}

impl Config {
    /// The sysroot, when it does not exist although some search directory
    /// lies inside it (a typo or an unmounted sysroot). A sysroot that
    /// exists, or that the search path does not use, is `None`: pkgconf
    /// accepts sysroots that are only prefixes for the printed flags.
    pub fn missing_sysroot(&self) -> Option<&str> {
        let dir = self.sysroot.as_ref()?.dir.as_str();
        let inside = |p: &Utf8PathBuf| {
            p.as_str()
                .strip_prefix(dir)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        (self.search_path.iter().any(inside) && !Utf8Path::new(dir).is_dir()).then_some(dir)
    }
}

/// Parses a depth as pkgconf does: a C `int` (leading blanks allowed, no
/// trailing garbage); `-1` and `0` mean unlimited, other negatives are refused.
pub fn parse_depth(s: &str) -> Result<Option<u32>, ConfigError> {
    let bad = || ConfigError::InvalidDepth(s.to_owned());
    let n: i32 = s.trim_start().parse().map_err(|_| bad())?;
    match n {
        -1 | 0 => Ok(None),
        n if n < 0 => Err(bad()),
        n => Ok(Some(n.unsigned_abs())),
    }
}

fn push_unique(list: &mut Vec<Utf8PathBuf>, dir: &Utf8Path) {
    if dir.as_str().is_empty() {
        return;
    }
    // Trailing separators do not make a directory different.
    let trimmed = dir.as_str().trim_end_matches('/');
    let dir = if trimmed.is_empty() {
        Utf8Path::new("/")
    } else {
        Utf8Path::new(trimmed)
    };
    if !list.iter().any(|d| d == dir) {
        list.push(dir.to_owned());
    }
}

/// Whether the environment's character type locale uses UTF-8.
pub fn utf8_locale(env: &Env) -> bool {
    let name = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|v| env.get_nonempty(v))
        .unwrap_or("C");
    let lower = name.to_ascii_lowercase();
    lower.contains("utf-8") || lower.contains("utf8")
}

/// Splits a `PKG_CONFIG_PATH`-style list.
pub fn split_path_list(s: &str) -> impl Iterator<Item = &Utf8Path> {
    s.split(':').filter(|p| !p.is_empty()).map(Utf8Path::new)
}

fn truthy(env: &Env, name: &str) -> bool {
    env.is_set(name)
}

impl Config {
    /// Resolves the configuration from an environment snapshot, a
    /// personality and explicit options, the way pkgconf's CLI does.
    pub fn new(env: &Env, personality: Personality, opts: &Options) -> Result<Config, ConfigError> {
        let mut search_path = Vec::new();
        for d in &opts.with_path {
            push_unique(&mut search_path, d);
        }
        if let Some(p) = env.get("PKG_CONFIG_PATH") {
            for d in split_path_list(p) {
                push_unique(&mut search_path, d);
            }
        }
        if !opts.env_only {
            match env.get("PKG_CONFIG_LIBDIR") {
                Some(p) => {
                    for d in split_path_list(p) {
                        push_unique(&mut search_path, d);
                    }
                }
                None => {
                    for d in &personality.default_search_paths {
                        push_unique(&mut search_path, d);
                    }
                }
            }
        }

        // An explicit list (even an empty one) replaces the personality's.
        let dirs = |var: &str, default: &[Utf8PathBuf]| -> Vec<String> {
            match env.get(var) {
                Some(p) => split_path_list(p).map(|d| d.to_string()).collect(),
                None => default.iter().map(|p| p.to_string()).collect(),
            }
        };
        let mut system_include_dirs = dirs(
            "PKG_CONFIG_SYSTEM_INCLUDE_PATH",
            &personality.system_include_paths,
        );
        for var in ["C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "CPATH"] {
            if let Some(p) = env.get(var) {
                system_include_dirs.extend(split_path_list(p).map(|d| d.to_string()));
            }
        }
        let mut system_lib_dirs = dirs(
            "PKG_CONFIG_SYSTEM_LIBRARY_PATH",
            &personality.system_library_paths,
        );
        if let Some(p) = env.get("LIBRARY_PATH") {
            system_lib_dirs.extend(p.split(':').filter(|s| !s.is_empty()).map(str::to_owned));
        }

        let max_depth = match opts.max_depth {
            Some(d) => d,
            None => match env.get("PKG_CONFIG_MAXIMUM_TRAVERSE_DEPTH") {
                Some(v) => parse_depth(v)?,
                None => Some(DEFAULT_MAX_DEPTH),
            },
        };

        let mut builtins = IndexMap::new();
        let sysroot = env
            .get_nonempty("PKG_CONFIG_SYSROOT_DIR")
            .map(str::to_owned)
            .or_else(|| personality.sysroot_dir.as_ref().map(|p| p.to_string()));
        builtins.insert(
            "pc_sysrootdir".to_owned(),
            sysroot.unwrap_or_else(|| "/".to_owned()),
        );
        builtins.insert(
            "pc_top_builddir".to_owned(),
            env.get_nonempty("PKG_CONFIG_TOP_BUILD_DIR")
                .unwrap_or("$(top_builddir)")
                .to_owned(),
        );
        let mut globals = IndexMap::new();
        for (k, v) in &opts.define_variables {
            globals.insert(k.clone(), v.clone());
        }

        let sysroot_dir = env
            .get_nonempty("PKG_CONFIG_SYSROOT_DIR")
            .map(str::to_owned)
            .or_else(|| personality.sysroot_dir.as_ref().map(|p| p.to_string()))
            .and_then(|s| crate::sysroot::normalize(&s));
        let sysroot = sysroot_dir.map(|dir| {
            use crate::sysroot::SysrootRules;
            let destdir_is_sysroot = env
                .get_nonempty("DESTDIR")
                .and_then(crate::sysroot::normalize)
                .is_some_and(|d| d == dir);
            let rules = if destdir_is_sysroot {
                SysrootRules::Destdir
            } else if truthy(env, "PKG_CONFIG_FDO_SYSROOT_RULES") {
                SysrootRules::Fdo
            } else if truthy(env, "PKG_CONFIG_PKGCONF1_SYSROOT_RULES") {
                SysrootRules::Pkgconf1
            } else {
                SysrootRules::Pkgconf
            };
            crate::sysroot::Sysroot { dir, rules }
        });

        let define_prefix = match opts.define_prefix {
            Some(b) => b,
            None => truthy(env, "PKG_CONFIG_RELOCATE_PATHS"),
        };

        let mut link = opts.link;
        if env.is_set("PKG_CONFIG_PURE_DEPGRAPH") {
            link.pure = true;
        }
        if personality.want_default_static && !link.shared {
            link.static_ = true;
        }
        if personality.want_default_pure {
            link.pure = true;
        }

        Ok(Config {
            search_path,
            system_include_dirs,
            system_lib_dirs,
            keep_system_cflags: opts.keep_system_cflags
                || truthy(env, "PKG_CONFIG_ALLOW_SYSTEM_CFLAGS"),
            keep_system_libs: opts.keep_system_libs || truthy(env, "PKG_CONFIG_ALLOW_SYSTEM_LIBS"),
            globals,
            builtins,
            allow_uninstalled: !opts.no_uninstalled
                && !truthy(env, "PKG_CONFIG_DISABLE_UNINSTALLED"),
            use_provides: !opts.no_provides,
            ignore_conflicts: opts.ignore_conflicts,
            define_prefix,
            prefix_variable: opts
                .prefix_variable
                .clone()
                .unwrap_or_else(|| "prefix".to_owned()),
            max_depth,
            link,
            personality,
            utf8_locale: utf8_locale(env),
            sysroot,
            env: env.clone(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn cfg(pairs: &[(&str, &str)], opts: &Options) -> Config {
        let env = Env::from_pairs(pairs.iter().copied());
        let mut p = Personality::host();
        p.default_search_paths = vec!["/default".into()];
        Config::new(&env, p, opts).unwrap()
    }

    #[test]
    fn search_path_order_and_dedup() {
        let opts = Options {
            with_path: vec!["/w".into(), "/a/".into()],
            ..Options::default()
        };
        let c = cfg(
            &[
                ("PKG_CONFIG_PATH", "/a:/b::/w"),
                ("PKG_CONFIG_LIBDIR", "/l"),
            ],
            &opts,
        );
        let got: Vec<&str> = c.search_path.iter().map(|p| p.as_str()).collect();
        assert_eq!(got, ["/w", "/a", "/b", "/l"]);
    }

    #[test]
    fn libdir_replaces_default_and_env_only_drops_both() {
        let c = cfg(&[("PKG_CONFIG_PATH", "/p")], &Options::default());
        assert_eq!(c.search_path, [Utf8PathBuf::from("/p"), "/default".into()]);
        let c = cfg(&[("PKG_CONFIG_LIBDIR", "")], &Options::default());
        assert!(c.search_path.is_empty());
        let o = Options {
            env_only: true,
            ..Options::default()
        };
        let c = cfg(
            &[("PKG_CONFIG_PATH", "/p"), ("PKG_CONFIG_LIBDIR", "/l")],
            &o,
        );
        assert_eq!(c.search_path, [Utf8PathBuf::from("/p")]);
    }

    #[test]
    fn missing_sysroot() {
        let libdir = Options::default();
        let c = cfg(
            &[
                ("PKG_CONFIG_SYSROOT_DIR", "/no/such/root"),
                ("PKG_CONFIG_LIBDIR", "/no/such/root/lib/pkgconfig"),
            ],
            &libdir,
        );
        assert_eq!(c.missing_sysroot(), Some("/no/such/root"));
        let c = cfg(
            &[
                ("PKG_CONFIG_SYSROOT_DIR", "/no/such/root"),
                ("PKG_CONFIG_LIBDIR", "/elsewhere"),
            ],
            &libdir,
        );
        assert_eq!(c.missing_sysroot(), None);
        let c = cfg(
            &[
                ("PKG_CONFIG_SYSROOT_DIR", "/"),
                ("PKG_CONFIG_LIBDIR", "/usr/lib/pkgconfig"),
            ],
            &libdir,
        );
        assert_eq!(c.missing_sysroot(), None);
    }

    #[test]
    fn depth_parsing() {
        assert_eq!(parse_depth("-1"), Ok(None));
        assert_eq!(parse_depth("3"), Ok(Some(3)));
        assert_eq!(parse_depth(" 2"), Ok(Some(2)));
        assert_eq!(parse_depth("0"), Ok(None));
        assert!(parse_depth("-2").is_err());
        assert!(parse_depth("1x").is_err());
        assert!(parse_depth("99999999999").is_err());
        assert!(parse_depth("x").is_err());
        let env = Env::from_pairs([("PKG_CONFIG_MAXIMUM_TRAVERSE_DEPTH", "zz")]);
        assert!(Config::new(&env, Personality::host(), &Options::default()).is_err());
    }

    #[test]
    fn define_variables_and_builtins() {
        let o = Options {
            define_variables: vec![("prefix".into(), "/s".into())],
            ..Options::default()
        };
        let c = cfg(&[], &o);
        assert_eq!(c.globals["prefix"], "/s");
        assert_eq!(c.builtins["pc_sysrootdir"], "/");
        assert_eq!(c.builtins["pc_top_builddir"], "$(top_builddir)");
    }
}
