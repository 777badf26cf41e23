//! Which `.pc` names a search directory holds, learned during one query.
//!
//! A lookup tries `name-uninstalled.pc` and `name.pc` in each directory of
//! the search path in turn, so resolving a graph of n packages opens about
//! 2n names that do not exist, each a system call that fails. Once a
//! directory has answered [`LIST_AFTER`] opens with "no such file", it is
//! listed once, and a name the listing does not hold is not opened again
//! for the rest of the query. A name it holds is still opened (and may
//! still turn out to be missing, or not a file).
//!
//! A directory the query opens ([`OPEN_AFTER`] lookups in) and finds
//! missing holds nothing for the rest of the query: no name is opened in
//! it again. The default search path names six directories, and the
//! three under `/usr/local` are missing on most systems: `--static
//! --cflags --libs gtk4` opened 318 names there, 457 in all (now 154 in
//! all), in 0.80x the time (farm-bench, 80 pairs).
//!
//! What is learned lives only as long as one query, like the directories
//! that naming a package by path adds: a file created later is found by
//! the next query.
//!
//! The listing keeps a hash of each name, folded to ASCII lower case, so
//! that it only ever says "absent" of a name no file of the directory can
//! match, even on a file system that ignores case. Names that are not
//! ASCII are always opened.

use super::fs::{DirHandle, DirOpen, Entry, Known, Listing};
use crate::hash::Map as HashMap;
use camino::{Utf8Path, Utf8PathBuf};
use foldhash::fast::RandomState;
use std::hash::{BuildHasher, Hasher};

/// How many failed opens in one directory make it worth listing: a
/// listing costs a few system calls and a hash per entry, so a query that
/// misses a few times (most small queries) never lists anything.
pub(crate) const LIST_AFTER: u32 = 64;

/// How many failed opens in one directory make it worth listing for a
/// solve whose walk knows of at least as many names it has still to look
/// up ([`Probes::list_early`]). A directory that has missed at each lookup
/// so far (the first of the search path misses each `name-uninstalled.pc`)
/// would be listed at its [`LIST_AFTER`]th miss before such a walk ends:
/// listed now, the lookups between miss no more, and the solve can decide
/// sooner to read the search path ahead (`Solver::read_listed_ahead`).
pub(crate) const LIST_EARLY: u32 = LIST_AFTER / 2;

/// What one query knows of the directories it searched.
#[derive(Debug, Default)]
pub(crate) struct Probes {
    /// By the directory as spelled (the search path's own spelling):
    /// hashing a `Path` takes it apart component by component.
    dirs: HashMap<Box<str>, Dir>,
}

#[derive(Debug)]
struct Dir {
    /// The directory, opened at the query's [`OPEN_AFTER`]th lookup in it
    /// (`None` before, where it cannot be, or when its files are not on
    /// disk): its files are opened by name in it, whose path the kernel
    /// then walks no more.
    handle: Option<DirHandle>,
    /// The lookups in it so far (up to [`OPEN_AFTER`]).
    lookups: u32,
    seen: Seen,
}

/// How many lookups in one directory make it worth opening: opening it
/// costs about what a few opens by path cost more than opens by name. A
/// query of one small package does not open it (in one process that
/// makes thousands of queries, `resolve_all` over 4,003 packages, one
/// open a query took 0.043 s to 0.061 s).
const OPEN_AFTER: u32 = 8;

#[derive(Debug)]
enum Seen {
    /// Opens that found nothing so far.
    Misses(u32),
    Listed(Listed),
    /// The directory could not be listed: every name is opened.
    Unlisted,
}

/// A listed directory, as lookups ask it: which names it holds, and the
/// directory, open (see [`fs`](super::fs)).
#[derive(Debug)]
pub(crate) struct Listed {
    /// The hash of each entry's name, folded to ASCII lower case, and
    /// whether the entry is a regular file (false when two entries fold to
    /// one hash: either may be the one a lookup opens).
    names: HashMap<u64, bool>,
    handle: Option<DirHandle>,
    hasher: RandomState,
    /// The entries, in listing order (kept when asked for).
    entries: Vec<Entry>,
    /// How many of them are `.pc` files.
    pc_files: usize,
}

impl Listed {
    /// What lookups ask of `listing`, with its entries kept when
    /// `keep_entries`.
    pub(crate) fn new(listing: Listing, keep_entries: bool) -> Listed {
        let hasher = RandomState::default();
        let mut names = HashMap::default();
        names.reserve(listing.entries.len());
        for e in &listing.entries {
            names
                .entry(fold_hash(&hasher, &e.name))
                .and_modify(|regular| *regular = false)
                .or_insert(e.regular);
        }
        let pc_files = listing
            .entries
            .iter()
            .filter(|e| e.name.len() > 3 && e.name.ends_with(".pc"))
            .count();
        let mut entries = listing.entries;
        if !keep_entries {
            entries = Vec::new();
        }
        Listed {
            names,
            handle: listing.handle,
            hasher,
            entries,
            pc_files,
        }
    }

