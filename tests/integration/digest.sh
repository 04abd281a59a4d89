#!/bin/sh
# digest.sh: `caseload digest` (SPEC §7) on tests/golden/digest/team/, as of
# Monday 2026-03-16: the goldens in text and md for a worker, the team and
# everyone; the mbox (eml) read by Python's email module: headers, CRLF
# everywhere, an RFC 2047 subject for the Persian organization's name, no
# client names unless asked, From lines quoted, and the README's cron line
# handing each message to sendmail on its own. UPDATE=1 rewrites the goldens.
set -u
: "${CASELOAD:?}"
here=$(cd "$(dirname "$0")/.." && pwd)
golden=$here/golden/digest
fx=$golden/team
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok digest: $1"; }
nok() { echo "FAIL digest: $1${2:+ -- $2}"; }
export TZ=UTC
run() { "$CASELOAD" -C "$fx" --as-of 2026-03-16 digest "$@"; }

# golden NAME ARGS...
golden() {
	name=$1
	shift
	run "$@" >"$tmp/$name" 2>"$tmp/err"
	rc=$?
	[ -n "${UPDATE:-}" ] && cp "$tmp/$name" "$golden/$name"
	if [ $rc -ne 0 ] || [ -s "$tmp/err" ]; then
		nok "golden $name: exit 0, nothing on stderr" "rc=$rc $(cat "$tmp/err")"
	elif cmp -s "$golden/$name" "$tmp/$name"; then
		ok "golden $name: digest $*"
	else
		nok "golden $name: digest $*" "$(diff -u "$golden/$name" "$tmp/$name" | head -20)"
	fi
}
# ana: overdue (a reassessment 40 days late, a follow-up with its attempt, a
# step 6 days late), due within 7 days (days 0 and 6, not 7), newly overdue
# since 2026-03-09 (the step of 2026-03-10, not the follow-up of 03-03)
golden ana.txt --worker ana
golden ana.md --worker ana --format md
# ana's open flag, not the lifted one; its review is due within 7 days
# the team: every worker but cy, who left; overdue by more than escalate_after (10d)
golden team.txt --team
# everyone: ana and bo (open cases), not the supervisors, then the team
golden everyone.txt
golden everyone.md --format md
golden since.txt --worker ana --since 2026-03-01

# ---- eml ----
run --format eml >"$tmp/all.mbox" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok "eml: exit 0" || nok "eml: exit $rc"
[ "$(cat "$tmp/err")" = "caseload digest: worker 'bo' has no email in caseload.yaml: their digest is left out" ] &&
	ok "eml: a worker without an email is named on stderr" || nok "eml: stderr" "$(cat "$tmp/err")"
run --format eml >"$tmp/all2.mbox" 2>/dev/null
cmp -s "$tmp/all.mbox" "$tmp/all2.mbox" && ok "eml: byte-identical on a second run" || nok "eml: not deterministic"
python3 - "$tmp/all.mbox" <<'PY' && ok "eml: two messages (ana, the team), headers, CRLF, RFC 2047 subject, no client names" || nok "eml: messages"
import email, re, sys
from email import policy
raw = open(sys.argv[1], "rb").read()
assert raw.replace(b"\r\n", b"").find(b"\n") < 0 and raw.find(b"\r") == raw.find(b"\r\n"), "a line not ending CRLF"
assert raw.startswith(b"From digest@amid.example Mon Mar 16 00:00:00 2026\r\n"), raw[:80]
parts = re.split(rb"(?:^|\r\n)From [^\r\n]*\r\n", raw)
msgs = [email.message_from_bytes(p, policy=policy.default) for p in parts if p]
assert len(msgs) == 2, len(msgs)
ana, team = msgs
org = "خانهٔ امید"
assert ana["From"] == "Digest <digest@amid.example>", ana["From"]
assert ana["To"] == "ana@amid.example"
assert team["To"] == "sam@amid.example, lee@amid.example", team["To"]
assert ana["Subject"] == org + ": 3 overdue, 3 due within 7 days, 1 newly overdue - Ana Ruiz", ana["Subject"]
assert team["Subject"] == org + ": 3 overdue, 3 due within 7 days, 2 overdue by more than 10 days - team", team["Subject"]
for m, who in ((ana, "ana"), (team, "team")):
    assert m["Date"] == "Mon, 16 Mar 2026 00:00:00 +0000", m["Date"]
    assert m["Message-ID"] == "<digest.%s.2026-03-16@caseload>" % who, m["Message-ID"]
    assert m["MIME-Version"] == "1.0"
    assert m.get_content_type() == "text/plain" and m.get_content_charset() == "utf-8"
    body = m.get_content()
    for name in ("Zoë Ng", "Ali Rezaei", "Bea Olsen"):
        assert name not in body, name
    assert "a-1" in body
