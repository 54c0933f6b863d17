//! Masking of personal data in complaint text before it reaches any report or diagnostic:
//! email addresses (also local ones like `admin@localhost`, UPI ids like `name@okaxis`, and
//! spelled out: `name at example dot com`, `name [at] example [dot] com`), phone numbers, card
//! numbers, IBANs (any country), Indian PAN and Aadhaar numbers, Turkish T.C. kimlik numbers
//! and other long digit runs (order and account numbers).
//!
//! Digits are read in every script Unicode has (`९८७`, `٩٨٧`, `৯৮৭`, fullwidth `９８７`...), and
//! the groups of a number may be separated by spaces (up to three), `-`, `.`, `/`, `_`, `,` or
//! parentheses: `98765_43210`, `98765,43210` and `98765  43210` are one phone number.
//!
//! Masking errs on the side of hiding: an amount of six digits or more is masked too. Dates
//! written as `2026-10-01` or `01/10/2026` are kept, since they identify nobody, and so are
//! short numbers and ordinary words (`at`, `dot` in a sentence).

use std::ops::Range;

/// What a masked span was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pii {
    /// An email address, written with `@` or spelled out.
    Email,
    /// A UPI payment id (`name@okaxis`, `9876543210@ybl`).
    Upi,
    /// A phone number.
    Phone,
    /// A number that passes the Luhn check with 13–19 digits.
    Card,
    /// An IBAN that passes its mod-97 check.
    Iban,
    /// An Indian PAN (`ABCDE1234F`).
    Pan,
    /// A 12-digit Aadhaar number that passes its Verhoeff check.
    Aadhaar,
    /// An 11-digit Turkish T.C. kimlik number that passes its check digits.
    NationalId,
    /// Any other run of six digits or more (order, account, tracking numbers).
    Number,
}

impl Pii {
    /// The placeholder written in reports.
    pub fn placeholder(self) -> &'static str {
        match self {
            Pii::Email => "[email]",
            Pii::Upi => "[upi]",
            Pii::Phone => "[phone]",
            Pii::Card => "[card]",
            Pii::Iban => "[iban]",
            Pii::Pan => "[pan]",
            Pii::Aadhaar => "[aadhaar]",
            Pii::NationalId => "[id]",
            Pii::Number => "[number]",
        }
    }
}

/// Shortest digit run that is masked as an order or account number.
const MIN_NUMBER_DIGITS: usize = 6;
/// Whitespace characters allowed between two digit groups of one number.
const MAX_SPACES: usize = 3;

/// UPI handles (the part after `@`) of the main Indian payment apps and banks: an address
/// without a dot whose domain is one of them is a UPI id.
const UPI_HANDLES: &[&str] = &[
    "apl",
    "axisb",
    "axisbank",
    "axl",
    "barodampay",
    "boi",
    "cnrb",
    "hdfcbank",
    "ibl",
    "icici",
    "idfcbank",
    "ikwik",
    "indus",
    "jupiteraxis",
    "kotak",
    "okaxis",
    "okhdfcbank",
    "okicici",
    "oksbi",
    "paytm",
    "pingpay",
    "postbank",
    "pnb",
    "rbl",
    "sbi",
    "upi",
    "ybl",
    "yesbank",
    "yapl",
    "waicici",
    "wahdfcbank",
    "waaxis",
    "wasbi",
];

/// Top-level domains accepted after a spelled-out `at` with real dots (`name at gmail.com`),
/// where nothing else says the words are an address.
const COMMON_TLDS: &[&str] = &[
    "com", "net", "org", "in", "co", "io", "edu", "gov", "info", "biz", "me", "uk", "us", "tr", "de", "fr", "es", "it",
    "nl", "ru", "br", "au", "ca", "jp", "cn", "pk", "bd", "np", "lk", "ae", "sa",
];

/// `text` with every personal-data span replaced by its placeholder.
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

/// Whether `text` holds anything [`mask`] would hide.
pub fn has_pii(text: &str) -> bool {
    !find(text).is_empty()
}

