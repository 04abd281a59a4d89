/* fuzz_template.c: libFuzzer target for the template parser and renderer.
 * The input is up to four templates separated by NUL bytes, named a, b, c
 * and d (so {{>b}} includes the second); each that parses is rendered with
 * a fixed context holding every kind of value. Build:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *     tool/util.c tool/template.c tests/fuzz/fuzz_template.c -o fuzz_template */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tv *c;

/* free_context: at exit, so that valgrind sees nothing left over. */
static void
free_context(void)
{
	tv_free(c);
	c = NULL;
}

/* context: built once; keys are single letters so the fuzzer finds them. */
static struct tv *
context(void)
{
	if (c)
		return c;
	c = tv_map();
	atexit(free_context);
	tv_set_bool(c, "a", 1);
	tv_set_bool(c, "b", 0);
	tv_set_str(c, "s", "<a href=\"x\">&'</a>");
	tv_set_raw(c, "r", "<b>raw</b>");
	tv_set_int(c, "n", -12345);
	tv_set_int(c, "z", 0);
	tv_set_str(c, "e", "");
	tv_set_str(c, "x", NULL);
	tv_set_list(c, "k");
	struct tv *m = tv_set_map(c, "m");
	tv_set_str(m, "s", "m.s");
	tv_set_int(m, "n", 7);
	tv_set_str(tv_set_map(m, "m"), "s", "m.m.s");
	struct tv *l = tv_set_list(c, "l");
	for (int i = 0; i < 2; i++) {
		struct tv *it = tv_push_map(l);
		tv_set_fmt(it, "s", "item %d", i);
		tv_set_list(it, "l");
		tv_set_raw(it, "r", "<i>");
	}
	struct tv *v = tv_set_list(c, "v");
	tv_push_str(v, "v<");
	tv_push_raw(v, "<v>");
	tv_push_int(v, 3);
	tv_push(v, NULL);
	tv_push_list(v);
	return c;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"a", "b", "c", "d"};
	const char *s = (const char *)data;
	struct tpl_set *set = tpl_set_new();
	tpl_set_limits(set, 200000, (size_t)1 << 20);
	struct buf err = {0};
	size_t pos = 0;
	for (size_t k = 0; k < 4 && pos <= size; k++) {
		const char *nul = memchr(s + pos, '\0', size - pos);
		size_t len = nul ? (size_t)(nul - (s + pos)) : size - pos;
		buf_reset(&err);
		if (tpl_add(set, names[k], s + pos, len, &err) < 0 && err.len == 0)
			abort(); /* a failure always says why */
		pos += len + 1;
	}
	buf_reset(&err);
	int linked = tpl_link(set, &err);
	if ((linked < 0) != (err.len > 0))
		abort();
	struct buf out = {0};
	for (size_t k = 0; k < 4; k++) {
		buf_reset(&out);
		int rc = tpl_render(set, names[k], context(), &out);
		if (rc == 0 && !tpl_has(set, names[k]))
			abort();
		if (out.s && out.s[out.len] != '\0')
			abort();
	}
	buf_free(&out);
	buf_free(&err);
	tpl_set_free(set);
	return 0;
}
