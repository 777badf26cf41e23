//! The deduplicating list that flags are collected into.
//!
//! # pkgconf 3.0.7's merge rule
//!
//! pkgconf keeps, beside the output list, an index of every fragment in it,
//! sorted by (type byte, data as `strcmp` orders it). A new fragment goes
//! into the index at the lower bound of its key, so a key's copies sit in
//! the index newest first. When a public, mergeable fragment arrives, the
//! copy it replaces is the one the C library's `bsearch` finds in that
//! index: whichever copy the midpoints of the search land on first. Which
//! copy that is depends on how many fragments sort before the key and how
//! many are in the index, not on the copies' places in the output list; for
//! `-lz` with copies from two `Libs.private` fields, a short list may lose
//! its newest copy and a longer one its oldest.
//!
//! This module reproduces that choice without pkgconf's quadratic index:
//! the keys of a collection are known before it starts, so each key gets a
//! rank; a Fenwick tree over the ranks counts the live fragments sorting
//! before any key (the start of its run in pkgconf's index), each key's run
//! holds its copies newest first, and the search is replayed on positions.
//!
//! The rest of the rule: `-I`, `-L` and `-F` keep their first occurrence; a
//! copy pinned by a flag of another kind just before it (`-Bstatic -lfoo`)
//! is not replaced (both stay); fragments with children, fragments that are
//! not mergeable (`-fPIC`, `-lib:x`) and fragments from private fields never
//! replace anything.

use crate::package::fragment::{Fragment, UNMERGEABLE_PREFIXES};
use std::borrow::Cow;
use std::collections::VecDeque;

/// Fragments in output order with pkgconf 3.0.7's deduplication.
#[derive(Debug, Clone, Default)]
pub(crate) struct FragmentList<'a> {
    /// Every fragment offered, in order.
    items: Offers<'a>,
    /// The output order over `items`, one entry per item (an item that was
    /// never added or was dropped is simply not linked in).
    links: Vec<Links>,
    head: Option<usize>,
    tail: Option<usize>,
    /// For each key rank, its live nodes, newest first (pkgconf's index order).
    runs: Vec<Run>,
    /// Live fragments per key rank, for "how many sort before this key".
    counts: Fenwick,
    /// Live fragments in all.
    live: usize,
}

/// The live nodes of one key, newest first. Most keys have at most one
/// copy at a time: that one is held in place (no allocation per key).
#[derive(Debug, Clone, Default)]
enum Run {
    #[default]
    Empty,
    One(usize),
    /// Boxed: a run is 16 bytes, and a list holds one per distinct flag.
    #[allow(clippy::box_collection)]
    Many(Box<VecDeque<usize>>),
}

impl Run {
    fn len(&self) -> usize {
        match self {
            Run::Empty => 0,
            Run::One(_) => 1,
            Run::Many(ids) => ids.len(),
        }
    }

    fn get(&self, nth: usize) -> Option<usize> {
        match self {
            Run::Empty => None,
            Run::One(id) => (nth == 0).then_some(*id),
            Run::Many(ids) => ids.get(nth).copied(),
        }
    }

    fn push_front(&mut self, id: usize) {
        match std::mem::take(self) {
            Run::Empty => *self = Run::One(id),
            Run::One(old) => *self = Run::Many(Box::new(VecDeque::from([id, old]))),
            Run::Many(mut ids) => {
                ids.push_front(id);
                *self = Run::Many(ids);
            }
        }
    }

    fn remove(&mut self, nth: usize) -> Option<usize> {
        match self {
            Run::Empty => None,
            Run::One(id) if nth == 0 => {
                let id = *id;
                *self = Run::Empty;
                Some(id)
            }
            Run::One(_) => None,
            Run::Many(ids) => ids.remove(nth),
        }
    }
}

