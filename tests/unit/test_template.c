/* test_template.c: the template engine: escaping, the raw marker, sections,
 * lookup, partials, the messages for malformed templates, and the limits. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "template.h"
#include "util.h"

#define END ((const char *)NULL)

/* set_of: a linked set of the NULL-terminated name, text pairs; fails the
 * test on any message. The caller frees it with tpl_set_free. */
static struct tpl_set *
set_of(const char *name, ...)
{
	struct tpl_set *set = tpl_set_new();
	struct buf err = {0};
	va_list ap;
	va_start(ap, name);
	for (const char *n = name; n; n = va_arg(ap, const char *)) {
		const char *text = va_arg(ap, const char *);
		if (tpl_add(set, n, text, strlen(text), &err) != 0)
			fail_msg("tpl_add %s: %s", n, err.s);
	}
	va_end(ap);
	if (tpl_link(set, &err) != 0)
		fail_msg("tpl_link: %s", err.s);
	buf_free(&err);
	return set;
}

/* render1: text rendered as template "t" with ctx; the caller frees it. */
static char *
render1(const char *text, const struct tv *ctx)
{
	struct tpl_set *set = set_of("t", text, END);
	struct buf out = {0};
	assert_int_equal(tpl_render(set, "t", ctx, &out), 0);
	tpl_set_free(set);
	return buf_detach(&out);
}

#define assert_render(text, ctx, want)               \
	do {                                         \
		char *got_ = render1((text), (ctx)); \
		assert_string_equal(got_, (want));   \
		free(got_);                          \
	} while (0)

/* add_err: the message tpl_add gives for text as template "t" (it must
 * fail); the caller frees it. */
static char *
add_err(const char *text)
{
	struct tpl_set *set = tpl_set_new();
	struct buf err = {0};
	assert_int_equal(tpl_add(set, "t", text, strlen(text), &err), -1);
	assert_false(tpl_has(set, "t"));
	tpl_set_free(set);
	return buf_detach(&err);
}

#define assert_add_err(text, want)                 \
	do {                                       \
		char *got_ = add_err(text);        \
		assert_string_equal(got_, (want)); \
		free(got_);                        \
	} while (0)

static void
test_escape(void **state)
{
	(void)state;
	struct tv *c = tv_map();
	tv_set_str(c, "s", "<a href=\"x\">Tom & Jerry's</a>");
	assert_render("[{{s}}]", c, "[&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;]");
	assert_render("[{{ s }}]", c, "[&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;]");
	assert_render("no tags & <b>", c, "no tags & <b>");
	tv_free(c);
}

static void
test_raw_marker(void **state)
{
	(void)state;
	struct tv *c = tv_map();
	tv_set_raw(c, "html", "<p>a &amp; b</p>");
	tv_set_str(c, "s", "<script>x</script>");
	assert_render("{{{html}}}", c, "<p>a &amp; b</p>");
	assert_render("{{& html}}", c, "<p>a &amp; b</p>");
	assert_render("{{{ html }}}", c, "<p>a &amp; b</p>");
	/* a plain tag escapes raw values too */
	assert_render("{{html}}", c, "&lt;p&gt;a &amp;amp; b&lt;/p&gt;");
	/* the raw marker on a string still escapes it */
	assert_render("{{{s}}}", c, "&lt;script&gt;x&lt;/script&gt;");
	assert_render("{{&s}}", c, "&lt;script&gt;x&lt;/script&gt;");
	tv_free(c);

	struct tv *l = tv_list();
	tv_push_raw(l, "<i>r</i>");
	tv_push_str(l, "<i>s</i>");
	c = tv_map();
	tv_set(c, "l", l);
	assert_render("{{#l}}{{{.}}}|{{/l}}", c, "<i>r</i>|&lt;i&gt;s&lt;/i&gt;|");
	tv_free(c);
}