/// Byte ranges of personal data in `text`, in order, not overlapping.
pub fn find(text: &str) -> Vec<(Range<usize>, Pii)> {
    let bytes = text.as_bytes();
    // Most texts hold no digit (of any script: those are not ASCII), no `@` and no `at`.
    let maybe_digits = bytes.iter().any(|&b| b.is_ascii_digit() || b >= 0x80);
    let maybe_at = bytes.contains(&b'@') || contains_at_word(bytes);
    if !maybe_digits && !maybe_at {
        return Vec::new();
    }
    let mut spans: Vec<(Range<usize>, Pii)> = Vec::new();
    // Earlier finders win: an address holding digits is an address, not a number.
    let add = |found: Vec<(Range<usize>, Pii)>, spans: &mut Vec<(Range<usize>, Pii)>| {
        for (r, kind) in found {
            if !spans.iter().any(|(s, _)| r.start < s.end && s.start < r.end) {
                spans.push((r, kind));
            }
        }
    };
    if maybe_at {
        add(emails(text), &mut spans);
        add(spelled_emails(text), &mut spans);
    }
    if maybe_digits {
        add(codes(text), &mut spans);
        add(digit_runs(text), &mut spans);
    }
    spans.sort_by_key(|(r, _)| r.start);
    spans
}

/// Zero of every block of decimal digits (Unicode category Nd): each block is ten code points,
/// zero to nine, so a digit's value is its distance from its block's zero.
const DIGIT_ZEROS: &[u32] = &[
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50, 0xED0,
    0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620,
    0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x10D40, 0x11066, 0x110F0, 0x11136,
    0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x116D0, 0x116DA, 0x11730, 0x118E0, 0x11950, 0x11BF0,
    0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16130, 0x16A60, 0x16AC0, 0x16B50, 0x16D70, 0x1CCF0, 0x1D7CE, 0x1D7D8,
    0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E5F1, 0x1E950, 0x1FBF0,
];

/// The value of a decimal digit of any script, `None` for anything else (`²`, `½`, letters).
pub fn digit_value(c: char) -> Option<u8> {
    if c.is_ascii_digit() {
        return Some(c as u8 - b'0');
    }
    if (c as u32) < 0x660 {
        return None;
    }
    let code = c as u32;
    let i = DIGIT_ZEROS.partition_point(|&z| z <= code).checked_sub(1)?;
    let offset = code - DIGIT_ZEROS[i];
    (offset < 10).then_some(offset as u8)
}

fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// The character starting at byte `i` of `text`, if `i` is inside it and on a boundary.
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// The character ending at byte `i`.
fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-')
}

/// Addresses written with `@`: `name@example.com`, and without a dot in the domain, UPI ids
/// (`name@okaxis`) and local addresses (`admin@localhost`) when both sides are long enough
/// to be a name (`a@b` and `see you @ noon` stay).
fn emails(text: &str) -> Vec<(Range<usize>, Pii)> {
    let mut out: Vec<(Range<usize>, Pii)> = Vec::new();
    for (at, _) in text.match_indices('@') {
        if out.last().is_some_and(|(r, _)| r.end > at) {
            continue;
        }
        let local: Vec<(usize, char)> =
            text[..at].char_indices().rev().take_while(|&(_, c)| is_local_char(c)).collect();
        let Some(&(start, _)) = local.last() else { continue };
        let domain_len: usize = text[at + 1..].chars().take_while(|&c| is_domain_char(c)).map(char::len_utf8).sum();
        let domain = text[at + 1..at + 1 + domain_len].trim_end_matches(['.', '-']);
        let end = at + 1 + domain.len();
        let dot = domain.find('.');
        if dot.is_some_and(|d| d > 0 && d + 1 < domain.len()) {
            out.push((start..end, Pii::Email));
            continue;
        }
        let named = local.len() >= 2
            && domain.len() >= 3
            && domain.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && domain.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if named {
            let lower = domain.to_ascii_lowercase();
            let kind = if UPI_HANDLES.contains(&lower.as_str()) { Pii::Upi } else { Pii::Email };
            out.push((start..end, kind));
        }
    }
    out
}

/// Whether `bytes` holds the word `at` in any case (a cheap first test for spelled-out
/// addresses).
fn contains_at_word(bytes: &[u8]) -> bool {
    bytes.windows(2).enumerate().any(|(i, w)| {
        w.eq_ignore_ascii_case(b"at")
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && bytes.get(i + 2).is_none_or(|b| !b.is_ascii_alphanumeric())
    })
}

