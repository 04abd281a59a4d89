#!/usr/bin/env python3
"""site_check.py: checks a built site the way a browser would read it.

usage: site_check.py SITE [--allow-url URL]... [--expect-lang LANG] [--expect-dir DIR]
                          [--forbid TEXT]... [--forbid-file-under cases/*/files]

Prints one 'ok NAME' or 'FAIL NAME -- why' line per check, and exits 1 on a failure.
Checks every *.html page below SITE:
- the head holds the Content-Security-Policy, robots noindex, referrer and
  viewport metas, and <html> has lang and dir;
- no element runs script or fetches from outside: the only <script> is the
  site's own site.js, no attribute named on*, no style attribute or <style>,
  no <iframe>, <object>, <embed>, <base> or <form>;
- every href and src is relative and names a file of the site (and an id in
  it, for a #fragment), except links to the resource urls given with
  --allow-url, which must be <a rel="noopener noreferrer"> to http(s);
- no href, src or other URL attribute starts with javascript:, vbscript:,
  data: or file: (ignoring case, blanks and control characters);
- every table is named, by a caption or by aria-labelledby naming ids of
  the page, and no caption repeats the heading just before its table;
- each --forbid TEXT appears nowhere in any file of the site.
"""
import html.parser
import os
import re
import sys
import urllib.parse

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
       "base-uri 'none'; form-action 'none'")
URL_ATTRS = {"href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href",
             "background", "cite", "longdesc", "manifest", "ping"}
BAD_SCHEME = re.compile(r"^[\x00-\x20]*(j[\t\n\r]*a[\t\n\r]*v[\t\n\r]*a[\t\n\r]*s[\t\n\r]*c[\t\n\r]*"
                        r"r[\t\n\r]*i[\t\n\r]*p[\t\n\r]*t|vbscript|data|file)[\t\n\r]*:", re.I)
BANNED_TAGS = {"iframe", "object", "embed", "base", "form", "style", "frame", "frameset", "applet",
               "meta-refresh"}


HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []      # (tag, attrs dict, line)
        self.ids = set()
        self.tables = []    # {line, caption, labelledby, heading}
        self.heading = None  # the text of the last heading so far
        self.capture = []   # [tag, pieces] of the headings and captions open

    def handle_starttag(self, tag, attrs):
        d = {}
        for k, v in attrs:
            d.setdefault(k, v if v is not None else "")
        self.tags.append((tag, d, self.getpos()[0]))
        if "id" in d:
            self.ids.add(d["id"])
        if tag == "table":
            self.tables.append({"line": self.getpos()[0], "caption": None,
                                "labelledby": d.get("aria-labelledby"), "heading": self.heading})
        if tag in HEADINGS or tag == "caption":
            self.capture.append([tag, []])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in HEADINGS or tag == "caption":
            self.handle_endtag(tag)

    def handle_data(self, data):
        for c in self.capture:
            c[1].append(data)

    def handle_endtag(self, tag):
        if self.capture and self.capture[-1][0] == tag:
            text = " ".join("".join(self.capture.pop()[1]).split())
            if tag == "caption" and self.tables:
                self.tables[-1]["caption"] = text
            elif tag != "caption":
                self.heading = text


