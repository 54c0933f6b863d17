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

/// Hashes what is written to it (the context, serialised).
struct HashWriter<'h>(&'h mut dyn Hasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl PageMemo {
    /// The fingerprint of the templates: mixed into every page's, so a theme edit renders all.
    pub(super) fn templates_fingerprint<N: AsRef<str>, T: AsRef<str>>(
        &self,
        templates: impl Iterator<Item = (N, T)>,
    ) -> u64 {
        let mut h = self.hasher.build_hasher();
        for (name, text) in templates {
            h.write(name.as_ref().as_bytes());
            h.write_u8(0xff);
            h.write(text.as_ref().as_bytes());
            h.write_u8(0xff);
        }
        h.finish()
    }

    /// Whether page `path`, rendered from `template` with `context`, is the previous
    /// production's page at `path`; remembered for the next production either way.
    pub(super) fn unchanged(&self, path: &str, templates: u64, template: &str, context: &Value) -> bool {
        let mut h = self.hasher.build_hasher();
        h.write_u64(templates);
        h.write(template.as_bytes());
        h.write_u8(0xff);
        // A `Value` always serialises (its map keys are strings).
        let _ = serde_json::to_writer(HashWriter(&mut h), context);
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
}
