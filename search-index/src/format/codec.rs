//! Byte-level primitives of the static index format: LEB128 varints, length-prefixed strings,
//! the content hash, and a bounds-checked cursor that returns errors instead of panicking.

use super::FormatError;

/// Appends `value` as an unsigned LEB128 varint.
pub(crate) fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7F) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Appends a varint length then the UTF-8 bytes.
pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// FNV-1a, 64 bits: the content hash behind file names and the manifest checksum.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The 4-byte hash naming a bucket of files: the high half of FNV-1a-64.
pub(crate) fn name_hash(bytes: &[u8]) -> [u8; 4] {
    ((fnv1a(bytes) >> 32) as u32).to_be_bytes()
}

/// Appends the checksum that ends every file: the low half of FNV-1a-64, little-endian.
/// (FNV-1a's low bits change with any single changed byte, so any flipped byte is caught.)
pub(crate) fn put_checksum(out: &mut Vec<u8>) {
    let sum = fnv1a(out) as u32;
    out.extend_from_slice(&sum.to_le_bytes());
}

/// The body of a file ending with [`put_checksum`]'s checksum, or an error if it does not match.
pub(crate) fn checked_body<'a>(bytes: &'a [u8], what: &'static str) -> Result<&'a [u8], FormatError> {
    let Some(body_len) = bytes.len().checked_sub(4) else {
        return Err(FormatError::Corrupt { what, offset: 0, detail: "truncated".into() });
    };
    let (body, trailer) = bytes.split_at(body_len);
    if (fnv1a(body) as u32).to_le_bytes() != trailer {
        return Err(FormatError::HashMismatch { what });
    }
    Ok(body)
}

/// `<kind>-<hash hex>-<number>.bin` (no `format!`: this runs in the browser client too).
pub(crate) fn file_name(kind: &str, hash: &[u8; 4], number: usize) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut name = String::with_capacity(kind.len() + 20);
    name.push_str(kind);
    name.push('-');
    for b in hash {
        name.push(char::from(HEX[usize::from(b >> 4)]));
        name.push(char::from(HEX[usize::from(b & 15)]));
    }
    name.push('-');
    push_decimal(&mut name, number as u64);
    name.push_str(".bin");
    name
}

/// Appends `value` in decimal.
pub(crate) fn push_decimal(out: &mut String, value: u64) {
    let mut digits = [0u8; 20];
    let mut n = value;
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// A read position in a byte buffer; every read is bounds-checked.
pub(crate) struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    what: &'static str,
}

impl<'a> Cursor<'a> {
    /// Starts reading `bytes`, naming them `what` in errors.
    pub(crate) fn new(bytes: &'a [u8], what: &'static str) -> Cursor<'a> {
        Cursor { bytes, pos: 0, what }
    }

    fn corrupt(&self, detail: &str) -> FormatError {
        FormatError::Corrupt { what: self.what, offset: self.pos, detail: detail.to_string() }
    }

    /// Whether every byte was consumed.
    pub(crate) fn is_at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    /// Reads `n` raw bytes.
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
        let end = self.pos.checked_add(n).ok_or_else(|| self.corrupt("length overflows"))?;
        let slice = self.bytes.get(self.pos..end).ok_or_else(|| self.corrupt("truncated"))?;
        self.pos = end;
        Ok(slice)
    }

    /// Reads one byte.
    pub(crate) fn u8(&mut self) -> Result<u8, FormatError> {
        Ok(self.take(1)?[0])
    }

    /// Bytes not read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// Reads a little-endian f32.
    pub(crate) fn f32(&mut self) -> Result<f32, FormatError> {
        let b = self.take(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Reads a fixed-size array.
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], FormatError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    /// Reads an unsigned LEB128 varint of at most 10 bytes.
    pub(crate) fn varint(&mut self) -> Result<u64, FormatError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            value |= u64::from(byte & 0x7F) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(self.corrupt("varint too long"))
    }

    /// Reads a varint that must fit `usize` and be at most `max` (guards allocations).
    pub(crate) fn count(&mut self, max: usize) -> Result<usize, FormatError> {
        let value = self.varint()?;
        match usize::try_from(value) {
            Ok(v) if v <= max => Ok(v),
            _ => Err(self.corrupt("count out of range")),
        }
    }

    /// Reads a varint that must fit `u32`.
    pub(crate) fn varint_u32(&mut self) -> Result<u32, FormatError> {
        let value = self.varint()?;
        u32::try_from(value).map_err(|_| self.corrupt("value out of range"))
    }

    /// Reads a length-prefixed UTF-8 string.
    pub(crate) fn str(&mut self) -> Result<String, FormatError> {
        let len = self.count(self.bytes.len())?;
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes).map(str::to_string).map_err(|_| self.corrupt("invalid UTF-8"))
    }

    /// Reads a term front-coded against `previous` (see `put_prefixed` in the writer).
    pub(crate) fn prefixed(&mut self, previous: &str) -> Result<String, FormatError> {
        let shared = self.count(previous.len())?;
        let suffix_len = self.count(self.bytes.len())?;
        let mut term = previous.as_bytes()[..shared].to_vec();
        term.extend_from_slice(self.take(suffix_len)?);
        String::from_utf8(term).map_err(|_| self.corrupt("invalid UTF-8"))
    }

    /// Checks and skips a 4-byte magic number and the version byte.
    pub(crate) fn header(&mut self, magic: &[u8; 4], version: u8) -> Result<(), FormatError> {
        if self.take(4)? != magic {
            return Err(self.corrupt("bad magic number"));
        }
        let found = self.u8()?;
        if found != version {
            return Err(FormatError::Version { what: self.what, found, expected: version });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_and_reject_overlong_input() {
        let mut buf = Vec::new();
        for v in [0u64, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            put_varint(&mut buf, v);
        }
        let mut c = Cursor::new(&buf, "test");
        for v in [0u64, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(c.varint().unwrap(), v);
        }
        assert!(c.is_at_end());
        assert!(Cursor::new(&[0xFF; 11], "test").varint().is_err());
        assert!(Cursor::new(&[0x80], "test").varint().is_err());
    }

    #[test]
    fn file_names_and_checksums() {
        assert_eq!(file_name("s", &[0, 0x1f, 0xa0, 0xff], 0), "s-001fa0ff-0.bin");
        assert_eq!(file_name("f", &[1, 2, 3, 4], 1234567), "f-01020304-1234567.bin");
        let mut file = b"body".to_vec();
        put_checksum(&mut file);
        assert_eq!(checked_body(&file, "test").unwrap(), b"body");
        file[1] ^= 1;
        assert!(checked_body(&file, "test").is_err());
        assert!(checked_body(b"abc", "test").is_err());
    }
}