    /// How many `.pc` files the directory holds.
    pub(crate) fn pc_files(&self) -> usize {
        self.pc_files
    }

    /// The entries, in listing order (none unless kept).
    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The directory, open.
    pub(crate) fn handle(&self) -> Option<&DirHandle> {
        self.handle.as_ref()
    }

    /// What the listing tells of the entry `file`: `None` when the
    /// directory holds no entry of that name. A name that is not ASCII is
    /// never said to be absent.
    pub(crate) fn known(&self, file: &str) -> Option<Known<'_>> {
        let regular = if file.is_ascii() {
            *self.names.get(&fold_hash(&self.hasher, file))?
        } else {
            false
        };
        Some(Known {
            dir: self.handle.as_ref(),
            regular,
        })
    }
}

/// The hash of `name` folded to ASCII lower case.
fn fold_hash(hasher: &RandomState, name: &str) -> u64 {
    let mut h = hasher.build_hasher();
    for b in name.bytes() {
        h.write_u8(b.to_ascii_lowercase());
    }
    h.finish()
}

impl Probes {
    /// What this query knows of `file` in `dir` before opening it: `None`
    /// when it is known to find nothing. `open` opens `dir`, once the query
    /// has looked in it often enough ([`OPEN_AFTER`]); a directory found
    /// missing then holds nothing for the rest of the query.
    pub(crate) fn known(
        &mut self,
        dir: &Utf8Path,
        file: &str,
        open: impl FnOnce() -> DirOpen,
    ) -> Option<Known<'_>> {
        if !self.dirs.contains_key(dir.as_str()) {
            let d = Dir {
                handle: None,
                lookups: 0,
                seen: Seen::Misses(0),
            };
            self.dirs.insert(dir.as_str().into(), d);
        }
        let d = self.dirs.get_mut(dir.as_str())?;
        if d.lookups < OPEN_AFTER {
            d.lookups += 1;
            if d.lookups == OPEN_AFTER {
                match open() {
                    DirOpen::Open(handle) => d.handle = Some(handle),
                    DirOpen::Missing if matches!(d.seen, Seen::Misses(_)) => {
                        d.seen = Seen::Listed(Listed::new(Listing::default(), false));
                    }
                    DirOpen::Missing | DirOpen::Closed => {}
                }
            }
        }
        let d = &*d;
        match &d.seen {
            Seen::Listed(listed) => listed.known(file),
            Seen::Misses(_) | Seen::Unlisted => Some(Known {
                dir: d.handle.as_ref(),
                regular: false,
            }),
        }
    }

    /// The listing of each of `dirs`, in order, once this query has listed
    /// them all.
    pub(crate) fn listed<'p>(&'p self, dirs: &[Utf8PathBuf]) -> Option<Vec<&'p Listed>> {
        dirs.iter()
            .map(|dir| match self.dirs.get(dir.as_str()) {
                Some(Dir {
                    seen: Seen::Listed(listed),
                    ..
                }) => Some(listed),
                _ => None,
            })
            .collect()
    }

    /// Forgets the entries of every listing (what lookups ask stays).
    pub(crate) fn forget_entries(&mut self) {
        for d in self.dirs.values_mut() {
            if let Seen::Listed(listed) = &mut d.seen {
                listed.entries = Vec::new();
            }
        }
    }

    /// Notes that a file of `dir` did not exist, listing `dir` (with
    /// `list`) once enough opens have failed there.
    pub(crate) fn missed(&mut self, dir: &Utf8Path, list: impl FnOnce() -> Option<Listing>) {
        let d = match self.dirs.get_mut(dir.as_str()) {
            Some(d) => d,
            None => self.dirs.entry(dir.as_str().into()).or_insert(Dir {
                handle: None,
                lookups: 0,
                seen: Seen::Misses(0),
            }),
        };
        let Seen::Misses(n) = &mut d.seen else {
            return;
        };
        *n += 1;
        if *n < LIST_AFTER {
            return;
        }
        d.seen = listed_by(list);
    }

    /// Lists `dir` now if it has missed [`LIST_EARLY`] times, for a walk
    /// that knows of at least [`LIST_EARLY`] names it has still to look up
    /// (see [`LIST_EARLY`]).
    pub(crate) fn list_early(&mut self, dir: &Utf8Path, list: impl FnOnce() -> Option<Listing>) {
        let Some(d) = self.dirs.get_mut(dir.as_str()) else {
            return;
        };
        if matches!(d.seen, Seen::Misses(n) if n >= LIST_EARLY) {
            d.seen = listed_by(list);
        }
    }
}

