"""Serve a built site on 127.0.0.1 with gzip for text files, the way a real host sends it (used by scripts/audit).

    python tests/browser/serve.py SITE_DIR --port-file FILE

Binds a free port, writes it to FILE once listening, and serves until killed.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
from pathlib import Path

TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if not (path.is_file() and path.suffix in TEXT and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site")
    parser.add_argument("--port-file", required=True)
    args = parser.parse_args()
    handler = functools.partial(GzipHandler, directory=os.path.abspath(args.site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        Path(args.port_file).write_text(str(server.server_port))
        server.serve_forever()


if __name__ == "__main__":
    main()