static void
test_scalars(void **state)
{
	(void)state;
	struct tv *c = tv_map();
	tv_set_int(c, "n", -42);
	tv_set_int(c, "z", 0);
	tv_set_int(c, "min", LONG_MIN);
	tv_set_bool(c, "t", 1);
	tv_set_bool(c, "f", 0);
	tv_set_str(c, "null", NULL);
	tv_set_fmt(c, "fmt", "%d <days>", 3);
	tv_set_strn(c, "part", "abcdef", 3);
	tv_set_map(c, "m");
	tv_set_list(c, "l");
	char want[128];
	snprintf(want, sizeof(want), "-42 0 %ld true false [] 3 &lt;days&gt; abc [][]", LONG_MIN);
	assert_render("{{n}} {{z}} {{min}} {{t}} {{f}} [{{null}}] {{fmt}} {{part}} [{{m}}][{{l}}]", c, want);
	tv_free(c);
}

static void
test_sections(void **state)
{
	(void)state;
	struct tv *c = tv_map();
	struct tv *goals = tv_set_list(c, "goals");
	struct tv *g = tv_push_map(goals);
	tv_set_str(g, "id", "housing");
	g = tv_push_map(goals);
	tv_set_str(g, "id", "income");
	struct tv *names = tv_set_list(c, "names");
	tv_push_str(names, "a");
	tv_push_str(names, "b&c");
	tv_push_int(names, 7);
	struct tv *client = tv_set_map(c, "client");
	tv_set_str(client, "name", "Ana");
	tv_set_bool(c, "yes", 1);
	tv_set_bool(c, "no", 0);
	tv_set_str(c, "empty", "");
	tv_set_str(c, "word", "hi");
	tv_set_str(c, "nothing", NULL);
	tv_set_int(c, "zero", 0);
	tv_set_int(c, "three", 3);
	tv_set_list(c, "none");
	tv_set_map(c, "emptymap");

	assert_render("{{#goals}}<{{id}}>{{/goals}}", c, "<housing><income>");
	assert_render("{{#names}}[{{.}}]{{/names}}", c, "[a][b&amp;c][7]");
	assert_render("{{#client}}{{name}}{{/client}}", c, "Ana");
	assert_render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}", c, "Y");
	assert_render("{{#word}}<{{.}}>{{/word}}{{#empty}}E{{/empty}}", c, "<hi>");
	assert_render("{{#missing}}M{{/missing}}{{#nothing}}N{{/nothing}}", c, "");
	assert_render("{{#none}}X{{/none}}{{#emptymap}}map{{/emptymap}}", c, "map");
	assert_render("{{#zero}}Z{{/zero}}{{#three}}[{{.}}]{{/three}}", c, "[3]");
	/* nested sections */
	assert_render("{{#goals}}{{#yes}}{{id}};{{/yes}}{{/goals}}", c, "housing;income;");
	tv_free(c);
}

static void
test_inverted(void **state)
{
	(void)state;
	struct tv *c = tv_map();
	tv_set_list(c, "none");
	tv_push_str(tv_set_list(c, "some"), "x");
	tv_set_bool(c, "no", 0);
	tv_set_bool(c, "yes", 1);
	tv_set_str(c, "empty", "");
	tv_set_str(c, "null", NULL);
	tv_set_int(c, "zero", 0);
	assert_render("{{^none}}no items{{/none}}", c, "no items");
	assert_render("{{^some}}no items{{/some}}", c, "");
	assert_render("{{^no}}a{{/no}}{{^yes}}b{{/yes}}{{^missing}}c{{/missing}}", c, "ac");
	assert_render("{{^empty}}d{{/empty}}{{^null}}e{{/null}}{{^zero}}f{{/zero}}", c, "def");
	tv_free(c);
	/* a NULL context: every name is missing */
	assert_render("{{^x}}nothing{{/x}}{{x}}{{.}}", NULL, "nothing");
}

static void
test_context_stack(void **state)
{
	(void)state;
	struct tv *c = tv_map();
	tv_set_str(c, "worker", "amina");
	tv_set_str(c, "id", "outer");
	struct tv *cases = tv_set_list(c, "cases");
	struct tv *k = tv_push_map(cases);
	tv_set_str(k, "id", "c1");
	k = tv_push_map(cases);
	tv_set_str(k, "id", "c2");
	tv_set_str(k, "worker", "ben");
	/* inner names shadow outer ones; missing ones are found outward */
	assert_render("{{#cases}}{{id}}/{{worker}} {{/cases}}{{id}}", c, "c1/amina c2/ben outer");
	tv_free(c);
}