/// The fragments offered to a list, in order, each with whether it comes
/// from a private field. Borrowed from their packages unless a sysroot
/// changed them: the list of a large graph is built from every package's
/// flags, and only what survives deduplication is copied out.
#[derive(Debug, Clone, Default)]
pub(crate) struct Offers<'a> {
    items: Vec<Offer<'a>>,
    /// The fragments made for the list (`Src::Made` indexes them).
    made: Vec<Fragment>,
}

/// One fragment offered: 24 bytes, one per flag of every package.
#[derive(Debug, Clone, Copy)]
struct Offer<'a> {
    src: Src<'a>,
    private: bool,
}

#[derive(Debug, Clone, Copy)]
enum Src<'a> {
    Package(&'a Fragment),
    Made(usize),
}

impl<'a> Offers<'a> {
    /// Offers a package's own fragment.
    pub(crate) fn borrowed(&mut self, frag: &'a Fragment, private: bool) {
        self.items.push(Offer {
            src: Src::Package(frag),
            private,
        });
    }

    /// Offers a fragment made for the list.
    pub(crate) fn made(&mut self, frag: Fragment, private: bool) {
        self.items.push(Offer {
            src: Src::Made(self.made.len()),
            private,
        });
        self.made.push(frag);
    }

    fn len(&self) -> usize {
        self.items.len()
    }

    fn get(&self, id: usize) -> &Fragment {
        match self.items[id].src {
            Src::Package(f) => f,
            Src::Made(i) => &self.made[i],
        }
    }

    fn private(&self, id: usize) -> bool {
        self.items[id].private
    }

    /// `seed` (as private fragments), then these.
    fn after(self, seed: Vec<Fragment>) -> Self {
        let mut all = Offers::default();
        for f in seed {
            all.made(f, true);
        }
        let shift = all.made.len();
        all.made.extend(self.made);
        all.items
            .extend(self.items.into_iter().map(|o| match o.src {
                Src::Made(i) => Offer {
                    src: Src::Made(i + shift),
                    ..o
                },
                Src::Package(_) => o,
            }));
        all
    }
}

/// An item's neighbours in the output order ([`NONE`]: none). Kept apart
/// from the fragments, 8 bytes an item.
#[derive(Debug, Clone, Copy)]
struct Links {
    prev: u32,
    next: u32,
}

/// No neighbour.
const NONE: u32 = u32::MAX;

fn some(id: u32) -> Option<usize> {
    (id != NONE).then_some(id as usize)
}

/// An item's id as a link. A list holds fewer than `u32::MAX` items: that
/// many fragments would take hundreds of gigabytes.
fn link(id: usize) -> u32 {
    u32::try_from(id).unwrap_or(NONE)
}

/// A fragment's key in pkgconf's index order (see [`index_key`]).
type IndexKey<'a> = (u8, Cow<'a, [u8]>);

/// A fragment's place in pkgconf's index order: the type byte (0 for
/// untyped fragments), then the rest of the word's bytes.
/// Borrowed from the fragment unless its type is not ASCII (a list of
/// 100,000 fragments makes no copy).
fn index_key(f: &Fragment) -> IndexKey<'_> {
    match f.kind {
        None => (0, Cow::Borrowed(f.data().as_bytes())),
        Some(k) if k.is_ascii() => (k as u8, Cow::Borrowed(f.data().as_bytes())),
        Some(k) => {
            let mut buf = [0u8; 4];
            let encoded = k.encode_utf8(&mut buf).as_bytes();
            let mut rest = encoded[1..].to_vec();
            rest.extend_from_slice(f.data().as_bytes());
            (encoded[0], Cow::Owned(rest))
        }
    }
}

