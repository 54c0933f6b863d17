//! Hindi: Devanagari normalisation, transliteration and the loose phonetic Latin key.
//!
//! Every Devanagari word is indexed as itself (normalised, nukta removed so `ज़रूरत` and
//! `जरूरत` meet) and as a phonetic key (`#` + consonant skeleton); every Latin word in Hindi
//! text or queries is indexed as itself and as its key, so Hinglish ("paise wapas kaise
//! milenge") finds Devanagari entries. Function words (है, के, kya, hai) are marked by
//! [`super::function_words`]. No stemmer: the key already merges inflections such as
//! पैसा/पैसे, and a light suffix stripper was not measured to help.

use super::PHONETIC_KEY_MARK;

const NUKTA: char = '\u{93C}';
const VIRAMA: char = '\u{94D}';
const ANUSVARA: char = '\u{902}';

/// Analyses one raw word: returns the folded form and its terms (word, then key).
pub(super) fn analyze(raw: &str) -> Option<(String, Vec<String>)> {
    if raw.chars().any(is_devanagari) {
        let normalized = normalize(raw);
        let term: String = normalized.chars().filter(|&c| c != NUKTA).collect();
        let mut terms = vec![term.clone()];
        if !normalized.chars().any(|c| c.is_ascii_digit()) {
            let key = stem_key(phonetic_key(&transliterate(&normalized)));
            if !key.is_empty() {
                terms.push(format!("{PHONETIC_KEY_MARK}{key}"));
            }
        }
        Some((term, terms))
    } else {
        let folded = raw.to_lowercase();
        let mut terms = vec![folded.clone()];
        if folded.chars().all(|c| c.is_ascii_alphabetic()) {
            let key = stem_key(phonetic_key(&folded));
            if !key.is_empty() {
                terms.push(format!("{PHONETIC_KEY_MARK}{key}"));
            }
            // Latin words on Hindi pages and in Hinglish queries are often English ("alarms",
            // "messages"): their English stem is a third spelling, so the plural finds the
            // singular. The best-scoring term of a word counts, so it adds no weight.
            if folded.len() > 3 {
                let stem = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English).stem(&folded).into_owned();
                if stem != folded {
                    terms.push(stem);
                }
            }
        }
        Some((folded, terms))
    }
}

fn is_devanagari(c: char) -> bool {
    ('\u{900}'..='\u{97F}').contains(&c)
}

/// Normalises equivalent Devanagari spellings: precomposed nukta letters become base + nukta,
/// chandrabindu becomes anusvara, zero-width (non-)joiners go, Devanagari digits become ASCII.
pub(super) fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        let base_with_nukta = match c {
            '\u{958}' => Some('क'),
            '\u{959}' => Some('ख'),
            '\u{95A}' => Some('ग'),
            '\u{95B}' => Some('ज'),
            '\u{95C}' => Some('ड'),
            '\u{95D}' => Some('ढ'),
            '\u{95E}' => Some('फ'),
            '\u{95F}' => Some('य'),
            '\u{929}' => Some('न'),
            '\u{931}' => Some('र'),
            '\u{934}' => Some('ळ'),
            _ => None,
        };
        match (base_with_nukta, c) {
            (Some(base), _) => {
                out.push(base);
                out.push(NUKTA);
            }
            (None, '\u{901}') => out.push(ANUSVARA),
            (None, '\u{200C}' | '\u{200D}') => {}
            (None, '\u{966}'..='\u{96F}') => {
                let digit = (c as u32 - 0x966) as u8;
                out.push(char::from(b'0' + digit));
            }
            (None, _) => out.push(c),
        }
    }
    out
}

/// Latin spelling of a consonant (with a following nukta when `nukta`), or `None`.
fn consonant(c: char, nukta: bool) -> Option<&'static str> {
    Some(match (c, nukta) {
        ('क', false) => "k",
        ('क', true) => "q",
        ('ख', _) => "kh",
        ('ग', _) => "g",
        ('घ', _) => "gh",
        ('ङ' | 'ञ' | 'ण' | 'न', _) => "n",
        ('च', _) => "ch",
        ('छ', _) => "chh",
        ('ज', false) => "j",
        ('ज', true) => "z",
        ('झ', _) => "jh",
        ('ट', _) => "t",
        ('ठ', _) => "th",
        ('ड', false) => "d",
        ('ड', true) => "r",
        ('ढ', false) => "dh",
        ('ढ', true) => "rh",
        ('त', _) => "t",
        ('थ', _) => "th",
        ('द', _) => "d",
        ('ध', _) => "dh",
        ('प', _) => "p",
        ('फ', false) => "ph",
        ('फ', true) => "f",
        ('ब', _) => "b",
        ('भ', _) => "bh",
        ('म', _) => "m",
        ('य', _) => "y",
        ('र', _) => "r",
        ('ल' | 'ळ', _) => "l",
        ('व', _) => "v",
        ('श' | 'ष', _) => "sh",
        ('स', _) => "s",
        ('ह', _) => "h",
        _ => return None,
    })
}