/// A spelled-out `at` or `dot` at byte `i`: bracketed (`[at]`, `(at)`, `{at}`, `<at>`, with or
/// without spaces around) or a bare word between spaces. Returns its end and whether it was
/// bracketed.
fn spelled_token(text: &str, i: usize, word: &str) -> Option<(usize, bool)> {
    let b = text.as_bytes();
    let spaces = |mut j: usize| {
        while b.get(j).is_some_and(|c| *c == b' ') {
            j += 1;
        }
        j
    };
    let j = spaces(i);
    let n = word.len();
    if let Some(&open) = b.get(j).filter(|c| matches!(c, b'[' | b'(' | b'{' | b'<')) {
        let close = match open {
            b'[' => b']',
            b'(' => b')',
            b'{' => b'}',
            _ => b'>',
        };
        let inner = spaces(j + 1);
        let word_end = inner + n;
        if b.get(inner..word_end).is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes())) {
            let k = spaces(word_end);
            if b.get(k) == Some(&close) {
                return Some((spaces(k + 1), true));
            }
        }
        return None;
    }
    // A bare word needs a space on both sides.
    let word_end = j + n;
    let bare = j > i
        && b.get(j..word_end).is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()))
        && b.get(word_end) == Some(&b' ');
    bare.then(|| (spaces(word_end), false))
}

