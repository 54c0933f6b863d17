//! A BERT encoder (the architecture of MiniLM and most sentence-embedding models of its
//! family), run on the CPU: token, position and type embeddings, then layers of self-attention
//! and a feed-forward network, each followed by a residual sum and layer normalisation. What
//! comes out is averaged over the tokens (mean pooling, as sentence-transformers pools these
//! models) and scaled to length 1, so a dot product of two vectors is their cosine.

use super::safetensors::Tensor;
use super::EmbedError;
use std::collections::HashMap;
use std::path::Path;

/// The sizes a model's `config.json` gives.
#[derive(Clone, Copy, Debug, serde::Deserialize)]
pub(super) struct Config {
    /// Width of every token's vector.
    pub(super) hidden_size: usize,
    /// Layers.
    pub(super) num_hidden_layers: usize,
    /// Attention heads per layer (they share `hidden_size`).
    pub(super) num_attention_heads: usize,
    /// Width of the feed-forward layer.
    pub(super) intermediate_size: usize,
    /// Positions the model knows: the longest input.
    pub(super) max_position_embeddings: usize,
    /// Layer normalisation's epsilon.
    #[serde(default = "default_eps")]
    pub(super) layer_norm_eps: f32,
}

fn default_eps() -> f32 {
    1e-12
}

/// A dense layer: `out = in · weightᵀ + bias`, `weight` stored as PyTorch stores it, `[out, in]`.
struct Linear {
    weight: Vec<f32>,
    bias: Vec<f32>,
    inputs: usize,
    outputs: usize,
}

impl Linear {
    /// `rows` vectors of `x` (each `inputs` wide) through the layer.
    fn apply(&self, x: &[f32], rows: usize) -> Vec<f32> {
        let mut out: Vec<f32> = Vec::with_capacity(rows * self.outputs);
        for _ in 0..rows {
            out.extend_from_slice(&self.bias);
        }
        super::times_transposed(x, rows, &self.weight, self.outputs, self.inputs, &mut out);
        out
    }
}

struct Norm {
    weight: Vec<f32>,
    bias: Vec<f32>,
}

impl Norm {
    fn apply(&self, x: &mut [f32], eps: f32) {
        let width = self.weight.len();
        for row in x.chunks_exact_mut(width) {
            let mean = row.iter().sum::<f32>() / width as f32;
            let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / width as f32;
            let scale = 1.0 / (var + eps).sqrt();
            for ((v, w), b) in row.iter_mut().zip(&self.weight).zip(&self.bias) {
                *v = (*v - mean) * scale * w + b;
            }
        }
    }
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: Norm,
    intermediate: Linear,
    output: Linear,
    output_norm: Norm,
}

/// A loaded model.
pub(super) struct Bert {
    config: Config,
    words: Vec<f32>,
    positions: Vec<f32>,
    token_type: Vec<f32>,
    embeddings_norm: Norm,
    layers: Vec<Layer>,
}

