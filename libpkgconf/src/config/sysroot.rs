//! Sysroot handling for cross builds.
//!
//! With `PKG_CONFIG_SYSROOT_DIR=S`, absolute `-I`/`-L` paths (and the
//! arguments of `-isystem`/`-idirafter`) and absolute variable values printed
//! by `--variable` get `S` in front, unless they already start with `S` at a
//! path-component boundary, so a sysroot is never applied twice.
//!
//! * Variable values are rewritten by pkgconf's simpler test: a value with a
//!   `/` in it that does not already start with `S` (as a string) gets `S`
//!   in front, even a relative one.
//! * FDO rules (`PKG_CONFIG_FDO_SYSROOT_RULES`): flags are rewritten,
//!   variables are not.
//! * `DESTDIR` equal to the sysroot: nothing is rewritten; only
//!   `${pc_sysrootdir}` expands.
//! * The flags of uninstalled packages are not rewritten, except under
//!   pkgconf 1.x rules (`PKG_CONFIG_PKGCONF1_SYSROOT_RULES`).

use crate::package::fragment::Fragment;

/// Which sysroot rules apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SysrootRules {
    /// pkgconf's default rules.
    #[default]
    Pkgconf,
    /// freedesktop.org pkg-config's rules: variables are left alone.
    Fdo,
    /// `DESTDIR` names the sysroot: nothing is rewritten.
    Destdir,
    /// pkgconf 1.x rules: uninstalled packages are rewritten too.
    Pkgconf1,
}

/// An active sysroot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sysroot {
    /// The directory, with `\` turned into `/` and no trailing `/`.
    pub dir: String,
    /// Which rules decide what is rewritten.
    pub rules: SysrootRules,
}

/// Normalises a sysroot value; `None` when it means no sysroot (`/`, `.`, empty).
pub fn normalize(raw: &str) -> Option<String> {
    let s = raw.replace('\\', "/");
    let t = s.trim_end_matches('/');
    (!t.is_empty() && t != ".").then(|| t.to_owned())
}

/// Whether `path` is `dir` or lies inside it (at a component boundary).
pub(crate) fn is_within(path: &str, dir: &str) -> bool {
    path.strip_prefix(dir)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

impl Sysroot {
    /// Whether `path` already lies inside the sysroot.
    fn contains(&self, path: &str) -> bool {
        is_within(path, &self.dir)
    }

    /// `path` with the sysroot in front, when it needs one.
    pub fn inject(&self, path: &str) -> Option<String> {
        if self.rules == SysrootRules::Destdir || !path.starts_with('/') || self.contains(path) {
            return None;
        }
        Some(format!("{}{path}", self.dir))
    }

    /// Whether the flags of a package are rewritten (`uninstalled`: it was
    /// found as `name-uninstalled.pc`).
    pub fn applies_to(&self, uninstalled: bool) -> bool {
        match self.rules {
            SysrootRules::Destdir => false,
            SysrootRules::Pkgconf | SysrootRules::Fdo => !uninstalled,
            SysrootRules::Pkgconf1 => true,
        }
    }

    /// A variable's value as `--variable` prints it.
    pub fn variable(&self, value: String) -> String {
        let rewrite = matches!(self.rules, SysrootRules::Pkgconf | SysrootRules::Pkgconf1)
            && value.contains('/')
            && !value.starts_with(self.dir.as_str());
        if rewrite {
            format!("{}{value}", self.dir)
        } else {
            value
        }
    }

    /// Rewrites the paths of one fragment in place.
    pub fn munge(&self, f: &mut Fragment) {
        if matches!(f.kind, Some('I' | 'L')) {
            if let Some(p) = self.inject(f.data()) {
                f.set_data(&p);
            }
        } else if f.kind.is_none() && (f.data() == "-isystem" || f.data() == "-idirafter") {
            for c in f.children_mut() {
                if c.kind.is_none() {
                    if let Some(p) = self.inject(c.data()) {
                        c.set_data(&p);
                    }
                }
            }
        }
    }

    /// Whether `path`, seen through the sysroot, is one of `dirs`.
    pub fn is_one_of(&self, path: &str, dirs: &[String]) -> bool {
        let full = format!("{}{path}", self.dir);
        let full = super::paths::collapse_separators(&full);
        dirs.iter().any(|d| **d == *full)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(dir: &str) -> Sysroot {
        Sysroot {
            dir: dir.to_owned(),
            rules: SysrootRules::Pkgconf,
        }
    }

    #[test]
    fn injects_once_at_component_boundaries() {
        assert_eq!(
            s("/s").inject("/usr/include").as_deref(),
            Some("/s/usr/include")
        );
        assert_eq!(s("/s").inject("/s/usr/include"), None);
        assert_eq!(
            s("/s").inject("/sysroot/usr").as_deref(),
            Some("/s/sysroot/usr")
        );
        assert_eq!(s("/usr").inject("/usr/include"), None);
        assert_eq!(s("C:/sr").inject("/opt").as_deref(), Some("C:/sr/opt"));
        assert_eq!(s("/s").inject("relative"), None);
        let destdir = Sysroot {
            rules: SysrootRules::Destdir,
            ..s("/s")
        };
        assert_eq!(destdir.inject("/usr"), None);
        let fdo = Sysroot {
            rules: SysrootRules::Fdo,
            ..s("/s")
        };
        assert_eq!(fdo.inject("/usr").as_deref(), Some("/s/usr"));
        assert_eq!(fdo.variable("/usr".into()), "/usr");
    }

    #[test]
    fn variables_use_a_plain_string_test() {
        assert_eq!(s("/sr").variable("/usr".into()), "/sr/usr");
        assert_eq!(s("/sr").variable("foo/bar".into()), "/srfoo/bar");
        assert_eq!(s("/sr").variable("1.0".into()), "1.0");
        assert_eq!(s("/sr").variable("/srx".into()), "/srx");
        assert_eq!(s("/sr").variable(String::new()), "");
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize("/"), None);
        assert_eq!(normalize(""), None);
        assert_eq!(normalize("/s//").as_deref(), Some("/s"));
        assert_eq!(normalize("C:\\dir\\x").as_deref(), Some("C:/dir/x"));
    }

    #[test]
    fn munges_pairs() {
        let mut f = crate::package::fragment::parse_words(&["-isystem", "/x"]).remove(0);
        s("/s").munge(&mut f);
        assert_eq!(f.children()[0].data(), "/s/x");
        let mut f = Fragment::typed('L', "/lib");
        s("/s").munge(&mut f);
        assert_eq!(f.data(), "/s/lib");
    }
}
