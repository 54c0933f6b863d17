//! BM25 exactly as Tantivy computes it (`tantivy/src/query/bm25.rs`, `fieldnorm/code.rs`).
//!
//! Same constants, same f32 arithmetic in the same order, same 256-entry field-norm table, so a
//! term's score here is bit-identical to Tantivy's `TermQuery` (wrapped in a `BoostQuery`).

/// Term-frequency saturation.
pub const K1: f32 = 1.2;
/// Length normalisation.
pub const B: f32 = 0.75;

/// Tantivy's field-norm table: a field-norm id (one byte per doc and field) stands for the
/// field length `FIELD_NORMS_TABLE[id]`; exact up to 40 tokens, then coarser.
pub const FIELD_NORMS_TABLE: [u32; 256] = build_table();

const fn build_table() -> [u32; 256] {
    // Tantivy's encoding: ids below 24 are exact; above, 24 plus a small float with a 3-bit
    // mantissa (an implicit leading bit) and a 5-bit exponent.
    let mut table = [0u32; 256];
    let mut id = 0usize;
    while id < 256 {
        table[id] = if id < 24 {
            id as u32
        } else {
            let x = (id - 24) as u32;
            let (mantissa, exponent) = (x & 0b111, x >> 3);
            24 + if exponent == 0 { mantissa } else { (mantissa | 8) << (exponent - 1) }
        };
        id += 1;
    }
    table
}

/// The field-norm id Tantivy stores for a field of `length` tokens (largest entry ≤ length).
pub fn fieldnorm_to_id(length: u32) -> u8 {
    match FIELD_NORMS_TABLE.binary_search(&length) {
        Ok(i) => i as u8,
        // Err(0) is impossible (table[0] = 0 ≤ any length); saturate defensively.
        Err(i) => i.saturating_sub(1) as u8,
    }
}

/// Inverse document frequency: `ln(1 + (N − n + 0.5) / (n + 0.5))`.
pub fn idf(doc_freq: u64, num_docs: u64) -> f32 {
    let x = (num_docs.saturating_sub(doc_freq) as f32 + 0.5) / (doc_freq as f32 + 0.5);
    (1.0 + x).ln()
}

/// The scoring constants of one term in one field.
#[derive(Clone, Debug)]
pub struct TermWeight {
    weight: f32,
    cache: [f32; 256],
}

impl TermWeight {
    /// Prepares the weight of a term found in `doc_freq` of `num_docs` documents, in a field
    /// holding `total_tokens` tokens overall, with a field boost.
    pub fn new(doc_freq: u64, num_docs: u64, total_tokens: u64, boost: f32) -> TermWeight {
        let average = total_tokens as f32 / num_docs as f32;
        let mut cache = [0.0f32; 256];
        for (id, slot) in cache.iter_mut().enumerate() {
            let fieldnorm = FIELD_NORMS_TABLE[id] as f32;
            *slot = K1 * (1.0 - B + B * fieldnorm / average);
        }
        let mut weight = idf(doc_freq, num_docs) * (1.0 + K1);
        if boost != 1.0 {
            weight *= boost;
        }
        TermWeight { weight, cache }
    }

    /// BM25 score of one document: `weight * tf / (tf + norm[fieldnorm_id])`.
    pub fn score(&self, fieldnorm_id: u8, term_freq: u32) -> f32 {
        let tf = term_freq as f32;
        self.weight * (tf / (tf + self.cache[usize::from(fieldnorm_id)]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_norm_table_matches_tantivy_landmarks() {
        assert_eq!(&FIELD_NORMS_TABLE[38..50], &[38, 39, 40, 42, 44, 46, 48, 50, 52, 54, 56, 60]);
        assert_eq!(&FIELD_NORMS_TABLE[56..67], &[88, 96, 104, 112, 120, 128, 136, 144, 152, 168, 184]);
        assert_eq!(FIELD_NORMS_TABLE[255], 2_013_265_944);
        assert_eq!(fieldnorm_to_id(41), 40);
        assert_eq!(fieldnorm_to_id(42), 41);
        assert_eq!(fieldnorm_to_id(u32::MAX), 255);
    }

    #[test]
    fn idf_of_one_in_two_is_ln_two() {
        assert!((idf(1, 2) - 2.0f32.ln()).abs() < 1e-7);
    }
}
