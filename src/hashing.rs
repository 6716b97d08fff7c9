//! The hash tables of one document (labels cited, folded titles seen, labels counted):
//! std's maps with foldhash, which hashes such short keys several times faster than std's
//! SipHash and is seeded per process, so crafted keys cannot aim at its buckets. They are
//! only looked up, never iterated, so no output depends on their order.

/// A hash map for lookups in one document's checks.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A hash set for lookups in one document's checks.
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// An empty [`FastMap`] with room for `capacity` entries: a table whose size is known is
/// made at that size, not rehashed as it fills.
pub fn fast_map<K, V>(capacity: usize) -> FastMap<K, V> {
    FastMap::with_capacity_and_hasher(capacity, Default::default())
}

/// An empty [`FastSet`] with room for `capacity` entries.
pub fn fast_set<K>(capacity: usize) -> FastSet<K> {
    FastSet::with_capacity_and_hasher(capacity, Default::default())
}
