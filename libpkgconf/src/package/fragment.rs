//! Compiler and linker flags as typed fragments.
//!
//! A flags field (`Cflags`, `Libs`, ...) is split into words, and the words
//! into [`Fragment`]s: typed ones (`-I/x` has type `I` and data `/x`) and
//! untyped ones (`-pthread`, `/path/libfoo.a`). Some fragments own the words
//! that follow them (`-framework X`, `-isystem D`, `-Wl,--start-group ...
//! -Wl,--end-group`). Collecting and deduplicating them across packages is
//! [`crate::flags`]' work.

/// One flag, possibly with the words it owns.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Fragment {
    /// The type character of `-Xdata` flags; `None` for untyped ones.
    pub kind: Option<char>,
    /// The rest of the flag (or the whole word, for untyped fragments).
    pub data: String,
    /// Words owned by this fragment (`-framework Foo`: `Foo`).
    pub children: Vec<Fragment>,
}

/// Prefixes that make a word untyped even though it starts with `-`.
pub(crate) const SPECIAL_PREFIXES: &[&str] = &["-lib:"];

/// Flags that are untyped and may replace an earlier copy of themselves
/// (pkgconf's "unmergeable" list, which makes them special too).
pub(crate) const UNMERGEABLE_PREFIXES: &[&str] = &[
    "-framework",
    "-isystem",
    "-idirafter",
    "-pthread",
    "-Wa,",
    "-Wl,",
    "-Wp,",
    "-trigraphs",
    "-pedantic",
    "-ansi",
    "-std=",
    "-stdlib=",
    "-include",
    "-nostdinc",
    "-nostdlibinc",
    "-nobuiltininc",
    "-nodefaultlibs",
];

/// Flags that take the next word as their argument.
const PAIRED: &[&str] = &["-framework", "-isystem", "-idirafter", "-include"];

const GROUP_START: &str = "-Wl,--start-group";
const GROUP_END: &str = "-Wl,--end-group";

fn is_special(word: &str) -> bool {
    !word.starts_with('-')
        || SPECIAL_PREFIXES
            .iter()
            .chain(UNMERGEABLE_PREFIXES)
            .any(|p| word.starts_with(p))
}

impl Fragment {
    /// A typed fragment.
    pub fn typed(kind: char, data: impl Into<String>) -> Self {
        Fragment {
            kind: Some(kind),
            data: data.into(),
            children: Vec::new(),
        }
    }

    /// An untyped fragment.
    pub fn untyped(data: impl Into<String>) -> Self {
        Fragment {
            kind: None,
            data: data.into(),
            children: Vec::new(),
        }
    }

    /// Classifies one word.
    pub fn from_word(word: &str) -> Self {
        if word.len() > 1 && !is_special(word) {
            let mut chars = word.chars();
            chars.next();
            if let Some(kind) = chars.next() {
                return Fragment::typed(kind, chars.as_str());
            }
        }
        Fragment::untyped(word)
    }

    /// The flag as a word: `-` type data, or the data of untyped fragments.
    pub fn text(&self) -> String {
        match self.kind {
            Some(k) => format!("-{k}{}", self.data),
            None => self.data.clone(),
        }
    }

    /// Whether this is an `-I`/`-L`/... fragment of the given type.
    pub fn is(&self, kind: char) -> bool {
        self.kind == Some(kind)
    }
}

/// Turns the words of a flags field into fragments.
pub(crate) fn parse_words<S: AsRef<str>>(words: &[S]) -> Vec<Fragment> {
    let mut out = Vec::new();
    let mut i = 0;
    let words: Vec<&str> = words
        .iter()
        .map(AsRef::as_ref)
        .filter(|w| !w.is_empty())
        .collect();
    while let Some(&w) = words.get(i) {
        i += 1;
        // `-isystem/dir` is `-isystem` `/dir`.
        if let Some(p) = PAIRED
            .iter()
            .find(|p| w.starts_with(**p) && w.len() > p.len())
        {
            let mut f = Fragment::untyped(*p);
            f.children.push(Fragment::from_word(&w[p.len()..]));
            out.push(f);
            continue;
        }
        if PAIRED.contains(&w) {
            let mut f = Fragment::untyped(w);
            if let Some(&next) = words.get(i) {
                i += 1;
                f.children.push(Fragment::from_word(next));
            }
            out.push(f);
            continue;
        }
        if w == GROUP_START {
            let mut f = Fragment::untyped(w);
            while let Some(&next) = words.get(i) {
                i += 1;
                f.children.push(Fragment::from_word(next));
                if next == GROUP_END {
                    break;
                }
            }
            out.push(f);
            continue;
        }
        out.push(Fragment::from_word(w));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<Fragment> {
        parse_words(&s.split_whitespace().collect::<Vec<_>>())
    }

    #[test]
    fn classification() {
        assert_eq!(Fragment::from_word("-I/x"), Fragment::typed('I', "/x"));
        assert_eq!(
            Fragment::from_word("-pthread"),
            Fragment::untyped("-pthread")
        );
        assert_eq!(
            Fragment::from_word("/a/libz.a"),
            Fragment::untyped("/a/libz.a")
        );
        assert_eq!(Fragment::from_word("-Wl,-O1"), Fragment::untyped("-Wl,-O1"));
        assert_eq!(Fragment::from_word("-"), Fragment::untyped("-"));
    }

    #[test]
    fn pairs_groups_and_detached_arguments() {
        let f = words(
            "-isystem /s -isystem/t -framework Foo -I/sp -Wl,--start-group -la -lb -Wl,--end-group -lc",
        );
        let texts: Vec<String> = f.iter().map(|f| f.text()).collect();
        assert_eq!(
            texts,
            [
                "-isystem",
                "-isystem",
                "-framework",
                "-I/sp",
                "-Wl,--start-group",
                "-lc"
            ]
        );
        assert_eq!(f[1].children, [Fragment::untyped("/t")]);
        assert_eq!(f[4].children.len(), 3);
    }
}
