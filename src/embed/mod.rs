//! Sentence embeddings for complaint matching: a BERT-family sentence-embedding model read
//! from a folder (`config.json`, `vocab.txt`, `model.safetensors`, as sentence-transformers
//! saves `all-MiniLM-L6-v2`) and run on the CPU, so that "do I need any shots before I go to
//! South Africa" lands near "What vaccinations do I need for my trip?" although they share no
//! word. Only `helpmark report` (the ranking) uses it, and only where `helpmark.yaml` names a
//! model; the site and its search never do.

mod bert;
mod safetensors;
mod wordpiece;

use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Inputs longer than this many pieces are cut: a ticket's first sentences say its question
/// (sentence-transformers cuts `all-MiniLM-L6-v2` at 256).
pub const MAX_PIECES: usize = 128;

/// Inputs run through the model together: the dense layers then multiply matrices of a few
/// hundred rows, which is where the CPU is fast.
const BATCH: usize = 32;

/// Why a model could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// A file could not be read.
    #[error("cannot read `{path}`: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file is not what a BERT model folder holds.
    #[error("`{path}`: {why}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
}

impl EmbedError {
    fn io(path: &Path, source: std::io::Error) -> EmbedError {
        EmbedError::Io { path: path.to_path_buf(), source }
    }
}

/// A sentence-embedding model ready to run.
pub struct Embedder {
    tokenizer: wordpiece::WordPiece,
    model: bert::Bert,
    /// The vectors of the texts embedded so far: `serve` ranks the same logs again after each
    /// edit, and only new texts need the model.
    memo: Mutex<HashMap<String, Arc<[f32]>>>,
}

/// Texts whose vectors an [`Embedder`] keeps (about 1.5 KiB each at 384 dimensions).
const MEMO_TEXTS: usize = 100_000;

impl Embedder {
    /// The model in `folder`, read once per process while its weights file stays the same
    /// (`serve` ranks again after every edit).
    pub fn shared(folder: &Path) -> Result<Arc<Embedder>, EmbedError> {
        /// A weights file as it was read: its folder, length and modification time.
        type Read = (PathBuf, u64, Option<std::time::SystemTime>);
        static LOADED: OnceLock<Mutex<HashMap<Read, Arc<Embedder>>>> = OnceLock::new();
        let weights = folder.join("model.safetensors");
        let meta = std::fs::metadata(&weights).map_err(|e| EmbedError::io(&weights, e))?;
        let key = (folder.to_path_buf(), meta.len(), meta.modified().ok());
        let loaded = LOADED.get_or_init(Default::default);
        if let Some(e) = loaded.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
            return Ok(Arc::clone(e));
        }
        let embedder = Arc::new(Embedder::load(folder)?);
        let mut loaded = loaded.lock().unwrap_or_else(|p| p.into_inner());
        loaded.retain(|k, _| k.0 != key.0);
        loaded.insert(key, Arc::clone(&embedder));
        Ok(embedder)
    }

    /// Reads the model in `folder`.
    pub fn load(folder: &Path) -> Result<Embedder, EmbedError> {
        let config_path = folder.join("config.json");
        let config_text = std::fs::read_to_string(&config_path).map_err(|e| EmbedError::io(&config_path, e))?;
        let config: bert::Config = serde_json::from_str(&config_text)
            .map_err(|e| EmbedError::Format { path: config_path.clone(), why: e.to_string() })?;
        let tokenizer = wordpiece::WordPiece::read(&folder.join("vocab.txt"))?;
        let weights = folder.join("model.safetensors");
        let model = bert::Bert::new(config, safetensors::read(&weights)?, &weights)?;
        if tokenizer.len() > model.vocabulary() {
            return Err(EmbedError::Format {
                path: folder.join("vocab.txt"),
                why: format!("{} pieces, the model knows {}", tokenizer.len(), model.vocabulary()),
            });
        }
        Ok(Embedder { tokenizer, model, memo: Mutex::default() })
    }

    /// The unit-length vector of each text, in order; a dot product of two is their cosine.
    /// Deterministic: the same text always gives the same vector, whatever else is embedded.
    pub fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let mut out: Vec<Vec<f32>> = vec![Vec::new(); texts.len()];
        let mut missing: Vec<usize> = Vec::new();
        {
            let memo = self.memo.lock().unwrap_or_else(|p| p.into_inner());
            for (n, t) in texts.iter().enumerate() {
                match memo.get(*t) {
                    Some(v) => out[n] = v.to_vec(),
                    None => missing.push(n),
                }
            }
        }
        let fresh = self.run(&missing.iter().map(|&n| texts[n]).collect::<Vec<_>>());
        let mut memo = self.memo.lock().unwrap_or_else(|p| p.into_inner());
        if memo.len() + fresh.len() > MEMO_TEXTS {
            memo.clear();
        }
        for (n, v) in missing.into_iter().zip(fresh) {
            memo.insert(texts[n].to_string(), v.as_slice().into());
            out[n] = v;
        }
        out
    }

    /// Runs the model on `texts`.
    fn run(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let max = MAX_PIECES.min(self.model.max_pieces());
        let mut inputs: Vec<(usize, Vec<u32>)> =
            texts.par_iter().map(|t| self.tokenizer.encode(t, max)).enumerate().collect();
        // Inputs of similar length together, so that no batch waits on one long input; the
        // order within a batch changes nothing of any input's vector.
        inputs.sort_by_key(|(_, ids)| ids.len());
        let mut out = vec![Vec::new(); texts.len()];
        let vectors: Vec<(usize, Vec<f32>)> = inputs
            .par_chunks(BATCH)
            .flat_map_iter(|chunk| {
                let ids: Vec<Vec<u32>> = chunk.iter().map(|(_, ids)| ids.clone()).collect();
                chunk.iter().map(|(n, _)| *n).zip(self.model.embed(&ids)).collect::<Vec<_>>()
            })
            .collect();
        for (n, v) in vectors {
            out[n] = v;
        }
        out
    }

    /// Width of the vectors.
    pub fn width(&self) -> usize {
        self.model.width()
    }
}

