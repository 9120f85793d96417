"""Fill in deploy/nginx.conf: the site file for Debian's nginx, or a whole nginx.conf.

The security headers nginx adds to the static files it serves are taken from Django's
settings, so they are always the ones Django puts on its own pages. Run it with the app's
environment (at least SECRET_KEY; HTTPS=true in production, which adds HSTS):

    .venv/bin/python deploy/render_nginx_conf.py --listen 80 --server-name painguide.example.org \
        --upstream 127.0.0.1:8000 > /etc/nginx/sites-available/pain-guide

Options: --listen (default 80), --server-name (default _, any), --upstream (repeat for
several app servers; default $BIND or 127.0.0.1:8000), --trusted-proxy (repeat: the load
balancers in front, addresses or CIDR ranges; none by default), --static-root (default
Django's STATIC_ROOT), --access-log (default /var/log/nginx/pain-guide.access.log),
--certificate and --certificate-key (nginx terminates TLS: it listens on 443, and port 80
only redirects to HTTPS).
--standalone RUN_DIR writes a whole nginx.conf instead, for running nginx without root with
its pid file, temporary files and logs in RUN_DIR (scripts/serve-behind-nginx):

    nginx -p RUN_DIR -e stderr -c RUN_DIR/nginx.conf -g 'daemon off;'
"""

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf"
PLACEHOLDER = re.compile(r"^(?P<indent>[ \t]*)(?P<before>.*?)\{\{(?P<name>[A-Z_]+)\}\}", re.M)