static void
test_dotted(void **state)
{
	(void)state;
	struct tv *c = tv_map();
	struct tv *a = tv_set_map(c, "a");
	struct tv *b = tv_set_map(a, "b");
	tv_set_str(b, "c", "deep<");
	tv_set_int(b, "n", 5);
	tv_set_str(c, "x", "outer-x");
	struct tv *m = tv_set_map(c, "m");
	tv_set_str(m, "y", "my");
	assert_render("{{a.b.c}} {{a.b.n}} {{{a.b.c}}}", c, "deep&lt; 5 deep&lt;");
	assert_render("[{{a.b.zz}}][{{a.x}}][{{a.b.c.d}}]", c, "[][][]");
	assert_render("{{#a.b}}{{c}}{{/a.b}}", c, "deep&lt;");
	/* the first part is found outward; the rest only inside it */
	assert_render("{{#a}}{{m.y}}|{{b.c}}|{{x}}{{/a}}", c, "my|deep&lt;|outer-x");
	assert_render("{{#m}}{{a.b.n}}{{/m}}", c, "5");
	tv_free(c);
}

static void
test_partials(void **state)
{
	(void)state;
	struct tpl_set *set = set_of("page", "<h1>{{title}}</h1>\n{{> list}}{{>foot}}", "list",
	                             "{{#items}}<li>{{>item}}</li>{{/items}}", "item",
	                             "{{name}}@{{title}}", "foot", "<footer>", END);
	struct tv *c = tv_map();
	tv_set_str(c, "title", "T&");
	struct tv *items = tv_set_list(c, "items");
	tv_set_str(tv_push_map(items), "name", "a");
	tv_set_str(tv_push_map(items), "name", "b");
	struct buf out = {0};
	buf_puts(&out, "kept:");
	assert_int_equal(tpl_render(set, "page", c, &out), 0);
	assert_string_equal(out.s, "kept:<h1>T&amp;</h1>\n<li>a@T&amp;</li><li>b@T&amp;</li><footer>");
	assert_int_equal(tpl_render(set, "nope", c, &out), -1);
	assert_true(tpl_has(set, "item"));
	assert_false(tpl_has(set, "items"));
	buf_free(&out);
	tv_free(c);
	tpl_set_free(set);
}

static void
test_recursive_partial_over_data(void **state)
{
	(void)state;
	/* recursion stops where the data ends (each leaf has an empty list,
	 * else lookup would find the parent's kids) */
	struct tpl_set *set = set_of("node", "{{name}}{{#kids}}({{>node}}){{/kids}}", END);
	struct tv *root = tv_map();
	tv_set_str(root, "name", "r");
	struct tv *kids = tv_set_list(root, "kids");
	struct tv *a = tv_push_map(kids);
	tv_set_str(a, "name", "a");
	struct tv *ak = tv_set_list(a, "kids");
	struct tv *a1 = tv_push_map(ak);
	tv_set_str(a1, "name", "a1");
	tv_set_list(a1, "kids");
	struct tv *b = tv_push_map(kids);
	tv_set_str(b, "name", "b");
	tv_set_list(b, "kids");
	struct buf out = {0};
	assert_int_equal(tpl_render(set, "node", root, &out), 0);
	assert_string_equal(out.s, "r(a(a1))(b)");
	buf_free(&out);
	tv_free(root);
	tpl_set_free(set);
}

