//! A per-thread memo of analysed words. Text repeats its words (Zipf): stemming each distinct
//! word once instead of at every occurrence saves a large share of indexing time. Results are
//! the same as without the memo: analysis is a pure function of the language and the word.

use super::Language;
use std::cell::RefCell;
use std::collections::HashMap;

/// What one word analyses to: folded form, terms, length in chars (`None`: dropped).
type Analysed = Option<(String, Vec<String>, usize)>;

/// Distinct words kept per thread before the memo starts afresh (bounds its memory).
const CAPACITY: usize = 100_000;

thread_local! {
    static MEMO: RefCell<HashMap<(u8, String), Analysed>> = RefCell::new(HashMap::new());
}

/// The analysis of `raw` in `language`, computed by `analyse` the first time.
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
