//! The package model: the fields of one `.pc` file, with variables
//! expanded. Loading lives in the crate's registry; this module is data.

pub mod dependency;
pub mod fragment;
pub mod version;

use crate::registry::vars::Variables;
use camino::{Utf8Path, Utf8PathBuf};
use dependency::Dependency;
use fragment::Fragment;

/// A field of a `.pc` file that pkgconf knows, by its (case-insensitive)
/// key. Unknown keys are ignored, as pkgconf ignores them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// `Name`.
    Name,
    /// `Description`.
    Description,
    /// `Version`.
    Version,
    /// `URL`.
    Url,
    /// `License`.
    License,
    /// `License.file`.
    LicenseFile,
    /// `Source`.
    Source,
    /// `Link.ABI`.
    LinkAbi,
    /// `Requires`, `Requires.private`, `Requires.internal`, `Requires.shared`.
    Requires(DepKind),
    /// `Conflicts`.
    Conflicts,
    /// `Provides`.
    Provides,
    /// `Cflags`, `Cflags.private`, `Cflags.shared`.
    Cflags(Scope),
    /// `Libs`, `Libs.private`, `Libs.shared`.
    Libs(Scope),
}

/// Which variant of a flags field: `Libs`, `Libs.private` or `Libs.shared`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Scope {
    /// The plain field.
    Public,
    /// The `.private` field (static links).
    Private,
    /// The `.shared` field (shared links).
    Shared,
}

impl Scope {
    /// All scopes, in field order.
    pub(crate) const ALL: [Scope; 3] = [Scope::Public, Scope::Private, Scope::Shared];
}

impl Field {
    /// The field a key names, ignoring ASCII case; `None` for unknown keys.
    pub fn from_key(key: &str) -> Option<Field> {
        const KEYS: [(&str, Field); 20] = [
            ("name", Field::Name),
            ("description", Field::Description),
            ("version", Field::Version),
            ("url", Field::Url),
            ("license", Field::License),
            ("license.file", Field::LicenseFile),
            ("source", Field::Source),
            ("link.abi", Field::LinkAbi),
            ("requires", Field::Requires(DepKind::Public)),
            ("requires.private", Field::Requires(DepKind::Private)),
            ("requires.internal", Field::Requires(DepKind::Internal)),
            ("requires.shared", Field::Requires(DepKind::Shared)),
            ("conflicts", Field::Conflicts),
            ("provides", Field::Provides),
            ("cflags", Field::Cflags(Scope::Public)),
            ("cflags.private", Field::Cflags(Scope::Private)),
            ("cflags.shared", Field::Cflags(Scope::Shared)),
            ("libs", Field::Libs(Scope::Public)),
            ("libs.private", Field::Libs(Scope::Private)),
            ("libs.shared", Field::Libs(Scope::Shared)),
        ];
        // Every key is ASCII and at most 17 bytes: anything else is no key.
        let mut lower = [0u8; 17];
        let folded = lower.get_mut(..key.len())?;
        for (to, from) in folded.iter_mut().zip(key.bytes()) {
            *to = from.to_ascii_lowercase();
        }
        let folded = &*folded;
        KEYS.iter()
            .find(|(k, _)| k.as_bytes() == folded)
            .map(|(_, f)| *f)
    }
}

/// Which dependency list an edge comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DepKind {
    /// `Requires`: always followed.
    Public,
    /// `Requires.private`: followed for static linking (and for cflags).
    Private,
    /// `Requires.internal`: like private, but their cflags stay internal.
    Internal,
    /// `Requires.shared`: followed only when not linking statically.
    Shared,
}

/// A loaded `.pc` file (or one of the built-in virtual packages).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Package {
    /// The name it is found by: the file name without `.pc` (and without
    /// `-uninstalled`).
    pub id: String,
    /// The file it was read from; `None` for built-in packages.
    pub path: Option<Utf8PathBuf>,
    /// `Name:`.
    pub name: Option<String>,
    /// `Description:`.
    pub description: Option<String>,
    /// `Version:`, expanded, with whitespace handled as pkgconf does.
    pub version: Option<String>,
    /// `URL:`.
    pub url: Option<String>,
    /// `License:`, as written (see [`Package::license_expression`]).
    pub license: Option<String>,
    /// `License.file:`.
    pub license_file: Option<String>,
    /// `Source:`.
    pub source: Option<String>,
    /// `Link.ABI:`, the language runtimes to link against.
    pub link_abi: Option<String>,
    /// The package's variables.
    pub vars: Variables,
    /// `Requires:`.
    pub requires: Vec<Dependency>,
    /// `Requires.private:` (static links; always verified).
    pub requires_private: Vec<Dependency>,
    /// `Requires.internal:` (like private, but cflags stay hidden).
    pub requires_internal: Vec<Dependency>,
    /// `Requires.shared:` (shared links only).
    pub requires_shared: Vec<Dependency>,
    /// `Requires.private` and `Requires.internal` entries in file order, as
    /// (list, index) pairs: pkgconf keeps them in one list.
    pub private_order: Vec<(DepKind, usize)>,
    /// `Conflicts:`.
    pub conflicts: Vec<Dependency>,
    /// `Provides:`.
    pub provides: Vec<Dependency>,
    /// `Cflags:`, expanded, split into words and typed (as are the five
    /// below); not yet deduplicated, filtered or moved into a sysroot.
    pub cflags: Vec<Fragment>,
    /// `Cflags.private:`.
    pub cflags_private: Vec<Fragment>,
    /// `Cflags.shared:`.
    pub cflags_shared: Vec<Fragment>,
    /// `Libs:`.
    pub libs: Vec<Fragment>,
    /// `Libs.private:`.
    pub libs_private: Vec<Fragment>,
    /// `Libs.shared:`.
    pub libs_shared: Vec<Fragment>,
    /// Found as `name-uninstalled.pc`.
    pub uninstalled: bool,
    /// One of the virtual `pkg-config` / `pkgconf` packages.
    pub builtin: bool,
}

