//! The maps of the hot paths (variables, the package cache, the solver):
//! std's and indexmap's maps with foldhash instead of SipHash. foldhash is
//! several times faster on short keys and is seeded at random per process,
//! so keys crafted in a `.pc` file cannot make lookups degrade.

use foldhash::fast::RandomState;

/// A `HashMap` with foldhash.
pub(crate) type Map<K, V> = std::collections::HashMap<K, V, RandomState>;
/// A `HashSet` with foldhash.
pub(crate) type Set<K> = std::collections::HashSet<K, RandomState>;
/// An `IndexMap` (insertion order kept) with foldhash.
pub(crate) type IndexMap<K, V> = indexmap::IndexMap<K, V, RandomState>;