/// Each item's key rank (equal keys, equal ranks; ranks in key order) and
/// how many distinct keys there are.
fn ranks(items: &Offers<'_>) -> (Vec<u32>, usize) {
    // The keys are sorted with their items' ids beside them: a comparison
    // reads its two keys where they lie, not through a table of ids.
    let mut keys: Vec<(IndexKey<'_>, usize)> = (0..items.len())
        .map(|i| (index_key(items.get(i)), i))
        .collect();
    keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut rank_of = vec![0u32; keys.len()];
    let mut ranks = 0;
    for (n, (key, i)) in keys.iter().enumerate() {
        if n > 0 && keys[n - 1].0 != *key {
            ranks += 1;
        }
        rank_of[*i] = ranks;
    }
    let distinct = if keys.is_empty() {
        0
    } else {
        ranks as usize + 1
    };
    (rank_of, distinct)
}

impl<'a> FragmentList<'a> {
    /// Collects `items` (each fragment with whether it comes from a private
    /// field) in order, with pkgconf's merge rules.
    pub(crate) fn collect(items: Offers<'a>) -> Self {
        Self::collect_after(Vec::new(), items)
    }

    /// Like [`FragmentList::collect`], into a list that already holds
    /// `seed` (kept as they are, and indexed, as pkgconf seeds its index
    /// with a list's contents): the libs of `--fragment-tree` go into the
    /// list that holds the cflags.
    pub(crate) fn collect_after(seed: Vec<Fragment>, items: Offers<'a>) -> Self {
        let seeded = seed.len();
        let items = if seed.is_empty() {
            items
        } else {
            items.after(seed)
        };
        let (rank_of, distinct) = ranks(&items);
        let mut list = FragmentList {
            links: vec![
                Links {
                    prev: NONE,
                    next: NONE
                };
                items.len()
            ],
            items,
            runs: vec![Run::default(); distinct],
            counts: Fenwick::new(distinct),
            ..FragmentList::default()
        };
        for (id, rank) in rank_of.into_iter().enumerate() {
            let rank = rank as usize;
            if id < seeded {
                list.push(id, rank);
            } else {
                list.add(id, rank);
            }
        }
        list
    }

    /// Appends item `id` and enters it at the front of its key's run.
    fn push(&mut self, id: usize, rank: usize) {
        self.links[id] = Links {
            prev: self.tail.map_or(NONE, link),
            next: NONE,
        };
        match self.tail {
            Some(t) => self.links[t].next = link(id),
            None => self.head = Some(id),
        }
        self.tail = Some(id);
        if let Some(run) = self.runs.get_mut(rank) {
            run.push_front(id);
            self.counts.add(rank, 1);
            self.live += 1;
        }
    }

    /// The place in its key's run of the copy that `bsearch` over pkgconf's
    /// index finds, if the key has copies.
    fn search(&self, rank: usize) -> Option<usize> {
        let copies = self.runs.get(rank)?.len();
        if copies == 0 {
            return None;
        }
        let start = self.counts.before(rank);
        let (mut low, mut high) = (0, self.live);
        while low < high {
            let mid = (low + high) / 2;
            if mid < start {
                low = mid + 1;
            } else if mid >= start + copies {
                high = mid;
            } else {
                return Some(mid - start);
            }
        }
        None
    }

    /// Takes the `nth` copy of a key out of the list and the index.
    fn unlink(&mut self, rank: usize, nth: usize) {
        let Some(id) = self.runs.get_mut(rank).and_then(|run| run.remove(nth)) else {
            return;
        };
        self.counts.add(rank, -1);
        self.live -= 1;
        let Links { prev, next } = self.links[id];
        match some(prev) {
            Some(p) => self.links[p].next = next,
            None => self.head = some(next),
        }
        match some(next) {
            Some(n) => self.links[n].prev = prev,
            None => self.tail = some(prev),
        }
    }

    /// Whether the older copy `g` may be dropped in favour of a new one: it
    /// is not pinned by a flag of another kind just before it.
    fn should_merge(&self, g: usize) -> bool {
        let gf = self.items.get(g);
        let Some(p) = some(self.links[g].prev) else {
            return true;
        };
        let pf = self.items.get(p);
        if matches!(pf.kind, Some('l' | 'L' | 'I')) {
            return true;
        }
        gf.kind.is_none() || pf.kind == gf.kind
    }

    /// Adds item `id` with pkgconf's merge rules (an item's flag marks
    /// fragments from `Cflags.private`/`Libs.private`).
    fn add(&mut self, id: usize, rank: usize) {
        let (frag, private) = (self.items.get(id), self.items.private(id));
        let path_like = matches!(frag.kind, Some('F' | 'L' | 'I'));
        let mergeable = !private
            && frag.children().is_empty()
            && !path_like
            && (!frag.data().starts_with('-')
                || UNMERGEABLE_PREFIXES
                    .iter()
                    .any(|p| frag.data().starts_with(p)));
        if mergeable {
            let copy = self.search(rank);
            let old = copy.and_then(|nth| Some((nth, self.runs.get(rank)?.get(nth)?)));
            if let Some((nth, old)) = old {
                if self.should_merge(old) {
                    self.unlink(rank, nth);
                }
            }
        } else if !private && path_like && self.search(rank).is_some() {
            // -I, -L and -F keep their first occurrence.
            return;
        }
        self.push(id, rank);
    }

    /// The fragments in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Fragment> {
        let mut cur = self.head;
        std::iter::from_fn(move || {
            let id = cur?;
            cur = some(self.links[id].next);
            Some(self.items.get(id))
        })
    }

    /// How many fragments the list holds.
    pub(crate) fn len(&self) -> usize {
        self.live
    }

    /// Copies out the fragments in order.
    pub(crate) fn to_vec(&self) -> Vec<Fragment> {
        let mut v = Vec::with_capacity(self.len());
        v.extend(self.iter().cloned());
        v
    }
}

