#!/bin/sh
# tests/integration/docs.sh: the documentation users read. Both man pages
# lint clean; the README sends users to caseload(5), never to the project's
# contract; every check code the program can report (the code argument of
# each diag_add call in tool/*.c) is documented in caseload(5) with its
# severity; and the digest's cron line and CI examples hand each message of
# the mbox to sendmail on its own. Prints 'ok NAME' or 'FAIL NAME' per test;
# exits 1 when any failed.
SRC=$PWD
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8
failed=0
MAN1=$SRC/templates/man/caseload.1
MAN5=$SRC/templates/man/caseload.5

ok() { echo "ok $1"; }
fail() {
	echo "FAIL $1${2:+: $2}"
	failed=$((failed + 1))
}

# ---- (a) the man pages ----

if command -v mandoc >/dev/null; then
	for page in "$MAN1" "$MAN5"; do
		if mandoc -T lint -W warning "$page" >"$T/out" 2>&1; then
			ok "mandoc-lint-${page##*/}"
		else
			fail "mandoc-lint-${page##*/}"
			cat "$T/out"
		fi
	done
else
	echo "ok mandoc-lint (skipped: no mandoc)"
fi
if grep -q '^\.Xr caseload 5' "$MAN1"; then ok man1-sees-also-man5; else fail man1-sees-also-man5; fi

# ---- (b) the README ----

if grep -nE '\bSPEC\b|SPEC\.md|[Tt]he contract' "$SRC/README.md" >"$T/out"; then
	fail readme-no-spec "$(head -3 "$T/out" | tr '\n' ' ')"
else
	ok readme-no-spec
fi
if grep -q 'man 5 caseload' "$SRC/README.md"; then ok readme-names-man5; else fail readme-names-man5; fi
# the tour runs in the demo's repository, never in the source tree's example-cases/
if sed -n '/^## Using it/,/^## /p' "$SRC/README.md" | grep -q '^cd build/demo-caseload$'; then
	ok readme-runs-in-demo
else
	fail readme-runs-in-demo
fi

# ---- (c) every check code is in caseload(5), with its severity ----

