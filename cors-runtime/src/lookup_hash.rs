//! The hasher of the maps looked up on every request: the registry's handler types and the hash
//! index of a long origin list.
//!
//! std's default hasher (SipHash) resists keys chosen to collide, which costs tens of nanoseconds
//! per lookup. These maps do not need it: their keys come from the program (`TypeId`s) or from
//! its configuration (the allowed origins), never from a request. A request only probes them, and
//! a probe for a key that is absent costs what the stored keys' layout allows, whatever bytes it
//! hashes: an attacker who can choose the probe cannot lengthen it.

use std::hash::{BuildHasherDefault, Hasher};

/// Multiply-and-rotate over 8-byte words (the scheme of rustc's `FxHasher`).
#[derive(Default, Clone, Copy)]
pub(crate) struct LookupHasher(u64);

/// For `HashMap::default()` and `HashSet::default()`.
pub(crate) type BuildLookupHasher = BuildHasherDefault<LookupHasher>;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl LookupHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for LookupHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn distinct_keys_stay_distinct() {
        let keys: Vec<String> = (0..2000).map(|i| format!("https://a{i}.example")).collect();
        let set: HashSet<&[u8], BuildLookupHasher> = keys.iter().map(|k| k.as_bytes()).collect();
        assert_eq!(set.len(), keys.len());
        assert!(keys.iter().all(|k| set.contains(k.as_bytes())));
        assert!(!set.contains(b"https://a2000.example".as_slice()));
        // Length is part of a slice's hash: a prefix padded with zeros is another key.
        assert!(!set.contains(b"https://a1.example\0".as_slice()));
    }
}