/// For each of `queries`, the `k` of `keys` nearest it (highest cosine first, ties by
/// position), all vectors of one width and unit length. With `skip_self`, `queries` are `keys`
/// and a vector is not its own neighbour. The cosines are computed as matrix products, a few
/// hundred queries at a time.
pub fn nearest(queries: &[Vec<f32>], keys: &[Vec<f32>], k: usize, skip_self: bool) -> Vec<Vec<(u32, f32)>> {
    let Some(width) = keys.first().map(Vec::len) else { return vec![Vec::new(); queries.len()] };
    let flat: Vec<f32> = keys.iter().flat_map(|v| v.iter().copied()).collect();
    const ROWS: usize = 256;
    let chunks: Vec<Vec<Vec<(u32, f32)>>> = queries
        .par_chunks(ROWS)
        .enumerate()
        .map(|(c, chunk)| {
            let q: Vec<f32> = chunk.iter().flat_map(|v| v.iter().copied()).collect();
            let mut scores = vec![0.0f32; chunk.len() * keys.len()];
            times_transposed(&q, chunk.len(), &flat, keys.len(), width, &mut scores);
            scores
                .chunks_exact(keys.len())
                .enumerate()
                .map(|(i, row)| {
                    let me = c * ROWS + i;
                    let mut best: Vec<(u32, f32)> = row
                        .iter()
                        .enumerate()
                        .filter(|&(j, _)| !(skip_self && j == me))
                        .map(|(j, &s)| (j as u32, s))
                        .collect();
                    let by_score = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
                    if best.len() > k {
                        best.select_nth_unstable_by(k, by_score);
                        best.truncate(k);
                    }
                    best.sort_by(by_score);
                    best
                })
                .collect()
        })
        .collect();
    chunks.into_iter().flatten().collect()
}

