//! Collecting `Cflags` and `Libs` over a [`Resolution`].
//!
//! Packages are walked in solution order. Everyone's `Cflags` come first;
//! a second walk adds everyone's `Cflags.private` (static links) or
//! `Cflags.shared` (shared links). Each package's `Libs.private` or
//! `Libs.shared` directly follows its own `Libs`.
//!
//! This is the fifth stage of the data flow: environment → config →
//! registry → solve → **flags** → render.

mod list;

use crate::config::Config;
use crate::config::paths::collapse_separators;
use crate::config::sysroot::Sysroot;
use crate::package::fragment::Fragment;
use crate::package::{DepKind, Package};
use crate::solver::{EdgeKind, Resolution, WorldEntry};
use list::{FragmentList, Offers};

/// Which fields and packages take part.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct FlagOptions {
    /// Packages reached only through `Requires.private` take part.
    pub include_private: bool,
    /// Static link: `.private` fields are merged, `.shared` ones are not.
    pub merge_private: bool,
    /// Keep cflags of packages pulled in by `Requires.internal`.
    pub internal_cflags: bool,
}

/// Queues a field's fragments for collection, moved into the sysroot.
fn add_words<'a>(
    list: &mut Offers<'a>,
    frags: &'a [Fragment],
    private: bool,
    sysroot: Option<&Sysroot>,
) {
    for f in frags {
        match sysroot {
            Some(s) => {
                let mut f = f.clone();
                s.munge(&mut f);
                list.made(f, private);
            }
            None => list.borrowed(f, private),
        }
    }
}

/// The sysroot to apply to `pkg`'s flags, if any.
fn sysroot_for<'a>(config: &'a Config, pkg: &Package) -> Option<&'a Sysroot> {
    config
        .sysroot
        .as_ref()
        .filter(|s| s.applies_to(pkg.uninstalled))
}

/// The compiler flags of a solution.
pub(crate) fn cflags<'a>(
    config: &Config,
    res: &'a Resolution,
    opts: FlagOptions,
) -> FragmentList<'a> {
    let mut list = Offers::default();
    let keep = |e: &&WorldEntry| {
        opts.internal_cflags || opts.merge_private || e.kind != EdgeKind::Dep(DepKind::Internal)
    };
    let pkgs: Vec<&Package> = res
        .entries(opts.include_private)
        .into_iter()
        .filter(keep)
        .map(|e| &*e.package)
        .collect();
    for p in &pkgs {
        add_words(&mut list, &p.cflags, false, sysroot_for(config, p));
    }
    // The second pass: everyone's Cflags.private (static) or Cflags.shared.
    for p in &pkgs {
        if opts.merge_private {
            add_words(&mut list, &p.cflags_private, true, sysroot_for(config, p));
        } else {
            add_words(&mut list, &p.cflags_shared, false, sysroot_for(config, p));
        }
    }
    FragmentList::collect(list)
}

/// The linker flags of a solution.
pub(crate) fn libs<'a>(
    config: &Config,
    res: &'a Resolution,
    opts: FlagOptions,
) -> FragmentList<'a> {
    libs_after(config, res, opts, Vec::new())
}

/// The linker flags of a solution, collected into a list that already holds
/// `seed` (`--fragment-tree` shows cflags and libs as one list).
pub(crate) fn libs_after<'a>(
    config: &Config,
    res: &'a Resolution,
    opts: FlagOptions,
    seed: Vec<Fragment>,
) -> FragmentList<'a> {
    let mut list = Offers::default();
    let entries = res.entries(opts.include_private).into_iter();
    for e in entries.filter(|e| opts.include_private || !e.visited_private) {
        let p = &*e.package;
        let sysroot = sysroot_for(config, p);
        add_words(&mut list, &p.libs, false, sysroot);
        if opts.merge_private {
            add_words(&mut list, &p.libs_private, true, sysroot);
        } else {
            add_words(&mut list, &p.libs_shared, false, sysroot);
        }
    }
    FragmentList::collect_after(seed, list)
}

/// A name as pkgconf spells it in a macro or shell variable: upper case,
/// with spaces and dashes turned into underscores.
pub(crate) fn macro_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c == ' ' || c == '-' {
                '_'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

/// `-DHAVE_<ID>` for a package id, as `--exists-cflags` adds them.
pub(crate) fn have_define(id: &str) -> Fragment {
    Fragment::typed('D', format!("HAVE_{}", macro_name(id)))
}

/// Whether `path` names one of `dirs` (each already spelled with collapsed
/// separators): compared after collapsing its own separators, as pkgconf
/// compares them (`-L/usr//lib` is `/usr/lib`; `-L/usr/lib/` is not).
fn in_dirs(config: &Config, path: &str, dirs: &[String]) -> bool {
    let path = collapse_separators(path);
    dirs.iter().any(|d| **d == *path)
        || config
            .sysroot
            .as_ref()
            .is_some_and(|s| s.is_one_of(&path, dirs))
}

/// Whether a fragment names a system directory that is filtered out.
pub(crate) fn is_system_dir(config: &Config, f: &Fragment) -> bool {
    match f.kind {
        Some('I') => {
            !config.keep_system_cflags && in_dirs(config, f.data(), &config.system_include_dirs)
        }
        Some('L') => !config.keep_system_libs && in_dirs(config, f.data(), &config.system_lib_dirs),
        _ => false,
    }
}
