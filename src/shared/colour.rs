//! sRGB colours as `helpmark.yaml` writes them (`#0b57d0`), their WCAG contrast, and the
//! nearest colour that reaches a contrast: the brand's accent is checked against the theme's
//! backgrounds at build time (issue 17).

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// The built-in theme's page and card backgrounds (`--bg`, `--surface` in `style.css`), light.
pub const LIGHT_BACKGROUNDS: [Rgb; 2] = [Rgb(0xff, 0xff, 0xff), Rgb(0xf3, 0xf5, 0xf8)];
/// The same in the dark scheme.
pub const DARK_BACKGROUNDS: [Rgb; 2] = [Rgb(0x15, 0x17, 0x1a), Rgb(0x1f, 0x22, 0x26)];
/// WCAG 2 AA for body text.
pub const AA_TEXT: f64 = 4.5;

impl Rgb {
    /// `#rgb` or `#rrggbb`, any case.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).ok();
        let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            6 => Some(Rgb(pair(0)?, pair(2)?, pair(4)?)),
            _ => None,
        }
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG relative luminance.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// The WCAG contrast ratio of the two colours, from 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// The lowest contrast of this colour against any of `backgrounds`.
    pub fn worst_contrast(self, backgrounds: &[Rgb]) -> f64 {
        backgrounds.iter().map(|b| self.contrast(*b)).fold(f64::INFINITY, f64::min)
    }

    /// This colour if it reaches `ratio` against every one of `backgrounds`, else the closest
    /// that does with the same hue and saturation: lightness moved away from the backgrounds
    /// (darker on light ones) only as far as needed. `None` if not even black or white does.
    pub fn nearest_passing(self, backgrounds: &[Rgb], ratio: f64) -> Option<Rgb> {
        if self.worst_contrast(backgrounds) >= ratio {
            return Some(self);
        }
        let (h, s, l) = self.hsl();
        let light_backgrounds =
            backgrounds.iter().map(|b| b.luminance()).sum::<f64>() / backgrounds.len() as f64 > 0.18;
        let target = if light_backgrounds { 0.0 } else { 1.0 };
        if Rgb::from_hsl(h, s, target).worst_contrast(backgrounds) < ratio {
            return None;
        }
        // Bisect the lightness between the colour (fails) and black or white (passes).
        let (mut failing, mut passing) = (l, target);
        for _ in 0..40 {
            let mid = (failing + passing) / 2.0;
            if Rgb::from_hsl(h, s, mid).worst_contrast(backgrounds) >= ratio {
                passing = mid;
            } else {
                failing = mid;
            }
        }
        // Rounding to 8 bits may land just short; step on until it passes.
        let step = if light_backgrounds { -0.002 } else { 0.002 };
        let mut colour = Rgb::from_hsl(h, s, passing);
        while colour.worst_contrast(backgrounds) < ratio {
            passing = (passing + step).clamp(0.0, 1.0);
            colour = Rgb::from_hsl(h, s, passing);
        }
        Some(colour)
    }

    fn hsl(self) -> (f64, f64, f64) {
        let [r, g, b] = [self.0, self.1, self.2].map(|c| f64::from(c) / 255.0);
        let (max, min) = (r.max(g).max(b), r.min(g).min(b));
        let l = (max + min) / 2.0;
        if max == min {
            return (0.0, 0.0, l);
        }
        let d = max - min;
        let s = if l > 0.5 { d / (2.0 - max - min) } else { d / (max + min) };
        let h = if max == r {
            (g - b) / d + if g < b { 6.0 } else { 0.0 }
        } else if max == g {
            (b - r) / d + 2.0
        } else {
            (r - g) / d + 4.0
        };
        (h / 6.0, s, l)
    }

    fn from_hsl(h: f64, s: f64, l: f64) -> Rgb {
        let q = if l < 0.5 { l * (1.0 + s) } else { l + s - l * s };
        let p = 2.0 * l - q;
        let channel = |t: f64| {
            let t = t.rem_euclid(1.0);
            let v = if t < 1.0 / 6.0 {
                p + (q - p) * 6.0 * t
            } else if t < 0.5 {
                q
            } else if t < 2.0 / 3.0 {
                p + (q - p) * (2.0 / 3.0 - t) * 6.0
            } else {
                p
            };
            (v.clamp(0.0, 1.0) * 255.0).round() as u8
        };
        Rgb(channel(h + 1.0 / 3.0), channel(h), channel(h - 1.0 / 3.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_is_wcag_s() {
        let white = Rgb(255, 255, 255);
        assert!((Rgb(0, 0, 0).contrast(white) - 21.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        assert!((Rgb::parse("#767676").unwrap().contrast(white) - 4.54).abs() < 0.01);
        assert_eq!(Rgb::parse("#0B57d0"), Some(Rgb(0x0b, 0x57, 0xd0)));
        assert_eq!(Rgb::parse("#fa0"), Some(Rgb(0xff, 0xaa, 0x00)));
        for bad in ["0b57d0", "#0b57d", "#ggg", "red", "#+1+2+3"] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_nearest_passing_colour_keeps_the_hue_and_just_passes() {
        let orange = Rgb::parse("#ff8800").unwrap();
        let fixed = orange.nearest_passing(&LIGHT_BACKGROUNDS, AA_TEXT).unwrap();
        assert!(fixed.worst_contrast(&LIGHT_BACKGROUNDS) >= AA_TEXT);
        assert!(fixed.worst_contrast(&LIGHT_BACKGROUNDS) < AA_TEXT + 0.2, "no darker than needed: {}", fixed.hex());
        assert!(fixed.0 > fixed.1 && fixed.1 > fixed.2, "still an orange: {}", fixed.hex());
        let blue = Rgb::parse("#0b57d0").unwrap();
        assert_eq!(blue.nearest_passing(&LIGHT_BACKGROUNDS, AA_TEXT), Some(blue), "passes as it is");
        let light = blue.nearest_passing(&DARK_BACKGROUNDS, AA_TEXT).unwrap();
        assert!(light.worst_contrast(&DARK_BACKGROUNDS) >= AA_TEXT && light.luminance() > blue.luminance());
    }
}
