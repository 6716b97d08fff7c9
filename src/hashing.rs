//! The hash tables of one document's checks (labels cited, folded titles seen): std's maps
//! with foldhash, which hashes such short keys several times faster than std's SipHash and
//! is seeded per process, so crafted keys cannot aim at its buckets. They are only looked
//! up, never iterated, so no output depends on their order.

/// A hash map for lookups in one document's checks.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A hash set for lookups in one document's checks.
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
