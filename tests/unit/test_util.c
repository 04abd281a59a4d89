/* test_util.c: UTF-8 validation, ids, edit distances and suggestions,
 * byte buffers and the arena. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util.h"

#define BAD(s) utf8_valid((s), sizeof(s) - 1)
#define OK ((size_t)-1)

static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_true(BAD("") == OK);
	assert_true(BAD("plain ascii\n\t") == OK);
	assert_true(BAD("Mar\xC3\xAD"
	                "a L\xC3\xB3pez") == OK);                           /* María López */
	assert_true(BAD("\xE2\x82\xAC \xF0\x9F\x98\x80") == OK);            /* € 😀 */
	assert_true(BAD("\xEF\xBF\xBF\xF4\x8F\xBF\xBF") == OK);             /* U+FFFF, U+10FFFF */
	assert_true(BAD("\xD9\x81\xD8\xA7\xD8\xB1\xD8\xB3\xDB\x8C") == OK); /* فارسی */
	assert_int_equal(BAD("\x80"), 0);             /* a lone continuation byte */
	assert_int_equal(BAD("ab\xC3"), 2);           /* cut short at the end */
	assert_int_equal(BAD("ab\xC3x"), 2);          /* continuation missing */
	assert_int_equal(BAD("\xC0\x80"), 0);         /* overlong NUL */
	assert_int_equal(BAD("\xC1\xBF"), 0);         /* overlong */
	assert_int_equal(BAD("x\xE0\x80\xAF"), 1);    /* overlong '/' in three bytes */
	assert_int_equal(BAD("\xF0\x80\x80\xAF"), 0); /* and in four */
	assert_int_equal(BAD("ok\xED\xA0\x80"), 2);   /* surrogate U+D800 */
	assert_int_equal(BAD("\xED\xBF\xBF"), 0);     /* surrogate U+DFFF */
	assert_int_equal(BAD("\xF4\x90\x80\x80"), 0); /* above U+10FFFF */
	assert_int_equal(BAD("\xF5\x80\x80\x80"), 0);
	assert_int_equal(BAD("\xFE"), 0);
	assert_int_equal(BAD("\xFF\xFE"), 0);              /* a UTF-16 byte order mark */
	assert_int_equal(BAD("caf\xC3\xA9 \xE9t\xE9"), 6); /* Latin-1 after valid UTF-8 */
	/* NUL is valid UTF-8; the loader refuses it separately */
	assert_true(utf8_valid("a\0b", 3) == OK);
}

static void
test_utf8_len(void **state)
{
	(void)state;
	assert_int_equal(utf8_len("", 0), 0);
	assert_int_equal(utf8_len("abc", 3), 3);
	assert_int_equal(utf8_len("Mar\xC3\xAD"
	                          "a",
	                          6),
	                 5);
	assert_int_equal(utf8_len("\xF0\x9F\x98\x80!", 5), 2);
}

static void
test_id_valid(void **state)
{
	(void)state;
	char id[80];
	assert_true(id_valid("a"));
	assert_true(id_valid("0"));
	assert_true(id_valid("rb-001"));
	assert_true(id_valid("Hl_2024-001"));
	memset(id, 'x', 64);
	id[64] = '\0';
	assert_true(id_valid(id)); /* 64 characters */
	id[64] = 'x';
	id[65] = '\0';
	assert_false(id_valid(id)); /* 65 */
	assert_false(id_valid(NULL));
	assert_false(id_valid(""));
	assert_false(id_valid("-a"));
	assert_false(id_valid("_a"));
	assert_false(id_valid(".git"));
	assert_false(id_valid("a b"));
	assert_false(id_valid("a/b"));
	assert_false(id_valid("a.yaml"));
	assert_false(id_valid("caf\xC3\xA9"));
	assert_false(id_valid("<script>"));
	assert_false(id_valid("a\n"));
}