impl Bert {
    /// The model of `config` from the tensors of its `model.safetensors` (`file`, named in errors).
    pub(super) fn new(config: Config, mut tensors: HashMap<String, Tensor>, file: &Path) -> Result<Bert, EmbedError> {
        let hidden = config.hidden_size;
        if config.num_attention_heads == 0 || hidden % config.num_attention_heads != 0 {
            return Err(EmbedError::Format {
                path: file.to_path_buf(),
                why: format!("{} heads do not divide a width of {hidden}", config.num_attention_heads),
            });
        }
        // Tensor names with or without the `bert.` prefix some exports add.
        let mut take = |name: &str, shape: &[usize]| -> Result<Vec<f32>, EmbedError> {
            let t = tensors
                .remove(name)
                .or_else(|| tensors.remove(&format!("bert.{name}")))
                .ok_or_else(|| EmbedError::Format { path: file.to_path_buf(), why: format!("no tensor `{name}`") })?;
            let fits = t.shape.len() == shape.len() && t.shape.iter().zip(shape).all(|(a, b)| *b == 0 || a == b);
            if !fits {
                return Err(EmbedError::Format {
                    path: file.to_path_buf(),
                    why: format!("tensor `{name}` is {:?}, expected {shape:?}", t.shape),
                });
            }
            Ok(t.data)
        };
        let mut linear = |name: &str, inputs: usize, outputs: usize| -> Result<Linear, EmbedError> {
            Ok(Linear {
                weight: take(&format!("{name}.weight"), &[outputs, inputs])?,
                bias: take(&format!("{name}.bias"), &[outputs])?,
                inputs,
                outputs,
            })
        };
        let mut layers = Vec::new();
        let inner = config.intermediate_size;
        for l in 0..config.num_hidden_layers {
            let p = format!("encoder.layer.{l}");
            layers.push((
                linear(&format!("{p}.attention.self.query"), hidden, hidden)?,
                linear(&format!("{p}.attention.self.key"), hidden, hidden)?,
                linear(&format!("{p}.attention.self.value"), hidden, hidden)?,
                linear(&format!("{p}.attention.output.dense"), hidden, hidden)?,
                linear(&format!("{p}.intermediate.dense"), hidden, inner)?,
                linear(&format!("{p}.output.dense"), inner, hidden)?,
            ));
        }
        let mut norm = |name: &str| -> Result<Norm, EmbedError> {
            Ok(Norm {
                weight: take(&format!("{name}.weight"), &[hidden])?,
                bias: take(&format!("{name}.bias"), &[hidden])?,
            })
        };
        let embeddings_norm = norm("embeddings.LayerNorm")?;
        let mut norms = Vec::new();
        for l in 0..config.num_hidden_layers {
            let p = format!("encoder.layer.{l}");
            norms.push((norm(&format!("{p}.attention.output.LayerNorm"))?, norm(&format!("{p}.output.LayerNorm"))?));
        }
        let words = take("embeddings.word_embeddings.weight", &[0, hidden])?;
        let positions = take("embeddings.position_embeddings.weight", &[config.max_position_embeddings, hidden])?;
        let token_type = take("embeddings.token_type_embeddings.weight", &[0, hidden])?;
        let layers =
            layers
                .into_iter()
                .zip(norms)
                .map(|((query, key, value, attention_out, intermediate, output), (attention_norm, output_norm))| {
                    Layer { query, key, value, attention_out, attention_norm, intermediate, output, output_norm }
                })
                .collect();
        Ok(Bert { config, words, positions, token_type, embeddings_norm, layers })
    }

    /// Pieces in the vocabulary.
    pub(super) fn vocabulary(&self) -> usize {
        self.words.len() / self.config.hidden_size
    }

    /// The longest input, in pieces.
    pub(super) fn max_pieces(&self) -> usize {
        self.config.max_position_embeddings
    }

    /// Width of a sentence vector.
    pub(super) fn width(&self) -> usize {
        self.config.hidden_size
    }

    /// The unit-length mean-pooled vectors of several inputs (piece numbers, each below
    /// [`Bert::vocabulary`] and at most [`Bert::max_pieces`] long), run together: the dense
    /// layers see every token of the batch at once, attention stays within each input.
    pub(super) fn embed(&self, inputs: &[Vec<u32>]) -> Vec<Vec<f32>> {
        let hidden = self.config.hidden_size;
        let lens: Vec<usize> = inputs.iter().map(Vec::len).collect();
        let rows: usize = lens.iter().sum();
        let mut x = Vec::with_capacity(rows * hidden);
        for ids in inputs {
            for (pos, &id) in ids.iter().enumerate() {
                let word = &self.words[id as usize * hidden..][..hidden];
                let position = &self.positions[pos * hidden..][..hidden];
                x.extend(word.iter().zip(position).zip(&self.token_type[..hidden]).map(|((w, p), t)| w + p + t));
            }
        }
        let eps = self.config.layer_norm_eps;
        self.embeddings_norm.apply(&mut x, eps);
        for layer in &self.layers {
            let attended = self.attention(layer, &x, &lens);
            let mut y = layer.attention_out.apply(&attended, rows);
            y.iter_mut().zip(&x).for_each(|(y, x)| *y += x);
            layer.attention_norm.apply(&mut y, eps);
            let mut h = layer.intermediate.apply(&y, rows);
            h.iter_mut().for_each(|v| *v = gelu(*v));
            let mut z = layer.output.apply(&h, rows);
            z.iter_mut().zip(&y).for_each(|(z, y)| *z += y);
            layer.output_norm.apply(&mut z, eps);
            x = z;
        }
        let mut out = Vec::with_capacity(inputs.len());
        let mut at = 0;
        for &len in &lens {
            let mut mean = vec![0.0f32; hidden];
            for row in x[at * hidden..(at + len) * hidden].chunks_exact(hidden) {
                mean.iter_mut().zip(row).for_each(|(m, v)| *m += v);
            }
            at += len;
            let norm = mean.iter().map(|v| v * v).sum::<f32>().sqrt();
            if norm > 0.0 {
                mean.iter_mut().for_each(|v| *v /= norm);
            }
            out.push(mean);
        }
        out
    }

