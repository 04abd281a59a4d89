#!/bin/sh
# check_codes.sh: one small caseload per check code (tests/check-codes/<name>/),
# each with the exact diagnostics `check` must give for it, position included,
# so that a broken rule names itself. For each fixture: copy it to a temp
# folder, run its make.sh there (files that cannot be committed), drop the
# fixture's own files, run `check --format json` as of the date in `as-of`,
# and compare the diagnostics, as `FILE:LINE:COL: SEVERITY CODE` lines, with
# `expect` (order free, repeats count). The exit code must be 1 when `expect`
# holds an error, else 0. A fixture named in tests/check-codes/KNOWN is a
# known bug of check: its mismatch prints `ok ... (known: ...)`. Last, every
# code string that tool/*.c passes to diag_add must have a fixture.
# See tests/check-codes/README for how to add a fixture.
set -u
: "${CASELOAD:?}"
here=$(cd "$(dirname "$0")/.." && pwd)
codes=$here/check-codes
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TZ=UTC
export TZ

# pass 1, here: run check on every fixture, into $tmp/NAME.{json,err,rc}.
# Few processes a fixture: on a loaded machine each start costs.
names=
for dir in "$codes"/*/; do
	dir=${dir%/}
	name=${dir##*/}
	names="$names $name"
	fx=$tmp/$name
	cp -R "$dir" "$fx"
	if [ -f "$fx/make.sh" ] && ! (cd "$fx" && sh ./make.sh) > "$tmp/$name.err" 2>&1; then
		echo make.sh > "$tmp/$name.rc"
		continue
	fi
	as_of=
	[ -f "$dir/as-of" ] && read -r as_of < "$dir/as-of"
	rm -f "$fx/expect" "$fx/as-of" "$fx/make.sh"
	(cd "$fx" && exec "$CASELOAD" --as-of "$as_of" check --format json) \
		> "$tmp/$name.json" 2> "$tmp/$name.err"
	echo $? > "$tmp/$name.rc"
done

# pass 2, in one python3 (behind a pyenv shim each start costs 0.1 s): compare
# and print ok/FAIL lines; exit 1 when any failed.
python3 - "$tmp" "$codes" "$here/../tool" $names <<'PY'
import difflib, glob, json, os, re, sys

tmp, codes, tool, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
fails = 0

def ok(t, extra=""):
    print("ok %s%s" % (t, extra))

def nok(t, why):
    global fails
    fails += 1
    print("FAIL %s -- %s" % (t, why))

def read(path, default=None):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return default

# KNOWN: "FIXTURE REASON" a line; # comments
known = {}
for line in (read(codes + "/KNOWN") or "").splitlines():
    if line.strip() and not line.startswith("#"):
        name, _, why = line.strip().partition(" ")
        known[name] = why.strip()

for name in names:
    t = "check-codes/" + name
    expect, rc = read("%s/%s/expect" % (codes, name)), (read("%s/%s.rc" % (tmp, name)) or "").strip()
    err = (read("%s/%s.err" % (tmp, name)) or "").strip()
    if expect is None or read("%s/%s/as-of" % (codes, name)) is None:
        nok(t, "the fixture needs an expect and an as-of file")
        continue
    if rc == "make.sh":
        nok(t, "make.sh failed: " + " | ".join(err.splitlines()[:3]))
        continue
    want = sorted(l.strip() for l in expect.splitlines() if l.strip() and not l.startswith("#"))
    try:
        got = sorted("%s:%d:%d: %s %s" % (d["file"], d["line"], d["column"], d["severity"], d["code"])
                     for d in json.loads(read("%s/%s.json" % (tmp, name)))["diagnostics"])
    except (TypeError, ValueError, KeyError) as e:
        got = ["(no JSON from check: %s)" % e]
    want_rc = "1" if any(": error " in l for l in want) else "0"
    diff = [l for l in difflib.unified_diff(want, got, lineterm="", n=0)
            if l[:1] in "-+" and l[:3] not in ("---", "+++")][:20]
    shown = "\n" + "\n".join(diff) if diff else ""
    if rc != want_rc:
        nok(t, "exit %s, expected %s %s%s" % (rc, want_rc, err[:300], shown))
    elif diff and name in known:
        ok(t, " (known: %s)" % known[name])
    elif diff:
        nok(t, "diagnostics differ (- expected, + got):" + shown)
    elif name in known:
        ok(t, " (listed in KNOWN but passes now: remove it from tests/check-codes/KNOWN)")
    else:
        ok(t)

def codes_in(text):
    """The string literals passed as the code (5th argument) of diag_add."""
    found = set()
    for m in re.finditer(r"\bdiag_add\s*\(", text):
        i, depth, args, cur, quote = m.end(), 1, [], "", None
        while i < len(text) and depth:
            c = text[i]
            if quote:
                cur += c
                if c == "\\":
                    cur += text[i + 1]
                    i += 1
                elif c == quote:
                    quote = None
            elif c in "\"'":
                quote = c
                cur += c
            elif c in "([{":
                depth += 1
                cur += c
            elif c in ")]}":
                depth -= 1
                cur += c if depth else ""
            elif c == "," and depth == 1:
                args.append(cur.strip())
                cur = ""
            else:
                cur += c
            i += 1
        args.append(cur.strip())
        if len(args) > 4 and re.fullmatch(r'"[a-z0-9-]+"', args[4]):
            found.add(args[4].strip('"'))
    return found

# every code that tool/*.c passes to diag_add has a fixture named after it
used = set()
for f in glob.glob(tool + "/*.c"):
    if not f.endswith("/diag.c"):
        used |= codes_in(read(f))
t = "check-codes: every code in tool/*.c has a fixture"
missing = sorted(c for c in used if not os.path.isdir(os.path.join(codes, c)))
if not used:
    nok(t, "no diag_add codes found in tool/*.c")
elif missing:
    nok(t, "none for: %s (see tests/check-codes/README)" % " ".join(missing))
else:
    ok(t, " (%d codes)" % len(used))
sys.exit(1 if fails else 0)
PY
