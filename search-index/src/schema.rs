//! The searchable fields, their boosts and the popularity boost: the one definition that the
//! Tantivy side, the exporter and the readers all use.
//!
//! Boosts follow the measurements in `DESIGN.md` §3: counting the question a little extra helps,
//! counting it 2–3× as much as the answer hurts.

/// A searchable field of an entry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldSpec {
    /// Field name, as used in the Tantivy schema and the manifest.
    pub name: &'static str,
    /// Multiplier applied to this field's BM25 score (Tantivy's `BoostQuery`).
    pub boost: f32,
}

/// The fields, in the fixed order in which per-field scores are summed.
pub const FIELDS: [FieldSpec; 5] = [
    FieldSpec { name: "title", boost: 1.5 },
    // Aliases are other phrasings of the question: they count like the title.
    FieldSpec { name: "aliases", boost: 1.5 },
    FieldSpec { name: "headings", boost: 1.2 },
    FieldSpec { name: "body", boost: 1.0 },
    FieldSpec { name: "tags", boost: 1.2 },
];

/// Number of searchable fields.
pub const NUM_FIELDS: usize = FIELDS.len();

/// Default weight of the popularity boost (see [`popularity_boost`]).
pub const DEFAULT_POPULARITY_WEIGHT: f32 = 0.3;

/// One searchable document, as the site builder hands it over.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchDoc {
    /// Stable entry id (the key in logs and links).
    pub id: String,
    /// URL of the entry's page, relative to the site root.
    pub url: String,
    /// The question, in the customer's words.
    pub title: String,
    /// Other phrasings of the question.
    pub aliases: Vec<String>,
    /// Headings inside the answer.
    pub headings: Vec<String>,
    /// The answer as plain text.
    pub body: String,
    /// Text the entry is found by but never shows, indexed with the body: on an entry in
    /// another language, its English translation's answer (customers borrow English words for
    /// a topic: "humidity", "forecast" on a Hindi page that writes नमी, पूर्वानुमान).
    pub borrowed: String,
    /// Tags from the front matter.
    pub tags: Vec<String>,
    /// Category title, shown with results.
    pub category: String,
    /// Popularity from complaint ranking; any non-negative scale (normalised by the maximum).
    pub popularity: f32,
}

/// Quantises popularities to one byte each: `round(255 * p / max)`, 0 for non-finite or
/// non-positive values. Both sides score with the quantised value, so they agree exactly.
pub fn quantize_popularity(popularities: &[f32]) -> Vec<u8> {
    let max = popularities.iter().copied().filter(|p| p.is_finite()).fold(0.0f32, f32::max);
    popularities
        .iter()
        .map(|&p| {
            if max > 0.0 && p.is_finite() && p > 0.0 {
                // In 0.0..=255.0 by construction, so the cast cannot truncate.
                (255.0 * (p / max)).round().clamp(0.0, 255.0) as u8
            } else {
                0
            }
        })
        .collect()
}

/// Multiplier applied to a document's text score: `1 + weight * q / 255`.
pub fn popularity_boost(quantized: u8, weight: f32) -> f32 {
    1.0 + weight * (f32::from(quantized) / 255.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn popularity_is_quantised_relative_to_the_maximum() {
        assert_eq!(quantize_popularity(&[0.0, 5.0, 10.0, f32::NAN, -1.0]), [0, 128, 255, 0, 0]);
        assert_eq!(popularity_boost(0, 0.3), 1.0);
        assert!((popularity_boost(255, 0.3) - 1.3).abs() < 1e-6);
    }
}