    /// Multi-head self-attention of each input's tokens among themselves (`x`: every token of
    /// the batch, `lens`: tokens per input), before the output projection.
    fn attention(&self, layer: &Layer, x: &[f32], lens: &[usize]) -> Vec<f32> {
        let hidden = self.config.hidden_size;
        let heads = self.config.num_attention_heads;
        let width = hidden / heads;
        let rows: usize = lens.iter().sum();
        let (q, k, v) = (layer.query.apply(x, rows), layer.key.apply(x, rows), layer.value.apply(x, rows));
        let scale = 1.0 / (width as f32).sqrt();
        let mut out = vec![0.0f32; rows * hidden];
        let mut start = 0;
        let mut weights = Vec::new();
        for &len in lens {
            for head in 0..heads {
                let at = |m: &[f32], token: usize| -> Vec<f32> {
                    m[(start + token) * hidden + head * width..][..width].to_vec()
                };
                for i in 0..len {
                    let qi = at(&q, i);
                    weights.clear();
                    weights.extend((0..len).map(|j| {
                        let kj = &k[(start + j) * hidden + head * width..][..width];
                        qi.iter().zip(kj).map(|(a, b)| a * b).sum::<f32>() * scale
                    }));
                    let max = weights.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                    let mut sum = 0.0;
                    weights.iter_mut().for_each(|w| {
                        *w = (*w - max).exp();
                        sum += *w;
                    });
                    let target = &mut out[(start + i) * hidden + head * width..][..width];
                    for (j, w) in weights.iter().enumerate() {
                        let vj = &v[(start + j) * hidden + head * width..][..width];
                        target.iter_mut().zip(vj).for_each(|(t, v)| *t += w / sum * v);
                    }
                }
            }
            start += len;
        }
        out
    }
}

/// BERT's GELU, `x · Φ(x)`, with the error function to within 1.5e-7 (Abramowitz and Stegun
/// 7.1.26).
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x / std::f32::consts::SQRT_2))
}

fn erf(x: f32) -> f32 {
    let sign = x.signum();
    let x = x.abs();
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t * (0.254_829_6 + t * (-0.284_496_7 + t * (1.421_413_7 + t * (-1.453_152_1 + t * 1.061_405_4))));
    sign * (1.0 - poly * (-x * x).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_matches_known_values() {
        for (x, want) in [(0.0f32, 0.0f32), (0.5, 0.520_499_9), (1.0, 0.842_700_8), (-2.0, -0.995_322_3), (4.0, 1.0)] {
            assert!((erf(x) - want).abs() < 1e-6, "erf({x}) = {} not {want}", erf(x));
        }
        assert!((gelu(1.0) - 0.841_344_7).abs() < 1e-6);
    }

    #[test]
    fn a_dense_layer_multiplies_by_the_transposed_weight_and_adds_the_bias() {
        let layer = Linear { weight: vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], bias: vec![0.5, -1.0], inputs: 3, outputs: 2 };
        assert_eq!(layer.apply(&[1.0, 0.0, 1.0, 0.0, 1.0, 0.0], 2), [4.5, 9.0, 2.5, 4.0]);
    }
}
