//! `helpmark serve`: a live preview. The site is produced into memory by the same code path as
//! `build` ([`produce`](crate::produce)), served on 127.0.0.1 only, and produced again after
//! every change to its sources; open pages reload, and a change with errors leaves the last
//! good site in place with the problems laid over every page. Nothing is written to disk.
//!
//! Threads: the caller's waits for Ctrl-C; one accepts connections and gives each its own
//! thread (a page's event stream stays open); one waits for changes and re-produces the site.

mod held;
mod http;
pub mod live;
pub mod memory;
mod page_first;
mod reload;
mod routes;
pub(crate) mod served_search;
pub mod watch;

use crate::diagnostics::{render_json, Code, Diagnostic};
use crate::produce::{Memo, SiteOptions};
use crate::BuildError;
use live::Live;
use std::io::{BufReader, ErrorKind};
use std::net::{Ipv4Addr, SocketAddrV4, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The port tried first when none is asked for, and how many after it.
const DEFAULT_PORT: u16 = 8000;
const PORTS_TRIED: u16 = 20;
/// How many bytes of the first production's files are packed between two swaps of the site
/// served ([`memory::Site::packed_part`]): each swap frees what the step packed.
const PACKED_PER_STEP: usize = 16 << 20;

/// What to serve, and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site and what changes its content.
    pub site: SiteOptions,
    /// The port on 127.0.0.1 (`0`: any free one); without one, the first free port from 8000.
    pub port: Option<u16>,
    /// Open the preview in the default browser.
    pub open: bool,
    /// Called after each production, once the previous site is dropped: the binary's
    /// allocator hands the memory a production used back to the system, so that the next one
    /// does not add its own on top (see `main.rs`).
    pub release_memory: fn(),
}

/// What the preview reports while it runs, for the command to print.
#[derive(Debug)]
pub enum Event<'a> {
    /// The server listens at `url`; `instead_of` is the default port it found taken.
    Serving {
        /// `http://127.0.0.1:PORT/` (with the site's base path).
        url: &'a str,
        /// The default port, when it was taken.
        instead_of: Option<u16>,
    },
    /// The pages that show the entries a change edited, added or deleted were served first,
    /// in `millis`; the rest of the site (search included) follows with [`Event::Produced`].
    PageFirst {
        /// How long it took, from the end of the burst of changes.
        millis: u128,
        /// How many files changed (pages made or gone).
        changed: usize,
    },
    /// The site was produced (again), in `millis`.
    Produced {
        /// How long it took.
        millis: u128,
        /// Files in the site.
        files: usize,
        /// How many of them changed.
        changed: usize,
        /// Its warnings.
        warnings: &'a [Diagnostic],
        /// Whether this was the first production.
        first: bool,
    },
    /// The sources have errors: the last good site stays.
    Failed {
        /// Every diagnostic, warnings included.
        diagnostics: &'a [Diagnostic],
    },
    /// `--open` could not start a browser.
    CannotOpen(String),
    /// Ctrl-C: the server stopped.
    Stopped,
}

