//! Hindi function words: postpositions, pronouns, auxiliaries, particles and question words, in
//! Devanagari and in the ways Hinglish spells them. They are in almost every entry and every
//! customer sentence, so they carry no meaning for search; left in, a sentence such as
//! "पैसा वापसी कितने दिन में होती है" matches whichever entry shares the most of them (they also
//! count towards the all-words tier and the coordination factor). The analyzer drops them, at
//! index and query time alike.
//!
//! The Devanagari forms are written normalised (anusvara, no nukta), as [`super::hindi`] leaves
//! words before the lookup. English stopwords are not dropped: English has a stemmer and
//! measured no gain from it.

/// Devanagari function words, normalised.
const DEVANAGARI: &[&str] = &[
    // Postpositions and particles.
    "का",
    "की",
    "के",
    "को",
    "से",
    "में",
    "मे",
    "पर",
    "पे",
    "ने",
    "तक",
    "लिए",
    "लिये",
    "और",
    "या",
    "व",
    "भी",
    "ही",
    "तो",
    "न",
    "ना",
    "नहीं",
    "नही",
    "मत",
    "कि",
    "अगर",
    "लेकिन",
    "मगर",
    "जब",
    "तब",
    "फिर",
    "क्योंकि",
    "वाला",
    "वाली",
    "वाले",
    // Auxiliaries and light verbs.
    "है",
    "हैं",
    "हूं",
    "हो",
    "था",
    "थी",
    "थे",
    "थीं",
    "होता",
    "होती",
    "होते",
    "होगा",
    "होगी",
    "होंगे",
    "रहा",
    "रही",
    "रहे",
    "गया",
    "गई",
    "गए",
    "गये",
    "गयी",
    "चुका",
    "चुकी",
    "चुके",
    "कर",
    "करना",
    "करने",
    "करें",
    "करूं",
    "करके",
    "किया",
    "कीजिए",
    "जी",
    // Pronouns and determiners.
    "मैं",
    "मैंने",
    "मुझे",
    "मुझको",
    "मेरा",
    "मेरी",
    "मेरे",
    "हम",
    "हमें",
    "हमारा",
    "हमारी",
    "हमारे",
    "आप",
    "आपका",
    "आपकी",
    "आपके",
    "आपको",
    "आपने",
    "तुम",
    "वह",
    "वो",
    "वे",
    "ये",
    "यह",
    "इस",
    "इसे",
    "इसका",
    "इसकी",
    "इसके",
    "उस",
    "उसे",
    "उसका",
    "उसकी",
    "उसके",
    "उन",
    "इन",
    "कोई",
    "कुछ",
    "सब",
    "सभी",
    "अपना",
    "अपनी",
    "अपने",
    "एक",
    "अभी",
    "अब",
    "बहुत",
    // Question words: every help-center question has one.
    "क्या",
    "कब",
    "कहां",
    "कैसे",
    "क्यों",
    "कितना",
    "कितनी",
    "कितने",
    "कौन",
    "कौनसा",
];

/// The same words as Hinglish spells them, lower-case; plus the English fillers mixed in.
const LATIN: &[&str] = &[
    "ka", "ki", "ke", "ko", "se", "me", "mein", "mai", "main", "par", "pe", "ne", "tak", "liye", "lie", "aur", "ya",
    "bhi", "hi", "to", "toh", "na", "nahi", "nahin", "nai", "mat", "ki", "agar", "lekin", "jab", "tab", "phir", "fir",
    "kyunki", "wala", "wali", "wale", "vala", "vali", "vale", "hai", "hain", "hu", "hoon", "hun", "ho", "tha", "thi",
    "the", "hota", "hoti", "hote", "hoga", "hogi", "honge", "raha", "rahi", "rahe", "gaya", "gayi", "gai", "gaye",
    "gye", "kar", "karna", "karne", "karen", "karein", "karu", "karoon", "karke", "kiya", "kijiye", "kijie", "ji",
    "mujhe", "mujhko", "mera", "meri", "mere", "hum", "hame", "hamein", "humein", "hamara", "hamari", "hamare", "aap",
    "aapka", "aapki", "aapke", "aapko", "apka", "apki", "apke", "apko", "tum", "wo", "woh", "vo", "vah", "ye", "yeh",
    "yah", "is", "ise", "iska", "iski", "iske", "us", "use", "uska", "uski", "uske", "koi", "kuch", "kuchh", "sab",
    "sabhi", "apna", "apni", "apne", "ek", "abhi", "ab", "bahut", "kya", "kyaa", "kab", "kahan", "kaha", "kaise",
    "kese", "kyon", "kyu", "kyun", "kitna", "kitni", "kitne", "kaun", "my", "i", "a", "an", "please", "pls", "plz",
];

/// Whether a normalised Devanagari word is a function word.
pub(super) fn is_devanagari_function_word(word: &str) -> bool {
    DEVANAGARI.contains(&word)
}

/// Whether a lower-cased Latin word on a Hindi page or query is a function word.
pub(super) fn is_latin_function_word(word: &str) -> bool {
    LATIN.contains(&word)
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
}