/// What `list` makes of a directory.
fn listed_by(list: impl FnOnce() -> Option<Listing>) -> Seen {
    match list() {
        Some(listing) => Seen::Listed(Listed::new(listing, true)),
        None => Seen::Unlisted,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    impl Probes {
        fn absent(&mut self, dir: &Utf8Path, file: &str) -> bool {
            self.known(dir, file, || DirOpen::Closed).is_none()
        }
    }

    #[test]
    fn a_directory_is_listed_after_enough_misses_and_folds_case() {
        let dir = Utf8Path::new("/d");
        let mut p = Probes::default();
        let mut listed = 0;
        let entry = |name: &str, regular| Entry {
            name: name.to_owned(),
            regular,
        };
        for _ in 0..LIST_AFTER {
            assert!(!p.absent(dir, "x.pc"));
            p.missed(dir, || {
                listed += 1;
                Some(Listing {
                    entries: vec![
                        entry("Foo.pc", true),
                        entry("bar-uninstalled.pc", false),
                        entry("twice.pc", true),
                        entry("TWICE.pc", true),
                    ],
                    handle: None,
                })
            });
        }
        assert_eq!(listed, 1);
        assert!(p.absent(dir, "x.pc"));
        assert!(!p.absent(dir, "foo.pc"));
        assert!(!p.absent(dir, "FOO.PC"));
        assert!(!p.absent(dir, "bar-uninstalled.pc"));
        // Not ASCII: always opened.
        assert!(!p.absent(dir, "é.pc"));
        // Other directories are not affected.
        assert!(!p.absent(Utf8Path::new("/e"), "x.pc"));
        // Read without fstat only where one regular entry is the name.
        let mut regular = |file| {
            p.known(dir, file, || DirOpen::Closed)
                .is_some_and(|k| k.regular)
        };
        assert!(regular("foo.pc"));
        assert!(!regular("bar-uninstalled.pc"));
        assert!(!regular("twice.pc"));
        assert!(!regular("é.pc"));
        // Listed once only.
        p.missed(dir, || unreachable!());
    }

    #[test]
    fn a_directory_is_listed_early_after_half_the_misses() {
        let dir = Utf8Path::new("/d");
        let listing = || {
            Some(Listing {
                entries: vec![Entry {
                    name: "foo.pc".to_owned(),
                    regular: true,
                }],
                handle: None,
            })
        };
        let mut p = Probes::default();
        // Never looked in: nothing to list.
        p.list_early(dir, || unreachable!());
        for _ in 1..LIST_EARLY {
            p.missed(dir, || unreachable!());
        }
        p.list_early(dir, || unreachable!());
        assert!(!p.absent(dir, "x.pc"));
        p.missed(dir, || unreachable!());
        p.list_early(dir, listing);
        assert!(p.absent(dir, "x.pc"));
        assert!(!p.absent(dir, "foo.pc"));
        // Listed once only.
        p.list_early(dir, || unreachable!());
        for _ in 0..LIST_AFTER {
            p.missed(dir, || unreachable!());
        }
    }

    #[test]
    fn a_missing_directory_holds_nothing_once_opened() {
        let dir = Utf8Path::new("/d");
        let mut p = Probes::default();
        let mut opened = 0;
        for _ in 1..OPEN_AFTER {
            assert!(p.known(dir, "x.pc", || unreachable!()).is_some());
        }
        let missing = p.known(dir, "x.pc", || {
            opened += 1;
            DirOpen::Missing
        });
        assert!(missing.is_none());
        assert_eq!(opened, 1);
        assert!(p.absent(dir, "y.pc"));
        // Not ASCII: still opened.
        assert!(!p.absent(dir, "é.pc"));
        // Another directory that cannot be opened keeps opening names.
        let closed = Utf8Path::new("/e");
        for _ in 0..OPEN_AFTER {
            assert!(p.known(closed, "x.pc", || DirOpen::Closed).is_some());
        }
        assert!(!p.absent(closed, "y.pc"));
    }

    #[test]
    fn an_unlistable_directory_opens_every_name() {
        let dir = Utf8Path::new("/d");
        let mut p = Probes::default();
        for _ in 0..LIST_AFTER + 3 {
            p.missed(dir, || None);
            assert!(!p.absent(dir, "x.pc"));
        }
    }
}
