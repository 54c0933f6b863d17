//! Masking of personal data in complaint text before it reaches any report: email addresses,
//! phone numbers, card-like numbers and long digit runs (order and account numbers).
//!
//! Masking errs on the side of hiding: an amount of six digits or more is masked too. Dates
//! written as `2026-10-01` or `01/10/2026` are kept, since they identify nobody.

/// What a masked span was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pii {
    /// An email address.
    Email,
    /// A phone number.
    Phone,
    /// A number that passes the Luhn check with 13–19 digits.
    Card,
    /// Any other run of six digits or more (order, account, tracking numbers).
    Number,
}

impl Pii {
    /// The placeholder written in reports.
    pub fn placeholder(self) -> &'static str {
        match self {
            Pii::Email => "[email]",
            Pii::Phone => "[phone]",
            Pii::Card => "[card]",
            Pii::Number => "[number]",
        }
    }
}

/// Shortest digit run that is masked as an order or account number.
const MIN_NUMBER_DIGITS: usize = 6;

/// `text` with every email, phone, card and long number replaced by its placeholder.
pub fn mask(text: &str) -> String {
    mask_with(text, Pii::placeholder)
}

/// `text` with every personal-data span replaced by `replace(kind)`.
pub fn mask_with(text: &str, replace: impl Fn(Pii) -> &'static str) -> String {
    let spans = find(text);
    if spans.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, kind) in spans {
        out.push_str(&text[at..range.start]);
        out.push_str(replace(kind));
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Byte ranges of personal data in `text`, in order, not overlapping.
pub fn find(text: &str) -> Vec<(std::ops::Range<usize>, Pii)> {
    let mut spans = emails(text);
    let mut numbers = digit_runs(text);
    numbers.retain(|(r, _)| !spans.iter().any(|(e, _)| r.start < e.end && e.start < r.end));
    spans.extend(numbers);
    spans.sort_by_key(|(r, _)| r.start);
    spans
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{966}'..='\u{96F}').contains(&c)
}

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-')
}

fn emails(text: &str) -> Vec<(std::ops::Range<usize>, Pii)> {
    let mut out: Vec<(std::ops::Range<usize>, Pii)> = Vec::new();
    for (at, _) in text.match_indices('@') {
        if out.last().is_some_and(|(r, _)| r.end > at) {
            continue;
        }
        let start = text[..at].char_indices().rev().take_while(|&(_, c)| is_local_char(c)).last().map(|(i, _)| i);
        let domain_len: usize = text[at + 1..].chars().take_while(|&c| is_domain_char(c)).map(char::len_utf8).sum();
        let domain = text[at + 1..at + 1 + domain_len].trim_end_matches(['.', '-']);
        let Some(start) = start else { continue };
        let dot = domain.find('.');
        if dot.is_some_and(|d| d > 0 && d + 1 < domain.len()) {
            out.push((start..at + 1 + domain.len(), Pii::Email));
        }
    }
    out
}

fn digit_runs(text: &str) -> Vec<(std::ops::Range<usize>, Pii)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let plus = c == '+' && chars.get(i + 1).is_some_and(|&(_, n)| is_digit(n));
        if !is_digit(c) && !plus {
            i += 1;
            continue;
        }
        // Extend over digits and single separators that sit between digits.
        let mut j = if plus { i + 1 } else { i };
        let mut digits = String::new();
        let mut groups = vec![0usize];
        let mut separators = String::new();
        let mut end = start;
        while j < chars.len() {
            let (at, ch) = chars[j];
            if is_digit(ch) {
                digits.push(ch);
                if let Some(last) = groups.last_mut() {
                    *last += 1;
                }
                end = at + ch.len_utf8();
                j += 1;
            } else if matches!(ch, ' ' | '-' | '.' | '/' | '(' | ')')
                && chars.get(j + 1).is_some_and(|&(_, n)| is_digit(n) || (ch == ' ' && n == '('))
            {
                separators.push(ch);
                groups.push(0);
                j += 1;
            } else {
                break;
            }
        }
        groups.retain(|&g| g > 0);
        let n = digits.chars().count();
        let kind = classify(n, plus, &groups, &separators, &digits);
        if let Some(kind) = kind {
            out.push((start..end, kind));
        }
        i = j.max(i + 1);
    }
    out
}

fn classify(n: usize, plus: bool, groups: &[usize], separators: &str, digits: &str) -> Option<Pii> {
    let date_like = matches!(groups, [4, 2, 2] | [2, 2, 4] | [2, 2, 2] | [1, 2, 4] | [2, 1, 4] | [1, 1, 4])
        && separators.chars().all(|c| matches!(c, '-' | '/' | '.'));
    if date_like && !plus {
        return None;
    }
    if (13..=19).contains(&n) && luhn(digits) {
        return Some(Pii::Card);
    }
    if (7..=15).contains(&n) && (plus || groups.len() > 1 || n == 10) {
        return Some(Pii::Phone);
    }
    (n >= MIN_NUMBER_DIGITS || (plus && n >= 5)).then_some(Pii::Number)
}

fn luhn(digits: &str) -> bool {
    let values: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if values.len() != digits.chars().count() {
        return false;
    }
    let sum: u32 = values
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_emails_phones_cards_and_account_numbers() {
        assert_eq!(mask("write to priya.k+shop@gmail.com now."), "write to [email] now.");
        assert_eq!(mask("call me on +91 98765 43210"), "call me on [phone]");
        assert_eq!(mask("my number 9876543210"), "my number [phone]");
        assert_eq!(mask("card 4111 1111 1111 1111 charged twice"), "card [card] charged twice");
        assert_eq!(mask("order MM-48213377 is late"), "order MM-[number] is late");
        assert_eq!(mask("account 00123456789"), "account [number]");
        assert_eq!(mask("खाता ९८७६५४३२१०"), "खाता [phone]");
    }

    #[test]
    fn keeps_dates_short_numbers_and_plain_text() {
        let text = "ordered 2 items on 2026-10-01 for 499 rupees, 3 days ago (at 10.30)";
        assert_eq!(mask(text), text);
        assert_eq!(mask("see you @ noon"), "see you @ noon");
        assert_eq!(mask("a@b"), "a@b");
    }
}
