//! Hash maps with a fixed hash function.
//!
//! The standard library's `HashMap` hashes with SipHash under random keys on
//! native builds, so the order it iterates in changes from one run to the
//! next. The core promises the same output for the same input, so its hash
//! maps use a fixed hash function instead: foldhash's fixed-seed variant,
//! which is also several times faster than SipHash on the short keys the
//! core hashes (names, addresses, record data). Its weakness, that someone
//! who knows the seed can craft colliding keys, does not matter here: the
//! only input is the user's own scenario, in their own browser.

/// Hashes with one fixed seed: the same keys land in the same order every run.
pub type FixedState = foldhash::fast::FixedState;

/// A `std::collections::HashMap` with the fixed hash function; make one with
/// `HashMap::default()` or `with_capacity_and_hasher`.
pub type HashMap<K, V> = std::collections::HashMap<K, V, FixedState>;

/// A `std::collections::HashSet` with the fixed hash function.
pub type HashSet<T> = std::collections::HashSet<T, FixedState>;

/// An empty map with room for `capacity` entries.
pub fn map_with_capacity<K, V>(capacity: usize) -> HashMap<K, V> {
    HashMap::with_capacity_and_hasher(capacity, FixedState::default())
}
