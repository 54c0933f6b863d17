//! A per-thread memo of analysed words. Text repeats its words (Zipf): stemming each distinct
//! word once instead of at every occurrence saves a large share of indexing time. Results are
//! the same as without the memo: analysis is a pure function of the language and the word.
//! A hit costs one hash of the word and no allocation: the caller reads the memoised value in
//! place. Native builds only: the browser analyses a few query words, and a hash map would only
//! add to the download.

use super::Language;

/// What one word analyses to: folded form, terms, length in chars, whether it is a function
/// word (`None`: dropped).
pub(super) type Analysed = Option<(String, Vec<String>, usize, bool)>;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::Analysed;
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::hash::{BuildHasherDefault, Hasher};

    /// Distinct words kept per thread and language before the memo starts afresh (bounds its
    /// memory).
    pub(super) const CAPACITY: usize = 100_000;

    /// FNV-1a: words are short and not chosen by an attacker (they are the site's own text and
    /// the builder's queries), so the default SipHash's protection only costs time here.
    #[derive(Default)]
    pub(super) struct Fnv(u64);

    impl Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }

        fn write(&mut self, bytes: &[u8]) {
            let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
            for &b in bytes {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
            self.0 = h;
        }
    }

    pub(super) type Memo = HashMap<Box<str>, Analysed, BuildHasherDefault<Fnv>>;

    thread_local! {
        /// One map per [`super::Language`].
        pub(super) static MEMO: RefCell<[Memo; 4]> = RefCell::new(Default::default());
    }
}

/// Calls `read` with the analysis of `raw` in `language`, computed by `analyse` the first time.
/// `read` must not analyse text itself (the memo is borrowed while it runs).
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn with_analysed<R>(
    language: Language,
    raw: &str,
    analyse: impl FnOnce() -> Analysed,
    read: impl FnOnce(&Analysed) -> R,
) -> R {
    native::MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        let map = &mut memo[language as usize];
        if let Some(hit) = map.get(raw) {
            return read(hit);
        }
        if map.len() >= native::CAPACITY {
            map.clear();
        }
        let value = map.entry(raw.into()).or_insert(analyse());
        read(value)
    })
}

/// The analysis of `raw` (no memo in the browser).
#[cfg(target_arch = "wasm32")]
pub(super) fn with_analysed<R>(
    _language: Language,
    _raw: &str,
    analyse: impl FnOnce() -> Analysed,
    read: impl FnOnce(&Analysed) -> R,
) -> R {
    read(&analyse())
}
