//! Compiler and linker flags as typed fragments.
//!
//! A flags field (`Cflags`, `Libs`, ...) is split into words, and the words
//! into [`Fragment`]s: typed ones (`-I/x` has type `I` and data `/x`) and
//! untyped ones (`-pthread`, `/path/libfoo.a`). Some fragments own the words
//! that follow them (`-framework X`, `-isystem D`, `-Wl,--start-group ...
//! -Wl,--end-group`). Collecting and deduplicating them across packages is
//! [`crate::flags`]' work.

use compact_str::CompactString;

/// One word of a flags field, as split and expanded: kept inline (no
/// allocation) up to 24 bytes, which most flags are.
pub(crate) type Word = CompactString;

/// One flag, possibly with the words it owns.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Fragment {
    /// The type character of `-Xdata` flags; `None` for untyped ones.
    pub kind: Option<char>,
    /// The rest of the flag (or the whole word, for untyped fragments):
    /// read it with [`Fragment::data`]. Stored inline up to 24 bytes, since
    /// a graph holds a few fragments per package.
    data: Word,
    /// Words owned by this fragment (`-framework Foo`: `Foo`): read them
    /// with [`Fragment::children`]. A boxed slice (no allocation when
    /// empty, as it nearly always is), which keeps a fragment 48 bytes.
    children: Box<[Fragment]>,
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
        || may_be_listed(word)
            && SPECIAL_PREFIXES
                .iter()
                .chain(UNMERGEABLE_PREFIXES)
                .any(|p| word.starts_with(p))
}

/// Whether `word` can start with one of the prefixes and words listed
/// above: its second byte is the second byte of one of them. Most flags
/// (`-I`, `-L`, `-D`, `-l...` but `-lib:`) are told apart by that byte
/// alone, before any list is searched.
fn may_be_listed(word: &str) -> bool {
    word.as_bytes()
        .get(1)
        .is_some_and(|&b| LISTED_SECOND_BYTES[usize::from(b)])
}

const LISTED_SECOND_BYTES: [bool; 256] = second_bytes(&[
    SPECIAL_PREFIXES,
    UNMERGEABLE_PREFIXES,
    PAIRED,
    &[GROUP_START, GROUP_END],
]);

const fn second_bytes(lists: &[&[&str]]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < lists.len() {
        let list = lists[i];
        let mut j = 0;
        while j < list.len() {
            let word = list[j].as_bytes();
            if word.len() > 1 {
                table[word[1] as usize] = true;
            }
            j += 1;
        }
        i += 1;
    }
    table
}

impl Fragment {
    /// A typed fragment.
    pub fn typed(kind: char, data: impl Into<String>) -> Self {
        Fragment {
            kind: Some(kind),
            data: Word::from(data.into()),
            children: Box::default(),
        }
    }

    /// An untyped fragment.
    pub fn untyped(data: impl Into<String>) -> Self {
        Fragment::untyped_word(Word::from(data.into()))
    }

    fn untyped_word(data: Word) -> Self {
        Fragment {
            kind: None,
            data,
            children: Box::default(),
        }
    }

    /// The rest of the flag after its type (`/x` for `-I/x`), or the whole
    /// word of an untyped fragment.
    pub fn data(&self) -> &str {
        &self.data
    }

    /// The words this fragment owns (`-framework Foo`: `Foo`).
    pub fn children(&self) -> &[Fragment] {
        &self.children
    }

    /// The owned words, to rewrite in place (a sysroot).
    pub(crate) fn children_mut(&mut self) -> &mut [Fragment] {
        &mut self.children
    }

    /// This fragment owning `children`.
    pub fn with_children(mut self, children: Vec<Fragment>) -> Self {
        self.children = children.into_boxed_slice();
        self
    }

    /// Replaces the data, keeping the type and the children.
    pub(crate) fn set_data(&mut self, data: &str) {
        self.data = Word::from(data);
    }

    /// Classifies one word.
    pub fn from_word(word: &str) -> Self {
        Fragment::from_owned(Word::from(word))
    }

