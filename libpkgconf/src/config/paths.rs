//! Path lists (`a:b:c`, as in `PKG_CONFIG_PATH`) and directory spellings.
//!
//! Every list of directories the library reads, from the environment, a
//! personality file or a build-time setting, is split here, so that empty
//! entries are treated the same way everywhere.

use camino::{Utf8Path, Utf8PathBuf};

/// Splits a `:`-separated list of directories, skipping empty entries.
pub(crate) fn split_list(s: &str) -> impl Iterator<Item = &Utf8Path> {
    s.split(':').filter(|p| !p.is_empty()).map(Utf8Path::new)
}

/// [`split_list`], collected into owned paths.
pub(crate) fn split_owned(s: &str) -> Vec<Utf8PathBuf> {
    split_list(s).map(Utf8Path::to_owned).collect()
}

/// A directory without trailing separators (`/a/` is `/a`; `/` stays `/`).
pub(crate) fn trim_trailing_separators(dir: &Utf8Path) -> &Utf8Path {
    let trimmed = dir.as_str().trim_end_matches('/');
    if trimmed.is_empty() && !dir.as_str().is_empty() {
        Utf8Path::new("/")
    } else {
        Utf8Path::new(trimmed)
    }
}

/// Appends `dir` unless it is empty or already listed (trailing separators
/// do not make a directory different).
pub(crate) fn push_unique(list: &mut Vec<Utf8PathBuf>, dir: &Utf8Path) {
    if dir.as_str().is_empty() {
        return;
    }
    let dir = trim_trailing_separators(dir);
    if !list.iter().any(|d| d == dir) {
        list.push(dir.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_skip_empty_entries() {
        let v: Vec<&str> = split_list("/a::/b:").map(Utf8Path::as_str).collect();
        assert_eq!(v, ["/a", "/b"]);
        assert!(split_owned("").is_empty());
    }

    #[test]
    fn unique_ignores_trailing_separators() {
        let mut v = Vec::new();
        for d in ["/a/", "/a", "", "/", "//", "/b"] {
            push_unique(&mut v, Utf8Path::new(d));
        }
        assert_eq!(v, [Utf8PathBuf::from("/a"), "/".into(), "/b".into()]);
    }
}