impl Package {
    /// A package with no fields set.
    pub(crate) fn new(id: &str, path: Option<Utf8PathBuf>, vars: Variables) -> Package {
        Package {
            id: id.to_owned(),
            path,
            name: None,
            description: None,
            version: None,
            url: None,
            license: None,
            license_file: None,
            source: None,
            link_abi: None,
            vars,
            requires: Vec::new(),
            requires_private: Vec::new(),
            requires_internal: Vec::new(),
            requires_shared: Vec::new(),
            private_order: Vec::new(),
            conflicts: Vec::new(),
            provides: Vec::new(),
            cflags: Vec::new(),
            cflags_private: Vec::new(),
            cflags_shared: Vec::new(),
            libs: Vec::new(),
            libs_private: Vec::new(),
            libs_shared: Vec::new(),
            uninstalled: false,
            builtin: false,
        }
    }

    /// The dependency list of one kind.
    pub fn deps(&self, kind: DepKind) -> &[Dependency] {
        match kind {
            DepKind::Public => &self.requires,
            DepKind::Private => &self.requires_private,
            DepKind::Internal => &self.requires_internal,
            DepKind::Shared => &self.requires_shared,
        }
    }

    /// The `License` field as an SPDX-style expression: each word keeps only
    /// the characters SPDX identifiers and operators use, empty words are
    /// dropped, and nothing left means `None` (pkgconf prints `NOASSERTION`).
    pub fn license_expression(&self) -> Option<String> {
        let words: Vec<String> = self
            .license
            .as_deref()?
            .split_whitespace()
            .map(|w| {
                w.chars()
                    .filter(|c| c.is_ascii_alphanumeric() || ".+-():".contains(*c))
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .collect();
        (!words.is_empty()).then(|| words.join(" "))
    }

    /// The dependency list of one kind, to fill while loading.
    pub(crate) fn deps_mut(&mut self, kind: DepKind) -> &mut Vec<Dependency> {
        match kind {
            DepKind::Public => &mut self.requires,
            DepKind::Private => &mut self.requires_private,
            DepKind::Internal => &mut self.requires_internal,
            DepKind::Shared => &mut self.requires_shared,
        }
    }

    /// The fragments of a `Cflags` field, to fill while loading.
    pub(crate) fn cflags_mut(&mut self, scope: Scope) -> &mut Vec<Fragment> {
        match scope {
            Scope::Public => &mut self.cflags,
            Scope::Private => &mut self.cflags_private,
            Scope::Shared => &mut self.cflags_shared,
        }
    }

    /// The fragments of a `Libs` field, to fill while loading.
    pub(crate) fn libs_mut(&mut self, scope: Scope) -> &mut Vec<Fragment> {
        match scope {
            Scope::Public => &mut self.libs,
            Scope::Private => &mut self.libs_private,
            Scope::Shared => &mut self.libs_shared,
        }
    }

    /// The `i`-th requirement of a walk list: for [`DepKind::Private`] the
    /// combined private/internal list in file order (with each entry's own
    /// kind), for the others the list itself.
    pub fn walk_dep(&self, list: DepKind, i: usize) -> Option<(DepKind, usize, &Dependency)> {
        match list {
            DepKind::Private => {
                let &(kind, j) = self.private_order.get(i)?;
                Some((kind, j, self.deps(kind).get(j)?))
            }
            DepKind::Internal => None,
            other => Some((other, i, self.deps(other).get(i)?)),
        }
    }

    /// `Requires.private` and `Requires.internal` together, in file order.
    pub fn private_deps(&self) -> impl Iterator<Item = &Dependency> {
        (0..self.private_order.len())
            .filter_map(|i| self.walk_dep(DepKind::Private, i).map(|(_, _, d)| d))
    }

    /// The version, or the empty string.
    pub fn version_str(&self) -> &str {
        self.version.as_deref().unwrap_or("")
    }

    /// The directory holding the `.pc` file.
    pub fn pcfiledir(&self) -> Option<&Utf8Path> {
        self.path.as_deref().and_then(Utf8Path::parent)
    }
}

/// The pkgconf behaviour level this implementation follows.
pub const PKGCONF_COMPAT_VERSION: &str = "3.0.7";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_keys_ignore_ascii_case_only() {
        assert_eq!(Field::from_key("Name"), Some(Field::Name));
        assert_eq!(Field::from_key("NAME"), Some(Field::Name));
        assert_eq!(
            Field::from_key("Requires.Internal"),
            Some(Field::Requires(DepKind::Internal))
        );
        assert_eq!(
            Field::from_key("libs.PRIVATE"),
            Some(Field::Libs(Scope::Private))
        );
        for key in [
            "",
            "Nam",
            "Names",
            "Requires.internals",
            "Ńame",
            "x".repeat(100).as_str(),
        ] {
            assert_eq!(Field::from_key(key), None, "{key:?}");
        }
    }
}
