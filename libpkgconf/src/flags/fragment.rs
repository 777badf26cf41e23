//! Compiler and linker flags as typed fragments.
//!
//! A flags field (`Cflags`, `Libs`, ...) is split into words, and the words
//! into [`Fragment`]s: typed ones (`-I/x` has type `I` and data `/x`) and
//! untyped ones (`-pthread`, `/path/libfoo.a`). Some fragments own the words
//! that follow them (`-framework X`, `-isystem D`, `-Wl,--start-group ...
//! -Wl,--end-group`). A [`FragmentList`] collects fragments across packages,
//! deduplicating them by pkgconf's rules in time linear in its length.

use std::collections::{HashMap, VecDeque};

/// One flag, possibly with the words it owns.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fragment {
    /// The type character of `-Xdata` flags; `None` for untyped ones.
    pub kind: Option<char>,
    /// The rest of the flag (or the whole word, for untyped fragments).
    pub data: String,
    /// Words owned by this fragment (`-framework Foo`: `Foo`).
    pub children: Vec<Fragment>,
}

/// Prefixes that make a word untyped even though it starts with `-`.
const SPECIAL_PREFIXES: &[&str] = &[
    "-lib:",
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
    !word.starts_with('-') || SPECIAL_PREFIXES.iter().any(|p| word.starts_with(p))
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
pub fn parse_words<S: AsRef<str>>(words: &[S]) -> Vec<Fragment> {
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

/// Fragments in output order with pkgconf's deduplication ("merge-back").
///
/// `-I`, `-L` and `-F` keep their first occurrence. A new `-l`, `-D` or
/// other public flag replaces its oldest copy, unless that copy is pinned by
/// a different kind of flag just before it (`-Bstatic -lfoo`), in which case
/// both stay. Fragments with children, and new fragments from private
/// fields, never replace anything. Every operation is O(1) amortised.
#[derive(Debug, Clone, Default)]
pub struct FragmentList {
    nodes: Vec<Node>,
    head: Option<usize>,
    tail: Option<usize>,
    /// Live positions of each (kind, data), in list order.
    index: HashMap<(Option<char>, String), VecDeque<usize>>,
    len: usize,
}

#[derive(Debug, Clone)]
struct Node {
    frag: Fragment,
    prev: Option<usize>,
    next: Option<usize>,
}

impl FragmentList {
    /// An empty list.
    pub fn new() -> Self {
        FragmentList::default()
    }

    /// The number of fragments currently in the list.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the list holds no fragments.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn key(f: &Fragment) -> (Option<char>, String) {
        (f.kind, f.data.clone())
    }

    /// Appends without any deduplication.
    pub fn push(&mut self, frag: Fragment) {
        let id = self.nodes.len();
        let indexable = frag.children.is_empty();
        let key = Self::key(&frag);
        self.nodes.push(Node {
            frag,
            prev: self.tail,
            next: None,
        });
        match self.tail {
            Some(t) => self.nodes[t].next = Some(id),
            None => self.head = Some(id),
        }
        self.tail = Some(id);
        if indexable {
            self.index.entry(key).or_default().push_back(id);
        }
        self.len += 1;
    }

    fn unlink_first_of(&mut self, key: &(Option<char>, String)) {
        let Some(id) = self.index.get_mut(key).and_then(VecDeque::pop_front) else {
            return;
        };
        let (prev, next) = (self.nodes[id].prev, self.nodes[id].next);
        match prev {
            Some(p) => self.nodes[p].next = next,
            None => self.head = next,
        }
        match next {
            Some(n) => self.nodes[n].prev = prev,
            None => self.tail = prev,
        }
        self.len -= 1;
    }

    /// Whether the older copy `g` may be dropped in favour of a new one.
    fn should_merge(&self, g: usize) -> bool {
        let gf = &self.nodes[g].frag;
        let Some(p) = self.nodes[g].prev else {
            return true;
        };
        let pf = &self.nodes[p].frag;
        if matches!(pf.kind, Some('l' | 'L' | 'I')) {
            return true;
        }
        gf.kind.is_none() || pf.kind == gf.kind
    }

    /// Adds a fragment with pkgconf's merge rules; `private` marks fragments
    /// from `Cflags.private`/`Libs.private`.
    pub fn add(&mut self, frag: Fragment, private: bool) {
        let path_like = matches!(frag.kind, Some('F' | 'L' | 'I'));
        let dedupable = !private
            && frag.children.is_empty()
            && !path_like
            && (!frag.data.starts_with('-')
                || SPECIAL_PREFIXES.iter().any(|p| frag.data.starts_with(p)));
        let key = Self::key(&frag);
        let first = self.index.get(&key).and_then(|v| v.front()).copied();
        if dedupable {
            if let Some(g) = first {
                if self.should_merge(g) {
                    self.unlink_first_of(&key);
                }
            }
            self.push(frag);
        } else if !private && path_like && frag.children.is_empty() && first.is_some() {
            // keep the first occurrence
        } else {
            self.push(frag);
        }
    }

    /// The fragments in order.
    pub fn iter(&self) -> impl Iterator<Item = &Fragment> {
        let mut cur = self.head;
        std::iter::from_fn(move || {
            let id = cur?;
            cur = self.nodes[id].next;
            Some(&self.nodes[id].frag)
        })
    }

    /// Copies out the fragments in order.
    pub fn to_vec(&self) -> Vec<Fragment> {
        self.iter().cloned().collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<Fragment> {
        parse_words(&s.split_whitespace().collect::<Vec<_>>())
    }

    fn add_all(list: &mut FragmentList, s: &str, private: bool) {
        for f in words(s) {
            list.add(f, private);
        }
    }

    fn show(list: &FragmentList) -> String {
        list.iter()
            .map(|f| {
                let mut v = vec![f.text()];
                v.extend(f.children.iter().map(Fragment::text));
                v.join(" ")
            })
            .collect::<Vec<_>>()
            .join(" ")
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

    #[test]
    fn first_wins_for_paths_last_wins_for_libs() {
        let mut l = FragmentList::new();
        add_all(
            &mut l,
            "-L/l1 -la -lb -la -L/l1 -Wl,-x -Wl,-x /p/libz.a /p/libz.a -pthread -pthread",
            false,
        );
        assert_eq!(show(&l), "-L/l1 -lb -la -Wl,-x /p/libz.a -pthread");
    }

    #[test]
    fn pinned_copies_stay() {
        let mut l = FragmentList::new();
        add_all(&mut l, "-lq -Bstatic -lq -lr -lq", false);
        assert_eq!(show(&l), "-Bstatic -lq -lr -lq");
        let mut l = FragmentList::new();
        add_all(&mut l, "-DX -fY -DX -I/a -DX", false);
        assert_eq!(show(&l), "-fY -DX -I/a -DX");
    }

    #[test]
    fn private_fragments_are_appended_and_groups_never_merge() {
        let mut l = FragmentList::new();
        add_all(&mut l, "-lfoo -lbar", false);
        add_all(&mut l, "-lfoo -lbar -L/lp", true);
        assert_eq!(show(&l), "-lfoo -lbar -lfoo -lbar -L/lp");
        let mut l = FragmentList::new();
        add_all(
            &mut l,
            "-framework A -framework A -Wl,--start-group -la -Wl,--end-group -Wl,--start-group -la -Wl,--end-group",
            false,
        );
        assert_eq!(
            show(&l),
            "-framework A -framework A -Wl,--start-group -la -Wl,--end-group -Wl,--start-group -la -Wl,--end-group"
        );
    }
}
