/* test_markdown.c: Markdown from the records renders inert: no raw HTML, no
 * script links, no images from outside the site; links to attachments are
 * rewritten from the page; URL helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "markdown.h"
#include "util.h"

/* A resolver that knows two attachments of case c-1. */
static const char *
resolve(void *arg, const char *repo_path)
{
	(void)arg;
	if (strcmp(repo_path, "cases/c-1/scan.png") == 0)
		return "cases/c-1/files/scan.png";
	if (strcmp(repo_path, "cases/c-1/notes/a b.pdf") == 0)
		return "cases/c-1/files/notes/a b.pdf";
	return NULL;
}

static const struct md_opts note_opts = {"cases/c-1/notes", "cases/c-1", resolve, NULL, 2};

/* md: the HTML of text rendered as a note of case c-1; the caller frees it. */
static char *
md(const char *text)
{
	struct buf b = {0};
	assert_int_equal(md_render(&b, text, strlen(text), &note_opts), 0);
	return buf_detach(&b);
}

#define assert_md(text, want)                      \
	do {                                       \
		char *got_ = md(text);             \
		assert_string_equal(got_, (want)); \
		free(got_);                        \
	} while (0)

#define assert_md_lacks(text, bad)                                                      \
	do {                                                                            \
		char *got_ = md(text);                                                  \
		if (strstr(got_, (bad)))                                                \
			fail_msg("%s\nrendered as\n%s\nholds %s", (text), got_, (bad)); \
		free(got_);                                                             \
	} while (0)

static void
test_plain(void **state)
{
	(void)state;
	assert_md("Hello *world*", "<p>Hello <em>world</em></p>\n");
	assert_md("a & b < c", "<p>a &amp; b &lt; c</p>\n");
}