/// The preview could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The port asked for is in use.
    #[error(
        "port {0} on 127.0.0.1 is already in use (another `helpmark serve`, or another program); choose another \
         with `--port N`, or `--port 0` for any free port"
    )]
    PortTaken(u16),
    /// No port could be bound.
    #[error("cannot listen on 127.0.0.1:{0}")]
    Bind(u16, #[source] std::io::Error),
    /// The sources cannot be watched.
    #[error("cannot watch the site's files for changes")]
    Watch(#[from] notify::Error),
    /// The folder holds no site, or producing it failed for a reason not in the content.
    #[error(transparent)]
    Build(#[from] BuildError),
}

/// Set by SIGINT and SIGTERM.
static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

/// How the preview reports what happens; called from its threads.
pub type Report = Arc<dyn Fn(Event<'_>) + Send + Sync>;

/// Serves the site of `options` until Ctrl-C (or SIGTERM), telling `report` what happens.
pub fn run(options: &ServeOptions, report: Report) -> Result<(), ServeError> {
    if !options.site.source.join(crate::config::FILE_NAME).is_file() {
        return Err(BuildError::NoSite(options.site.source.clone()).into());
    }
    let (listener, instead_of) = bind(options.port)?;
    let port = listener.local_addr().map_err(|e| ServeError::Bind(0, e))?.port();
    let mut memo = Memo::default();
    let (live, mut basis) = produce_first(&options.site, &mut memo, &*report);
    let live = Arc::new(live);
    (options.release_memory)();
    let url = format!("http://127.0.0.1:{port}{}", live.current().site.base_path);
    let mut watch = watch::Watch::start(&options.site.source, &live.current().site.logs)?;
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t);
        libc::signal(libc::SIGTERM, on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t);
    }
    let accepting = live.clone();
    std::thread::spawn(move || accept(&listener, &accepting, port));
    report(Event::Serving { url: &url, instead_of });
    if options.open {
        if let Err(e) = open_browser(&url) {
            report(Event::CannotOpen(e.to_string()));
        }
    }
    // Detached: it may be waiting for a change when Ctrl-C comes, and ends with the process.
    let (site, producing, reporting, release) =
        (options.site.clone(), live.clone(), report.clone(), options.release_memory);
    std::thread::spawn(move || {
        let mut logs = producing.current().site.logs.clone();
        // The last site produced in full: what the memo remembers, and so what the next
        // production compares with (a page-first site is served in between, never compared).
        let mut exact = producing.current().site.clone();
        while let Some(part) = exact.packed_part(PACKED_PER_STEP) {
            exact = Arc::new(part);
            producing.replace_site(exact.clone());
        }
        release();
        while let Some(burst) = watch.next_burst() {
            if STOP.load(Ordering::SeqCst) {
                break;
            }
            // A folder made since (`themes/`) is watched before the production reads it, so an
            // edit made there while it runs, or right after it is served, is not lost; a
            // watcher that cannot follow a new folder still watches the others.
            let _ = watch.follow(&logs);
            if let Some(basis) = basis.as_mut() {
                let started = Instant::now();
                let current = producing.current().site.clone();
                if let Some(first) = page_first::preview(&site, watch.root(), &burst, basis, &memo, &current) {
                    let changed = first.changed;
                    producing.publish_page_first(first);
                    reporting(Event::PageFirst { millis: started.elapsed().as_millis(), changed });
                }
            }
            // Dropped before the production, which makes a model of its own.
            drop(basis.take());
            (logs, basis) = reproduce(&site, &producing, &mut memo, &*reporting, &mut exact);
            release();
            // Logs the config names now were read before they were watched: read them again.
            if watch.follow(&logs).unwrap_or(false) {
                drop(basis.take());
                (logs, basis) = reproduce(&site, &producing, &mut memo, &*reporting, &mut exact);
                release();
            }
        }
    });
    while !STOP.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(50));
    }
    report(Event::Stopped);
    Ok(())
}

/// Binds 127.0.0.1:`port`; without a port, the first free one from [`DEFAULT_PORT`], with the
/// default port when it was taken.
fn bind(port: Option<u16>) -> Result<(TcpListener, Option<u16>), ServeError> {
    let at = |p: u16| TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, p));
    match port {
        Some(p) => match at(p) {
            Ok(l) => Ok((l, None)),
            Err(e) if e.kind() == ErrorKind::AddrInUse => Err(ServeError::PortTaken(p)),
            Err(e) => Err(ServeError::Bind(p, e)),
        },
        None => {
            for p in DEFAULT_PORT..DEFAULT_PORT + PORTS_TRIED {
                match at(p) {
                    Ok(l) => return Ok((l, (p != DEFAULT_PORT).then_some(DEFAULT_PORT))),
                    Err(e) if e.kind() == ErrorKind::AddrInUse => continue,
                    Err(e) => return Err(ServeError::Bind(p, e)),
                }
            }
            Err(ServeError::PortTaken(DEFAULT_PORT + PORTS_TRIED - 1))
        }
    }
}