/// Addresses spelled out to dodge filters: `name at example dot com`, `name [at] example [dot]
/// com`, `name (at) gmail.com`. Without brackets the address must end in a common top-level
/// domain (`meet at 5.30` and `at the dot of noon` stay).
fn spelled_emails(text: &str) -> Vec<(Range<usize>, Pii)> {
    let b = text.as_bytes();
    let mut out: Vec<(Range<usize>, Pii)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // A token starts after the local part: at a space or a bracket.
        if !matches!(b[i], b' ' | b'[' | b'(' | b'{' | b'<') || out.last().is_some_and(|(r, _)| r.end > i) {
            i += 1;
            continue;
        }
        let Some((after_at, at_bracketed)) = spelled_token(text, i, "at") else {
            i += 1;
            continue;
        };
        let local_start = text[..i]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_local_char(c))
            .last()
            .map(|(s, _)| s)
            .filter(|&s| s < i);
        let Some(start) = local_start else {
            i += 1;
            continue;
        };
        // Labels joined by dots, real or spelled.
        let label = |from: usize| -> usize {
            text[from..]
                .char_indices()
                .find(|&(_, c)| !(c.is_alphanumeric() || c == '-'))
                .map_or(text.len(), |(k, _)| from + k)
        };
        let mut end = label(after_at);
        if end == after_at {
            i += 1;
            continue;
        }
        let (mut dots, mut dot_bracketed) = (0, false);
        let mut last_label = after_at..end;
        loop {
            let (next, bracketed) = if b.get(end) == Some(&b'.') {
                (end + 1, false)
            } else if let Some(token) = spelled_token(text, end, "dot") {
                token
            } else {
                break;
            };
            let label_end = label(next);
            if label_end == next {
                break;
            }
            dots += 1;
            dot_bracketed |= bracketed;
            last_label = next..label_end;
            end = label_end;
        }
        let tld = &text[last_label];
        let tld_ok = (2..=24).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_alphabetic());
        let common = COMMON_TLDS.iter().any(|t| t.eq_ignore_ascii_case(tld));
        // Bare words need a common top-level domain: `the dot of noon` is no address.
        if dots > 0 && tld_ok && (at_bracketed || dot_bracketed || common) {
            out.push((start..end, Pii::Email));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// IBANs and PAN numbers: codes of letters and digits that start at a word boundary.
fn codes(text: &str) -> Vec<(Range<usize>, Pii)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !char_before(text, i).is_some_and(char::is_alphanumeric);
        if boundary && b[i].is_ascii_alphabetic() {
            if let Some(end) = iban_at(text, i) {
                out.push((i..end, Pii::Iban));
                i = end;
                continue;
            }
            if let Some(end) = pan_at(text, i) {
                out.push((i..end, Pii::Pan));
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// An IBAN starting at byte `i`: country letters, check digits, then up to 30 letters and
/// digits, grouped by spaces or not, 15–34 characters in all, passing the mod-97 check.
fn iban_at(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    let head = b.get(i..i + 4)?;
    if !(head[0].is_ascii_uppercase()
        && head[1].is_ascii_uppercase()
        && head[2].is_ascii_digit()
        && head[3].is_ascii_digit())
    {
        return None;
    }
    // Characters of the code and the byte where each group ends.
    let mut code: Vec<u8> = Vec::with_capacity(34);
    let mut ends: Vec<(usize, usize)> = Vec::new();
    let mut j = i;
    loop {
        let start = j;
        while j < b.len() && (b[j].is_ascii_uppercase() || b[j].is_ascii_digit()) && code.len() < 34 {
            code.push(b[j]);
            j += 1;
        }
        if j == start {
            break;
        }
        if j < b.len() && b[j].is_ascii_alphanumeric() {
            // Runs on into lower-case letters or more than 34 characters: not a code.
            break;
        }
        ends.push((code.len(), j));
        if b.get(j) == Some(&b' ') && b.get(j + 1).is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
            j += 1;
        } else {
            break;
        }
    }
    ends.iter().rev().find(|&&(len, _)| (15..=34).contains(&len) && iban_valid(&code[..len])).map(|&(_, end)| end)
}

/// The ISO 13616 check: the code with its first four characters moved to the end, letters as
/// 10–35, is 1 modulo 97.
fn iban_valid(code: &[u8]) -> bool {
    let mut rest: u32 = 0;
    for &c in code[4..].iter().chain(&code[..4]) {
        let value = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return false,
        };
        rest = if value >= 10 { (rest * 100 + value) % 97 } else { (rest * 10 + value) % 97 };
    }
    rest == 1
}

/// A PAN starting at byte `i`: five letters, four digits, a letter, as one word, in one case.
fn pan_at(text: &str, i: usize) -> Option<usize> {
    let w = text.as_bytes().get(i..i + 10)?;
    let letters = |r: &[u8]| r.iter().all(u8::is_ascii_uppercase) || r.iter().all(u8::is_ascii_lowercase);
    let shaped = w[..5].iter().chain(&w[9..]).all(u8::is_ascii_alphabetic)
        && (letters(&[&w[..5], &w[9..]].concat()))
        && w[5..9].iter().all(u8::is_ascii_digit);
    let end = i + 10;
    (shaped && !char_at(text, end).is_some_and(char::is_alphanumeric)).then_some(end)
}

/// One run of digit groups: its digits (as ASCII), the groups (digits and byte range) and
/// the separators between groups.
#[derive(Default)]
struct Run {
    digits: String,
    sizes: Vec<usize>,
    ranges: Vec<Range<usize>>,
    separators: Vec<char>,
}

impl Run {
    /// Reads the run of digit groups starting at byte `i` (a digit) and returns its end.
    fn scan(&mut self, text: &str, i: usize) -> usize {
        self.digits.clear();
        self.sizes.clear();
        self.ranges.clear();
        self.separators.clear();
        let mut j = i;
        loop {
            let group_start = j;
            while let Some((c, d)) = char_at(text, j).and_then(|c| digit_value(c).map(|d| (c, d))) {
                self.digits.push(char::from(b'0' + d));
                j += c.len_utf8();
            }
            self.sizes.push(self.digits.len() - self.sizes.iter().sum::<usize>());
            self.ranges.push(group_start..j);
            match separator_at(text, j) {
                Some((len, kind)) => {
                    self.separators.push(kind);
                    j += len;
                }
                None => return j,
            }
        }
    }

    /// Digits in the groups before group `k`.
    fn digits_before(&self, k: usize) -> usize {
        self.sizes[..k].iter().sum()
    }

    /// Whether a date sits anywhere in the run.
    #[cfg(test)]
    fn has_date(&self) -> bool {
        (0..self.sizes.len())
            .any(|k| date_at(&self.sizes[k..], &self.separators[k..], &self.digits[self.digits_before(k)..]).is_some())
    }
}

/// A separator between two digit groups at byte `j`: its length in bytes and its kind (the
/// character, `' '` for any whitespace), if a digit follows it.
fn separator_at(text: &str, j: usize) -> Option<(usize, char)> {
    let c = char_at(text, j)?;
    let next_is_digit = |k: usize| char_at(text, k).is_some_and(is_digit);
    if is_space(c) {
        let mut k = j;
        let mut n = 0;
        while let Some(s) = char_at(text, k).filter(|&s| is_space(s)) {
            if n == MAX_SPACES {
                return None;
            }
            k += s.len_utf8();
            n += 1;
        }
        if next_is_digit(k) {
            return Some((k - j, ' '));
        }
        if char_at(text, k) == Some('(') && next_is_digit(k + 1) {
            return Some((k + 1 - j, '('));
        }
        return None;
    }
    match c {
        '-' | '.' | '/' | '_' | ',' | '(' | '\u{2010}' | '\u{2011}' | '\u{2013}' if next_is_digit(j + c.len_utf8()) => {
            Some((c.len_utf8(), if c == '\u{2010}' || c == '\u{2011}' || c == '\u{2013}' { '-' } else { c }))
        }
        ')' => {
            if next_is_digit(j + 1) {
                Some((1, ')'))
            } else if char_at(text, j + 1).is_some_and(is_space) && next_is_digit(j + 2) {
                Some((2, ')'))
            } else {
                None
            }
        }
        _ => None,
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{2009}' | '\u{202f}' | '\u{3000}')
}

fn digit_runs(text: &str) -> Vec<(Range<usize>, Pii)> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut run = Run::default();
    while let Some(c) = char_at(text, i) {
        let plus = c == '+' && char_at(text, i + 1).is_some_and(is_digit);
        if !is_digit(c) && !plus {
            i += c.len_utf8();
            continue;
        }
        let first = if plus { i + 1 } else { i };
        let end = run.scan(text, first);
        // `(022) 2345 6789`: the opening parenthesis belongs to the number.
        let start = if plus {
            i
        } else if char_before(text, i) == Some('(') && run.separators.first() == Some(&')') {
            i - 1
        } else {
            i
        };
        // Dates inside a run stay; the groups on either side are numbers of their own.
        let mut piece = 0;
        let mut k = 0;
        while k < run.sizes.len() {
            match date_at(&run.sizes[k..], &run.separators[k..], &run.digits[run.digits_before(k)..]) {
                Some(len) => {
                    if k > piece {
                        push_piece(&mut out, &run, piece..k, plus, start);
                    }
                    k += len;
                    piece = k;
                }
                None => k += 1,
            }
        }
        if piece < run.sizes.len() {
            push_piece(&mut out, &run, piece..run.sizes.len(), plus, start);
        }
        i = end;
    }
    out
}

/// Classifies the groups `groups` of `run` and records their span if it is personal data;
/// the first piece of a run starts at `run_start` (its `+` or parenthesis).
fn push_piece(out: &mut Vec<(Range<usize>, Pii)>, run: &Run, groups: Range<usize>, plus: bool, run_start: usize) {
    let first = groups.start == 0;
    let digits = &run.digits[run.digits_before(groups.start)..run.digits_before(groups.end)];
    if let Some(kind) = classify(digits, &run.sizes[groups.clone()], plus && first) {
        let start = if first { run_start } else { run.ranges[groups.start].start };
        out.push((start..run.ranges[groups.end - 1].end, kind));
    }
}

/// Whether the groups starting at the first of `sizes` form a date (`2026-10-01`,
/// `01/10/2026`, `1.10.26`): the same date separator twice and plausible values. Returns how
/// many groups it takes.
fn date_at(sizes: &[usize], separators: &[char], digits: &str) -> Option<usize> {
    let (&[a, b, c, ..], &[s1, s2, ..]) = (sizes, separators) else { return None };
    if s1 != s2 || !matches!(s1, '-' | '/' | '.') {
        return None;
    }
    // A longer chain with the same separator is a number (`4111-1111-1111-1111`).
    if separators.get(2) == Some(&s1) && sizes.len() > 3 {
        return None;
    }
    let value = |from: usize, n: usize| digits.get(from..from + n).and_then(|d| d.parse::<u32>().ok());
    let (x, y, z) = (value(0, a)?, value(a, b)?, value(a + b, c)?);
    let year = |v: u32, n: usize| (n == 4 && (1900..=2100).contains(&v)) || n == 2;
    let day_month = |d: u32, m: u32| (1..=31).contains(&d) && (1..=12).contains(&m);
    let ok = match (a, b, c) {
        (4, 1..=2, 1..=2) => year(x, 4) && (1..=12).contains(&y) && (1..=31).contains(&z),
        (1..=2, 1..=2, 4) | (1..=2, 1..=2, 2) => year(z, c) && (day_month(x, y) || day_month(y, x)),
        _ => false,
    };
    ok.then_some(3)
}

/// What a run of `digits` (ASCII) in groups of `groups` digits is, if it is personal data.
fn classify(digits: &str, groups: &[usize], plus: bool) -> Option<Pii> {
    let n = digits.len();
    if plus {
        return if (7..=15).contains(&n) { Some(Pii::Phone) } else { (n >= 5).then_some(Pii::Number) };
    }
    if n == 12 && !digits.starts_with(['0', '1']) && verhoeff(digits) {
        return Some(Pii::Aadhaar);
    }
    if n == 11 && !digits.starts_with('0') && kimlik(digits) {
        return Some(Pii::NationalId);
    }
    if (13..=19).contains(&n) && luhn(digits) {
        return Some(Pii::Card);
    }
    if (7..=15).contains(&n) && (groups.len() > 1 || n == 10) {
        return Some(Pii::Phone);
    }
    (n >= MIN_NUMBER_DIGITS).then_some(Pii::Number)
}

fn values(digits: &str) -> impl DoubleEndedIterator<Item = u32> + '_ {
    digits.bytes().map(|b| u32::from(b - b'0'))
}

