//! The shop's brand from `brand:` in `helpmark.yaml` (issue 17): its logo, dark logo and icon
//! copied under `assets/brand/`, and its colours as custom properties in `assets/brand.css`,
//! a file of its own because the Content-Security-Policy allows no inline style.

use super::OutputFile;
use crate::config::{Accent, Brand};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::image_size;
use crate::shared::colour::{Rgb, AA_TEXT, DARK_BACKGROUNDS, LIGHT_BACKGROUNDS};
use serde::Serialize;
use std::path::Path;

/// What the templates know of the brand (`brand` in every page's context); paths are from the
/// site root, for the page's `root` prefix.
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct BrandContext {
    /// `assets/brand.css`, when the brand sets colours.
    stylesheet: Option<String>,
    /// The logo, when there is one.
    logo: Option<Logo>,
    /// The icon and its MIME type; the theme's own without one.
    favicon: Favicon,
}

#[derive(Debug, Clone, Serialize)]
struct Logo {
    src: String,
    dark_src: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
struct Favicon {
    href: String,
    mime: &'static str,
}

impl Default for Favicon {
    fn default() -> Self {
        Favicon { href: "assets/favicon.svg".to_string(), mime: "image/svg+xml" }
    }
}

/// The brand's files (copies and `brand.css`) and what the templates need to show them. A file
/// that cannot be read is an error naming it (`config` checked that it existed).
pub(super) fn prepare(
    brand: &Brand,
    site: &Path,
    display_site: &Path,
) -> Result<(Vec<OutputFile>, BrandContext), Diagnostic> {
    let mut files = Vec::new();
    let mut copy = |source: &str, name: &str| -> Result<(String, Vec<u8>), Diagnostic> {
        let bytes = std::fs::read(site.join(source)).map_err(|e| {
            Diagnostic::error(Code::WalkError, display_site.join(source), None, format!("cannot read: {e}"))
        })?;
        let extension = source.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        let path = format!("assets/brand/{name}.{extension}");
        files.push(OutputFile { path: path.clone(), bytes: bytes.clone() });
        Ok((path, bytes))
    };
    let mut context = BrandContext::default();
    if let Some(logo) = &brand.logo {
        let (src, bytes) = copy(logo, "logo")?;
        let size = image_size::size_of(&bytes);
        let dark_src = brand.logo_dark.as_deref().map(|d| copy(d, "logo-dark")).transpose()?.map(|(p, _)| p);
        context.logo = Some(Logo { src, dark_src, width: size.map(|s| s.width), height: size.map(|s| s.height) });
    }
    if let Some(favicon) = &brand.favicon {
        let (href, _) = copy(favicon, "favicon")?;
        let mime = match href.rsplit('.').next() {
            Some("svg") => "image/svg+xml",
            Some("png") => "image/png",
            _ => "image/x-icon",
        };
        context.favicon = Favicon { href, mime };
    }
    if let Some(css) = stylesheet(brand) {
        let path = "assets/brand.css".to_string();
        files.push(OutputFile { path: path.clone(), bytes: css.into_bytes() });
        context.stylesheet = Some(path);
    }
    Ok((files, context))
}

/// The brand colours as the theme's custom properties, light and dark; `None` without colours.
/// A colour that fails contrast is used as written (the build warned about it, see
/// `config::brand_warnings`); a missing `accent_dark` is the nearest colour to `accent` that
/// reads on the dark background.
fn stylesheet(brand: &Brand) -> Option<String> {
    let light = brand.accent.as_ref().map(|a: &Accent| a.colour);
    let dark = brand
        .accent_dark
        .as_ref()
        .map(|a| a.colour)
        .or_else(|| light.and_then(|l| l.nearest_passing(&DARK_BACKGROUNDS, AA_TEXT)));
    if light.is_none() && dark.is_none() {
        return None;
    }
    let mut css = String::from("/* Written by helpmark build from `brand:` in helpmark.yaml. */\n");
    let rule = |accent: Rgb| format!(":root {{ --accent: {}; --accent-fg: {}; }}", accent.hex(), text_on(accent).hex());
    if let Some(light) = light {
        css.push_str(&rule(light));
        css.push('\n');
    }
    if let Some(dark) = dark {
        css.push_str(&format!("@media (prefers-color-scheme: dark) {{ {} }}\n", rule(dark)));
    }
    Some(css)
}

/// The text colour of a button in `accent`: white or near-black, whichever reads better.
fn text_on(accent: Rgb) -> Rgb {
    let (white, ink) = (LIGHT_BACKGROUNDS[0], Rgb(0x0b, 0x1a, 0x33));
    if accent.contrast(white) >= accent.contrast(ink) {
        white
    } else {
        ink
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accent(hex: &str) -> Option<Accent> {
        Some(Accent { colour: Rgb::parse(hex).expect("colour"), span: None })
    }

    #[test]
    fn the_stylesheet_sets_both_schemes_and_derives_a_readable_dark_accent() {
        let css = stylesheet(&Brand { accent: accent("#0b57d0"), ..Brand::default() }).expect("css");
        assert!(css.contains(":root { --accent: #0b57d0; --accent-fg: #ffffff; }"), "{css}");
        let dark = css.split("--accent: ").nth(2).and_then(|s| s.get(..7)).and_then(Rgb::parse).expect("dark accent");
        assert!(dark.worst_contrast(&DARK_BACKGROUNDS) >= AA_TEXT, "{css}");
        assert!(css.contains("--accent-fg: #0b1a33; } }"), "dark text on a light accent: {css}");
        assert_eq!(stylesheet(&Brand::default()), None);
    }
}