/// `out += a · bᵀ`, `a` being `rows` vectors and `b` `cols` vectors of `width`, row-major
/// (`b` as PyTorch stores a layer's weight, `[out, in]`); `out` is `rows × cols`.
pub(crate) fn times_transposed(a: &[f32], rows: usize, b: &[f32], cols: usize, width: usize, out: &mut [f32]) {
    assert!(a.len() == rows * width && b.len() == cols * width && out.len() == rows * cols, "matrix sizes");
    // SAFETY: the asserted sizes: `a` is rows × width, `b` read as its transpose width × cols
    // (strides 1 and width), `out` rows × cols, all row-major.
    unsafe {
        matrixmultiply::sgemm(
            rows,
            width,
            cols,
            1.0,
            a.as_ptr(),
            width as isize,
            1,
            b.as_ptr(),
            1,
            width as isize,
            1.0,
            out.as_mut_ptr(),
            cols as isize,
            1,
        );
    }
}

/// The cosine of two unit-length vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The model the tests and benches use: `HELPMARK_TEST_MODEL`, else the one
/// `scripts/install-deps.sh` unpacks into `.tools/models/all-MiniLM-L6-v2`. Without it: `None`
/// and a note, or a panic on CI (`CI` set), where the script always runs first.
#[doc(hidden)]
pub fn test_model() -> Option<PathBuf> {
    let path = std::env::var_os("HELPMARK_TEST_MODEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/models/all-MiniLM-L6-v2"));
    if path.join("model.safetensors").is_file() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "no sentence-embedding model at {} on CI: run scripts/install-deps.sh",
        path.display()
    );
    eprintln!("note: no sentence-embedding model at {}; run scripts/install-deps.sh", path.display());
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_gives_the_vectors_sentence_transformers_gives() {
        let Some(folder) = test_model() else { return };
        let embedder = Embedder::load(&folder).expect("loads");
        let texts = [
            "do i need any shots before i go to south africa",
            "What vaccinations do I need for my trip?",
            "Café déjà-vu: $5 refund!!",
            "how do i get a refund",
        ];
        let v = embedder.embed(&texts);
        assert_eq!(embedder.width(), 384);
        // Reference: the same model run by an independent NumPy implementation of BERT with
        // Hugging Face's tokenizer (mean pooling, unit length).
        for (i, want) in [0.006_089_23f32, 0.024_637, -0.058_665_38, 0.008_712_19].iter().enumerate() {
            assert!((v[0][i] - want).abs() < 1e-4, "dimension {i}: {} not {want}", v[0][i]);
        }
        for (a, b, want) in [(0, 1, 0.549_424), (0, 3, 0.012_096), (2, 3, 0.448_283), (1, 2, 0.054_146)] {
            let got = cosine(&v[a], &v[b]);
            assert!((got - want).abs() < 1e-3, "cosine({a}, {b}) = {got}, not {want}");
        }
        // The same text alone or in a batch: the same vector.
        let alone = embedder.embed(&texts[1..2]);
        assert!(alone[0].iter().zip(&v[1]).all(|(a, b)| (a - b).abs() < 1e-5));
    }

    #[test]
    fn nearest_ranks_by_cosine_and_can_skip_itself() {
        let v = |x: f32, y: f32| {
            let n = (x * x + y * y).sqrt();
            vec![x / n, y / n]
        };
        let keys = [v(1.0, 0.0), v(1.0, 1.0), v(0.0, 1.0), v(1.0, 0.1)];
        let near = nearest(&keys, &keys, 2, true);
        let ids: Vec<Vec<u32>> = near.iter().map(|n| n.iter().map(|p| p.0).collect()).collect();
        assert_eq!(ids, [vec![3, 1], vec![3, 0], vec![1, 3], vec![0, 1]]);
        assert!((near[0][0].1 - cosine(&keys[0], &keys[3])).abs() < 1e-6);
        let with_self = nearest(&keys[..1], &keys, 1, false);
        assert_eq!(with_self[0][0].0, 0);
    }

    #[test]
    fn a_folder_without_a_model_is_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let err = Embedder::load(dir.path()).err().expect("no model").to_string();
        assert!(err.contains("config.json"), "{err}");
    }
}
