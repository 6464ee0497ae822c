//! A small seeded random-number generator (SplitMix64), so that "random"
//! server selection is the same on every run with the same seed.

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SeededRng(u64);

impl SeededRng {
    pub(crate) fn new(seed: u64) -> SeededRng {
        SeededRng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound`; `bound` must not be zero.
    pub(crate) fn below(&mut self, bound: usize) -> usize {
        // The modulo bias is negligible for the handful of servers a zone has.
        (self.next_u64() % bound as u64) as usize
    }

    pub(crate) fn message_id(&mut self) -> u16 {
        (self.next_u64() >> 48) as u16
    }
}

#[cfg(test)]
mod tests {
    use super::SeededRng;

    #[test]
    fn the_same_seed_gives_the_same_sequence() {
        let mut a = SeededRng::new(7);
        let mut b = SeededRng::new(7);
        let first: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        assert_eq!(first, (0..4).map(|_| b.next_u64()).collect::<Vec<_>>());
        assert_ne!(first[0], SeededRng::new(8).next_u64());
        assert!((0..100).all(|_| a.below(3) < 3));
    }
}
