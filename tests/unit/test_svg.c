/* test_svg.c: unit tests for the SVG charts: escaping, accessibility, text
 * alternatives, geometry of negative bars, determinism, edge cases, and a
 * small checker that every chart is well-formed XML with sane numbers. */
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svg.h"
#include "util.h"

/* ---- a tiny XML checker ---------------------------------------------- */

struct check {
	const char *prefix; /* every id must start with prefix "-" */
	char ids[64][64];
	size_t nids;
	double vw, vh; /* from viewBox */
};

static int
bad(const char *s, size_t at, const char *why)
{
	fprintf(stderr, "svg check: %s at %zu: %.60s\n", why, at, s + at);
	return 0;
}

/* entity_ok: s begins with one of the entities the writer may produce. */
static size_t
entity_len(const char *s)
{
	static const char *const ents[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
	for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++)
		if (strncmp(s, ents[i], strlen(ents[i])) == 0)
			return strlen(ents[i]);
	return 0;
}

/* number_ok: s[0..n) is -?digits(.digit)? as the writer prints numbers. */
static int
number_ok(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && s[i] == '-')
		i++;
	size_t d = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == d)
		return 0;
	if (i < n && s[i] == '.') {
		i++;
		if (i + 1 != n || s[i] < '1' || s[i] > '9')
			return 0;
		i++;
	}
	return i == n;
}

/* numbers_ok: every run of number characters in v is a number, and the
 * other characters are path letters, separators or "rotate()". */
static int
numbers_ok(const char *v, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (strchr("-0123456789.", v[i])) {
			size_t j = i + 1;
			while (j < n && strchr("0123456789.", v[j]))
				j++;
			if (!number_ok(v + i, j - i))
				return 0;
			i = j;
		} else if (strncmp(v + i, "rotate(", 7) == 0) {
			i += 7;
		} else if (strchr(" ,)MmLlHhVvZz", v[i])) {
			i++;
		} else {
			return 0;
		}
	}
	return 1;
}

static int
coord_attr(const char *name, size_t n, int *is_x)
{
	static const char *const xs[] = {"x", "x1", "x2", "cx"};
	static const char *const ys[] = {"y", "y1", "y2", "cy"};
	for (size_t i = 0; i < 4; i++) {
		if (strlen(xs[i]) == n && strncmp(name, xs[i], n) == 0) {
			*is_x = 1;
			return 1;
		}
		if (strlen(ys[i]) == n && strncmp(name, ys[i], n) == 0) {
			*is_x = 0;
			return 1;
		}
	}
	return 0;
}

/* svg_ok: 1 when s is one well-formed <svg> element: tags balanced,
 * attributes quoted and unique, text and values free of raw '<' and stray
 * '&', ids prefixed and unique, numbers plain, coordinates inside the
 * viewBox, valid UTF-8, no "nan" or "inf". Prints the first problem. */
