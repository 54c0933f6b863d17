//! English irregular forms and their base words. The Snowball stemmer strips regular endings
//! only, so "paid" never met "pay", "sent" never met "send" and "knives" never met "knife":
//! irregular verbs are among the commonest words in a complaint ("I paid but…", "you sent the
//! wrong…", "it broke"). Left out: forms that are as often words of another meaning ("left",
//! "saw", "felt", "bit", "lay", "fed", "bound"), and those of light verbs ("went", "came", "got",
//! "made", "took", "said"), whose base words are in nearly every answer: matching them only
//! added noise (measured on the labelled sets).

/// (irregular form, base word), sorted by form for binary search.
const FORMS: &[(&str, &str)] = &[
    ("bent", "bend"),
    ("blew", "blow"),
    ("blown", "blow"),
    ("bought", "buy"),
    ("broke", "break"),
    ("broken", "break"),
    ("brought", "bring"),
    ("built", "build"),
    ("caught", "catch"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("fallen", "fall"),
    ("fell", "fall"),
    ("forgot", "forget"),
    ("forgotten", "forget"),
    ("froze", "freeze"),
    ("frozen", "freeze"),
    ("halves", "half"),
    ("hid", "hide"),
    ("hidden", "hide"),
    ("hung", "hang"),
    ("knives", "knife"),
    ("lent", "lend"),
    ("lost", "lose"),
    ("mistaken", "mistake"),
    ("mistook", "mistake"),
    ("paid", "pay"),
    ("rang", "ring"),
    ("sent", "send"),
    ("shelves", "shelf"),
    ("shrank", "shrink"),
    ("shrunk", "shrink"),
    ("sold", "sell"),
    ("spent", "spend"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("stuck", "stick"),
    ("taught", "teach"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("tore", "tear"),
    ("torn", "tear"),
    ("withdrawn", "withdraw"),
    ("withdrew", "withdraw"),
    ("wore", "wear"),
    ("worn", "wear"),
    ("written", "write"),
    ("wrote", "write"),
];

/// The base word of a lower-cased irregular English form ("paid" → "pay"), if it is one.
pub(super) fn english_base(word: &str) -> Option<&'static str> {
    FORMS.binary_search_by_key(&word, |&(form, _)| form).ok().map(|i| FORMS[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_sorted_and_unique_so_that_binary_search_finds_them() {
        assert!(FORMS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(FORMS.iter().all(|&(form, _)| english_base(form).is_some()));
    }

    #[test]
    fn an_irregular_form_is_indexed_as_its_base_word_and_a_light_verb_is_not() {
        let english = crate::analyzer_for("en");
        let terms = |text: &str| english.words(text).into_iter().flat_map(|w| w.terms).collect::<Vec<_>>();
        assert_eq!(terms("paid sent knives broken"), terms("pay send knife break"));
        assert_ne!(terms("went"), terms("go"));
    }

    #[test]
    fn irregular_forms_lead_to_their_base_and_other_words_to_nothing() {
        assert_eq!(english_base("paid"), Some("pay"));
        assert_eq!(english_base("knives"), Some("knife"));
        assert_eq!(english_base("pay"), None);
        assert_eq!(english_base("left"), None);
    }
}
