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
//! What is learned lives only as long as one query, like the directories
//! that naming a package by path adds: a file created later is found by
//! the next query.
//!
//! The listing keeps a hash of each name, folded to ASCII lower case, so
//! that it only ever says "absent" of a name no file of the directory can
//! match, even on a file system that ignores case. Names that are not
//! ASCII are always opened.

use crate::hash::{Map as HashMap, Set as HashSet};
use camino::Utf8Path;
use foldhash::fast::RandomState;
use std::hash::{BuildHasher, Hasher};

/// How many failed opens in one directory make it worth listing: a
/// listing costs a few system calls and a hash per entry, so a query that
/// misses a few times (most small queries) never lists anything.
pub(crate) const LIST_AFTER: u32 = 64;

/// What one query knows of the directories it searched.
#[derive(Debug, Default)]
pub(crate) struct Probes {
    /// By the directory as spelled (the search path's own spelling):
    /// hashing a `Path` takes it apart component by component.
    dirs: HashMap<Box<str>, Dir>,
    hasher: RandomState,
}

#[derive(Debug)]
enum Dir {
    /// Opens that found nothing so far.
    Misses(u32),
    /// Hashes of the directory's entry names (ASCII lower case).
    Listed(HashSet<u64>),
    /// The directory could not be listed: every name is opened.
    Unlisted,
}

impl Probes {
    /// Whether opening `file` in `dir` is known to find nothing.
    pub(crate) fn absent(&self, dir: &Utf8Path, file: &str) -> bool {
        match self.dirs.get(dir.as_str()) {
            Some(Dir::Listed(names)) if file.is_ascii() => !names.contains(&self.hash(file)),
            _ => false,
        }
    }

    /// Notes that a file of `dir` did not exist, listing `dir` (with
    /// `list`) once enough opens have failed there.
    pub(crate) fn missed(&mut self, dir: &Utf8Path, list: impl FnOnce() -> Option<Vec<String>>) {
        let misses = match self.dirs.get_mut(dir.as_str()) {
            Some(Dir::Misses(n)) => {
                *n += 1;
                *n
            }
            Some(_) => return,
            None => {
                self.dirs.insert(dir.as_str().into(), Dir::Misses(1));
                1
            }
        };
        if misses < LIST_AFTER {
            return;
        }
        let state = match list() {
            Some(names) => Dir::Listed(names.iter().map(|n| self.hash(n)).collect()),
            None => Dir::Unlisted,
        };
        self.dirs.insert(dir.as_str().into(), state);
    }

    fn hash(&self, name: &str) -> u64 {
        let mut h = self.hasher.build_hasher();
        for b in name.bytes() {
            h.write_u8(b.to_ascii_lowercase());
        }
        h.finish()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_is_listed_after_enough_misses_and_folds_case() {
        let dir = Utf8Path::new("/d");
        let mut p = Probes::default();
        let mut listed = 0;
        for _ in 0..LIST_AFTER {
            assert!(!p.absent(dir, "x.pc"));
            p.missed(dir, || {
                listed += 1;
                Some(vec!["Foo.pc".to_owned(), "bar-uninstalled.pc".to_owned()])
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
        // Listed once only.
        p.missed(dir, || unreachable!());
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