static int
svg_ok(const char *s, const char *prefix)
{
	struct check c = {.prefix = prefix};
	char stack[32][32];
	size_t depth = 0, i = 0, n = strlen(s), roots = 0;
	if (utf8_valid(s, n) != (size_t)-1)
		return bad(s, utf8_valid(s, n), "invalid UTF-8");
	for (size_t k = 0; k + 3 <= n; k++) {
		/* labels in these tests never contain these words */
		if (strncmp(s + k, "nan", 3) == 0 || strncmp(s + k, "inf", 3) == 0 ||
		    strncmp(s + k, "NaN", 3) == 0 || strncmp(s + k, "Inf", 3) == 0)
			return bad(s, k, "nan or inf");
	}
	while (i < n) {
		if (s[i] == '&') {
			if (!entity_len(s + i))
				return bad(s, i, "bare &");
			i += entity_len(s + i);
			continue;
		}
		if (s[i] == '>')
			return bad(s, i, "bare > in text");
		if (s[i] != '<') {
			if (depth == 0 && s[i] != '\n')
				return bad(s, i, "text outside the root");
			i++;
			continue;
		}
		i++;
		int closing = s[i] == '/';
		if (closing)
			i++;
		size_t ns = i;
		while (i < n && (s[i] == '-' || (s[i] >= 'a' && s[i] <= 'z') ||
		                 (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			i++;
		size_t nl = i - ns;
		if (nl == 0 || nl >= 32)
			return bad(s, ns, "bad tag name");
		if (closing) {
			if (s[i] != '>')
				return bad(s, i, "bad closing tag");
			if (depth == 0 || strlen(stack[depth - 1]) != nl ||
			    strncmp(stack[depth - 1], s + ns, nl) != 0)
				return bad(s, ns, "mismatched closing tag");
			depth--;
			i++;
			continue;
		}
		if (depth == 0) {
			if (roots++ || strncmp(s + ns, "svg", 3) != 0 || nl != 3)
				return bad(s, ns, "root is not one <svg>");
		}
		char names[32][32];
		size_t nnames = 0;
		for (;;) {
			if (s[i] == ' ' || s[i] == '\n') {
				i++;
				continue;
			}
			if (s[i] == '>' || (s[i] == '/' && s[i + 1] == '>'))
				break;
			size_t as = i;
			while (i < n && (s[i] == '-' || s[i] == ':' || (s[i] >= 'a' && s[i] <= 'z') ||
			                 (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z')))
				i++;
			size_t al = i - as;
			if (al == 0 || al >= 32 || s[i] != '=' || s[i + 1] != '"')
				return bad(s, as, "bad attribute");
			for (size_t k = 0; k < nnames; k++)
				if (strlen(names[k]) == al && strncmp(names[k], s + as, al) == 0)
					return bad(s, as, "duplicate attribute");
			if (nnames < 32) {
				memcpy(names[nnames], s + as, al);
				names[nnames++][al] = '\0';
			}
			i += 2;
			size_t vs = i;
			while (i < n && s[i] != '"') {
				if (s[i] == '<')
					return bad(s, i, "< in attribute");
				if (s[i] == '&') {
					if (!entity_len(s + i))
						return bad(s, i, "bare & in attribute");
				}
				i++;
			}
			if (i >= n)
				return bad(s, vs, "unterminated attribute");
			size_t vl = i - vs;
			i++;
			const char *v = s + vs;
			int is_x;
			if (al == 2 && strncmp(s + as, "id", 2) == 0) {
				size_t pl = strlen(c.prefix);
				if (vl <= pl || strncmp(v, c.prefix, pl) != 0 || v[pl] != '-')
					return bad(s, vs, "id without the prefix");
				for (size_t k = 0; k < c.nids; k++)
					if (strlen(c.ids[k]) == vl && strncmp(c.ids[k], v, vl) == 0)
						return bad(s, vs, "duplicate id");
				if (c.nids < 64 && vl < 64) {
					memcpy(c.ids[c.nids], v, vl);
					c.ids[c.nids++][vl] = '\0';
				}
			} else if (al == 7 && strncmp(s + as, "viewBox", 7) == 0) {
				if (!numbers_ok(v, vl) || sscanf(v, "0 0 %lf %lf", &c.vw, &c.vh) != 2)
					return bad(s, vs, "bad viewBox");
			} else if (coord_attr(s + as, al, &is_x)) {
				if (!number_ok(v, vl))
					return bad(s, vs, "bad coordinate");
				double d = strtod(v, NULL);
				if (d < 0 || d > (is_x ? c.vw : c.vh))
					return bad(s, vs, "coordinate outside the viewBox");
			} else if ((al == 1 && s[as] == 'd') || (al == 1 && s[as] == 'r') ||
			           (al == 6 && strncmp(s + as, "points", 6) == 0) ||
			           (al == 9 && strncmp(s + as, "transform", 9) == 0) ||
			           (al == 6 && strncmp(s + as, "height", 6) == 0) ||
			           (al == 5 && strncmp(s + as, "width", 5) == 0 && v[0] != '1')) {
				if (!numbers_ok(v, vl))
					return bad(s, vs, "bad numbers");
			}
		}
		if (s[i] == '/') {
			i += 2;
			continue;
		}
		i++;
		if (depth >= 32)
			return bad(s, i, "too deep");
		memcpy(stack[depth], s + ns, nl);
		stack[depth++][nl] = '\0';
	}
	if (depth != 0)
		return bad(s, n, "unclosed element");
	if (roots != 1)
		return bad(s, 0, "no root");
	return 1;
}

/* ---- helpers ---------------------------------------------------------- */

/* between: a copy of the text after `from` up to `to`, or NULL; free it. */
static char *
between(const char *s, const char *from, const char *to)
{
	const char *a = strstr(s, from);
	if (!a)
		return NULL;
	a += strlen(from);
	const char *z = strstr(a, to);
	if (!z)
		return NULL;
	return xstrndup(a, (size_t)(z - a));
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

/* attr_after: the number in attribute `attr` of the first element whose
 * text starts with `elem`; NAN when absent. */
static double
attr_after(const char *s, const char *elem, const char *attr)
{
	const char *p = strstr(s, elem);
	if (!p)
		return NAN;
	const char *end = strchr(p, '>');
	char key[32];
	snprintf(key, sizeof key, " %s=\"", attr);
	const char *a = strstr(p, key);
	if (!a || a > end)
		return NAN;
	return strtod(a + strlen(key), NULL);
}

static const char *const dates[] = {"2026-01-12", "2026-04-10", "2026-07-01"};
static const int days[] = {20465, 20553, 20635};
static const int housing[] = {1, 3, 4};
static const int income[] = {2, 0, 2};
static const unsigned char income_p[] = {1, 0, 1};

static char *
demo_line(const char *id)
{
	struct svg_series s[] = {
		{"Housing", housing, NULL},
		{"Income", income, income_p},
		{"Health", NULL, NULL},
	};
	struct buf b = {0};
	svg_line_chart(&b, id, "Scores over time", 1, 5, 3, days, dates, s, 3, NULL);
	return buf_detach(&b);
}

static char *
demo_bar(const char *id)
{
	struct svg_bar bars[] = {
		{"Housing", 3, "+3"},
		{"Income", 0, NULL},
		{"Health", -1.5, NULL},
	};
	struct buf b = {0};
	svg_bar_chart(&b, id, "Change since intake", bars, 3, NULL);
	return buf_detach(&b);
}

/* ---- tests ------------------------------------------------------------ */

static void
test_line_escapes_labels(void **state)
{
	(void)state;
	static const char *const xl[] = {"<b>x</b>", "2026-02-01"};
	static const int v[] = {1, 2};
	struct svg_series s[] = {{"<script>alert(1)</script>", v, NULL}};
	struct buf b = {0};
	svg_line_chart(&b, "esc", "A & B \"quoted\" <i>", 1, 5, 2, NULL, xl, s, 1, NULL);
	assert_true(svg_ok(b.s, "esc"));
	assert_null(strstr(b.s, "<script"));
	assert_null(strstr(b.s, "<b>"));
	assert_null(strstr(b.s, "<i>"));
	assert_non_null(strstr(b.s, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(b.s, "A &amp; B &quot;quoted&quot; &lt;i&gt;"));
	assert_non_null(strstr(b.s, "&lt;b&gt;x&lt;/b&gt;"));
	buf_free(&b);
}

static void
test_bar_escapes_labels(void **state)
{
	(void)state;
	struct svg_bar bars[] = {{"<script>alert(1)</script>", 2, "<img src=x onerror=y>"}};
	struct buf b = {0};
	svg_bar_chart(&b, "esc", "<title>", bars, 1, NULL);
	assert_true(svg_ok(b.s, "esc"));
	assert_null(strstr(b.s, "<script"));
	assert_null(strstr(b.s, "<img"));
	assert_non_null(strstr(b.s, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(b.s, "&lt;img src=x onerror=y&gt;"));
	assert_int_equal(count(b.s, "<title"), 2); /* the chart's and the bar's */
	buf_free(&b);
}

static void
test_control_characters_removed(void **state)
{
	(void)state;
	struct svg_bar bars[] = {{"a\x01"
	                          "b\x1b[31m",
	                          1, NULL}};
	struct buf b = {0};
	svg_bar_chart(&b, "ctl", "t\x7f", bars, 1, NULL);
	assert_true(svg_ok(b.s, "ctl"));
	assert_null(strchr(b.s, '\x01'));
	assert_null(strchr(b.s, '\x1b'));
	assert_null(strchr(b.s, '\x7f'));
	assert_non_null(strstr(b.s, "a b [31m"));
	buf_free(&b);
}

static void
test_accessibility(void **state)
{
	(void)state;
	char *charts[] = {demo_line("c1"), demo_bar("c1")};
	for (size_t i = 0; i < 2; i++) {
		const char *s = charts[i];
		assert_true(svg_ok(s, "c1"));
		assert_true(strncmp(s, "<svg ", 5) == 0);
		assert_non_null(strstr(s, " role=\"img\""));
		assert_non_null(strstr(s, " aria-labelledby=\"c1-title c1-desc\""));
		assert_non_null(strstr(s, "<title id=\"c1-title\">"));
		assert_non_null(strstr(s, "<desc id=\"c1-desc\">"));
		/* the title and desc come first, before anything drawn */
		assert_true(strstr(s, "<title id=") < strstr(s, "<text"));
		assert_true(strstr(s, "<desc id=") < strstr(s, "<text"));
		/* the natural size: 1 unit a px, so 12-unit text is 12 px */
		assert_non_null(strstr(s, " viewBox=\"0 0 300 "));
		assert_non_null(strstr(s, " width=\"300\""));
		assert_non_null(strstr(s, " direction=\"ltr\""));
		assert_null(strstr(s, "style")); /* nothing a strict CSP blocks */
	}
	free(charts[0]);
	free(charts[1]);
}

static void
test_line_text_alternative(void **state)
{
	(void)state;
	char *s = demo_line("ta");
	char *desc = between(s, "<desc id=\"ta-desc\">", "</desc>");
	assert_non_null(desc);
	assert_string_equal(desc, "2026-01-12 to 2026-07-01. Scale 1 to 5. "
	                          "Housing: 1 to 4 (+3); Income: 2 to 2 (0); "
	                          "Health: no data.");
	free(desc);
	free(s);

	static const int down[] = {5, 2};
	struct svg_series one[] = {{"Income", down, NULL}};
	struct svg_words fr = {"à", "Échelle", "aucune donnée", 0};
	struct buf b = {0};
	svg_line_chart(&b, "fr", "Scores", 1, 5, 2, NULL, dates, one, 1, &fr);
	desc = between(b.s, "<desc id=\"fr-desc\">", "</desc>");
	assert_string_equal(desc, "2026-01-12 à 2026-04-10. Échelle 1 à 5. Income: 5 à 2 (-3).");
	free(desc);
	buf_free(&b);
}

static void
test_line_points_and_tooltips(void **state)
{
	(void)state;
	char *s = demo_line("pt");
	assert_true(svg_ok(s, "pt"));
	assert_non_null(strstr(s, "<title>Housing 2026-01-12: 1</title>"));
	assert_non_null(strstr(s, "<title>Housing 2026-07-01: 4</title>"));
	assert_non_null(strstr(s, "<title>Income 2026-07-01: 2</title>"));
	assert_null(strstr(s, "<title>Income 2026-04-10")); /* no value there */
	assert_int_equal(count(s, "class=\"mark\""), 5);
	/* Income is drawn across its gap: two points in one polyline */
	char *inc = between(s, "class=\"series s2\"", "</g>");
	char *pts = between(inc, "points=\"", "\"");
	assert_int_equal(count(pts, ","), 2);
	free(pts);
	free(inc);
	/* Health has no values: no line, no marker, still in the legend */
	char *health = between(s, "class=\"series s3\"", "</g>\n");
	assert_null(strstr(health, "polyline"));
	assert_null(strstr(health, "mark"));
	free(health);
	assert_non_null(strstr(s, ">Health</text>"));
	/* every date is labelled */
	for (size_t i = 0; i < 3; i++) {
		char want[40];
		snprintf(want, sizeof want, ">%s</text>", dates[i]);
		assert_non_null(strstr(s, want));
	}
	/* y ticks at each integer of the scale */
	for (int t = 1; t <= 5; t++) {
		char want[16];
		snprintf(want, sizeof want, "\">%d</text>", t);
		assert_non_null(strstr(s, want));
	}
	free(s);
}

static void
test_line_dates_placed_in_time(void **state)
{
	(void)state;
	/* 2026-01-12, 2026-01-22 and 2026-07-01: the second point sits near
	 * the first, not half way */
	static const int d[] = {20465, 20475, 20635};
	static const int v[] = {1, 2, 3};
	struct svg_series s[] = {{"Housing", v, NULL}};
	struct buf b = {0};
	svg_line_chart(&b, "tm", "t", 1, 5, 3, d, dates, s, 1, NULL);
	assert_true(svg_ok(b.s, "tm"));
	char *pts = between(b.s, "points=\"", "\"");
	double x0, y0, x1, y1, x2, y2;
	assert_int_equal(sscanf(pts, "%lf,%lf %lf,%lf %lf,%lf", &x0, &y0, &x1, &y1, &x2, &y2), 6);
	assert_true(x0 < x1 && x1 < x2);
	assert_true((x1 - x0) * 10 < (x2 - x0));
	assert_true(y0 > y1 && y1 > y2); /* higher score, higher on the page */
	free(pts);
	buf_free(&b);
}

static void
test_line_series_distinguishable(void **state)
{
	(void)state;
	static const int v[] = {1, 2};
	struct svg_series s[8];
	for (size_t k = 0; k < 8; k++)
		s[k] = (struct svg_series){"S", v, NULL};
	struct buf b = {0};
	svg_line_chart(&b, "ds", "t", 1, 5, 2, NULL, dates, s, 8, NULL);
	assert_true(svg_ok(b.s, "ds"));
	char *dash[8], *colour[8], *mark[8];
	for (size_t k = 0; k < 8; k++) {
		char key[40];
		snprintf(key, sizeof key, "class=\"series s%zu\"", k + 1);
		char *g = between(b.s, key, "</g>");
		assert_non_null(g);
		colour[k] = between(g, "color=\"", "\"");
		dash[k] = between(g, "stroke-dasharray=\"", "\"");
		/* the marker: element name and shape data */
		const char *m = strstr(g, "<g class=\"mark\">");
		assert_non_null(m);
		m = strstr(m, "</title>") + 8;
		const char *d = strstr(m, " d=\"");
		mark[k] = d ? between(d, "d=\"", "\"") : xstrndup(m, 7);
		if (d) { /* compare the shape, not where it is */
			char *p = strpbrk(mark[k], "lm");
			memmove(mark[k], p, strlen(p) + 1);
		}
		free(g);
	}
	assert_null(dash[0]); /* the first series is solid */
	for (size_t k = 0; k < 8; k++)
		for (size_t j = k + 1; j < 8; j++) {
			assert_string_not_equal(colour[k], colour[j]);
			if (dash[k] && dash[j])
				assert_string_not_equal(dash[k], dash[j]);
			else
				assert_true(dash[k] || dash[j]);
			if (strcmp(mark[k], mark[j]) == 0) {
				/* square and hollow square share a rect: fill differs */
				assert_true(strncmp(mark[k], "<rect", 5) == 0);
			}
		}
	assert_non_null(strstr(b.s, "fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\""));
	for (size_t k = 0; k < 8; k++) {
		free(dash[k]);
		free(colour[k]);
		free(mark[k]);
	}
	buf_free(&b);
}

static void
test_bar_negative_left_of_zero(void **state)
{
	(void)state;
	char *s = demo_bar("bn");
	assert_true(svg_ok(s, "bn"));
	double zx = attr_after(s, "<line class=\"zero\"", "x1");
	double nx = attr_after(s, "<rect class=\"bar neg\"", "x");
	double nw = attr_after(s, "<rect class=\"bar neg\"", "width");
	double px = attr_after(s, "<rect class=\"bar\"", "x");
	double pw = attr_after(s, "<rect class=\"bar\"", "width");
	assert_false(isnan(zx) || isnan(nx) || isnan(nw) || isnan(px) || isnan(pw));
	assert_true(nw > 0 && pw > 0);
	assert_true(nx < zx);
	assert_true(fabs(nx + nw - zx) < 1e-9);  /* ends on the zero line */
	assert_true(fabs(px - zx) < 1e-9);       /* starts on it */
	assert_true(pw > nw);                    /* 3 is longer than 1.5 */
	assert_true(fabs(pw / nw - 2.0) < 0.02); /* and in proportion */
	/* the zero value draws no bar; only two rects */
	assert_int_equal(count(s, "<rect"), 2);
	/* value labels at the bar ends: the negative one left of its bar */
	assert_non_null(strstr(s, "text-anchor=\"end\">-1.5</text>"));
	assert_non_null(strstr(s, "text-anchor=\"start\">+3</text>"));
	assert_non_null(strstr(s, "text-anchor=\"start\">0</text>"));
	const char *neg = strstr(s, "text-anchor=\"end\">-1.5</text>");
	while (neg > s && strncmp(neg, "<text", 5) != 0)
		neg--;
	double vx = attr_after(neg, "<text", "x");
	assert_true(vx < nx);
	free(s);
}

static void
test_bar_all_negative_and_counts(void **state)
{
	(void)state;
	struct svg_bar neg[] = {{"A", -2, NULL}, {"B", -4, NULL}};
	struct buf b = {0};
	svg_bar_chart(&b, "an", "t", neg, 2, NULL);
	assert_true(svg_ok(b.s, "an"));
	double zx = attr_after(b.s, "<line class=\"zero\"", "x1");
	assert_true(zx > 250); /* zero at the right */
	assert_int_equal(count(b.s, "class=\"bar neg\""), 2);
	buf_free(&b);

	struct svg_bar pos[] = {{"amina", 12, NULL}, {"josé", 3, NULL}};
	svg_bar_chart(&b, "ap", "Open cases per worker", pos, 2, NULL);
	assert_true(svg_ok(b.s, "ap"));
	zx = attr_after(b.s, "<line class=\"zero\"", "x1");
	assert_true(zx < 100); /* zero at the left, after the labels */
	assert_int_equal(count(b.s, "class=\"bar neg\""), 0);
	char *desc = between(b.s, "<desc id=\"ap-desc\">", "</desc>");
	assert_string_equal(desc, "amina: 12; josé: 3.");
	free(desc);
	buf_free(&b);
}

static void
test_bar_text_alternative(void **state)
{
	(void)state;
	char *s = demo_bar("bd");
	char *desc = between(s, "<desc id=\"bd-desc\">", "</desc>");
	assert_string_equal(desc, "Housing: +3; Income: 0; Health: -1.5.");
	free(desc);
	assert_non_null(strstr(s, "<title>Housing: +3</title>"));
	free(s);
}

static void
test_determinism(void **state)
{
	(void)state;
	char *a = demo_line("d"), *b = demo_line("d");
	assert_string_equal(a, b);
	free(a);
	free(b);
	a = demo_bar("d");
	b = demo_bar("d");
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* appending to a buffer that holds text leaves that text alone */
	struct buf x = {0};
	buf_puts(&x, "<p>before</p>");
	struct svg_bar bars[] = {{"A", 1, NULL}};
	svg_bar_chart(&x, "d", "t", bars, 1, NULL);
	assert_true(strncmp(x.s, "<p>before</p><svg ", 18) == 0);
	buf_free(&x);
}

static void
test_number_format(void **state)
{
	(void)state;
	struct svg_bar bars[] = {
		{"a", 0.25, NULL}, {"b", -0.04, NULL}, {"c", 2.0, NULL},
		{"d", 1e20, NULL}, {"e", -7.96, NULL},
	};
	struct buf b = {0};
	svg_bar_chart(&b, "nf", "t", bars, 5, NULL);
	assert_true(svg_ok(b.s, "nf"));
	char *desc = between(b.s, "<desc id=\"nf-desc\">", "</desc>");
	assert_string_equal(desc, "a: 0.3; b: 0; c: 2; d: 100000000000000000000; e: -8.");
	free(desc);
	buf_free(&b);
}

static void
check_line(const char *what, int ymin, int ymax, size_t npoints, const int *d,
           const char *const *xl, const struct svg_series *s, size_t nseries)
{
	struct buf b = {0};
	svg_line_chart(&b, "e", what, ymin, ymax, npoints, d, xl, s, nseries, NULL);
	if (!svg_ok(b.s, "e"))
		fail_msg("line chart '%s' is not well-formed:\n%s", what, b.s);
	assert_non_null(strstr(b.s, "<desc id=\"e-desc\">"));
	buf_free(&b);
}

static void
check_bars(const char *what, const struct svg_bar *bars, size_t n)
{
	struct buf b = {0};
	svg_bar_chart(&b, "e", what, bars, n, NULL);
	if (!svg_ok(b.s, "e"))
		fail_msg("bar chart '%s' is not well-formed:\n%s", what, b.s);
	buf_free(&b);
}

static void
test_line_edge_cases(void **state)
{
	(void)state;
	static const int v1[] = {3}, same[] = {2, 2, 2};
	static const int wild[] = {INT_MIN, INT_MAX, 0};
	static const int out_of_scale[] = {-3, 12, 5};
	static const int d_same[] = {100, 100, 100}, d_unsorted[] = {300, 100, 200};
	static const unsigned char none[] = {0, 0, 0};
	static const char *const empty[] = {"", "", ""};
	static const char *const nulls[] = {NULL, NULL, NULL};
	struct svg_series s1[] = {{"Housing", v1, NULL}};
	struct svg_series eq[] = {{"A", same, NULL}, {"B", same, NULL}};
	struct svg_series noval[] = {{"A", same, none}, {NULL, NULL, NULL}};
	struct svg_series w[] = {{"", wild, NULL}};
	struct svg_series oos[] = {{"A", out_of_scale, NULL}};
	struct buf b = {0};

	check_line("zero series", 1, 5, 3, days, dates, NULL, 0);
	check_line("zero points", 1, 5, 0, NULL, NULL, s1, 1);
	check_line("one date", 1, 5, 1, days, dates, s1, 1);
	check_line("one date, no days", 1, 5, 1, NULL, dates, s1, 1);
	check_line("all equal", 1, 5, 3, days, dates, eq, 2);
	check_line("min == max", 3, 3, 3, days, dates, eq, 2);
	check_line("min == max == value", 2, 2, 3, days, dates, eq, 2);
	check_line("min > max", 5, 1, 3, days, dates, eq, 2);
	check_line("no values at all", 1, 5, 3, days, dates, noval, 2);
	check_line("empty labels", 1, 5, 3, days, empty, eq, 2);
	check_line("null labels", 1, 5, 3, days, nulls, noval, 2);
	check_line("null label array", 1, 5, 3, NULL, NULL, eq, 2);
	check_line("extreme values", 1, 5, 3, days, dates, w, 1);
	check_line("outside the scale", 1, 10, 3, days, dates, oos, 1);
	check_line("same day", 1, 5, 3, d_same, dates, eq, 2);
	check_line("unsorted days", 1, 5, 3, d_unsorted, dates, eq, 2);
	check_line("", 1, 5, 3, days, dates, eq, 2);
	check_line(NULL, 1, 5, 3, days, dates, eq, 2);

	/* the desc of an empty chart says so */
	svg_line_chart(&b, "z", "Scores", 1, 5, 0, NULL, NULL, NULL, 0, NULL);
	assert_non_null(strstr(b.s, "<desc id=\"z-desc\">no data</desc>"));
	buf_reset(&b);
	/* an empty series label shows as its number */
	svg_line_chart(&b, "z", "Scores", 1, 5, 3, days, dates, w, 1, NULL);
	assert_non_null(strstr(b.s, ">#1</text>"));
	buf_reset(&b);
	/* min == max: the axis is widened around it, values still drawn */
	svg_line_chart(&b, "z", "Scores", 2, 2, 3, days, dates, eq, 2, NULL);
	assert_int_equal(count(b.s, "class=\"mark\""), 6);
	assert_non_null(strstr(b.s, "\">1</text>"));
	assert_non_null(strstr(b.s, "\">3</text>"));
	buf_reset(&b);
	/* a wide range gets round steps, not a tick per integer; labels
	 * a line and more apart */
	svg_line_chart(&b, "z", "Scores", 0, 100, 3, days, dates, eq, 2, NULL);
	assert_non_null(strstr(b.s, "\">20</text>"));
	assert_null(strstr(b.s, "\">11</text>"));
	buf_reset(&b);
	svg_line_chart(&b, "z", "Scores", 1, 5, 3, days, dates, w, 1, NULL);
	char *desc = between(b.s, "-desc\">", "</desc>");
	assert_non_null(strstr(desc, "#1: -2147483648 to 0 (+2147483648)"));
	free(desc);
	buf_free(&b);
}

static void
test_line_many_dates_and_series(void **state)
{
	(void)state;
	enum { N = 40, K = 12 };
	int d[N], v[N];
	char lab[N][16];
	const char *xl[N];
	struct svg_series s[K];
	for (int i = 0; i < N; i++) {
		d[i] = 20000 + i * (i < 30 ? 3 : 40);
		v[i] = 1 + (i * 7) % 10;
		snprintf(lab[i], sizeof lab[i], "2026-%02d-%02d", 1 + i % 12, 1 + i % 28);
		xl[i] = lab[i];
	}
	for (int k = 0; k < K; k++)
		s[k] = (struct svg_series){"A domain with a rather long name indeed", v, NULL};
	struct buf b = {0};
	svg_line_chart(&b, "m", "Many", 1, 10, N, d, xl, s, K, NULL);
	assert_true(svg_ok(b.s, "m"));
	/* labels too close to print are left out, the latest always kept */
	assert_true(count(b.s, "rotate(-45") < N);
	char want[40];
	snprintf(want, sizeof want, ">%s</text>", lab[N - 1]);
	assert_non_null(strstr(b.s, want));
	assert_non_null(strstr(b.s, "class=\"series s8\""));
	assert_null(strstr(b.s, "class=\"series s9\"")); /* styles cycle */
	buf_free(&b);
}

static void
test_bar_edge_cases(void **state)
{
	(void)state;
	struct svg_bar zeros[] = {{"A", 0, NULL}, {"B", 0, NULL}};
	struct svg_bar odd[] = {
		{"A", NAN, NULL}, {"B", INFINITY, NULL}, {"C", -INFINITY, NULL}, {"D", 1, NULL}};
	struct svg_bar huge[] = {{"A", 1e300, NULL}, {"B", -1e300, NULL}, {"C", 1e-9, NULL}};
	struct svg_bar blank[] = {{"", 1, ""}, {NULL, -1, NULL}};
	struct buf b = {0};

	check_bars("no bars", NULL, 0);
	check_bars("all zero", zeros, 2);
	check_bars("not finite", odd, 4);
	check_bars("huge", huge, 3);
	check_bars("blank", blank, 2);
	check_bars(NULL, zeros, 2);

	/* all zero: the zero line still sits right of the labels */
	svg_bar_chart(&b, "z", "t", zeros, 2, NULL);
	assert_true(attr_after(b.s, "<line class=\"zero\"", "x1") >
	            attr_after(b.s, "<text class=\"label\"", "x"));
	assert_int_equal(count(b.s, "<rect"), 0);
	buf_reset(&b);
	svg_bar_chart(&b, "z", "t", odd, 4, NULL);
	assert_int_equal(count(b.s, "<rect"), 1); /* only the finite one */
	char *desc = between(b.s, "-desc\">", "</desc>");
	assert_string_equal(desc, "A: no data; B: no data; C: no data; D: 1.");
	free(desc);
	buf_reset(&b);
	/* a tiny value still shows a sliver */
	svg_bar_chart(&b, "z", "t", huge, 3, NULL);
	assert_int_equal(count(b.s, "<rect"), 3);
	assert_non_null(strstr(b.s, "width=\"1\""));
	buf_reset(&b);
	svg_bar_chart(&b, "z", "t", blank, 2, NULL);
	assert_non_null(strstr(b.s, ">#1</text>"));
	assert_non_null(strstr(b.s, ">#2</text>"));
	buf_reset(&b);
	svg_bar_chart(&b, "z", "t", NULL, 0, NULL);
	assert_non_null(strstr(b.s, "<desc id=\"z-desc\">no data</desc>"));
	buf_free(&b);
}

static void
test_long_labels_truncated(void **state)
{
	(void)state;
	struct buf label = {0}, wide = {0}, b = {0};
	for (int i = 0; i < 100; i++) {
		buf_puts(&label, "\xC3\xA9");    /* é: two bytes */
		buf_puts(&wide, "\xE5\xAE\xB6"); /* 家: three bytes, wide */
	}
	struct svg_bar bars[] = {{label.s, 1, NULL}, {wide.s, 2, NULL}};
	svg_bar_chart(&b, "lg", label.s, bars, 2, NULL);
	assert_true(svg_ok(b.s, "lg")); /* also checks UTF-8 */
	/* the full text is kept for the tooltip, the drawn text is cut */
	char full[300];
	snprintf(full, sizeof full, "<title>%s: 1</title>", label.s);
	assert_non_null(strstr(b.s, full));
	assert_true(count(b.s, "\xE2\x80\xA6") >= 3); /* title, two labels */
	char *drawn = between(b.s, "<text class=\"label\"", "</text>");
	char *txt = strchr(drawn, '>') + 1;
	assert_true(strlen(txt) < 100);
	assert_true(strlen(txt) > 20);
	free(drawn);
	/* the wide label is cut shorter, by width */
	drawn = between(strstr(b.s, "<text class=\"label\"") + 1, "<text class=\"label\"", "</text>");
	txt = strchr(drawn, '>') + 1;
	assert_true(utf8_len(txt, strlen(txt)) < 20);
	free(drawn);
	buf_reset(&b);

	/* legend and x labels: cut, with a <title> holding the full text */
	static const int v[] = {1, 2};
	const char *xl[] = {label.s, "2026-01-02"};
	struct svg_series s[] = {{wide.s, v, NULL}};
	svg_line_chart(&b, "lg", "t", 1, 5, 2, NULL, xl, s, 1, NULL);
	assert_true(svg_ok(b.s, "lg"));
	snprintf(full, sizeof full, "<title>%s</title>", label.s);
	assert_non_null(strstr(b.s, full));
	buf_free(&label);
	buf_free(&wide);
	buf_free(&b);
}

static void
test_ids_unique_across_charts(void **state)
{
	(void)state;
	char *a = demo_line("case-1-scores"), *b = demo_bar("case-1-change");
	assert_true(svg_ok(a, "case-1-scores"));
	assert_true(svg_ok(b, "case-1-change"));
	assert_non_null(strstr(a, "id=\"case-1-scores-title\""));
	assert_non_null(strstr(b, "id=\"case-1-change-title\""));
	free(a);
	free(b);
}

/* first_point_x: the x of the first point of the first polyline. */
static double
first_point_x(const char *s)
{
	const char *p = strstr(s, "points=\"");
	return p ? strtod(p + 8, NULL) : NAN;
}

static void
test_rtl_mirrors_the_charts(void **state)
{
	(void)state;
	struct svg_series s[] = {{"Housing", housing, NULL}};
	struct svg_words rtl = {.rtl = 1};
	struct buf l = {0}, r = {0};
	svg_line_chart(&l, "l", "Scores", 1, 5, 3, days, dates, s, 1, NULL);
	svg_line_chart(&r, "r", "Scores", 1, 5, 3, days, dates, s, 1, &rtl);
	assert_true(svg_ok(l.s, "l"));
	assert_true(svg_ok(r.s, "r"));
	/* time runs from the right: the first date's point is mirrored */
	double xl = first_point_x(l.s), xr = first_point_x(r.s);
	assert_false(isnan(xl) || isnan(xr));
	assert_true(fabs(xl + xr - 300) < 0.11);
	assert_true(xr > 150);
	/* the title at the right edge, the y labels right of the axis */
	assert_non_null(strstr(r.s, "<text class=\"title\" x=\"292\" y=\"18\" text-anchor=\"end\""));
	assert_non_null(strstr(l.s, "<text class=\"title\" x=\"8\" y=\"18\" text-anchor=\"start\""));
	assert_non_null(strstr(r.s, "<g class=\"tick\" text-anchor=\"start\"><text"));
	/* the text itself is not mirrored, nor reordered */
	assert_non_null(strstr(r.s, " direction=\"ltr\""));
	assert_null(strstr(r.s, "scale(-1"));
	buf_free(&l);
	buf_free(&r);

	struct svg_bar bars[] = {{"Housing", 3, "+3"}, {"Health", -1.5, NULL}};
	svg_bar_chart(&l, "l", "t", bars, 2, NULL);
	svg_bar_chart(&r, "r", "t", bars, 2, &rtl);
	assert_true(svg_ok(l.s, "l"));
	assert_true(svg_ok(r.s, "r"));
	double zl = attr_after(l.s, "<line class=\"zero\"", "x1");
	double zr = attr_after(r.s, "<line class=\"zero\"", "x1");
	assert_true(fabs(zl + zr - 300) < 0.11);
	/* a positive bar grows to the left of the zero line, ending on it */
	double px = attr_after(r.s, "<rect class=\"bar\"", "x");
	double pw = attr_after(r.s, "<rect class=\"bar\"", "width");
	assert_true(fabs(px + pw - zr) < 0.11);
	double lx = attr_after(l.s, "<rect class=\"bar\"", "x");
	assert_true(fabs((300 - lx) - (px + pw)) < 0.11);
	/* and the negative one to the right */
	double nx = attr_after(r.s, "<rect class=\"bar neg\"", "x");
	assert_true(fabs(nx - zr) < 0.11);
	assert_non_null(strstr(r.s, "text-anchor=\"end\">+3</text>"));
	assert_non_null(strstr(r.s, "text-anchor=\"start\">-1.5</text>"));
	buf_free(&l);
	buf_free(&r);
}

/* split_svgs: the <svg> elements of s, one after the other, into v (up to
 * max); returns how many. Each is a copy; free them. */
static size_t
split_svgs(const char *s, char **v, size_t max)
{
	size_t n = 0;
	while (n < max && (s = strstr(s, "<svg "))) {
		const char *e = strstr(s, "</svg>\n");
		if (!e)
			break;
		e += 7;
		v[n] = malloc((size_t)(e - s) + 1);
		memcpy(v[n], s, (size_t)(e - s));
		v[n++][e - s] = '\0';
		s = e;
	}
	return n;
}

static void
test_small_multiples(void **state)
{
	(void)state;
	static const int wide[] = {2, 7, 3}; /* 7: off the 1..5 scale */
	struct svg_series s[] = {
		{"Housing", housing, NULL},
		{"Income", income, income_p},
		{"Health", NULL, NULL},
		{"Legal", wide, NULL},
	};
	struct buf b = {0};
	svg_small_multiples(&b, "sm", 1, 5, 3, days, dates, s, 4, NULL);
	char *v[8];
	size_t n = split_svgs(b.s, v, 8);
	assert_int_equal(n, 4);
	double top = NAN;
	for (size_t k = 0; k < n; k++) {
		char id[16];
		snprintf(id, sizeof id, "sm-%zu", k + 1);
		assert_true(svg_ok(v[k], id));
		assert_non_null(strstr(v[k], "class=\"chart small-multiple\""));
		assert_non_null(strstr(v[k], " width=\"300\""));
		/* one scale for all: 1 to 7, the top grid line at the same y */
		assert_non_null(strstr(v[k], "\">7</text>"));
		/* the grid's lines, bottom up: the last is the top */
		const char *g = strstr(v[k], "<g class=\"grid\"");
		const char *last = g, *e = g ? strstr(g, "</g>") : NULL;
		while (last && (g = strstr(last + 1, "<line")) && g < e)
			last = g;
		double y = attr_after(last, "<line", "y1");
		assert_false(isnan(y));
		if (k == 0)
			top = y;
		assert_true(fabs(y - top) < 1e-9);
		/* the first and the latest date labelled, at the plot's edges */
		assert_non_null(strstr(v[k], "text-anchor=\"start\">2026-01-12</text>"));
		assert_non_null(strstr(v[k], "text-anchor=\"end\">2026-07-01</text>"));
	}
	/* each titled with its series, described on its own */
	assert_non_null(strstr(v[0], "<title id=\"sm-1-title\">Housing</title>"));
	char *desc = between(v[0], "<desc id=\"sm-1-desc\">", "</desc>");
	assert_string_equal(desc, "2026-01-12 to 2026-07-01. Scale 1 to 5. Housing: 1 to 4 (+3).");
	free(desc);
	/* the same style for every series: the title says which */
	assert_non_null(strstr(v[1], "class=\"series s1\""));
	assert_null(strstr(b.s, "class=\"series s2\""));
	/* a series without values says so */
	assert_null(strstr(v[2], "polyline"));
	assert_non_null(strstr(v[2], ">no data</text>"));
	for (size_t k = 0; k < n; k++)
		free(v[k]);
	buf_free(&b);

	/* nothing to draw, nothing written; no dates, every chart empty */
	svg_small_multiples(&b, "sm", 1, 5, 3, days, dates, s, 0, NULL);
	assert_null(b.s);
	svg_small_multiples(&b, "sm", 1, 5, 0, NULL, NULL, s, 2, NULL);
	assert_int_equal(count(b.s, "<svg "), 2);
	assert_int_equal(count(b.s, ">no data</text>"), 2);
	buf_free(&b);

	/* right to left: the latest date at the left edge */
	struct svg_words rtl = {.rtl = 1};
	svg_small_multiples(&b, "sm", 1, 5, 3, days, dates, s, 1, &rtl);
	assert_true(svg_ok(b.s, "sm-1"));
	assert_non_null(strstr(b.s, "x=\"8\" y=\"111\" text-anchor=\"start\">2026-07-01</text>"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_escapes_labels),
		cmocka_unit_test(test_bar_escapes_labels),
		cmocka_unit_test(test_control_characters_removed),
		cmocka_unit_test(test_accessibility),
		cmocka_unit_test(test_line_text_alternative),
		cmocka_unit_test(test_line_points_and_tooltips),
		cmocka_unit_test(test_line_dates_placed_in_time),
		cmocka_unit_test(test_line_series_distinguishable),
		cmocka_unit_test(test_bar_negative_left_of_zero),
		cmocka_unit_test(test_bar_all_negative_and_counts),
		cmocka_unit_test(test_bar_text_alternative),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_number_format),
		cmocka_unit_test(test_line_edge_cases),
		cmocka_unit_test(test_line_many_dates_and_series),
		cmocka_unit_test(test_bar_edge_cases),
		cmocka_unit_test(test_long_labels_truncated),
		cmocka_unit_test(test_ids_unique_across_charts),
		cmocka_unit_test(test_rtl_mirrors_the_charts),
		cmocka_unit_test(test_small_multiples),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