/// Latin spelling of an independent vowel or a vowel sign (matra), or `None`.
fn vowel(c: char) -> Option<&'static str> {
    Some(match c {
        'अ' => "a",
        'आ' | 'ा' => "aa",
        'इ' | 'ि' => "i",
        'ई' | 'ी' => "ii",
        'उ' | 'ु' => "u",
        'ऊ' | 'ू' => "uu",
        'ऋ' | 'ृ' => "ri",
        'ए' | 'े' | 'ऍ' | 'ॅ' | 'ऎ' | 'ॆ' => "e",
        'ऐ' | 'ै' => "ai",
        'ओ' | 'ो' | 'ऑ' | 'ॉ' | 'ऒ' | 'ॊ' => "o",
        'औ' | 'ौ' => "au",
        _ => return None,
    })
}

/// Transliterates a normalised Devanagari word to plain ASCII Latin letters, Hinglish style:
/// inherent `a` after a consonant unless a vowel sign or virama follows, none at the word end.
pub fn transliterate(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let nukta = chars.get(i + 1) == Some(&NUKTA);
        if let Some(latin) = consonant(c, nukta) {
            out.push_str(latin);
            i += if nukta { 2 } else { 1 };
            let next = chars.get(i).copied();
            let is_matra = next.is_some_and(|n| vowel(n).is_some() && is_sign(n));
            // Inherent vowel: not before a vowel sign or virama, dropped at the word's end.
            if !is_matra && next != Some(VIRAMA) && next.is_some() {
                out.push('a');
            }
            continue;
        }
        match c {
            ANUSVARA => out.push('n'),
            '\u{903}' => out.push('h'),
            _ if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            _ => {
                if let Some(latin) = vowel(c) {
                    out.push_str(latin);
                }
            }
        }
        i += 1;
    }
    out
}

/// Whether `c` is a dependent vowel sign (matra) rather than an independent vowel.
fn is_sign(c: char) -> bool {
    ('\u{93E}'..='\u{94C}').contains(&c) || c == '\u{945}' || c == '\u{946}'
}

/// The loose phonetic key of a Latin word: a consonant skeleton.
///
/// Folds, in this order: aspirates (`kh`→`k`, `bh`→`b`, ...), `ch`/`chh` as one class,
/// sibilants (`sh`→`s`), `ph`/`f`, `w`/`v`, `z`/`j`, `q`/`c`/`k`, `x`→`ks`; vowels (long or
/// short), inner `y` and inner `h` are dropped, except that a leading vowel leaves an `a`
/// marker; doubled classes collapse. Non-letters are ignored. Returns "" for no consonant.
pub fn phonetic_key(latin: &str) -> String {
    let bytes: Vec<u8> = latin.bytes().filter(u8::is_ascii_alphabetic).map(|b| b.to_ascii_lowercase()).collect();
    let mut out = String::new();
    let mut i = 0;
    let mut first = true;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let (classes, used): (&str, usize) = if rest.starts_with(b"chh") {
            ("c", 3)
        } else {
            match (rest[0], rest.get(1).copied()) {
                (b'c', Some(b'h')) => ("c", 2),
                (b's', Some(b'h')) => ("s", 2),
                (b'p', Some(b'h')) => ("f", 2),
                (b'k' | b'g' | b'j' | b't' | b'd' | b'b' | b'r', Some(b'h')) => (class_of(rest[0]), 2),
                (b'a' | b'e' | b'i' | b'o' | b'u', _) => (if first { "a" } else { "" }, 1),
                (b'y' | b'h', _) => (if first { class_of(rest[0]) } else { "" }, 1),
                // A Latin c before e/i/y sounds s: "cancel" meets कैंसल, "service" सर्विस.
                (b'c', Some(b'e' | b'i' | b'y')) => ("s", 1),
                (b'x', _) => ("ks", 1),
                (b, _) => (class_of(b), 1),
            }
        };
        for class in classes.chars() {
            if !out.ends_with(class) {
                out.push(class);
            }
        }
        i += used;
        first = false;
    }
    out
}