def security_headers():
    """The security headers Django's middleware puts on a page, CSP aside, as (name, value).

    HSTS is apart: nginx sends it only on HTTPS, as Django does (see hsts()).
    """
    from django.conf import settings
    from django_permissions_policy import PermissionsPolicyMiddleware

    headers = []
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        policy = settings.SECURE_REFERRER_POLICY
        if isinstance(policy, str):
            policy = policy.split(",")
        headers.append(("Referrer-Policy", ",".join(part.strip() for part in policy)))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    headers.append(("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()))
    permissions = PermissionsPolicyMiddleware.compute_header_value(
        getattr(settings, "PERMISSIONS_POLICY", {}), name="PERMISSIONS_POLICY"
    )
    if permissions:
        headers.append(("Permissions-Policy", permissions))
    return headers


def hsts():
    """Django's Strict-Transport-Security value for HTTPS responses, or "" when it sends none."""
    from django.conf import settings

    if not settings.SECURE_HSTS_SECONDS:
        return ""
    value = f"max-age={settings.SECURE_HSTS_SECONDS}"
    if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
        value += "; includeSubDomains"
    if settings.SECURE_HSTS_PRELOAD:
        value += "; preload"
    return value


def quoted(value):
    """A value as an nginx string: no variables, no line breaks, quotes escaped."""
    if "$" in value or "\n" in value:
        raise ValueError(f"cannot put {value!r} into nginx.conf")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def plain(value):
    """A bare nginx word (an address, a path, a host name): nothing that could end a directive."""
    if not value or re.search(r"[\s;{}\"'$#]", value):
        raise ValueError(f"cannot put {value!r} into nginx.conf")
    return value


def render_site(
    *,
    listen="80",
    server_name="_",
    upstreams=("127.0.0.1:8000",),
    static_root=None,
    access_log="/var/log/nginx/pain-guide.access.log",
    trusted_proxies=(),
    certificate=None,
    certificate_key=None,
):
    """deploy/nginx.conf with its places filled in."""
    from django.conf import settings

    static_root = str(static_root or settings.STATIC_ROOT).rstrip("/")
    # The admin's forms hold whole medicine pages: its own limit, or Django's.
    admin_max_body = int(
        getattr(settings, "ADMIN_MAX_BODY_BYTES", None)
        or settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        or 2_621_440
    )
    if bool(certificate) != bool(certificate_key):
        raise ValueError("give both the certificate and its key, or neither")
    tls, http_to_https = [], []
    if certificate:
        tls = [
            f"ssl_certificate {plain(certificate)};",
            f"ssl_certificate_key {plain(certificate_key)};",
            "ssl_protocols TLSv1.2 TLSv1.3;",
            "ssl_prefer_server_ciphers off;",
            "ssl_session_cache shared:pain_guide_tls:10m;",
            "ssl_session_timeout 1d;",
            "ssl_session_tickets off;",
        ]
        http_to_https = [
            "server {",
            "    listen 80;",
            f"    server_name {' '.join(plain(name) for name in server_name.split())};",
            "    server_tokens off;",
            f"    access_log {plain(access_log)} pain_guide;",
            "    return 301 https://$host$request_uri;",
            "}",
        ]
    values = {
        "LISTEN": [plain(part) for part in listen.split()],
        "TLS": tls,
        "HTTP_TO_HTTPS": http_to_https,
        "SERVER_NAME": [plain(name) for name in server_name.split()],
        "UPSTREAMS": [f"server {plain(address)};" for address in upstreams],
        "STATIC_ROOT": [plain(static_root)],
        "ACCESS_LOG": [plain(access_log)],
        "REAL_IP_FROM": [f"set_real_ip_from {plain(address)};" for address in trusted_proxies],
        "TRUSTED_PROXIES": [f"{plain(address)} 1;" for address in trusted_proxies],
        "MAX_BODY": [str(int(getattr(settings, "MAX_BODY_BYTES", 64 * 1024)))],
        "ADMIN_PATH": [plain("/" + settings.ADMIN_URL.strip("/") + "/")],
        "ADMIN_MAX_BODY": [str(admin_max_body)],
        "HSTS": [hsts()],
        "SECURITY_HEADERS": [
            f"add_header {name} {quoted(value)} always;" for name, value in security_headers()
        ],
    }
    inline = {
        "LISTEN",
        "SERVER_NAME",
        "STATIC_ROOT",
        "ACCESS_LOG",
        "MAX_BODY",
        "ADMIN_PATH",
        "ADMIN_MAX_BODY",
        "HSTS",
    }

    def fill(match):
        name = match["name"]
        indent, before = match["indent"], match["before"]
        if name in inline:
            value = values[name][0] if name == "HSTS" else " ".join(values[name])
            if name == "HSTS":
                value = quoted(value)[1:-1]
            return f"{indent}{before}{value}"
        if before:
            raise ValueError(f"{{{{{name}}}}} must stand on a line of its own")
        lines = values[name] or ["# (none)"]
        return "\n".join(indent + line for line in lines)

    text = PLACEHOLDER.sub(fill, TEMPLATE.read_text())
    if re.search(r"\{\{[A-Z_]+\}\}", text):
        raise ValueError("a place in deploy/nginx.conf was left unfilled")
    return text


def render_standalone(site, run_dir):
    """A whole nginx.conf around the site file, for nginx run by this user from RUN_DIR."""
    run_dir = plain(str(Path(run_dir).resolve()))
    # As root, nginx would hand its work to "nobody", who cannot read a private temporary
    # folder: keep it as the user who started it (as gunicorn is). A real server uses
    # Debian's nginx service with the site file instead.
    user = "user root;\n" if os.geteuid() == 0 else ""
    body = "\n".join(("    " + line) if line else "" for line in site.splitlines())
    return f"""# Made by deploy/render_nginx_conf.py --standalone: nginx for one machine, without root.
# Run: nginx -p {run_dir} -e stderr -c {run_dir}/nginx.conf -g 'daemon off;'
{user}worker_processes auto;
pid {run_dir}/nginx.pid;
error_log stderr error;

events {{
    worker_connections 1024;
}}

http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    client_body_temp_path {run_dir}/client_body;
    proxy_temp_path {run_dir}/proxy;
    fastcgi_temp_path {run_dir}/fastcgi;
    uwsgi_temp_path {run_dir}/uwsgi;
    scgi_temp_path {run_dir}/scgi;

{body}
}}
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", help='default 80, or "443 ssl http2" with --certificate')
    parser.add_argument("--server-name", default="_")
    parser.add_argument("--upstream", action="append", dest="upstreams")
    parser.add_argument("--trusted-proxy", action="append", dest="trusted_proxies", default=[])
    parser.add_argument("--static-root")
    parser.add_argument("--access-log")
    parser.add_argument("--certificate", help="nginx terminates TLS: the certificate chain")
    parser.add_argument("--certificate-key", help="and its private key")
    parser.add_argument("--standalone", metavar="RUN_DIR")
    options = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pain_guide.settings")
    import django

    django.setup()

    access_log = options.access_log or (
        "/dev/stdout" if options.standalone else "/var/log/nginx/pain-guide.access.log"
    )
    site = render_site(
        listen=options.listen or ("443 ssl http2" if options.certificate else "80"),
        server_name=options.server_name,
        upstreams=options.upstreams or [os.environ.get("BIND", "127.0.0.1:8000")],
        static_root=options.static_root,
        access_log=access_log,
        trusted_proxies=options.trusted_proxies,
        certificate=options.certificate,
        certificate_key=options.certificate_key,
    )
    sys.stdout.write(render_standalone(site, options.standalone) if options.standalone else site)


if __name__ == "__main__":
    main()
