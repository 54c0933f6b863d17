"""A static host for benches: serves a built site on 127.0.0.1 as static hosts do (gzip for
text when the client accepts it, the `_headers` file's headers for its paths). Usage:
static_server.py ROOT PORT"""

import gzip
import http.server
import sys
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(sys.argv[1]).resolve()
TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".wasm")


def read_headers(root):
    """`_headers` (Netlify / Cloudflare Pages format): a path pattern, then indented headers."""
    rules, current = [], None
    path = root / "_headers"
    for line in path.read_text().splitlines() if path.exists() else []:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = (line.strip(), [])
            rules.append(current)
        elif current and ":" in line:
            name, value = line.strip().split(":", 1)
            current[1].append((name.strip(), value.strip()))
    return rules


RULES = read_headers(ROOT)


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(ROOT), **kwargs)

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head=False):
        path = self.translate_path(self.path)
        if Path(path).is_dir():
            path = str(Path(path) / "index.html")
        file = Path(path)
        if not file.is_file():
            file, status = ROOT / "404.html", 404
        else:
            status = 200
        body = file.read_bytes()
        url = self.path.split("?", 1)[0]
        headers = {"Content-Type": self.guess_type(str(file))}
        if file.suffix in TEXT and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 6)
            headers["Content-Encoding"] = "gzip"
        for pattern, extra in RULES:
            if fnmatch(url, pattern):
                headers.update(extra)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Handler).serve_forever()
