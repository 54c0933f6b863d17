//! A per-thread memo of analysed words. Text repeats its words (Zipf): stemming each distinct
//! word once instead of at every occurrence saves a large share of indexing time. Results are
//! the same as without the memo: analysis is a pure function of the language and the word.
//! Native builds only: the browser analyses a few query words, and a hash map would only add
//! to the download.

use super::Language;
#[cfg(not(target_arch = "wasm32"))]
use std::cell::RefCell;
#[cfg(not(target_arch = "wasm32"))]
use std::collections::HashMap;

/// What one word analyses to: folded form, terms, length in chars (`None`: dropped).
type Analysed = Option<(String, Vec<String>, usize)>;

#[cfg(not(target_arch = "wasm32"))]
/// Distinct words kept per thread before the memo starts afresh (bounds its memory).
const CAPACITY: usize = 100_000;

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    static MEMO: RefCell<HashMap<(u8, String), Analysed>> = RefCell::new(HashMap::new());
}

/// The analysis of `raw` in `language`, computed by `analyse` the first time.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn analyzed(language: Language, raw: &str, analyse: impl FnOnce() -> Analysed) -> Analysed {
    let key = (language as u8, raw.to_string());
    if let Some(hit) = MEMO.with(|m| m.borrow().get(&key).cloned()) {
        return hit;
    }
    let value = analyse();
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= CAPACITY {
            m.clear();
        }
        m.insert(key, value.clone());
    });
    value
}

/// The analysis of `raw` (no memo in the browser).
#[cfg(target_arch = "wasm32")]
pub(super) fn analyzed(_language: Language, _raw: &str, analyse: impl FnOnce() -> Analysed) -> Analysed {
    analyse()
}
