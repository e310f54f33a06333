"""The nginx site in deploy/ rendered into a temp dir (free ports, a self-signed certificate) and run by
Debian's nginx: it loads, and its responses carry frame protection while metrics and the agent API stay
blocked. Without app servers behind it (the multi-server browser test is not written yet)."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser import free_port

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx" / "groepsduiding.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def render(tmp: Path, https_port: int, http_port: int) -> Path:
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = SITE.read_text(encoding="utf-8")
    for old, new in (
        ("/etc/ssl/groepsduiding/fullchain.pem", str(tmp / "cert.pem")),
        ("/etc/ssl/groepsduiding/privkey.pem", str(tmp / "key.pem")),
        ("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
    ):
        assert old in site
        site = site.replace(old, new)
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    (tmp / "site.conf").write_text(site, encoding="utf-8")
    temp = " ".join(f"{k}_temp_path {tmp}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"pid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\nevents {{}}\nhttp {{\n"
        f" include /etc/nginx/mime.types;\n access_log {tmp}/access.log;\n {temp}\n include {tmp}/site.conf;\n}}\n",
        encoding="utf-8",
    )
    return conf


def _get(url: str):
    ctx = ssl._create_unverified_context()
    try:
        with urllib.request.urlopen(url, timeout=5, context=ctx) as r:
            return r.status, dict(r.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers)


@pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx ontbreekt (Debian-pakket 'nginx')")
def test_nginx_site_loads_and_protects(tmp_path):
    https_port, http_port = free_port(), free_port()
    conf = render(tmp_path, https_port, http_port)
    check = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"])
    try:
        time.sleep(0.5)
        base = f"https://127.0.0.1:{https_port}"
        for path in ("/_stcore/metrics", "/_stcore/agent/openapi.json", "/_stcore/script-health-check"):
            status, headers = _get(base + path)
            assert status == 404, path
            assert headers["X-Frame-Options"] == "DENY"
            assert headers["Content-Security-Policy"] == "frame-ancestors 'none'"
            assert headers["Set-Cookie"].startswith("groepsduiding_route=")
        status, headers = _get(base + "/")  # no app server behind it here: 502, still protected
        assert status == 502 and headers["X-Frame-Options"] == "DENY"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
