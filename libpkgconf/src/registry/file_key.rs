//! The keys of the files a registry has read.
//!
//! Paths are compared as [`std::path::Path`] compares them, component by
//! component (`a//b.pc` and `a/./b.pc` are `a/b.pc`), so that a file named
//! two ways is read once. Comparing and hashing components costs hundreds
//! of instructions a path, and a graph of 16,000 packages makes tens of
//! thousands of lookups; but the paths a lookup builds (a search directory
//! and a file name) are already spelled as their components would be, and
//! two such paths are the same exactly when their bytes are. Only a path
//! spelled otherwise is taken apart.
//!
//! A key also says how the file was read. `foo-uninstalled.pc` is package
//! `foo`, uninstalled, to a lookup of `foo`, and package `foo-uninstalled`
//! to a lookup of that name or to a scan: two packages, as pkgconf loads
//! them (they differ in id and in whether the sysroot applies).

use camino::{Utf8Path, Utf8PathBuf};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A read file's path, as first spelled, and whether it was read as an
/// uninstalled package.
#[derive(Debug, Clone)]
pub(crate) struct FileKey(pub(crate) Arc<Utf8Path>, pub(crate) bool);

/// A path (and the uninstalled flag) to look a [`FileKey`] up with.
pub(crate) struct Lookup<'a>(pub(crate) &'a Utf8Path, pub(crate) bool);

/// Whether `path` is spelled as its components join: no empty or `.`
/// component after the first, and no trailing separator.
fn plain(path: &str) -> bool {
    let b = path.as_bytes();
    // Each separator: not followed by another, nor by a `.` component.
    let clean = b.iter().enumerate().all(|(i, &c)| {
        c != b'/' || !matches!(b.get(i + 1..), Some([b'/', ..] | [b'.'] | [b'.', b'/', ..]))
    });
    clean && (path == "/" || !path.ends_with('/'))
}

fn hash_path<H: Hasher>(path: &Utf8Path, state: &mut H) {
    if plain(path.as_str()) {
        state.write(path.as_str().as_bytes());
    } else {
        let joined: Utf8PathBuf = path.components().collect();
        state.write(joined.as_str().as_bytes());
    }
    state.write_u8(0xff);
}

fn same(a: &Utf8Path, b: &Utf8Path) -> bool {
    if plain(a.as_str()) && plain(b.as_str()) {
        a.as_str() == b.as_str()
    } else {
        a == b
    }
}

impl Hash for FileKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_path(&self.0, state);
        state.write_u8(u8::from(self.1));
    }
}

impl PartialEq for FileKey {
    fn eq(&self, other: &Self) -> bool {
        self.1 == other.1 && same(&self.0, &other.0)
    }
}

impl Eq for FileKey {}

impl Hash for Lookup<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_path(self.0, state);
        state.write_u8(u8::from(self.1));
    }
}

impl indexmap::Equivalent<FileKey> for Lookup<'_> {
    fn equivalent(&self, key: &FileKey) -> bool {
        self.1 == key.1 && same(self.0, &key.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::hash::BuildHasher;

    proptest! {
        /// A plain path is its own joined components, and keys are equal
        /// (and hash alike) exactly when `Path` says the paths are equal.
        #[test]
        fn keys_follow_path_equality(a in "[a./]{0,8}", b in "[a./]{0,8}") {
            let (pa, pb) = (Utf8Path::new(&a), Utf8Path::new(&b));
            if plain(&a) {
                let joined: Utf8PathBuf = pa.components().collect();
                prop_assert_eq!(joined.as_str(), a.as_str());
            }
            let (ka, kb) = (FileKey(Arc::from(pa), false), FileKey(Arc::from(pb), false));
            prop_assert_eq!(ka == kb, pa == pb);
            let s = foldhash::fast::FixedState::default();
            if ka == kb {
                prop_assert_eq!(s.hash_one(&ka), s.hash_one(&kb));
                prop_assert_eq!(s.hash_one(Lookup(pa, false)), s.hash_one(&kb));
            }
            prop_assert_eq!(indexmap::Equivalent::equivalent(&Lookup(pa, false), &kb), pa == pb);
            prop_assert!(!indexmap::Equivalent::equivalent(&Lookup(pa, true), &kb));
        }
    }

    #[test]
    fn a_file_named_two_ways_is_one_key() {
        let key = FileKey(Arc::from(Utf8Path::new("/usr/lib/pkgconfig/z.pc")), false);
        for other in ["/usr/lib//pkgconfig/z.pc", "/usr/lib/./pkgconfig/z.pc"] {
            assert!(indexmap::Equivalent::equivalent(
                &Lookup(Utf8Path::new(other), false),
                &key
            ));
        }
        assert!(!indexmap::Equivalent::equivalent(
            &Lookup(Utf8Path::new("/usr/lib/pkgconfig/y.pc"), false),
            &key
        ));
    }
}
