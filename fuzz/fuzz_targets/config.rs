//! `helpmark.yaml`: read, parsed into the strict raw form and validated (`config::load`, which
//! reads from a folder, so each input is written to the scratch folder first); every
//! diagnostic rendered for people.
//!
//! Invariants: a config that loads satisfies what the rest of the build relies on (an absolute
//! `base_url` ending in `/`, at least one language, every number within its `config::Limits`,
//! an `as_of` that parses, log paths inside the site); a config that does not load says why.
#![no_main]

use helpmark::config::{self, Overrides};
use helpmark::diagnostics::render_human;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    helpmark_fuzz::scratch_file(config::FILE_NAME, data);
    let dir = helpmark_fuzz::scratch_dir();
    match config::load(dir, dir, &Overrides::default()) {
        Ok(config) => {
            // An absolute http(s) URL (the scheme in any case) with a host, no query, fragment
            // or space, ending in `/`.
            let url = &config.base_url;
            let (scheme, rest) = url.split_once("://").unwrap_or_else(|| panic!("`{url}` has a scheme"));
            assert!(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"), "{url}");
            assert!(!rest.starts_with('/') && rest.len() > 1, "`{url}` has a host");
            assert!(!url.contains(['?', '#', ' ']), "{url}");
            assert!(url.ends_with('/'), "{url}");
            assert!(config.base_path().starts_with('/'));
            assert!(!config.languages.is_empty());
            let default = config.default_language();
            for lang in &config.languages {
                let _ = config.title.get(lang, default);
                if let Some(hours) = &config.contact.hours {
                    let _ = hours.get(lang, default);
                }
            }
            let _ = config.contact.tel_uri();
            // Every number is within the limits `config` documents (the defaults too).
            let within = |value: f64, limits: (f64, f64), key: &str| {
                assert!(value.is_finite() && limits.0 <= value && value <= limits.1, "`{key}` is {value}");
            };
            let u = |l: config::Limits<u32>| (f64::from(l.min), f64::from(l.max));
            let f = |l: config::Limits<f32>| (f64::from(l.min), f64::from(l.max));
            within(config.top_questions as f64, u(config::TOP_QUESTIONS), "top_questions");
            if let Some(hours) = config.contact.response_time_hours {
                within(f64::from(hours), u(config::RESPONSE_TIME_HOURS), "response_time_hours");
            }
            within(f64::from(config.search.popularity_weight), f(config::POPULARITY_WEIGHT), "popularity_weight");
            let c = &config.complaints;
            within(f64::from(c.window_days), u(config::WINDOW_DAYS), "window_days");
            within(c.half_life_days, (config::HALF_LIFE_DAYS.min, config::HALF_LIFE_DAYS.max), "half_life_days");
            within(f64::from(c.match_threshold), f(config::MATCH_THRESHOLD), "match_threshold");
            within(f64::from(c.match_margin), f(config::MATCH_MARGIN), "match_margin");
            within(
                f64::from(c.email_staffing_threshold),
                u(config::EMAIL_STAFFING_THRESHOLD),
                "email_staffing_threshold",
            );
            if let Some(as_of) = &c.as_of {
                assert!(helpmark::shared::date::parse_timestamp(as_of).is_some());
            }
            for source in &c.sources {
                assert!(!source.path.trim().is_empty() && !std::path::Path::new(&source.path).is_absolute());
                assert!(!source.path.split(['/', '\\']).any(|p| p == ".."), "{}", source.path);
            }
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "a config that does not load has a diagnostic");
            assert!(problems.iter().all(|d| d.is_error()));
            let _ = render_human(&problems);
        }
    }
});