assert "Threats from her ex-partner" in ana.get_content() and "Eviction notice" not in ana.get_content()
assert "Cy Moss" not in team.get_content()
# the subject as written: encoded words of UTF-8 in base64, folded lines under 78 octets
head = parts[1].split(b"\r\n\r\n")[0].decode("ascii")
subj = re.search(r"^Subject: (.*?)\r\n(?! )", head + "\r\nX", re.S | re.M).group(1)
words = re.split(r"\r\n ", subj)
assert all(re.fullmatch(r"=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=", w) and len(w) <= 75 for w in words), words
assert all(len(l) <= 78 for l in head.split("\r\n")), "a header line over 78 octets"
PY
run --format eml --names 2>/dev/null | grep -q 'Zoë Ng' && ok "eml --names: client names in" || nok "eml --names"
cp -R "$fx" "$tmp/feeds"
printf '  names_in_feeds: true\n' >>"$tmp/feeds/caseload.yaml"
"$CASELOAD" -C "$tmp/feeds" --as-of 2026-03-16 digest --format eml 2>/dev/null | grep -q 'Ali Rezaei' &&
	ok "eml with names_in_feeds: true: client names in" || nok "names_in_feeds"
run --format text | grep -q 'Zoë Ng' && run --format md | grep -q 'Zoë Ng' &&
	ok "text and md name the clients" || nok "text and md names"

# a value from the records cannot add a header: a line break in an email
# becomes a space; a sender's name that is not ASCII is encoded, its address kept
cp -R "$fx" "$tmp/inj"
sed -i 's/^  digest_from: .*/  digest_from: "امید <digest@amid.example>"/; s/ana: {name: Ana Ruiz, email: ana@amid.example}/ana: {name: Ana Ruiz, email: "ana@amid.example\\nBcc: evil@x.example"}/' "$tmp/inj/caseload.yaml"
"$CASELOAD" -C "$tmp/inj" --as-of 2026-03-16 digest --format eml 2>/dev/null >"$tmp/inj.mbox"
python3 - "$tmp/inj.mbox" <<'PY' && ok "eml: no header from a line break in the records; a non-ASCII sender's name encoded" || nok "eml: header injection"
import email, re, sys
from email import policy
raw = open(sys.argv[1], "rb").read()
parts = [p for p in re.split(rb"(?:^|\r\n)From [^\r\n]*\r\n", raw) if p]
m = email.message_from_bytes(parts[0], policy=policy.default)
assert m["Bcc"] is None and b"\r\nBcc:" not in raw, "a Bcc header"
assert m["From"] == "امید <digest@amid.example>", m["From"]
assert b"<digest@amid.example>" in parts[0]
PY

# a body line starting "From " is quoted (mboxrd), and the README's cron
# line hands each message to sendmail on its own
cp -R "$fx" "$tmp/from"
sed -i 's/^organization: .*/organization: From Here Services/' "$tmp/from/caseload.yaml"
"$CASELOAD" -C "$tmp/from" --as-of 2026-03-16 digest --format eml >"$tmp/from.mbox" 2>/dev/null
grep -q "^>From Here Services: digest for Ana Ruiz" "$tmp/from.mbox" && ! grep -q "^From Here" "$tmp/from.mbox" &&
	ok "eml: a body line beginning 'From ' is written '>From '" || nok "eml: From quoting"
mkdir "$tmp/bin" "$tmp/sent"
cat >"$tmp/bin/sendmail" <<SH
#!/bin/sh
n=\$(ls "$tmp/sent" | wc -l)
cat >"$tmp/sent/\$n.eml"
SH
chmod +x "$tmp/bin/sendmail"
readme=$(sed -n 's/^0 6 \* \* 1  cd [^&]* && git pull -q && //p' "$here/../README.md")
[ -n "$readme" ] || nok "the README's cron line not found"
(cd "$tmp/from" && PATH="$tmp/bin:$PATH" eval "$CASELOAD --as-of 2026-03-16 ${readme#caseload }") 2>/dev/null
n=$(ls "$tmp/sent" | wc -l)
if [ "$n" -eq 2 ] && head -1 "$tmp/sent/0.eml" | grep -q '^From: Digest' && ! grep -q "$(printf '\r')" "$tmp/sent/0.eml" &&
	grep -q '^>From Here' "$tmp/sent/0.eml"; then
	ok "the README's cron line: one sendmail per message, LF lines, headers first"
else
	nok "the README's cron line" "$n messages: $(head -3 "$tmp/sent/0.eml" 2>/dev/null)"
fi

# ---- the command line ----
expect2() {
	what=$1
	shift
	run "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q '^caseload digest: ' "$tmp/err" && ok "exit 2: $what" ||
		nok "exit 2: $what" "rc=$rc $(cat "$tmp/err")"
}
expect2 "--worker and --team" --worker ana --team
expect2 "an unknown worker" --worker anna
grep -q "did you mean 'ana'" "$tmp/err" && ok "unknown worker: the nearest named" || nok "unknown worker: nearest"
expect2 "a --since that is no date" --since 2026-13-01
expect2 "an unknown format" --format html
