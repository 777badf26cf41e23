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

/// A path as pkgconf spells it before comparing or storing it: every run of
/// `/` becomes one `/` (`/usr//lib/` is `/usr/lib/`). Nothing else changes:
/// a trailing `/` stays, and `.` and `..` are left alone.
pub(crate) fn collapse_separators(path: &str) -> std::borrow::Cow<'_, str> {
    if !path.contains("//") {
        return std::borrow::Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len());
    let mut last_was_separator = false;
    for c in path.chars() {
        if c == '/' && last_was_separator {
            continue;
        }
        last_was_separator = c == '/';
        out.push(c);
    }
    std::borrow::Cow::Owned(out)
}

/// Appends a search directory, spelled as pkgconf keeps it (separators
/// collapsed), unless it is empty or already listed under that very
/// spelling. As pkgconf 3.0.7 does, another spelling of a directory (`d/`,
/// `./d`, a link to it) is another entry: `--list-all` lists it again.
pub(crate) fn push_unique(list: &mut Vec<Utf8PathBuf>, dir: &Utf8Path) {
    if dir.as_str().is_empty() {
        return;
    }
    let dir = Utf8PathBuf::from(collapse_separators(dir.as_str()).into_owned());
    // Compared as text: paths compare by components, so `d/` would be `d`.
    if !list.iter().any(|d| d.as_str() == dir.as_str()) {
        list.push(dir);
    }
}

/// The file `name` of search directory `dir`, joined as pkgconf joins them
/// (with a `/` even when `dir` ends in one: `/lib/pkgconfig/` gives
/// `/lib/pkgconfig//z.pc`).
pub(crate) fn file_in(dir: &Utf8Path, name: &str) -> Utf8PathBuf {
    file_named(dir, &[name])
}

/// `dir/` followed by `parts` joined, built in one exact allocation (a
/// lookup builds two such paths for every directory it tries).
pub(crate) fn file_named(dir: &Utf8Path, parts: &[&str]) -> Utf8PathBuf {
    let len = dir.as_str().len() + 1 + parts.iter().map(|p| p.len()).sum::<usize>();
    let mut path = String::with_capacity(len);
    path.push_str(dir.as_str());
    path.push('/');
    for p in parts {
        path.push_str(p);
    }
    Utf8PathBuf::from(path)
}

/// The directory part of a `.pc` file's path, as pkgconf makes
/// `${pcfiledir}`: everything before the last `/` (`/lib/pkgconfig//z.pc`
/// gives `/lib/pkgconfig/`); a path without `/` is its own directory.
pub(crate) fn parent_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..i],
        None => path,
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
    fn separators_collapse_and_trailing_ones_stay() {
        assert_eq!(collapse_separators("/usr//lib///x"), "/usr/lib/x");
        assert_eq!(collapse_separators("/usr//lib//"), "/usr/lib/");
        assert_eq!(collapse_separators("/usr/./include"), "/usr/./include");
        let mut v = Vec::new();
        for d in ["/no/such//a/", "/no/such/a/", "", "//", "/no/such/b"] {
            push_unique(&mut v, Utf8Path::new(d));
        }
        assert_eq!(
            v,
            [
                Utf8PathBuf::from("/no/such/a/"),
                "/".into(),
                "/no/such/b".into()
            ]
        );
    }

    #[test]
    fn another_spelling_of_a_directory_is_another_entry() {
        let plain = Utf8PathBuf::from_path_buf(std::env::temp_dir()).unwrap_or_default();
        let mut v = Vec::new();
        push_unique(&mut v, &plain);
        push_unique(&mut v, &plain);
        push_unique(&mut v, Utf8Path::new(&format!("{plain}/")));
        assert_eq!(v, [plain.clone(), Utf8PathBuf::from(format!("{plain}/"))]);
    }

    #[test]
    fn files_and_parents_are_spelled_like_pkgconf() {
        assert_eq!(file_in(Utf8Path::new("/p/"), "z.pc"), "/p//z.pc");
        assert_eq!(parent_of("/p//z.pc"), "/p/");
        assert_eq!(parent_of("z.pc"), "z.pc");
        assert_eq!(parent_of("/z.pc"), "");
    }
}