/// The first production: a site with errors still starts the server (with no site yet, and
/// its problems shown), so that the editor can fix them with the preview open.
fn produce_first(
    options: &SiteOptions,
    memo: &mut Memo,
    report: &(dyn Fn(Event<'_>) + Send + Sync),
) -> (Live, Option<memory::Basis>) {
    match attempt(options, None, memo, report) {
        Ok((site, basis)) => (Live::new(site, None), Some(basis)),
        Err(problems) => {
            let site = memory::Site {
                base_path: "/".into(),
                overlay_strings: memory::builtin_overlay_strings(),
                ..memory::Site::default()
            };
            (Live::new(site, Some(render_json(&problems))), None)
        }
    }
}

/// Produces the site again after `exact` (the last site produced in full, which it becomes)
/// and publishes it, or its problems: the logs the config names now, and what the site was
/// produced from.
fn reproduce(
    options: &SiteOptions,
    live: &Live,
    memo: &mut Memo,
    report: &(dyn Fn(Event<'_>) + Send + Sync),
    exact: &mut Arc<memory::Site>,
) -> (Vec<std::path::PathBuf>, Option<memory::Basis>) {
    match attempt(options, Some(&exact.files), memo, report) {
        Ok((site, basis)) => {
            let logs = site.logs.clone();
            *exact = Arc::new(site);
            live.publish_site(exact.clone());
            (logs, Some(basis))
        }
        Err(problems) => {
            // The site served stays, a page-first one included: the problems are laid over it.
            live.publish_problems(render_json(&problems));
            (live.current().site.logs.clone(), None)
        }
    }
}

/// One production, after the site `previous` (none for the first) that `memo` remembers,
/// reported: the site, or every diagnostic. A failure of the tool itself (the config deleted,
/// an index that cannot be built) is one more diagnostic here: the preview goes on.
fn attempt(
    options: &SiteOptions,
    previous: Option<&memory::Files>,
    memo: &mut Memo,
    report: &(dyn Fn(Event<'_>) + Send + Sync),
) -> Result<(memory::Site, memory::Basis), Vec<Diagnostic>> {
    let started = Instant::now();
    let produced = match memory::produce_site(options, previous, memo) {
        Ok(produced) => produced,
        Err(e) => {
            let (code, path) = match &e {
                BuildError::NoSite(_) => {
                    (Code::InvalidConfig, crate::display_path(&options.source).join(crate::config::FILE_NAME))
                }
                _ => (Code::WalkError, crate::display_path(&options.source)),
            };
            let message = format!("{:#}", anyhow::Error::new(e));
            Err(vec![Diagnostic::error(code, path, None, message)])
        }
    };
    match &produced {
        Ok((site, _)) => report(Event::Produced {
            millis: started.elapsed().as_millis(),
            files: site.file_count(),
            changed: site.changed,
            warnings: &site.warnings,
            first: previous.is_none(),
        }),
        Err(problems) => report(Event::Failed { diagnostics: problems }),
    }
    produced
}

fn accept(listener: &TcpListener, live: &Arc<Live>, port: u16) {
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                let live = live.clone();
                std::thread::spawn(move || answer(stream, &live, port));
            }
            // Out of file descriptors, say: wait for some to close instead of spinning.
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// Answers one connection. Only requests addressed to this preview by name are answered: a
/// page elsewhere that points a made-up host name at 127.0.0.1 (DNS rebinding) gets nothing.
fn answer(stream: TcpStream, live: &Live, port: u16) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let Ok(read_half) = stream.try_clone() else { return };
    let mut out = stream;
    let request = match http::read_request(&mut BufReader::new(read_half)) {
        Ok(r) => r,
        Err(http::Refusal::Gone) => return,
        Err(http::Refusal::BadRequest) => {
            let _ = http::Response::text("400 Bad Request", "bad request: the path must stay inside the site")
                .write_to(&mut out, false);
            return;
        }
        Err(http::Refusal::MethodNotAllowed) => {
            let mut r = http::Response::text("405 Method Not Allowed", "the preview answers GET and HEAD only");
            r.headers.push(("Allow", "GET, HEAD".into()));
            let _ = r.write_to(&mut out, false);
            return;
        }
    };
    let ours = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    if request.host.as_ref().is_some_and(|h| !ours.iter().any(|o| o.eq_ignore_ascii_case(h))) {
        let r = http::Response::text("403 Forbidden", &format!("this preview answers only to 127.0.0.1:{port}"));
        let _ = r.write_to(&mut out, request.head_only);
        return;
    }
    match routes::route(&request, &live.current()) {
        routes::Answer::Respond(response) => {
            let _ = response.write_to(&mut out, request.head_only);
        }
        routes::Answer::Events(_) if request.head_only => {
            let _ = http::Response::new("200 OK", "text/event-stream", "").write_to(&mut out, true);
        }
        routes::Answer::Events(since) => {
            let _ = reload::stream(&mut out, live, since);
        }
    }
}

fn open_browser(url: &str) -> std::io::Result<()> {
    let program = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
}
