//! Synonym groups that ship with a language, added to a site's own (`search: synonyms:`).
//!
//! Hindi customers mix three vocabularies for the same thing: the formal Hindi word (रद्द,
//! भुगतान), the English loanword in Devanagari (कैंसल, पेमेंट) and the English word in Latin
//! letters (cancel, payment). An entry uses one, the customer another, and no spelling rule
//! bridges them. These groups are the everyday vocabulary of customer service (orders,
//! delivery, payments, banking, accounts), not of any one help center. Multi-word members
//! are phrases. Members must not be function words (the analyzer drops those).

/// Hindi: formal word, loanword in Devanagari, English in Latin letters.
const HINDI: &[&[&str]] = &[
    &["रद्द", "कैंसल", "कैंसिल", "cancel", "निरस्त"],
    &["रिफंड", "refund", "धनवापसी", "पैसा वापसी", "पैसे वापस", "पैसा वापस", "paise wapas", "paisa wapas"],
    &["नकद", "नगद", "कैश", "cash"],
    &["खाता", "अकाउंट", "एकाउंट", "account"],
    &["एड्रेस", "address", "पते"],
    &["भुगतान", "पेमेंट", "payment"],
    &["शुल्क", "चार्ज", "फीस", "charge", "charges", "fee"],
    &["मुफ्त", "फ्री", "free"],
    &["डिलीट", "delete", "हटाना", "मिटाना"],
    &["शिकायत", "कंप्लेंट", "complaint"],
    &["समय", "टाइम", "time", "वक्त"],
    &["गारंटी", "वारंटी", "warranty", "guarantee"],
    &["डैमेज", "damage", "damaged", "क्षतिग्रस्त", "टूटा", "टूटी"],
    &["बदलना", "बदलें", "चेंज", "change"],
    &["राशि", "रकम", "अमाउंट", "amount"],
    &["लेनदेन", "ट्रांजैक्शन", "transaction"],
    &["बैलेंस", "balance", "शेष राशि"],
    &["ऋण", "कर्ज", "लोन", "loan"],
    &["ब्याज", "इंटरेस्ट", "interest"],
    &["ग्राहक सेवा", "कस्टमर केयर", "customer care", "customer service", "हेल्पलाइन", "helpline"],
    &["सामान", "प्रोडक्ट", "product", "आइटम", "item"],
    &["कूरियर", "courier"],
    &["लौटाना", "रिटर्न", "return"],
    &["संपर्क", "कॉन्टैक्ट", "contact"],
    &["जानकारी", "डेटा", "data", "विवरण", "details"],
    &["फोन", "मोबाइल", "phone", "mobile"],
    &["ईमेल", "मेल", "email", "mail"],
    &["देर", "देरी", "लेट", "late", "delay"],
    &["स्थिति", "स्टेटस", "status"],
    &["रसीद", "बिल", "इनवॉइस", "invoice", "bill", "receipt"],
    &["छूट", "डिस्काउंट", "discount"],
    &["कूपन", "वाउचर", "प्रोमो कोड", "coupon", "voucher", "promo code"],
    &["विकल्प", "ऑप्शन", "option"],
    &["सत्यापन", "वेरिफिकेशन", "verification"],
];

/// The built-in groups of a language code (region subtags ignored); none for most languages.
pub fn builtin_synonyms(lang: &str) -> Vec<Vec<String>> {
    let table: &[&[&str]] = match lang.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase().as_str() {
        "hi" => HINDI,
        _ => &[],
    };
    table.iter().map(|group| group.iter().map(|m| (*m).to_string()).collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer_for;

    #[test]
    fn every_member_survives_analysis() {
        let hi = analyzer_for("hi");
        for group in builtin_synonyms("hi") {
            for member in &group {
                assert!(!hi.words(member).is_empty(), "{member} analyses to nothing");
            }
        }
        assert!(builtin_synonyms("fr").is_empty());
    }
}