static void
test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("", "", 3), 0);
	assert_int_equal(edit_distance("abc", "abc", 3), 0);
	assert_int_equal(edit_distance("", "abc", 5), 3);
	assert_int_equal(edit_distance("kitten", "sitting", 5), 3);
	assert_int_equal(edit_distance("taget", "target", 3), 1);
	assert_int_equal(edit_distance("statment", "statement", 3), 1);
	assert_int_equal(edit_distance("stauts", "status", 3), 1); /* a swap is one edit */
	assert_int_equal(edit_distance("di", "id", 3), 1);
	assert_int_equal(edit_distance("ab", "ba", 3), 1);
	assert_int_equal(edit_distance("abc", "ca", 3), 3);
	/* capped at max + 1 */
	assert_int_equal(edit_distance("kitten", "sitting", 1), 2);
	assert_int_equal(edit_distance("organization", "xyz", 2), 3);
}

static void
test_nearest(void **state)
{
	(void)state;
	static const char *const goal[] = {"id",      "statement", "domain", "term",
	                                   "measure", "target",    "status", "achieved",
	                                   "after",   "steps",     NULL};
	static const char *const note[] = {"date", "by", "kind", "goals", "minutes", NULL};
	static const char *const prog[] = {"name", "reassess_every", "contact_every", "followups", NULL};
	assert_string_equal(nearest("taget", goal), "target");
	assert_string_equal(nearest("statment", goal), "statement");
	assert_string_equal(nearest("stauts", goal), "status");
	assert_string_equal(nearest("Target", goal), "target");
	assert_string_equal(nearest("acheived", goal), "achieved");
	assert_string_equal(nearest("di", goal), "id");
	assert_string_equal(nearest("dat", note), "date");
	assert_string_equal(nearest("minuts", note), "minutes");
	assert_string_equal(nearest("reasses_every", prog), "reassess_every");
	assert_string_equal(nearest("follow-ups", prog), "followups");
	/* nothing for unrelated words */
	assert_null(nearest("xyzzy", goal));
	assert_null(nearest("colour", goal));
	assert_null(nearest("q", note));
	assert_null(nearest("", note));
	assert_null(nearest("responsible_worker", prog));
	/* long words are not compared at all */
	assert_null(nearest("targettargettargettargettargettargettargettargettargettargettarget", goal));
}

static void
test_buf(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_puts(&b, "a");
	buf_putc(&b, 'b');
	buf_printf(&b, "%d-%s", 42, "x");
	buf_add(&b, "zz", 1);
	assert_string_equal(b.s, "ab42-xz");
	assert_int_equal(b.len, 7);
	buf_reset(&b);
	assert_string_equal(b.s, "");
	buf_html(&b, "<a href=\"x\">Tom & 'Jerry'</a>", 29);
	assert_string_equal(b.s, "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
	buf_reset(&b);
	for (int i = 0; i < 10000; i++)
		buf_puts(&b, "0123456789");
	assert_int_equal(b.len, 100000);
	char *s = buf_detach(&b);
	assert_int_equal(strlen(s), 100000);
	assert_null(b.s);
	free(s);
	s = buf_detach(&b); /* an empty buffer detaches as "" */
	assert_string_equal(s, "");
	free(s);
	s = xasprintf("%s:%d", "f", 3);
	assert_string_equal(s, "f:3");
	free(s);
}

static void
test_arena(void **state)
{
	(void)state;
	struct arena a = {0};
	char *p = arena_strdup(&a, "hello");
	char *q = arena_strndup(&a, "world!", 5);
	assert_string_equal(p, "hello");
	assert_string_equal(q, "world");
	assert_int_equal((uintptr_t)q % 16, 0);
	char *big = arena_alloc(&a, 200000); /* larger than a block */
	memset(big, 'x', 200000);
	char *after = arena_strdup(&a, "after");
	assert_string_equal(after, "after");
	assert_string_equal(p, "hello");
	arena_free(&a);
	assert_null(a.head);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid), cmocka_unit_test(test_utf8_len),
		cmocka_unit_test(test_id_valid),   cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_nearest),    cmocka_unit_test(test_buf),
		cmocka_unit_test(test_arena),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