def main():
    args = sys.argv[1:]
    site = args.pop(0)
    allow, forbid = set(), []
    lang = dirn = None
    no_files = False
    while args:
        a = args.pop(0)
        if a == "--allow-url":
            allow.add(args.pop(0))
        elif a == "--forbid":
            forbid.append(args.pop(0))
        elif a == "--expect-lang":
            lang = args.pop(0)
        elif a == "--expect-dir":
            dirn = args.pop(0)
        elif a == "--no-attachments":
            no_files = True
        else:
            sys.exit("unknown option " + a)

    pages = {}
    files = set()
    for dp, dns, fns in os.walk(site):
        for fn in fns:
            rel = os.path.relpath(os.path.join(dp, fn), site)
            files.add(rel)
            if fn.endswith(".html"):
                p = Page()
                with open(os.path.join(dp, fn), encoding="utf-8") as f:
                    p.feed(f.read())
                pages[rel] = p
    fails = []

    def fail(name, why):
        fails.append((name, why))

    for rel, p in sorted(pages.items()):
        metas = [(d.get("http-equiv", "").lower(), d.get("name", "").lower(), d.get("content", ""))
                 for t, d, _ in p.tags if t == "meta"]
        if ("content-security-policy", "", CSP) not in metas:
            fail("csp", rel)
        if ("", "robots", "noindex, nofollow") not in metas:
            fail("noindex", rel)
        if ("", "referrer", "no-referrer") not in metas:
            fail("referrer", rel)
        if not any(n == "viewport" for _, n, _ in metas):
            fail("viewport", rel)
        htm = [d for t, d, _ in p.tags if t == "html"]
        if not htm or not htm[0].get("lang") or htm[0].get("dir") not in ("ltr", "rtl"):
            fail("html lang dir", rel)
        elif (lang and htm[0]["lang"] != lang) or (dirn and htm[0]["dir"] != dirn):
            fail("html lang dir", "%s: %s" % (rel, htm[0]))
        scripts = [d for t, d, _ in p.tags if t == "script"]
        base = os.path.dirname(rel)
        for d in scripts:
            src = d.get("src")
            if not src or os.path.normpath(os.path.join(base, src)) != "site.js":
                fail("only the site's own script", "%s: %s" % (rel, d))
        for t, d, line in p.tags:
            if t in BANNED_TAGS:
                fail("no embedding tags", "%s:%d: <%s>" % (rel, line, t))
            if t == "meta" and d.get("http-equiv", "").lower() == "refresh":
                fail("no refresh", "%s:%d" % (rel, line))
            for k, v in d.items():
                if k.startswith("on"):
                    fail("no event handlers", "%s:%d: <%s %s>" % (rel, line, t, k))
                if k == "style":
                    fail("no style attributes", "%s:%d: <%s>" % (rel, line, t))
                if k in URL_ATTRS and BAD_SCHEME.match(v):
                    fail("no script URLs", "%s:%d: <%s %s=%r>" % (rel, line, t, k, v))
            for k in ("href", "src"):
                if k not in d:
                    continue
                v = d[k]
                u = urllib.parse.urlsplit(v)
                if u.scheme or u.netloc or v.startswith("/") or v.startswith("\\"):
                    if t == "a" and k == "href" and v in allow and u.scheme in ("http", "https") \
                            and set(d.get("rel", "").split()) >= {"noopener", "noreferrer"}:
                        continue
                    fail("no URL outside the site", "%s:%d: <%s %s=%r>" % (rel, line, t, k, v))
                    continue
                path = urllib.parse.unquote(u.path)
                target = os.path.normpath(os.path.join(base, path)) if path else rel
                if target.startswith(".."):
                    fail("links stay inside the site", "%s:%d: %r" % (rel, line, v))
                elif target not in files:
                    fail("links name files of the site", "%s:%d: %r -> %s" % (rel, line, v, target))
                elif u.fragment and target in pages and \
                        urllib.parse.unquote(u.fragment) not in pages[target].ids:
                    fail("fragments name ids", "%s:%d: %r" % (rel, line, v))
        if len(p.ids) != len([1 for _, d, _ in p.tags if "id" in d]):
            fail("ids are unique", rel)
        for tb in p.tables:
            named = tb["caption"] or (tb["labelledby"] and
                                      all(i in p.ids for i in tb["labelledby"].split()))
            if not named:
                fail("tables are named", "%s:%d" % (rel, tb["line"]))
            if tb["caption"] and tb["heading"] and tb["caption"].casefold() == tb["heading"].casefold():
                fail("no caption repeats its heading", "%s:%d: %r" % (rel, tb["line"], tb["caption"]))

    for rel in sorted(files):
        if no_files and re.match(r"cases/[^/]+/files/", rel):
            fail("no attachments copied", rel)
        if forbid:
            with open(os.path.join(site, rel), "rb") as f:
                data = f.read()
            for text in forbid:
                if text.encode() in data:
                    fail("forbidden text absent", "%r in %s" % (text, rel))

    names = ["csp", "noindex", "referrer", "viewport", "html lang dir", "only the site's own script",
             "no embedding tags", "no refresh", "no event handlers", "no style attributes",
             "no script URLs", "no URL outside the site", "links stay inside the site",
             "links name files of the site", "fragments name ids", "ids are unique",
             "tables are named", "no caption repeats its heading"]
    if no_files:
        names.append("no attachments copied")
    if forbid:
        names.append("forbidden text absent")
    tag = os.path.basename(os.path.normpath(site))
    for n in names:
        why = [w for f, w in fails if f == n]
        if why:
            print("FAIL %s: %s -- %s%s" % (tag, n, "; ".join(why[:5]),
                                          " (and %d more)" % (len(why) - 5) if len(why) > 5 else ""))
        else:
            print("ok %s: %s (%d pages)" % (tag, n, len(pages)))
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