static void
test_recursion_limit(void **state)
{
	(void)state;
	/* a partial that includes itself inside a section links, but with
	 * data that never ends the recursion, rendering stops at the limit */
	struct tpl_set *set = set_of("r", "x{{#on}}{{>r}}{{/on}}", END);
	struct tv *c = tv_map();
	tv_set_bool(c, "on", 1);
	struct buf out = {0};
	assert_int_equal(tpl_render(set, "r", c, &out), -1);
	assert_true(out.len > 0 && out.len <= TPL_MAX_DEPTH);
	buf_reset(&out);
	tv_set_bool(c, "on", 0);
	assert_int_equal(tpl_render(set, "r", c, &out), 0);
	assert_string_equal(out.s, "x");
	buf_free(&out);
	tv_free(c);
	tpl_set_free(set);
}

static void
test_recursion_at_load(void **state)
{
	(void)state;
	/* outside any section a cycle could never end: refused by tpl_link */
	struct tpl_set *set = tpl_set_new();
	struct buf err = {0};
	const char *a = "A\n{{#x}}{{>a}}{{/x}}{{>b}}", *b = "B\n\n{{> a}}", *s = "{{>s}}";
	assert_int_equal(tpl_add(set, "a", a, strlen(a), &err), 0);
	assert_int_equal(tpl_add(set, "b", b, strlen(b), &err), 0);
	assert_int_equal(tpl_add(set, "s", s, strlen(s), &err), 0);
	assert_int_equal(tpl_link(set, &err), -1);
	assert_string_equal(err.s, "b:3: partial 'a' includes itself outside any section, so it never "
	                           "ends (a > b > a)\n"
	                           "s:1: partial 's' includes itself outside any section, so it never "
	                           "ends (s > s)");
	/* rendering anyway is still bounded */
	struct buf out = {0};
	assert_int_equal(tpl_render(set, "s", NULL, &out), -1);
	assert_int_equal(tpl_render(set, "a", NULL, &out), -1);
	buf_free(&out);
	buf_free(&err);
	tpl_set_free(set);
}

static void
test_comments(void **state)
{
	(void)state;
	struct tv *c = tv_map();
	tv_set_str(c, "a", "A");
	assert_render("1{{! a comment }}2{{!\nspans {{ lines\n}}3", c, "123");
	assert_render("<p>\n  {{! standalone }}\n</p>\n", c, "<p>\n</p>\n");
	assert_render("{{a}} {{! not standalone }}\nx", c, "A \nx");
	tv_free(c);
}

static void
test_standalone_lines(void **state)
{
	(void)state;
	struct tv *c = tv_map();
	struct tv *l = tv_set_list(c, "l");
	tv_push_str(l, "a");
	tv_push_str(l, "b");
	assert_render("<ul>\n  {{#l}}\n  <li>{{.}}</li>\n  {{/l}}\n</ul>\n", c,
	              "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n");
	assert_render("<ul>\r\n{{#l}}\r\n<li>{{.}}</li>\r\n{{/l}}\r\n</ul>", c,
	              "<ul>\r\n<li>a</li>\r\n<li>b</li>\r\n</ul>");
	/* a tag sharing its line with text keeps the line */
	assert_render("x {{#l}}{{.}}{{/l}} y\n", c, "x ab y\n");
	assert_render("{{^l}}\nnone\n{{/l}}\nend", c, "end");
	/* variables are never standalone */
	assert_render("  {{missing}}\n", c, "  \n");
	tv_free(c);
}

