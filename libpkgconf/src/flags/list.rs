//! The deduplicating list that flags are collected into.

use crate::package::fragment::{Fragment, SPECIAL_PREFIXES};
use std::collections::{HashMap, VecDeque};

/// Fragments in output order with pkgconf's deduplication ("merge-back").
///
/// `-I`, `-L` and `-F` keep their first occurrence. A new `-l`, `-D` or
/// other public flag replaces its oldest copy, unless that copy is pinned by
/// a different kind of flag just before it (`-Bstatic -lfoo`), in which case
/// both stay. Fragments with children, and new fragments from private
/// fields, never replace anything. Every operation is O(1) amortised.
#[derive(Debug, Clone, Default)]
pub(crate) struct FragmentList {
    nodes: Vec<Node>,
    head: Option<usize>,
    tail: Option<usize>,
    /// Live positions of each (kind, data), in list order.
    index: HashMap<(Option<char>, String), VecDeque<usize>>,
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
mod tests {
    use super::*;
    use crate::package::fragment::parse_words;

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
