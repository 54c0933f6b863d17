//! Function words: articles, pronouns, auxiliaries, postpositions, particles and question words.
//! They are in almost every entry and every customer sentence, so they carry no meaning for
//! search; left in, a sentence such as "पैसा वापसी कितने दिन में होती है" or "how long does it
//! take to get my money back" matches whichever entry shares the most of them (they also count
//! towards the all-words tier and the coordination factor). The analyzer marks them, and they
//! are left out of what is indexed and searched alike, so a query made only of them finds
//! nothing, as it should; only a function word still being typed counts, as the prefix of the
//! word it may begin ("can" of "cancel", see `query::plan`).
//!
//! Measured on the labelled sets (`cargo bench --bench search_quality`), acc@1: English 0.640 →
//! 0.704, Turkish 0.684 → 0.750, Hindi 0.515 → 0.588 and Hinglish 0.646 → 0.692 (the Hindi
//! figures before the built-in synonyms). English keeps "not" and "no" ("not received" is what
//! the customer means) and its question words ("where is my order" is not "how do I cancel my
//! order"; measured equal in search, better in complaint matching); the Hindi negation नहीं
//! and question words are in every other sentence and were measured better dropped.

/// English, lower-case.
#[rustfmt::skip]
const ENGLISH: &[&str] = &[
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did",
    "i", "im", "me", "my", "mine", "you", "your", "we", "our", "us", "it", "its", "this", "that",
    "these", "those", "to", "of", "in", "on", "at", "for", "with", "and", "or", "but", "so", "if",
    "can", "could", "would", "should", "will", "shall", "may", "might", "must", "please", "pls",
    "plz", "hi", "hello", "there", "have", "has", "had", "just", "still", "yet", "any", "some",
    "also", "as", "by", "from", "about", "into", "then", "than", "here", "he", "she", "they",
    "them", "their", "hey", "ok", "okay", "thanks", "thank",
];

/// Turkish, lower-case and ASCII-folded (the analyzer compares the folded form).
#[rustfmt::skip]
const TURKISH: &[&str] = &[
    "ve", "bir", "bu", "o", "da", "de", "mi", "mu", "ne", "icin", "ile", "ama", "fakat",
    "cok", "daha", "gibi", "ben", "sen", "biz", "siz", "onlar", "benim", "bana", "beni", "senin",
    "size", "sizin", "nasil", "neden", "niye", "nicin", "nerede", "hala", "hic", "ki", "acaba",
    "lutfen", "merhaba", "selam", "yani", "artik", "olarak", "olan", "ya", "veya", "en", "her",
    "hep", "bile", "sadece", "diye",
];

/// Hindi in Devanagari, normalised (anusvara, no nukta) as [`super::hindi`] leaves words.
#[rustfmt::skip]
const DEVANAGARI: &[&str] = &[
    // Postpositions and particles.
    "का", "की", "के", "को", "से", "में", "मे", "पर", "पे", "ने", "तक", "लिए", "लिये", "और", "या",
    "व", "भी", "ही", "तो", "न", "ना", "नहीं", "नही", "मत", "कि", "अगर", "लेकिन", "मगर", "जब", "तब",
    "फिर", "क्योंकि", "वाला", "वाली", "वाले",
    // Auxiliaries and light verbs.
    "है", "हैं", "हूं", "हो", "था", "थी", "थे", "थीं", "होता", "होती", "होते", "होगा", "होगी",
    "होंगे", "रहा", "रही", "रहे", "गया", "गई", "गए", "गये", "गयी", "चुका", "चुकी", "चुके", "कर",
    "करना", "करने", "करें", "करूं", "करके", "किया", "कीजिए", "जी",
    // The rest of कर- (do) as a light verb after a noun ("डिलीट करो"), and the modal सक- (can).
    "करो", "करे", "करिए", "करिये", "कीजिये", "करता", "करती", "करते", "सकता", "सकती", "सकते", "सके",
    // Pronouns and determiners.
    "मैं", "मैंने", "मुझे", "मुझको", "मेरा", "मेरी", "मेरे", "हम", "हमें", "हमारा", "हमारी",
    "हमारे", "आप", "आपका", "आपकी", "आपके", "आपको", "आपने", "तुम", "वह", "वो", "वे", "ये", "यह",
    "इस", "इसे", "इसका", "इसकी", "इसके", "उस", "उसे", "उसका", "उसकी", "उसके", "उन", "इन", "कोई",
    "कुछ", "सब", "सभी", "अपना", "अपनी", "अपने", "एक", "अभी", "अब", "बहुत",
    // Question words: every help-center question has one.
    "क्या", "कब", "कहां", "कैसे", "क्यों", "कितना", "कितनी", "कितने", "कौन", "कौनसा",
];