/// Light stemming in key space: the future-tense endings of Hindi verbs (-enge/-ange `ng`,
/// -ega/-egi/-oge `g`) are dropped from keys long enough to keep two consonants, so मिलेगा,
/// मिलेंगे and "milenge" share a key. (Dropping -te/-na `t`/`n` too was measured to cost
/// Hindi acc@1 6 points: it merges unrelated words.)
fn stem_key(key: String) -> String {
    for ending in ["ng", "g"] {
        if let Some(stem) = key.strip_suffix(ending) {
            if stem.len() >= 2 {
                return stem.to_string();
            }
        }
    }
    key
}

/// The class letter of a single Latin consonant.
fn class_of(b: u8) -> &'static str {
    match b {
        b'c' | b'q' | b'k' => "k",
        b'z' | b'j' => "j",
        b'w' | b'v' => "v",
        b'f' => "f",
        b'b' => "b",
        b'd' => "d",
        b'g' => "g",
        b'h' => "h",
        b'l' => "l",
        b'm' => "m",
        b'n' => "n",
        b'p' => "p",
        b'r' => "r",
        b's' => "s",
        b't' => "t",
        b'y' => "y",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::super::analyzer_for;
    use super::super::test_support::assert_tokens;
    use super::*;

    #[test]
    fn devanagari_words_are_kept_whole_with_their_key() {
        assert_tokens(
            &analyzer_for("hi"),
            "ग्राहक सेवा",
            &[("ग्राहक", 0, 18, 0), ("#grk", 0, 18, 0), ("सेवा", 19, 31, 1), ("#sv", 19, 31, 1)],
        );
    }

    #[test]
    fn nukta_and_chandrabindu_spellings_are_one_term() {
        let hi = analyzer_for("hi");
        let terms = |s: &str| hi.words(s).remove(0).terms;
        // Precomposed ज़ (U+095B), base + nukta, and no nukta at all.
        assert_eq!(terms("\u{95B}रूरत"), terms("ज\u{93C}रूरत"));
        assert_eq!(terms("ज\u{93C}रूरत")[0], "जरूरत");
        assert_eq!(terms("हँसी"), terms("हंसी"));
    }

    #[test]
    fn hinglish_words_share_keys_with_devanagari() {
        let pairs = [
            ("paise", "पैसे"),
            ("wapas", "वापस"),
            ("kaise", "कैसे"),
            ("milenge", "मिलेंगे"),
            ("mera", "मेरा"),
            ("order", "ऑर्डर"),
            ("kab", "कब"),
            ("aayega", "आएगा"),
            ("otp", "ओटीपी"),
            ("nahi", "नहीं"),
            ("refund", "रिफंड"),
            ("zaroorat", "ज़रूरत"),
            ("kuch", "कुछ"),
            ("bhejna", "भेजना"),
            ("cancel", "कैंसल"),
            ("service", "सर्विस"),
            ("card", "कार्ड"),
        ];
        for (latin, devanagari) in pairs {
            assert_eq!(
                phonetic_key(latin),
                phonetic_key(&transliterate(&normalize(devanagari))),
                "{latin} vs {devanagari} ({})",
                transliterate(&normalize(devanagari))
            );
        }
    }

    #[test]
    fn function_words_are_dropped_in_both_scripts() {
        let words = |s: &str| analyzer_for("hi").words(s).into_iter().map(|w| w.terms[0].clone()).collect::<Vec<_>>();
        assert_eq!(words("पैसा वापसी कितने दिन में होती है?"), ["पैसा", "वापसी", "दिन"]);
        assert_eq!(words("mera order kab aayega"), ["order", "aayega"]);
    }

    #[test]
    fn latin_words_in_hindi_text_get_a_key_too() {
        assert_tokens(&analyzer_for("hi"), "OTP", &[("otp", 0, 3, 0), ("#atp", 0, 3, 0)]);
    }

    #[test]
    fn latin_words_in_hindi_text_also_get_their_english_stem() {
        let terms = |s: &str| analyzer_for("hi").words(s).into_iter().flat_map(|w| w.terms).collect::<Vec<_>>();
        assert!(terms("alarms").contains(&"alarm".to_string()), "{:?}", terms("alarms"));
        assert!(terms("alarm").contains(&"alarm".to_string()));
        // Short words and Devanagari keep their two terms.
        assert_eq!(terms("otp").len(), 2);
        assert_eq!(terms("अलार्म").len(), 2);
    }
}
