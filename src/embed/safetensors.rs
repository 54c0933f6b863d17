//! Reading the `float32` tensors of a `.safetensors` file: an 8-byte little-endian header
//! length, a JSON header naming each tensor's dtype, shape and byte range, then the raw data.

use super::EmbedError;
use std::collections::HashMap;
use std::path::Path;

/// One tensor: its shape and its values in row-major order.
pub(super) struct Tensor {
    /// Dimensions, outermost first.
    pub(super) shape: Vec<usize>,
    /// The values.
    pub(super) data: Vec<f32>,
}

#[derive(serde::Deserialize)]
struct Entry {
    dtype: String,
    shape: Vec<usize>,
    data_offsets: [usize; 2],
}

/// Reads every `F32` tensor of the file at `path` (others, such as BERT's `I64` position ids,
/// are skipped: the model reads none of them).
pub(super) fn read(path: &Path) -> Result<HashMap<String, Tensor>, EmbedError> {
    let bytes = std::fs::read(path).map_err(|e| EmbedError::io(path, e))?;
    let bad = |why: &str| EmbedError::Format { path: path.to_path_buf(), why: why.to_string() };
    let len = bytes.get(..8).ok_or_else(|| bad("shorter than its header"))?;
    let len =
        usize::try_from(u64::from_le_bytes(len.try_into().expect("8 bytes"))).map_err(|_| bad("header too long"))?;
    let header = bytes.get(8..8usize.saturating_add(len)).ok_or_else(|| bad("header runs past the end"))?;
    let data = &bytes[8 + len..];
    let entries: HashMap<String, serde_json::Value> =
        serde_json::from_slice(header).map_err(|e| bad(&format!("header is not JSON: {e}")))?;
    let mut tensors = HashMap::new();
    for (name, value) in entries {
        if name == "__metadata__" {
            continue;
        }
        let entry: Entry = serde_json::from_value(value).map_err(|e| bad(&format!("tensor `{name}`: {e}")))?;
        if entry.dtype != "F32" {
            continue;
        }
        let [start, end] = entry.data_offsets;
        let count: usize = entry.shape.iter().product();
        let raw = data.get(start..end).filter(|r| r.len() == count * 4).ok_or_else(|| {
            bad(&format!("tensor `{name}` ({:?}) does not fit its byte range {start}..{end}", entry.shape))
        })?;
        let data = raw.chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes"))).collect();
        tensors.insert(name, Tensor { shape: entry.shape, data });
    }
    Ok(tensors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(header: &str, data: &[u8]) -> tempfile::NamedTempFile {
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend_from_slice(data);
        let f = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(f.path(), bytes).expect("writes");
        f
    }

    #[test]
    fn float_tensors_are_read_and_a_bad_range_is_named() {
        let data: Vec<u8> = [1.0f32, 2.0, 3.0, 4.0].iter().flat_map(|v| v.to_le_bytes()).chain([7u8; 8]).collect();
        let header = r#"{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"ids":{"dtype":"I64","shape":[1],"data_offsets":[16,24]},"__metadata__":{"format":"pt"}}"#;
        let f = file(header, &data);
        let tensors = read(f.path()).expect("reads");
        assert_eq!(tensors.len(), 1, "the I64 tensor is skipped");
        assert_eq!(tensors["w"].shape, [2, 2]);
        assert_eq!(tensors["w"].data, [1.0, 2.0, 3.0, 4.0]);
        let f = file(r#"{"w":{"dtype":"F32","shape":[3,2],"data_offsets":[0,16]}}"#, &data);
        let err = read(f.path()).err().expect("a bad range").to_string();
        assert!(err.contains("`w`") && err.contains("0..16"), "{err}");
        let f = file("{not json", &[]);
        assert!(read(f.path()).err().expect("bad header").to_string().contains("not JSON"));
    }
}