static void
test_raw_html_is_text(void **state)
{
	(void)state;
	assert_md("<script>alert(1)</script>\n", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
	assert_md("hi <img src=x onerror=alert(1)> there",
	          "<p>hi &lt;img src=x onerror=alert(1)&gt; there</p>\n");
	assert_md_lacks("<div onclick=\"x()\">a</div>\n", "<div");
	assert_md_lacks("<iframe src=\"https://evil.example\"></iframe>", "<iframe");
	assert_md_lacks("x <!-- c --> y", "<!--");
}

static void
test_dangerous_links(void **state)
{
	(void)state;
	assert_md("[click](javascript:alert(1))", "<p>click</p>\n");
	assert_md("[click](JaVaScRiPt:alert(1))", "<p>click</p>\n");
	assert_md("[x](vbscript:msgbox)", "<p>x</p>\n");
	assert_md("[x](file:///etc/passwd)", "<p>x</p>\n");
	assert_md("[x](data:text/html;base64,PHNjcmlwdD4=)", "<p>x</p>\n");
	assert_md("[x](<\tjavascript:alert(1)>)", "<p>x</p>\n");
	assert_md_lacks("[x](<java\nscript:alert(1)>)", "href");
	assert_md_lacks("<javascript:alert(1)>", "href");
	assert_md_lacks("[a]: javascript:alert(1)\n\n[go][a]", "href");
	assert_int_equal(md_url_dangerous(" \x01JAVASCRIPT:x"), 1);
	assert_int_equal(md_url_dangerous("java\tscript:x"), 1);
	assert_int_equal(md_url_dangerous("Data:x"), 1);
	assert_int_equal(md_url_dangerous("https://x"), 0);
	assert_int_equal(md_url_dangerous("notes/javascript:x"), 0);
}

static void
test_outside_links_become_text(void **state)
{
	(void)state;
	assert_md("[site](https://example.org/a)", "<p>site (https://example.org/a)</p>\n");
	assert_md("<https://example.org>", "<p>https://example.org</p>\n");
	assert_md("<ana@example.org>", "<p>ana@example.org</p>\n");
	assert_md("[mail](mailto:ana@example.org)", "<p>mail (ana@example.org)</p>\n");
	assert_md("[root](/etc/passwd)", "<p>root</p>\n");
	assert_md("[net](//evil.example/x)", "<p>net</p>\n");
	assert_md("[up](../../../../secret.txt)", "<p>up</p>\n");
	assert_md("[missing](nothing.txt)", "<p>missing</p>\n");
}

static void
test_inside_links_rewritten(void **state)
{
	(void)state;
	assert_md("[scan](../scan.png)", "<p><a href=\"files/scan.png\">scan</a></p>\n");
	assert_md("[pdf](a%20b.pdf#page=2)", "<p><a href=\"files/notes/a%20b.pdf#page%3D2\">pdf</a></p>\n");
	assert_md("[pdf](<./a b.pdf>)", "<p><a href=\"files/notes/a%20b.pdf\">pdf</a></p>\n");
	assert_md("[top](#goals)", "<p><a href=\"#goals\">top</a></p>\n");
}

static void
test_images(void **state)
{
	(void)state;
	assert_md("![a scan](../scan.png)", "<p><img src=\"files/scan.png\" alt=\"a scan\"></p>\n");
	assert_md("![tracker](https://evil.example/t.gif)", "<p>tracker</p>\n");
	assert_md("![x](data:image/png;base64,AAAA)", "<p>x</p>\n");
	assert_md("![x](javascript:alert(1))", "<p>x</p>\n");
	assert_md("![x](/abs.png)", "<p>x</p>\n");
	assert_md("![x](nope.png)", "<p>x</p>\n");
	/* an image inside a link: both judged */
	assert_md("[![x](https://e.example/i.png)](javascript:alert(1))", "<p>x</p>\n");
}

static void
test_void_elements_html_style(void **state)
{
	(void)state;
	assert_md("a  \nb\n\n***\n", "<p>a<br>\nb</p>\n<hr>\n");
	assert_md("x /> y", "<p>x /&gt; y</p>\n");
}

static void
test_heading_offset(void **state)
{
	(void)state;
	assert_md("# Title\n\n#### Deep\n", "<h3>Title</h3>\n<h6>Deep</h6>\n");
}

static void
test_no_opts(void **state)
{
	(void)state;
	struct buf b = {0};
	const char *t = "[a](x.txt) ![b](y.png) [c](#k)";
	assert_int_equal(md_render(&b, t, strlen(t), NULL), 0);
	assert_string_equal(b.s, "<p>a b <a href=\"#k\">c</a></p>\n");
	buf_free(&b);
}

static void
test_url_helpers(void **state)
{
	(void)state;
	struct buf b = {0};
	md_path_url(&b, "cases/a b/\"<x>&.txt");
	assert_string_equal(b.s, "cases/a%20b/%22%3Cx%3E%26.txt");
	buf_reset(&b);
	md_relative(&b, "cases/c-1", "cases/c-1/files/x.png");
	assert_string_equal(b.s, "files/x.png");
	buf_reset(&b);
	md_relative(&b, "cases/c-1", "site.css");
	assert_string_equal(b.s, "../../site.css");
	buf_reset(&b);
	md_relative(&b, "", "cases/c-1/index.html");
	assert_string_equal(b.s, "cases/c-1/index.html");
	buf_reset(&b);
	md_relative(&b, "workers", "cases/c-1/index.html");
	assert_string_equal(b.s, "../cases/c-1/index.html");
	buf_free(&b);
	assert_int_equal(md_url_is_http("https://example.org/x?a=1"), 1);
	assert_int_equal(md_url_is_http("HTTP://example.org"), 1);
	assert_int_equal(md_url_is_http("https://"), 0);
	assert_int_equal(md_url_is_http(" https://example.org"), 0);
	assert_int_equal(md_url_is_http("https://e.org/\"onmouseover=x"), 0);
	assert_int_equal(md_url_is_http("javascript:alert(1)//https://"), 0);
	assert_int_equal(md_url_is_http("ftp://example.org"), 0);
	assert_int_equal(md_url_is_http(NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_raw_html_is_text),
		cmocka_unit_test(test_dangerous_links),
		cmocka_unit_test(test_outside_links_become_text),
		cmocka_unit_test(test_inside_links_rewritten),
		cmocka_unit_test(test_images),
		cmocka_unit_test(test_void_elements_html_style),
		cmocka_unit_test(test_heading_offset),
		cmocka_unit_test(test_no_opts),
		cmocka_unit_test(test_url_helpers),
	};
	return cmocka_run_group_tests_name("markdown", tests, NULL, NULL);
}