fn luhn(digits: &str) -> bool {
    let sum: u32 =
        values(digits).rev().enumerate().map(|(i, d)| if i % 2 == 1 { (d * 2) % 10 + (d * 2) / 10 } else { d }).sum();
    sum % 10 == 0
}

/// The Verhoeff check Aadhaar numbers carry in their last digit.
fn verhoeff(digits: &str) -> bool {
    const D: [[u8; 10]; 10] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ];
    const P: [[u8; 10]; 8] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ];
    let mut c = 0u8;
    for (i, d) in values(digits).rev().enumerate() {
        c = D[usize::from(c)][usize::from(P[i % 8][d as usize])];
    }
    c == 0
}

/// The two check digits of a T.C. kimlik number.
fn kimlik(digits: &str) -> bool {
    let d: Vec<u32> = values(digits).collect();
    let odd: u32 = d[0..9].iter().step_by(2).sum();
    let even: u32 = d[1..8].iter().step_by(2).sum();
    let tenth = (odd * 7 + 10 * 10 - even) % 10;
    tenth == d[9] && d[..10].iter().sum::<u32>() % 10 == d[10]
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
        for kept in [
            "delivered on 01/10/2026 and 2026-10-01 3 times",
            "look at the parcel, it is at the door",
            "meet at 5.30 at the dot of noon",
            "I paid 1,499 for 2 items at 10:30",
            "ABCDE is the code",
            "Order No. 12345",
        ] {
            assert_eq!(mask(kept), kept);
        }
    }

    // Issue 13: separators, digit scripts, spelled-out and local addresses, Indian and
    // Turkish ids and IBANs were leaking into reports.
    #[test]
    fn numbers_with_any_separator_or_script_are_masked() {
        assert_eq!(mask("call 98765_43210"), "call [phone]");
        assert_eq!(mask("call 98765,43210"), "call [phone]");
        assert_eq!(mask("call 98765  43210"), "call [phone]");
        assert_eq!(mask("call (022) 2345 6789"), "call [phone]");
        assert_eq!(mask("رقمي ٩٨٧٦٥٤٣٢١٠"), "رقمي [phone]");
        assert_eq!(mask("番号 ９８７６５４３２１０"), "番号 [phone]");
        assert_eq!(mask("নম্বর ৯৮৭৬৫৪৩২১০"), "নম্বর [phone]");
        assert_eq!(mask("नंबर ९८७६५ ४३२१०"), "नंबर [phone]");
        assert_eq!(mask("on 2026-10-01 9876543210"), "on 2026-10-01 [phone]");
    }

    #[test]
    fn spelled_out_and_local_addresses_are_masked() {
        assert_eq!(mask("mail priya at example dot com please"), "mail [email] please");
        assert_eq!(mask("mail priya [at] example [dot] com"), "mail [email]");
        assert_eq!(mask("mail priya(at)example(dot)co(dot)in"), "mail [email]");
        assert_eq!(mask("mail priya AT gmail.com"), "mail [email]");
        assert_eq!(mask("root is admin@localhost"), "root is [email]");
        assert_eq!(mask("pay to priya@okaxis or 9876543210@ybl"), "pay to [upi] or [upi]");
    }

    #[test]
    fn national_ids_and_ibans_are_masked() {
        assert_eq!(mask("PAN ABCDE1234F"), "PAN [pan]");
        assert_eq!(mask("pan abcde1234f"), "pan [pan]");
        assert_eq!(mask("aadhaar 2345 6789 0124"), "aadhaar [aadhaar]");
        assert_eq!(mask("kimlik 10000000146"), "kimlik [id]");
        assert_eq!(mask("IBAN TR33 0006 1005 1978 6457 8413 26 please"), "IBAN [iban] please");
        assert_eq!(mask("to DE89370400440532013000."), "to [iban].");
        assert_eq!(mask("GB82 WEST 1234 5698 7654 32"), "[iban]");
        // A 12-digit number that fails Aadhaar's check is still masked.
        assert_eq!(mask("ref 2345 6789 0123"), "ref [phone]");
    }

    #[test]
    fn digit_values_cover_every_script() {
        for zero in DIGIT_ZEROS {
            for k in 0..10 {
                let c = char::from_u32(zero + k).expect("a code point");
                assert!(c.is_numeric(), "{c:?} (U+{:04X}) is numeric", zero + k);
                assert_eq!(digit_value(c), Some(k as u8), "U+{:04X}", zero + k);
            }
        }
        for not in ['²', '½', 'Ⅻ', 'a', '٫', '一'] {
            assert_eq!(digit_value(not), None, "{not}");
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Zeros of a few scripts customers write numbers in.
        const SCRIPTS: &[u32] = &[0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xFF10, 0xE50, 0xBE6];
        const SEPARATORS: &[&str] = &[" ", "  ", "   ", "-", ".", "_", ",", "/", "\u{a0}", ""];

        /// A phone, card or account number: its digits (ASCII), and as written.
        fn number() -> impl Strategy<Value = (String, String)> {
            (
                prop::collection::vec(0u8..10, 6..=19),
                prop::sample::select(SCRIPTS),
                prop::collection::vec((1usize..=5, prop::sample::select(SEPARATORS)), 1..8),
            )
                .prop_map(|(digits, zero, cuts)| {
                    let ascii: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
                    let mut written = String::new();
                    let mut cut = cuts.iter().cycle();
                    let mut left = 0;
                    for d in &digits {
                        if left == 0 {
                            let (size, separator) = cut.next().expect("cycle");
                            if !written.is_empty() {
                                written.push_str(separator);
                            }
                            left = *size;
                        }
                        written.push(char::from_u32(zero + u32::from(*d)).expect("a digit"));
                        left -= 1;
                    }
                    (ascii, written)
                })
        }

        fn ascii_digits(text: &str) -> String {
            text.chars().filter_map(digit_value).map(|d| char::from(b'0' + d)).collect()
        }

        proptest! {
            #[test]
            fn masked_text_never_holds_the_number(
                (digits, written) in number(),
                before in "[a-z ]{0,12}",
                after in "[a-z ]{0,12}",
            ) {
                // A number written as a date is kept on purpose.
                let mut run = Run::default();
                run.scan(&written, 0);
                prop_assume!(!run.has_date());
                let text = format!("{before} {written} {after}");
                let masked = mask(&text);
                prop_assert!(!masked.contains(&written), "{} -> {}", text, masked);
                prop_assert!(!ascii_digits(&masked).contains(&digits), "{} -> {}", text, masked);
            }

            #[test]
            fn masking_never_panics(text in any::<String>()) {
                let masked = mask(&text);
                let spans = find(&text);
                for pair in spans.windows(2) {
                    prop_assert!(pair[0].0.end <= pair[1].0.start);
                }
                prop_assert!(spans.is_empty() == (masked == text));
            }
        }
    }
}
