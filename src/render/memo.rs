//! Pages that need no rendering again: a page is a pure function of the theme's templates and
//! of its Tera context, so a page whose fingerprint (a hash of both) is the one it had in the
//! previous production is that production's page, byte for byte. `serve` keeps one
//! [`PageMemo`] across its productions and re-renders only the pages whose context changed;
//! `build` renders every page.

use serde_json::Value;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Mutex, PoisonError};

/// The fingerprints of the pages of the last production that was kept, and those of the one
/// under way.
#[derive(Debug, Default)]
pub struct PageMemo {
    /// Keyed per session: nobody can make two contexts collide on purpose.
    hasher: std::hash::RandomState,
    previous: HashMap<String, u64>,
    next: Mutex<Production>,
}

#[derive(Debug, Default)]
struct Production {
    fingerprints: HashMap<String, u64>,
    kept: Vec<String>,
}

/// Feeds `value` to `h`, every string and list with its length first, so that two different
/// values feed different sequences (walked, not serialised: no escaping, no formatting).
fn hash_value(value: &Value, h: &mut impl Hasher) {
    match value {
        Value::Null => h.write_u8(0),
        Value::Bool(b) => h.write_u8(1 + u8::from(*b)),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                h.write_u8(3);
                h.write_u64(u);
            } else if let Some(i) = n.as_i64() {
                h.write_u8(4);
                h.write_i64(i);
            } else {
                h.write_u8(5);
                h.write_u64(n.as_f64().unwrap_or(f64::NAN).to_bits());
            }
        }
        Value::String(text) => {
            h.write_u8(6);
            hash_str(text, h);
        }
        Value::Array(items) => {
            h.write_u8(7);
            h.write_usize(items.len());
            items.iter().for_each(|item| hash_value(item, h));
        }
        Value::Object(map) => {
            h.write_u8(8);
            h.write_usize(map.len());
            for (key, item) in map {
                hash_str(key, h);
                hash_value(item, h);
            }
        }
    }
}

fn hash_str(text: &str, h: &mut impl Hasher) {
    h.write_usize(text.len());
    h.write(text.as_bytes());
}

impl PageMemo {
    /// The fingerprint of the templates: mixed into every page's, so a theme edit renders all.
    pub(super) fn templates_fingerprint<N: AsRef<str>, T: AsRef<str>>(
        &self,
        templates: impl Iterator<Item = (N, T)>,
    ) -> u64 {
        let mut h = self.hasher.build_hasher();
        for (name, text) in templates {
            hash_str(name.as_ref(), &mut h);
            hash_str(text.as_ref(), &mut h);
        }
        h.finish()
    }

    /// Whether page `path`, rendered from `template` with `context`, is the previous
    /// production's page at `path`; remembered for the next production either way.
    pub(super) fn unchanged(&self, path: &str, templates: u64, template: &str, context: &Value) -> bool {
        let mut h = self.hasher.build_hasher();
        h.write_u64(templates);
        hash_str(template, &mut h);
        hash_value(context, &mut h);
        let fingerprint = h.finish();
        let same = self.previous.get(path) == Some(&fingerprint);
        let mut next = self.next.lock().unwrap_or_else(PoisonError::into_inner);
        next.fingerprints.insert(path.to_string(), fingerprint);
        if same {
            next.kept.push(path.to_string());
        }
        same
    }

    /// The pages the production under way did not render because they are the previous
    /// production's (the caller has their bytes), sorted.
    pub fn kept(&self) -> Vec<String> {
        let mut kept = self.next.lock().unwrap_or_else(PoisonError::into_inner).kept.clone();
        kept.sort();
        kept
    }

    /// The production under way was kept (served): the next one is compared with it.
    pub fn commit(&mut self) {
        let next = std::mem::take(self.next.get_mut().unwrap_or_else(PoisonError::into_inner));
        self.previous = next.fingerprints;
    }

    /// The production under way was not kept (it had errors): the next one is compared with
    /// the last one that was.
    pub fn abandon(&mut self) {
        *self.next.get_mut().unwrap_or_else(PoisonError::into_inner) = Production::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_page_is_kept_only_when_its_template_and_context_are_the_previous_ones() {
        let mut memo = PageMemo::default();
        let templates = memo.templates_fingerprint([("entry.html", "{{ title }}")].into_iter());
        assert!(!memo.unchanged("a.html", templates, "entry.html", &json!({"title": "A"})), "nothing before");
        memo.commit();
        assert!(memo.unchanged("a.html", templates, "entry.html", &json!({"title": "A"})));
        assert!(!memo.unchanged("b.html", templates, "entry.html", &json!({"title": "A"})), "another path");
        assert_eq!(memo.kept(), ["a.html"]);
        memo.abandon();
        assert!(!memo.unchanged("a.html", templates, "entry.html", &json!({"title": "B"})));
        assert!(!memo.unchanged("a.html", templates, "home.html", &json!({"title": "A"})));
        let other = memo.templates_fingerprint([("entry.html", "<h1>{{ title }}</h1>")].into_iter());
        assert!(!memo.unchanged("a.html", other, "entry.html", &json!({"title": "A"})), "the theme changed");
        memo.commit();
        assert!(memo.unchanged("a.html", other, "entry.html", &json!({"title": "A"})));
    }

    #[test]
    fn values_that_differ_only_in_where_their_parts_end_hash_differently() {
        let memo = PageMemo::default();
        let fingerprint = |v: Value| {
            let mut h = memo.hasher.build_hasher();
            hash_value(&v, &mut h);
            h.finish()
        };
        let pairs = [
            (json!(["ab", "c"]), json!(["a", "bc"])),
            (json!({"a": "bc"}), json!({"ab": "c"})),
            (json!([["a"], []]), json!([[], ["a"]])),
            (json!(1), json!(1.0)),
            (json!(null), json!(false)),
            (json!("1"), json!(1)),
        ];
        for (a, b) in pairs {
            assert_ne!(fingerprint(a.clone()), fingerprint(b.clone()), "{a} and {b}");
        }
    }
}
