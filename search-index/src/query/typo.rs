//! Typo tolerance: edit distance and the per-length budget.
//!
//! Only query words the index does not know are corrected (correcting known words hurt in
//! the measurements of `DESIGN.md` §3), and only against terms sharing their first
//! [`TYPO_PREFIX_CHARS`] characters, so a reader needs just the shards covering that prefix,
//! never the whole vocabulary.

/// Characters a typo candidate must share with the query word, at its start.
pub const TYPO_PREFIX_CHARS: usize = 2;

/// Edits allowed for a query word of `chars` characters: 0 below 5, 1 from 5, 2 from 9.
pub fn max_edits(chars: usize) -> usize {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions) in characters,
/// or `None` when it exceeds `limit`.
pub fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![0usize; (a.len() + 1) * width];
    for (j, cell) in rows.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i * width] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[(i - 1) * width + j] + 1)
                .min(rows[i * width + j - 1] + 1)
                .min(rows[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[(i - 2) * width + j - 2] + 1);
            }
            rows[i * width + j] = d;
            row_min = row_min.min(d);
        }
        if row_min > limit {
            return None;
        }
    }
    let d = rows[a.len() * width + b.len()];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpositions_and_substitutions_cost_one() {
        assert_eq!(edit_distance("refund", "refnud", 2), Some(1));
        assert_eq!(edit_distance("refund", "refand", 2), Some(1));
        assert_eq!(edit_distance("refund", "rfnd", 2), Some(2));
        assert_eq!(edit_distance("refund", "cancel", 2), None);
        assert_eq!(edit_distance("iade", "iade", 0), Some(0));
    }

    #[test]
    fn budget_grows_with_length() {
        assert_eq!((max_edits(4), max_edits(5), max_edits(8), max_edits(9)), (0, 1, 1, 2));
    }
}
