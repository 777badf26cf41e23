//! Sysroot handling for cross builds.
//!
//! With `PKG_CONFIG_SYSROOT_DIR=S`, absolute `-I`/`-L` paths (and the
//! arguments of `-isystem`/`-idirafter`) and absolute variable values printed
//! by `--variable` get `S` in front, unless they already start with `S` at a
//! path-component boundary, so a sysroot is never applied twice.
//!
//! * FDO rules (`PKG_CONFIG_FDO_SYSROOT_RULES`, or `DESTDIR` equal to the
//!   sysroot): nothing is rewritten; only `${pc_sysrootdir}` expands.
//! * Uninstalled packages are not rewritten, except under pkgconf 1.x rules
//!   (`PKG_CONFIG_PKGCONF1_SYSROOT_RULES`).

use crate::fragment::Fragment;
use crate::package::Package;

/// Which sysroot rules apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SysrootRules {
    /// pkgconf's default rules.
    #[default]
    Pkgconf,
    /// freedesktop.org pkg-config's rules: paths are left alone.
    Fdo,
    /// pkgconf 1.x rules: uninstalled packages are rewritten too.
    Pkgconf1,
}

/// An active sysroot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sysroot {
    /// The directory, with `\` turned into `/` and no trailing `/`.
    pub dir: String,
    pub rules: SysrootRules,
}

/// Normalises a sysroot value; `None` when it means no sysroot (`/`, `.`, empty).
pub fn normalize(raw: &str) -> Option<String> {
    let s = raw.replace('\\', "/");
    let t = s.trim_end_matches('/');
    (!t.is_empty() && t != ".").then(|| t.to_owned())
}

impl Sysroot {
    /// Whether `path` already lies inside the sysroot.
    fn contains(&self, path: &str) -> bool {
        path.strip_prefix(self.dir.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// `path` with the sysroot in front, when it needs one.
    pub fn inject(&self, path: &str) -> Option<String> {
        if self.rules == SysrootRules::Fdo || !path.starts_with('/') || self.contains(path) {
            return None;
        }
        Some(format!("{}{path}", self.dir))
    }

    /// Whether `pkg`'s paths are rewritten.
    pub fn applies_to(&self, pkg: &Package) -> bool {
        match self.rules {
            SysrootRules::Fdo => false,
            SysrootRules::Pkgconf => !pkg.uninstalled,
            SysrootRules::Pkgconf1 => true,
        }
    }

    /// Rewrites the paths of one fragment in place.
    pub fn munge(&self, f: &mut Fragment) {
        if matches!(f.kind, Some('I' | 'L')) {
            if let Some(p) = self.inject(&f.data) {
                f.data = p;
            }
        } else if f.kind.is_none() && (f.data == "-isystem" || f.data == "-idirafter") {
            for c in &mut f.children {
                if c.kind.is_none() {
                    if let Some(p) = self.inject(&c.data) {
                        c.data = p;
                    }
                }
            }
        }
    }

    /// Whether `path`, seen through the sysroot, is one of `dirs`.
    pub fn is_one_of(&self, path: &str, dirs: &[String]) -> bool {
        let full = format!("{}{path}", self.dir);
        dirs.contains(&full)
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
        let fdo = Sysroot {
            rules: SysrootRules::Fdo,
            ..s("/s")
        };
        assert_eq!(fdo.inject("/usr"), None);
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
        let mut f = crate::fragment::parse_words(&["-isystem", "/x"]).remove(0);
        s("/s").munge(&mut f);
        assert_eq!(f.children[0].data, "/s/x");
        let mut f = Fragment::typed('L', "/lib");
        s("/s").munge(&mut f);
        assert_eq!(f.data, "/s/lib");
    }
}