static void
test_errors(void **state)
{
	(void)state;
	assert_add_err("<h1>\n{{#goals}}\n<p>\n", "t:2: unclosed section 'goals'");
	assert_add_err("{{#a}}\n{{#b}}\n{{/b}}\n", "t:1: unclosed section 'a'");
	assert_add_err("{{#a}}\n{{#b}}{{/a}}", "t:2: section 'b' (line 2) closed by 'a'");
	assert_add_err("{{^a}}x\n\n{{/b}}", "t:3: section 'a' (line 1) closed by 'b'");
	assert_add_err("x\n{{/a}}", "t:2: '{{/a}}' closes no open section");
	assert_add_err("ok\nok {{name\n}", "t:2: unclosed tag '{{'");
	assert_add_err("{{", "t:1: unclosed tag '{{'");
	assert_add_err("\n{{! never closed", "t:2: unclosed comment '{{!'");
	assert_add_err("a\n\n\n{{ }}", "t:4: empty tag name");
	assert_add_err("{{#}}{{/}}", "t:1: empty tag name");
	assert_add_err("{{>}}", "t:1: empty tag name");
	assert_add_err("{{a b}}", "t:1: bad tag name 'a b'");
	assert_add_err("{{a..b}}", "t:1: bad tag name 'a..b'");
	assert_add_err("{{a.}}", "t:1: bad tag name 'a.'");
	assert_add_err("{{x\x01y}}", "t:1: bad tag name 'x?y'");
	assert_add_err("{{> ../etc}}", "t:1: bad partial name '../etc'");
	assert_add_err("{{{a}}", "t:1: '{{{' closed by '}}' instead of '}}}'");
	assert_add_err("{{=<% %>=}}", "t:1: set-delimiter tags '{{=...=}}' are not supported");
	assert_add_err("{{aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b}}",
	               "t:1: bad tag name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'");

	/* too deeply nested sections */
	struct buf deep = {0};
	for (int i = 0; i <= TPL_MAX_DEPTH; i++)
		buf_puts(&deep, "{{#a}}\n");
	char want[64];
	snprintf(want, sizeof(want), "t:%d: sections nested deeper than %d", TPL_MAX_DEPTH + 1,
	         TPL_MAX_DEPTH);
	assert_add_err(deep.s, want);
	buf_free(&deep);

	/* too large */
	size_t big = (size_t)TPL_MAX_SIZE + 1;
	char *huge = xmalloc(big);
	memset(huge, 'x', big);
	struct tpl_set *hs = tpl_set_new();
	struct buf herr = {0};
	assert_int_equal(tpl_add(hs, "t", huge, big, &herr), -1);
	assert_string_equal(herr.s, "t: larger than 16 MiB");
	assert_int_equal(tpl_add(hs, "t", huge, big - 1, &herr), 0);
	buf_free(&herr);
	tpl_set_free(hs);
	free(huge);

	/* names and duplicates */
	struct tpl_set *set = tpl_set_new();
	struct buf err = {0};
	assert_int_equal(tpl_add(set, "a b", "x", 1, &err), -1);
	assert_string_equal(err.s, "a b: bad template name 'a b'");
	buf_reset(&err);
	assert_int_equal(tpl_add(set, "a", "x", 1, &err), 0);
	assert_int_equal(tpl_add(set, "a", "y", 1, NULL), -1);
	assert_int_equal(tpl_add(set, "a", "y", 1, &err), -1);
	assert_string_equal(err.s, "a: template 'a' is defined twice (also a)");
	buf_free(&err);
	tpl_set_free(set);
}

static void
test_missing_partial(void **state)
{
	(void)state;
	struct tpl_set *set = tpl_set_new();
	struct buf err = {0};
	const char *page = "<html>\n{{> head}}\n{{#x}}{{>nav}}{{/x}}{{>foot}}";
	assert_int_equal(tpl_add(set, "page", page, strlen(page), &err), 0);
	assert_int_equal(tpl_add(set, "foot", "F", 1, &err), 0);
	assert_int_equal(tpl_link(set, &err), -1);
	assert_string_equal(err.s, "page:2: partial 'head' names no template\n"
	                           "page:3: partial 'nav' names no template");
	/* an unlinked partial renders nothing; added later, it is found */
	struct buf out = {0};
	assert_int_equal(tpl_render(set, "page", NULL, &out), 0);
	assert_string_equal(out.s, "<html>\nF");
	assert_int_equal(tpl_add(set, "head", "H\n", 2, &err), 0);
	buf_reset(&out);
	assert_int_equal(tpl_render(set, "page", NULL, &out), 0);
	assert_string_equal(out.s, "<html>\nH\nF");
	buf_free(&out);
	buf_free(&err);
	tpl_set_free(set);
}