# codes: each string literal in the fifth argument (code) of a diag_add call
cat >"$T/codes.pl" <<'EOF'
local $/;
for my $f (@ARGV) {
	open my $h, '<', $f or die "$f: $!";
	my $s = <$h>;
	close $h;
	$s =~ s{/\*.*?\*/}{}gs;
	$s =~ s{//[^\n]*}{}g;
	while ($s =~ /\bdiag_add\s*\(/g) {
		my ($p, $depth, $instr, @args) = (pos($s), 1, 0, '');
		while ($depth > 0 && $p < length $s) {
			my $c = substr($s, $p++, 1);
			if ($instr) {
				$args[-1] .= $c;
				if ($c eq '\\') { $args[-1] .= substr($s, $p++, 1) }
				elsif ($c eq '"') { $instr = 0 }
				next;
			}
			if ($c eq '"') { $instr = 1 }
			elsif ($c eq '(') { $depth++ }
			elsif ($c eq ')') { last if !--$depth }
			elsif ($c eq ',' && $depth == 1) { push @args, ''; next }
			$args[-1] .= $c;
		}
		next if @args < 5;
		print "$1\n" while $args[4] =~ /"([^"]*)"/g;
	}
}
EOF
perl "$T/codes.pl" "$SRC"/tool/*.c | sort -u >"$T/codes"
# documented: '.It Cm CODE Pq error|warning' in the section CHECK CODES
sed -n '/^\.Sh CHECK CODES/,/^\.Sh /p' "$MAN5" |
	sed -n 's/^\.It Cm \([a-z-]*\) Pq \(error\|warning\)$/\1 \2/p' | sort -u >"$T/documented"
if [ "$(wc -l <"$T/codes")" -lt 20 ]; then
	fail check-codes-found "only $(wc -l <"$T/codes") codes found in tool/*.c"
else
	ok check-codes-found
fi
missing=
for code in $(cat "$T/codes"); do
	grep -q "^$code " "$T/documented" || missing="$missing $code"
done
if [ -z "$missing" ]; then
	ok check-codes-in-man5
else
	fail check-codes-in-man5 "not in caseload(5)'s CHECK CODES:$missing"
fi
# the warnings diag_severity names are documented as warnings
warnings=$(sed -n '/^diag_severity(/,/^}/p' "$SRC/tool/diag.c" | grep -o '"[a-z-]*"' | tr -d '"')
wrong=
for code in $warnings; do
	grep -qx "$code warning" "$T/documented" || wrong="$wrong $code"
done
if [ -n "$warnings" ] && [ -z "$wrong" ]; then
	ok check-warnings-in-man5
else
	fail check-warnings-in-man5 "not documented as warnings:${wrong:- (no warnings found in tool/diag.c)}"
fi

# ---- (d) the digest's cron line and CI examples ----

# stand-ins: caseload prints two messages as digest --format eml does (an
# mbox, CRLF); sendmail keeps each message it is given; git pull does nothing
mkdir -p "$T/bin" "$T/repo" "$T/mail"
printf '#!/bin/sh\nprintf "From caseload@localhost Mon Nov 23 00:00:00 2026\\r\\nTo: a@example.org\\r\\nSubject: A\\r\\n\\r\\nbody a\\r\\n\\r\\nFrom caseload@localhost Mon Nov 23 00:00:00 2026\\r\\nTo: b@example.org\\r\\nSubject: B\\r\\n\\r\\nbody b\\r\\n"\n' >"$T/bin/caseload"
printf '#!/bin/sh\nn=$(ls "%s" | wc -l)\ncat >"%s/$n"\n' "$T/mail" "$T/mail" >"$T/bin/sendmail"
printf '#!/bin/sh\nexit 0\n' >"$T/bin/git"
chmod +x "$T/bin/caseload" "$T/bin/sendmail" "$T/bin/git"
# mailed NAME: ok when exactly two messages were sent, without CR or From lines
mailed() {
	if [ "$(ls "$T/mail" | wc -l)" -eq 2 ] && grep -qx 'To: a@example.org' "$T/mail/0" &&
		grep -qx 'To: b@example.org' "$T/mail/1" && ! grep -q "$(printf '\r')\|^From " "$T/mail/0" "$T/mail/1"; then
		ok "$1"
	else
		fail "$1"
	fi
	rm -f "$T/mail"/*
}
cron=$(grep '^0 6 \* \* 1 ' "$SRC/README.md" | sed 's/^0 6 \* \* 1 *//')
if [ -z "$cron" ]; then
	fail readme-cron-line "no cron line in README.md"
else
	(cd "$T" && PATH="$T/bin:$PATH" sh -c "$(echo "$cron" | sed "s|cd /srv/harbor-light|cd '$T/repo'|")")
	mailed readme-cron-line
fi
# caseload(1) shows the same line
if MANWIDTH=400 man -l "$MAN1" 2>/dev/null | grep -qF "$cron"; then
	ok man1-cron-line
else
	fail man1-cron-line
fi
for ci in forgejo-digest.yaml gitlab-digest.yml; do
	f=$SRC/templates/ci/$ci
	grep -q "templates/ci/$ci" "$SRC/README.md" || fail "readme-names-$ci"
	python3 - "$f" >"$T/script" 2>"$T/err" <<'EOF'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
if "jobs" in d:
    print(d["jobs"]["digest"]["steps"][-1]["run"])
else:
    print("\n".join(d["digest"]["script"]))
EOF
	if [ -s "$T/script" ] && (cd "$T/repo" && PATH="$T/bin:$PATH" bash -eo pipefail "$T/script"); then
		mailed "ci-$ci"
	else
		fail "ci-$ci"
		cat "$T/err"
	fi
done

[ "$failed" -eq 0 ]
