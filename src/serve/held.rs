//! A file as the preview holds it in memory, compressed with LZ4 (pages, `faq.json`, search
//! shards and fragments: a 10,000-entry site's files are about 220 MiB as they are and 60 as
//! held, and the preview holds the site it serves beside the one it is producing), but for
//! formats that are compressed already (images, fonts, PDFs). Compression is deterministic, so
//! two productions' files are compared as held.

use std::borrow::Cow;

/// A file shorter than this is held as it is: compressing it would save next to nothing.
const PACKED_FROM: usize = 512;

/// Formats that are compressed already.
const COMPRESSED: [&str; 12] =
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".woff", ".woff2", ".pdf", ".zip", ".gz", ".mp4"];

/// One file's bytes, held. Two are equal when their bytes are, however each is held.
#[derive(Debug, Clone, Eq)]
pub struct Held {
    /// Compressed with [`lz4_flex::compress_prepend_size`], or as it is.
    packed: bool,
    data: Vec<u8>,
}

impl Held {
    /// Holds `bytes`, the file at `path`: compressed unless its format is.
    pub fn new(path: &str, bytes: Vec<u8>) -> Held {
        match pack(path, &bytes) {
            Some(data) => Held { packed: true, data },
            None => Held::as_is(bytes),
        }
    }

    /// Holds `bytes` as they are, to be [`packed`](Held::packed) later.
    pub fn as_is(bytes: Vec<u8>) -> Held {
        Held { packed: false, data: bytes }
    }

    /// The file at `path` as [`Held::new`] holds it, when this one holds it otherwise.
    pub fn packed(&self, path: &str) -> Option<Held> {
        if self.packed {
            return None;
        }
        pack(path, &self.data).map(|data| Held { packed: true, data })
    }

    /// The file's bytes, exactly those it was made of.
    pub fn bytes(&self) -> Cow<'_, [u8]> {
        if self.packed {
            // Only this module compresses what it reads back: a failure is a bug, not input.
            Cow::Owned(lz4_flex::decompress_size_prepended(&self.data).expect("held files decompress"))
        } else {
            Cow::Borrowed(&self.data)
        }
    }

    /// Whether [`Held::packed`] would hold it otherwise.
    pub fn packs(&self, path: &str) -> bool {
        !self.packed && packs(path, &self.data)
    }

    /// How much memory it takes.
    pub fn held_len(&self) -> usize {
        self.data.len()
    }
}

/// `bytes` (the file at `path`) compressed, unless its format is or it is too short to gain.
fn pack(path: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    packs(path, bytes).then(|| lz4_flex::compress_prepend_size(bytes))
}

/// Whether `bytes` (the file at `path`) are held compressed.
fn packs(path: &str, bytes: &[u8]) -> bool {
    let compressed = COMPRESSED.iter().any(|e| path.to_ascii_lowercase().ends_with(e));
    !compressed && bytes.len() >= PACKED_FROM
}

impl PartialEq for Held {
    fn eq(&self, other: &Held) -> bool {
        if self.packed == other.packed {
            self.data == other.data
        } else {
            self.bytes() == other.bytes()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_held_compressed_and_read_back_exactly_images_as_they_are() {
        let page: Vec<u8> = "<li><a href=\"x.html\">How do I get a refund?</a></li>\n".repeat(100).into_bytes();
        let held = Held::new("billing/index.html", page.clone());
        assert!(held.held_len() < page.len() / 4, "{} of {}", held.held_len(), page.len());
        assert_eq!(held.bytes(), page);
        assert_eq!(held, Held::new("billing/index.html", page.clone()), "the same bytes, the same held file");
        let photo = page.clone();
        assert_eq!(Held::new("billing/Receipt.PNG", photo.clone()).held_len(), photo.len());
        assert_eq!(Held::new("robots.txt", b"User-agent: *\n".to_vec()).bytes(), &b"User-agent: *\n"[..]);
        let later = Held::as_is(page.clone());
        assert_eq!(later.held_len(), page.len());
        assert_eq!(later, held, "the same bytes, held two ways");
        assert_eq!(later.packed("billing/index.html").map(|p| p.held_len()), Some(held.held_len()));
        assert_eq!(held.packed("billing/index.html"), None);
    }
}