static void
test_limits(void **state)
{
	(void)state;
	/* doubling partials: 2^20 leaves, stopped by the step limit */
	struct tpl_set *set = tpl_set_new();
	char name[8], text[64];
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		snprintf(text, sizeof(text), "{{>p%d}}{{>p%d}}", i + 1, i + 1);
		assert_int_equal(tpl_add(set, name, text, strlen(text), NULL), 0);
	}
	assert_int_equal(tpl_add(set, "p20", "ab", 2, NULL), 0);
	assert_int_equal(tpl_link(set, NULL), 0);
	tpl_set_limits(set, 10000, 0);
	struct buf out = {0};
	assert_int_equal(tpl_render(set, "p0", NULL, &out), -1);
	assert_int_equal(tpl_render(set, "p15", NULL, &out), 0); /* 2^5 leaves */
	tpl_set_limits(set, 0, 100);
	buf_reset(&out);
	assert_int_equal(tpl_render(set, "p0", NULL, &out), -1);
	assert_true(out.len <= 102);
	tpl_set_limits(set, 0, 0);
	buf_reset(&out);
	assert_int_equal(tpl_render(set, "p10", NULL, &out), 0);
	assert_int_equal(out.len, 2 << 10);
	buf_free(&out);
	tpl_set_free(set);
}

static void
test_values(void **state)
{
	(void)state;
	struct tv *c = tv_map();
	tv_set_str(c, "a", "1");
	tv_set_str(c, "b", "2");
	tv_set_int(c, "a", 3); /* replaces, keeps the order */
	assert_int_equal(tv_len(c), 2);
	assert_int_equal(tv_kind(tv_get(c, "a")), TV_INT);
	assert_null(tv_get(c, "zz"));
	assert_int_equal(tv_kind(NULL), TV_NULL);

	/* a root handed over belongs to the tree; freeing it alone is ignored */
	struct tv *sub = tv_map();
	tv_set_str(sub, "x", "sub-x");
	tv_set(c, "sub", sub);
	tv_free(sub);
	tv_set_str(sub, "y", "later"); /* still usable: it lives in c's tree */
	struct tv *l = tv_list();
	for (int i = 0; i < 1000; i++) {
		struct tv *m = tv_map();
		tv_set_int(m, "i", i);
		tv_push(l, m);
	}
	tv_push(l, NULL);
	tv_set(c, "l", l);
	tv_set(c, "gone", NULL);
	assert_int_equal(tv_len(l), 1001);
	assert_int_equal(tv_kind(tv_get(c, "gone")), TV_NULL);
	assert_render("{{a}}{{b}} {{sub.x}} {{sub.y}}", c, "32 sub-x later");

	/* big strings get blocks of their own */
	char *big = xmalloc(100000);
	memset(big, 'x', 99999);
	big[99999] = '\0';
	tv_set_str(c, "big", big);
	tv_set_str(c, "small", "s");
	char *got = render1("{{big}}{{small}}", c);
	assert_int_equal(strlen(got), 100000);
	assert_int_equal(got[99999], 's');
	free(got);
	free(big);
	tv_free(c);
	tv_free(NULL);
}

