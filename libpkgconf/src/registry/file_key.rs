//! The keys of the files a registry has read.
//!
//! Paths are compared as [`std::path::Path`] compares them, component by
//! component (`a//b.pc` and `a/./b.pc` are `a/b.pc`), so that a file named
//! two ways is read once. Comparing and hashing components costs hundreds
//! of instructions a path, and a graph of 16,000 packages makes tens of
//! thousands of lookups (a 53-package GTK stack, 430 through a six-directory
//! search path); but the paths a lookup builds (a search directory and a
//! file name) are already spelled as their components would be, and two
//! such paths are the same exactly when their bytes are. A key is hashed by
//! its last component alone, the bytes after its last separator, and only
//! a path spelled otherwise is taken apart.
//!
//! A key also says how the file was read. `foo-uninstalled.pc` is package
//! `foo`, uninstalled, to a lookup of `foo`, and package `foo-uninstalled`
//! to a lookup of that name or to a scan: two packages, as pkgconf loads
//! them (they differ in id and in whether the sysroot applies).

use camino::Utf8Path;
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
    // Each separator (found a word at a time, not a byte at a time: a
    // lookup checks every candidate path): not followed by another, nor by
    // a `.` component.
    let clean = memchr::memchr_iter(b'/', b)
        .all(|i| !matches!(b.get(i + 1..), Some([b'/', ..] | [b'.'] | [b'.', b'/', ..])));
    clean && (path == "/" || !path.ends_with('/'))
}

/// Hashes a path by its last component: two spellings of one path have
/// the same components, so they hash alike, and a path that ends in a
/// name (every path a lookup builds) is hashed from the bytes after its
/// last separator, found from the end, without being taken apart. Files
/// of one name in several directories share a hash and are told apart by
/// [`same`].
fn hash_path<H: Hasher>(path: &Utf8Path, state: &mut H) {
    let s = path.as_str();
    let tail = memchr::memrchr(b'/', s.as_bytes()).map_or(s, |i| s.get(i + 1..).unwrap_or(""));
    if matches!(tail, "" | "." | "..") {
        // Ends in a separator or a dot: its last component, as `Path`
        // takes it apart.
        let last = path.components().next_back();
        state.write(last.map_or("", |c| c.as_str()).as_bytes());
    } else {
        state.write(tail.as_bytes());
    }
    state.write_u8(0xff);
}

fn same(a: &Utf8Path, b: &Utf8Path) -> bool {
    // The same bytes are the same path, however spelled.
    if a.as_str() == b.as_str() {
        return true;
    }
    !(plain(a.as_str()) && plain(b.as_str())) && a == b
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
    use camino::Utf8PathBuf;
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
