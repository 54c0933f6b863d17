//! The pixel size of an image file, read from its header, so that an answer's `<img>` carries
//! `width` and `height` and the page does not jump when the image arrives (issue 17). PNG, GIF,
//! JPEG, WebP and SVG; anything else (or a file too short to say) has no size.

/// Width and height in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// The size of the image in `bytes`, if its format is known and its header says.
pub fn size_of(bytes: &[u8]) -> Option<Size> {
    let size = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(bytes)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(Size { width: le16(bytes, 6)?, height: le16(bytes, 8)? })
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg(bytes)
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        webp(bytes)
    } else {
        svg(bytes)
    }?;
    (size.width > 0 && size.height > 0).then_some(size)
}

fn le16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes([*b.get(at)?, *b.get(at + 1)?])))
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?])))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(*b.get(at)?) | u32::from(*b.get(at + 1)?) << 8 | u32::from(*b.get(at + 2)?) << 16)
}

/// The IHDR chunk comes first: width and height, big-endian, at bytes 16 and 20.
fn png(b: &[u8]) -> Option<Size> {
    if b.get(12..16)? != b"IHDR" {
        return None;
    }
    let word = |at: usize| b.get(at..at + 4).map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]));
    Some(Size { width: word(16)?, height: word(20)? })
}

/// Walks the segments to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC), whose
/// payload holds precision, height and width.
fn jpeg(b: &[u8]) -> Option<Size> {
    let mut at = 2;
    loop {
        // Markers may be padded with extra 0xFF bytes.
        while *b.get(at)? == 0xFF && *b.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *b.get(at)? != 0xFF {
            return None;
        }
        let marker = *b.get(at + 1)?;
        match marker {
            // Stand-alone markers without a length.
            0x01 | 0xD0..=0xD7 => at += 2,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                return Some(Size { height: be16(b, at + 5)?, width: be16(b, at + 7)? });
            }
            0xD9 | 0xDA => return None,
            _ => at += 2 + be16(b, at + 2)? as usize,
        }
    }
}

/// The first chunk says: lossy (`VP8 `), lossless (`VP8L`) or extended (`VP8X`).
fn webp(b: &[u8]) -> Option<Size> {
    match b.get(12..16)? {
        b"VP8 " => Some(Size { width: le16(b, 26)? & 0x3FFF, height: le16(b, 28)? & 0x3FFF }),
        b"VP8L" => {
            let bits = u32::from_le_bytes([*b.get(21)?, *b.get(22)?, *b.get(23)?, *b.get(24)?]);
            Some(Size { width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1 })
        }
        b"VP8X" => Some(Size { width: le24(b, 24)? + 1, height: le24(b, 27)? + 1 }),
        _ => None,
    }
}

/// The root `<svg>` element's `width` and `height` in pixels (plain numbers or `px`), else
/// the last two numbers of its `viewBox`.
fn svg(b: &[u8]) -> Option<Size> {
    let text = std::str::from_utf8(b.get(..b.len().min(4096))?).ok().or_else(|| {
        // Cut inside a multi-byte character: keep what decodes.
        let head = &b[..b.len().min(4096)];
        std::str::from_utf8(&head[..std::str::from_utf8(head).err()?.valid_up_to()]).ok()
    })?;
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attribute = |name: &str| -> Option<&str> {
        let mut rest = tag;
        loop {
            let i = rest.find(name)?;
            let before = rest[..i].chars().last();
            rest = &rest[i + name.len()..];
            let after = rest.trim_start();
            if before.is_some_and(char::is_whitespace) && after.starts_with('=') {
                let value = after[1..].trim_start();
                let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
                let value = &value[1..];
                return Some(&value[..value.find(quote)?]);
            }
        }
    };
    let pixels = |v: &str| -> Option<u32> {
        let v = v.trim().strip_suffix("px").unwrap_or(v.trim());
        let n: f64 = v.parse().ok()?;
        (1.0..100_000.0).contains(&n).then(|| n.round() as u32)
    };
    if let (Some(w), Some(h)) = (attribute("width").and_then(pixels), attribute("height").and_then(pixels)) {
        return Some(Size { width: w, height: h });
    }
    let view_box: Vec<&str> =
        attribute("viewBox")?.split(|c: char| c.is_whitespace() || c == ',').filter(|s| !s.is_empty()).collect();
    match view_box[..] {
        [_, _, w, h] => Some(Size { width: pixels(w)?, height: pixels(h)? }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(width: u32, height: u32) -> Option<Size> {
        Some(Size { width, height })
    }

    #[test]
    fn png_gif_and_jpeg_headers_give_their_size() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        assert_eq!(size_of(&png), size(640, 480));
        assert_eq!(size_of(b"GIF89a\x20\x03\x58\x02rest"), size(800, 600));
        // SOI, an APP0 segment of 16 bytes, then SOF0: precision 8, height 300, width 400.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        jpeg.extend([0u8; 14]);
        jpeg.extend([0xFF, 0xC0, 0, 17, 8, 0x01, 0x2C, 0x01, 0x90, 3]);
        assert_eq!(size_of(&jpeg), size(400, 300));
        assert_eq!(size_of(&jpeg[..24]), None, "cut before the frame");
    }

    #[test]
    fn webp_in_its_three_forms_gives_its_size() {
        let riff = |chunk: &[u8], payload: &[u8]| {
            let mut b = b"RIFF\0\0\0\0WEBP".to_vec();
            b.extend(chunk);
            b.extend([0u8; 4]);
            b.extend(payload);
            b
        };
        // Lossy: a 3-byte frame tag, the start code, then 14-bit width and height.
        assert_eq!(size_of(&riff(b"VP8 ", &[0, 0, 0, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01])), size(640, 480));
        // Lossless: the signature byte, then (width - 1) and (height - 1) in 14 bits each.
        let bits: u32 = 99 | (49 << 14);
        let mut lossless = vec![0x2F];
        lossless.extend(bits.to_le_bytes());
        assert_eq!(size_of(&riff(b"VP8L", &lossless)), size(100, 50));
        // Extended: flags and reserved bytes, then 24-bit (width - 1) and (height - 1).
        assert_eq!(size_of(&riff(b"VP8X", &[0, 0, 0, 0, 0xFF, 0x03, 0, 0xFF, 0x01, 0])), size(1024, 512));
    }

    #[test]
    fn svg_size_comes_from_width_and_height_or_the_view_box() {
        assert_eq!(size_of(br#"<?xml version="1.0"?><svg xmlns="x" width="120px" height='80'>"#), size(120, 80));
        assert_eq!(size_of(br#"<svg viewBox="0 0 24 16" stroke-width="2">"#), size(24, 16));
        assert_eq!(size_of(br#"<svg width="100%" height="50%" viewBox="0,0,300,150">"#), size(300, 150));
        assert_eq!(size_of(b"<svg>"), None);
        assert_eq!(size_of(b"%PDF-1.7"), None);
    }
}