static void
test_load_dir(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_template.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	struct {
		const char *file, *text;
	} files[] = {
		{"page.html", "<title>{{title}}</title>\n{{> head}}"},
		{"head.tpl", "<meta charset=\"utf-8\">\n"},
		{"notes.txt", "{{#not a template"},
		{".hidden.html", "{{#broken"},
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i].file);
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(files[i].text, f);
		fclose(f);
	}
	struct buf err = {0};
	struct tpl_set *set = tpl_load_dir(dir, &err);
	assert_non_null(set);
	assert_int_equal(err.len, 0);
	assert_true(tpl_has(set, "page") && tpl_has(set, "head"));
	assert_false(tpl_has(set, "notes") || tpl_has(set, "hidden"));
	struct tv *c = tv_map();
	tv_set_str(c, "title", "<T>");
	struct buf out = {0};
	assert_int_equal(tpl_render(set, "page", c, &out), 0);
	assert_string_equal(out.s, "<title>&lt;T&gt;</title>\n<meta charset=\"utf-8\">\n");
	tpl_set_free(set);

	/* a broken file: its path and line; a missing partial elsewhere is
	 * not reported while a file is broken */
	snprintf(path, sizeof(path), "%s/case.html", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("<h1>\n{{#goals}}\n{{>nowhere}}\n", f);
	fclose(f);
	assert_null(tpl_load_dir(dir, &err));
	char want[512];
	snprintf(want, sizeof(want), "%s/case.html:2: unclosed section 'goals'", dir);
	assert_string_equal(err.s, want);

	/* a missing partial, with a trailing slash on the folder */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("<h1>\n{{#goals}}\n{{>nowhere}}{{/goals}}\n", f);
	fclose(f);
	buf_reset(&err);
	char slashed[300];
	snprintf(slashed, sizeof(slashed), "%s/", dir);
	assert_null(tpl_load_dir(slashed, &err));
	snprintf(want, sizeof(want), "%s/case.html:3: partial 'nowhere' names no template", dir);
	assert_string_equal(err.s, want);

	/* two files for one name */
	snprintf(path, sizeof(path), "%s/head.html", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	buf_reset(&err);
	assert_null(tpl_load_dir(dir, &err));
	snprintf(want, sizeof(want), "%s/case.html:3: partial 'nowhere' names no template", dir);
	assert_non_null(strstr(err.s, "head.tpl: template 'head' is defined twice (also "));
	assert_null(strstr(err.s, "nowhere")); /* not linked while a file is broken */

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i].file);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/case.html", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/head.html", dir);
	unlink(path);
	assert_int_equal(rmdir(dir), 0);

	buf_reset(&err);
	assert_null(tpl_load_dir(dir, &err));
	snprintf(want, sizeof(want), "%s: No such file or directory", dir);
	assert_string_equal(err.s, want);
	buf_free(&out);
	buf_free(&err);
	tv_free(c);
}

/* Inputs the fuzzer found; each must render without a crash. */
static void
test_fuzz_regressions(void **state)
{
	(void)state;
	static const char *const inputs[] = {
		"{{#a}}{{/a}}", "{{",      "}}{{}",        "{{{}}}",
		"{{#a}}\n",     "{{! }}}", "\r\n{{#a}}\r", "{{#.}}{{.}}{{/.}}",
	};
	struct tv *c = tv_map();
	tv_set_bool(c, "a", 1);
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		struct tpl_set *set = tpl_set_new();
		struct buf err = {0}, out = {0};
		if (tpl_add(set, "t", inputs[i], strlen(inputs[i]), &err) == 0) {
			tpl_link(set, &err);
			tpl_render(set, "t", c, &out);
		} else {
			assert_true(err.len > 0);
		}
		buf_free(&err);
		buf_free(&out);
		tpl_set_free(set);
	}
	tv_free(c);
}

static void
test_value_between_block_sizes(void **state)
{
	(void)state;
	/* a value longer than the pool's next block but not big enough for a
	 * block of its own (a style sheet of 13 KiB) is kept whole */
	struct tv *c = tv_map();
	for (int i = 0; i < 40; i++)
		tv_set_int(c, "n", i);
	size_t len = 13 * 1024;
	char *big = xmalloc(len + 1);
	for (size_t i = 0; i < len; i++)
		big[i] = (char)('a' + i % 26);
	big[len] = '\0';
	tv_set_rawn(c, "css", big, len);
	tv_set_str(c, "after", "ok");
	char *got = render1("{{{css}}}{{after}}", c);
	assert_int_equal(strlen(got), len + 2);
	assert_memory_equal(got, big, len);
	assert_string_equal(got + len, "ok");
	free(got);
	free(big);
	tv_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_raw_marker),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_inverted),
		cmocka_unit_test(test_context_stack),
		cmocka_unit_test(test_dotted),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_recursive_partial_over_data),
		cmocka_unit_test(test_recursion_limit),
		cmocka_unit_test(test_recursion_at_load),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_standalone_lines),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_missing_partial),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_load_dir),
		cmocka_unit_test(test_fuzz_regressions),
		cmocka_unit_test(test_value_between_block_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