/// The same Hindi words as Hinglish spells them, lower-case (Hinglish glues the light verb to
/// its helper: "kar do" is also "kardo").
#[rustfmt::skip]
const HINGLISH: &[&str] = &[
    "ka", "ki", "ke", "ko", "se", "me", "mein", "mai", "main", "par", "pe", "ne", "tak", "liye",
    "lie", "aur", "ya", "bhi", "hi", "to", "toh", "na", "nahi", "nahin", "nai", "mat", "agar",
    "lekin", "jab", "tab", "phir", "fir", "kyunki", "wala", "wali", "wale", "vala", "vali", "vale",
    "hai", "hain", "hu", "hoon", "hun", "ho", "tha", "thi", "the", "hota", "hoti", "hote", "hoga",
    "hogi", "honge", "raha", "rahi", "rahe", "gaya", "gayi", "gai", "gaye", "gye", "kar", "karna",
    "karne", "karen", "karein", "karu", "karoon", "karke", "kiya", "kijiye", "kijie", "ji", "karo",
    "kare", "kariye", "karie", "kro", "kre", "krna", "krne", "karta", "karti", "karte", "sakta",
    "sakti", "sakte", "sake", "mujhe",
    "mujhko", "mera", "meri", "mere", "hum", "hame", "hamein", "humein", "hamara", "hamari",
    "hamare", "aap", "aapka", "aapki", "aapke", "aapko", "apka", "apki", "apke", "apko", "tum",
    "wo", "woh", "vo", "vah", "ye", "yeh", "yah", "is", "ise", "iska", "iski", "iske", "us", "use",
    "uska", "uski", "uske", "koi", "kuch", "kuchh", "sab", "sabhi", "apna", "apni", "apne", "ek",
    "abhi", "ab", "bahut", "kya", "kyaa", "kab", "kahan", "kaha", "kaise", "kese", "kyon", "kyu",
    "kyun", "kitna", "kitni", "kitne", "kaun", "kardo", "kardiya", "kardijiye", "kardena",
];

/// Whether a lower-cased English word is a function word.
pub(super) fn is_english(word: &str) -> bool {
    ENGLISH.contains(&word)
}

/// Whether a lower-cased, ASCII-folded Turkish word is a function word.
pub(super) fn is_turkish(ascii: &str) -> bool {
    TURKISH.contains(&ascii)
}

/// Whether a Hindi word (normalised Devanagari, or lower-cased Latin) is a function word. Latin
/// words on a Hindi page or in a Hinglish query are Hinglish or English ("timer ko check karo if
/// it is done"; an entry's English translation is indexed with it, see `SearchDoc::borrowed`), so
/// the English list counts too: left in, "the", "to" and "is" match every borrowed answer.
pub(super) fn is_hindi(word: &str) -> bool {
    DEVANAGARI.contains(&word) || HINGLISH.contains(&word) || ENGLISH.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_devanagari_list_is_written_normalised() {
        for word in DEVANAGARI {
            let normalised: String = super::super::hindi::normalize(word).chars().filter(|&c| c != '\u{93C}').collect();
            assert_eq!(&normalised, word);
        }
    }

    #[test]
    fn the_turkish_list_is_written_folded() {
        for word in TURKISH {
            assert_eq!(&super::super::turkish::ascii_fold(word), word);
        }
    }
}