    /// [`Fragment::from_word`], keeping the word's storage as the data.
    pub(crate) fn from_owned(mut word: Word) -> Self {
        if word.len() > 1 && !is_special(&word) {
            let mut chars = word.chars();
            if let (Some(first), Some(kind)) = (chars.next(), chars.next()) {
                word.replace_range(..first.len_utf8() + kind.len_utf8(), "");
                return Fragment {
                    kind: Some(kind),
                    data: word,
                    children: Box::default(),
                };
            }
        }
        Fragment::untyped_word(word)
    }

    /// The flag as a word: `-` type data, or the data of untyped fragments.
    pub fn text(&self) -> String {
        match self.kind {
            Some(k) => format!("-{k}{}", self.data),
            None => self.data.to_string(),
        }
    }

    /// Whether this is an `-I`/`-L`/... fragment of the given type.
    pub fn is(&self, kind: char) -> bool {
        self.kind == Some(kind)
    }
}

/// Turns the words of a flags field into fragments.
#[cfg(test)]
pub(crate) fn parse_words<S: AsRef<str>>(words: &[S]) -> Vec<Fragment> {
    parse_owned(words.iter().map(|w| Word::from(w.as_ref())).collect())
}

/// [`parse_words`] over words it may keep: each word's text becomes its
/// fragment's data without a copy.
pub(crate) fn parse_owned(words: Vec<Word>) -> Vec<Fragment> {
    let mut out = Vec::with_capacity(words.len());
    let mut words = words.into_iter().filter(|w| !w.is_empty());
    while let Some(mut w) = words.next() {
        if !may_be_listed(&w) {
            out.push(Fragment::from_owned(w));
            continue;
        }
        // `-isystem/dir` is `-isystem` `/dir`.
        if let Some(p) = PAIRED
            .iter()
            .find(|p| w.starts_with(**p) && w.len() > p.len())
        {
            let rest = w.split_off(p.len());
            out.push(Fragment::untyped_word(w).with_children(vec![Fragment::from_owned(rest)]));
            continue;
        }
        if PAIRED.contains(&w.as_str()) {
            let owned = words.next().map(Fragment::from_owned);
            out.push(Fragment::untyped_word(w).with_children(owned.into_iter().collect()));
            continue;
        }
        if w == GROUP_START {
            let mut group = Vec::new();
            for next in words.by_ref() {
                let end = next == GROUP_END;
                group.push(Fragment::from_owned(next));
                if end {
                    break;
                }
            }
            out.push(Fragment::untyped_word(w).with_children(group));
            continue;
        }
        out.push(Fragment::from_owned(w));
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
    fn a_fragment_stays_small() {
        // A graph holds a few per package: 16,001 packages hold 192,000.
        assert!(std::mem::size_of::<Fragment>() <= 48);
        assert!(
            !Fragment::from_word("-I/usr/include/glib-2.0")
                .data
                .is_heap_allocated()
        );
    }

    #[test]
    fn the_second_byte_filter_loses_no_listed_word() {
        let slow = |w: &str| {
            !w.starts_with('-')
                || SPECIAL_PREFIXES
                    .iter()
                    .chain(UNMERGEABLE_PREFIXES)
                    .any(|p| w.starts_with(p))
        };
        let lists = [
            SPECIAL_PREFIXES,
            UNMERGEABLE_PREFIXES,
            PAIRED,
            &[GROUP_START, GROUP_END],
        ];
        for word in lists.iter().flat_map(|l| l.iter()) {
            assert!(may_be_listed(word), "{word}");
            for tail in ["", "x", "/d"] {
                let w = format!("{word}{tail}");
                assert_eq!(is_special(&w), slow(&w), "{w}");
            }
        }
        for w in [
            "-I/x", "-L/x", "-lm", "-lib:x", "-DX=1", "-", "x", "-é", "-Wl,-O1", "-pthread",
        ] {
            assert_eq!(is_special(w), slow(w), "{w}");
        }
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
        assert_eq!(f[1].children(), [Fragment::untyped("/t")]);
        assert_eq!(f[4].children().len(), 3);
    }
}