/// Counts per key rank, with prefix sums in O(log n).
#[derive(Debug, Clone, Default)]
struct Fenwick {
    tree: Vec<i64>,
}

impl Fenwick {
    fn new(n: usize) -> Self {
        Fenwick {
            tree: vec![0; n + 1],
        }
    }

    fn add(&mut self, rank: usize, delta: i64) {
        let mut i = rank + 1;
        while i < self.tree.len() {
            self.tree[i] += delta;
            i += i & i.wrapping_neg();
        }
    }

    /// The total over ranks below `rank`.
    fn before(&self, rank: usize) -> usize {
        let mut i = rank;
        let mut sum = 0;
        while i > 0 {
            sum += self.tree[i];
            i -= i & i.wrapping_neg();
        }
        usize::try_from(sum).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::fragment::parse_words;

    /// Collects `(words, private)` groups and shows the result.
    fn collect(groups: &[(&str, bool)]) -> String {
        let mut items = Offers::default();
        for (words, private) in groups {
            let words: Vec<&str> = words.split_whitespace().collect();
            for f in parse_words(&words) {
                items.made(f, *private);
            }
        }
        FragmentList::collect(items)
            .iter()
            .map(|f| {
                let mut v = vec![f.text()];
                v.extend(f.children().iter().map(Fragment::text));
                v.join(" ")
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn first_wins_for_paths_last_wins_for_libs() {
        assert_eq!(
            collect(&[(
                "-L/l1 -la -lb -la -L/l1 -Wl,-x -Wl,-x /p/libz.a /p/libz.a -pthread -pthread",
                false
            )]),
            "-L/l1 -lb -la -Wl,-x /p/libz.a -pthread"
        );
    }

    #[test]
    fn pinned_copies_stay() {
        assert_eq!(
            collect(&[("-lq -Bstatic -lq -lr -lq", false)]),
            "-Bstatic -lq -lr -lq"
        );
        assert_eq!(
            collect(&[("-DX -fY -DX -I/a -DX", false)]),
            "-fY -DX -I/a -DX"
        );
    }

    #[test]
    fn private_fragments_are_appended_and_groups_never_merge() {
        assert_eq!(
            collect(&[("-lfoo -lbar", false), ("-lfoo -lbar -L/lp", true)]),
            "-lfoo -lbar -lfoo -lbar -L/lp"
        );
        assert_eq!(
            collect(&[(
                "-framework A -framework A -Wl,--start-group -la -Wl,--end-group -Wl,--start-group -la -Wl,--end-group",
                false
            )]),
            "-framework A -framework A -Wl,--start-group -la -Wl,--end-group -Wl,--start-group -la -Wl,--end-group"
        );
    }

    /// Which copy a public fragment replaces follows pkgconf 3.0.7's
    /// bsearch over its sorted index (expected values recorded from
    /// pkgconf 3.0.7): `-lD -lM -lD` then `-lD` loses the newest copy when
    /// M sorts before D, the oldest when it sorts after.
    #[test]
    fn the_copy_replaced_is_the_one_bsearch_finds() {
        let case = |private: &str| collect(&[("-la", false), (private, true), ("-lx", false)]);
        assert_eq!(case("-lx -lq -lx"), "-la -lx -lq -lx");
        assert_eq!(case("-lx -lz -lx"), "-la -lz -lx -lx");
        assert_eq!(case("-lx -lq -lr -lx"), "-la -lq -lr -lx -lx");
        assert_eq!(case("-lx -lq -lx -lq"), "-la -lq -lx -lq -lx");
    }

    #[test]
    fn lib_colon_words_are_special_but_never_merged() {
        assert_eq!(collect(&[("-lib:a -lib:a", false)]), "-lib:a -lib:a");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::package::fragment::parse_words;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn any_word() -> impl Strategy<Value = String> {
        prop_oneof![
            "-[lLID][a-d]",
            "-(pthread|Wl,-Bstatic|Wl,-Bdynamic|fPIC|framework|isystem)",
            "[a-c]",
            "/p/lib[a-c].a",
        ]
    }

    fn collect_public(frags: Vec<Fragment>) -> Vec<Fragment> {
        let mut items = Offers::default();
        for f in frags {
            items.made(f, false);
        }
        FragmentList::collect(items).to_vec()
    }

    proptest! {
        /// Deduplicating twice is deduplicating once, when no copy is
        /// pinned (a copy is pinned by an untyped or differently typed
        /// flag before it; see `pinned_copies_make_dedup_not_idempotent`).
        #[test]
        fn dedup_is_idempotent_when_nothing_is_pinned(
            words in prop::collection::vec("-[lLI][a-d]", 0..40)
        ) {
            let once = collect_public(parse_words(&words));
            let twice = collect_public(once.clone());
            prop_assert_eq!(twice, once);
        }

        /// Deduplication only removes copies: every distinct fragment
        /// stays, and nothing new appears.
        #[test]
        fn dedup_keeps_every_distinct_fragment(words in prop::collection::vec(any_word(), 0..40)) {
            let input = parse_words(&words);
            let output = collect_public(input.clone());
            let distinct = |v: &[Fragment]| v.iter().map(Fragment::text).collect::<BTreeSet<_>>();
            prop_assert_eq!(distinct(&output), distinct(&input));
            prop_assert!(output.len() <= input.len());
        }
    }

    /// pkgconf 3.0.7's merge rule is not idempotent: `b` pins the first
    /// `-lc`, then moves to the end, so a second pass merges the copies.
    /// Expected values recorded from pkgconf 3.0.7 (`Libs: b -lc -lc b`,
    /// then `Libs: -lc -lc b`).
    #[test]
    fn pinned_copies_make_dedup_not_idempotent() {
        let show = |v: &[Fragment]| v.iter().map(Fragment::text).collect::<Vec<_>>().join(" ");
        let once = collect_public(parse_words(&["b", "-lc", "-lc", "b"]));
        assert_eq!(show(&once), "-lc -lc b");
        assert_eq!(show(&collect_public(once)), "-lc b");
    }
}
