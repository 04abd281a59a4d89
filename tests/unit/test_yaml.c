/* test_yaml.c: the positioned YAML loader (ydoc.h): positions of keys and
 * values (CRLF, BOM, front matter), duplicates, anchors and aliases, tags,
 * extra documents, the depth limit, nulls, and the text check. The last
 * tests load a small caseload from a temporary folder, to see the positions
 * in a note's front matter as check reports them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "check.h"
#include "records.h"
#include "ydoc.h"

struct parsed {
	struct diags d;
	struct ydoc doc;
	int rc;
};

/* parse: text check, then parse, as the loader does. */
static void
parse(struct parsed *p, const char *text, size_t len, int line_offset)
{
	memset(p, 0, sizeof(*p));
	long start = ydoc_text_check("t.yaml", text, len, &p->d);
	if (start < 0) {
		p->rc = -2;
		return;
	}
	p->rc = ydoc_parse("t.yaml", text + start, len - (size_t)start, line_offset, &p->d, &p->doc);
}

#define PARSE(p, s) parse((p), (s), sizeof(s) - 1, 0)

static void
done(struct parsed *p)
{
	ydoc_free(&p->doc);
	diag_free(&p->d);
}

/* count: the diagnostics of code. */
static size_t
count(const struct parsed *p, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < p->d.n; i++)
		n += strcmp(p->d.v[i].code, code) == 0;
	return n;
}

/* nth: the i-th diagnostic of code (in order of reporting). */
static const struct diag *
nth(const struct parsed *p, const char *code, size_t i)
{
	for (size_t k = 0; k < p->d.n; k++)
		if (strcmp(p->d.v[k].code, code) == 0 && i-- == 0)
			return &p->d.v[k];
	fail_msg("no diagnostic %s #%zu", code, i);
	return NULL;
}

static void
at(const struct ynode *n, int line, int col)
{
	assert_non_null(n);
	assert_int_equal(n->line, line);
	assert_int_equal(n->col, col);
}

static void
test_positions(void **state)
{
	(void)state;
	struct parsed p;
	PARSE(&p, "client:\n"
	          "  name: Mar\xC3\xAD"
	          "a\n"
	          "tags: [veteran, \"x\"]\n"
	          "# a comment\n"
	          "\xC3\xA9t\xC3\xA9: {a: b}\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.d.n, 0);
	const struct ynode *r = p.doc.root;
	at(r, 1, 1);
	assert_int_equal(r->type, YN_MAP);
	assert_int_equal(r->n, 3);
	at(ynode_get_key(r, "client"), 1, 1);
	const struct ynode *c = ynode_get(r, "client");
	at(c, 2, 3);
	at(ynode_get_key(c, "name"), 2, 3);
	at(ynode_get(c, "name"), 2, 9);
	assert_string_equal(ynode_get(c, "name")->str, "Mar\xC3\xAD"
	                                               "a");
	const struct ynode *t = ynode_get(r, "tags");
	at(t, 3, 7);
	at(t->kids[0], 3, 8);
	at(t->kids[1], 3, 17);
	assert_false(t->kids[1]->plain);
	assert_true(t->kids[0]->plain);
	/* columns count code points: 'été' is three */
	const struct ynode *e = ynode_get(r, "\xC3\xA9t\xC3\xA9");
	at(e, 5, 6);
	at(ynode_get(e, "a"), 5, 10);
	done(&p);
}

static void
test_crlf_and_bom(void **state)
{
	(void)state;
	struct parsed p;
	PARSE(&p, "\xEF\xBB\xBFgoals:\r\n  - id: a\r\n    target: 2026-01-01\r\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.d.n, 0);
	at(ynode_get_key(p.doc.root, "goals"), 1, 1); /* the BOM takes no column */
	const struct ynode *g = ynode_get(p.doc.root, "goals")->kids[0];
	at(ynode_get(g, "id"), 2, 9);
	at(ynode_get(g, "target"), 3, 13);
	assert_string_equal(ynode_get(g, "target")->str, "2026-01-01"); /* no \r */
	done(&p);

	/* a CRLF file with an error reports the right line */
	PARSE(&p, "a: 1\r\nb: [1,\r\nc: 2\r\n");
	assert_int_equal(p.rc, -1);
	assert_int_equal(count(&p, "yaml-syntax"), 1);
	assert_true(nth(&p, "yaml-syntax", 0)->line >= 2);
	assert_null(p.doc.root);
	done(&p);
}

static void
test_front_matter_offset(void **state)
{
	(void)state;
	struct parsed p;
	const char fm[] = "date: 2026-02-01\nby: amina\nby: x\n";
	parse(&p, fm, sizeof(fm) - 1, 1);
	assert_int_equal(p.rc, 0);
	at(ynode_get_key(p.doc.root, "date"), 2, 1);
	at(ynode_get(p.doc.root, "by"), 3, 5);
	assert_int_equal(count(&p, "duplicate-key"), 1);
	assert_int_equal(nth(&p, "duplicate-key", 0)->line, 4);
	assert_string_equal(nth(&p, "duplicate-key", 0)->message, "duplicate key 'by' (first at line 3)");
	done(&p);
}

static void
test_duplicates(void **state)
{
	(void)state;
	struct parsed p;
	PARSE(&p, "a: 1\n"
	          "b: 2\n"
	          "a: 3\n"
	          "\"a\": 4\n"
	          "c:\n"
	          "  x: 1\n"
	          "  'x': 2\n"
	          "b: 5\n"
	          "d: 6\n");
	assert_int_equal(p.rc, 0); /* reported, and the first is kept */
	assert_int_equal(count(&p, "duplicate-key"), 4);
	const struct diag *g = nth(&p, "duplicate-key", 0);
	assert_int_equal(g->line, 7);
	assert_int_equal(g->col, 3);
	assert_string_equal(g->message, "duplicate key 'x' (first at line 6)");
	/* in the outer map: a at 3 and 4, b at 8, in the order of the keys */
	int lines[3], k = 0;
	for (size_t i = 1; i < 4; i++)
		lines[k++] = nth(&p, "duplicate-key", i)->line;
	assert_int_equal(lines[0], 3);
	assert_int_equal(lines[1], 4);
	assert_int_equal(lines[2], 8);
	assert_non_null(strstr(nth(&p, "duplicate-key", 2)->message, "(first at line 1)"));
	assert_non_null(strstr(nth(&p, "duplicate-key", 3)->message, "'b' (first at line 2)"));
	const struct ynode *r = p.doc.root;
	assert_int_equal(r->n, 4);
	assert_string_equal(ynode_get(r, "a")->str, "1");
	assert_string_equal(ynode_get(r, "b")->str, "2");
	assert_string_equal(ynode_get(r, "d")->str, "6");
	assert_int_equal(ynode_get(r, "c")->n, 1);
	done(&p);
}

static void
test_many_duplicates(void **state)
{
	(void)state;
	/* 50,000 copies of one key and 50,000 distinct keys: fast, each reported */
	struct buf b = {0};
	for (int i = 0; i < 50000; i++)
		buf_puts(&b, "k: 1\n");
	for (int i = 0; i < 50000; i++)
		buf_printf(&b, "k%d: %d\n", i, i);
	struct parsed p;
	parse(&p, b.s, b.len, 0);
	assert_int_equal(p.rc, 0);
	assert_int_equal(count(&p, "duplicate-key"), 49999);
	assert_int_equal(p.doc.root->n, 50001);
	assert_string_equal(ynode_get(p.doc.root, "k49999")->str, "49999");
	done(&p);
	buf_free(&b);
}

static void
test_aliases(void **state)
{
	(void)state;
	struct parsed p;
	PARSE(&p, "base: &b {x: 1}\n"
	          "one: *b\n"
	          "two: [*b, *b]\n"
	          "s: &s text\n");
	assert_int_equal(p.rc, -1); /* the file failed to load */
	assert_null(p.doc.root);
	assert_int_equal(count(&p, "alias"), 5); /* 2 anchors, 3 aliases */
	assert_int_equal(nth(&p, "alias", 0)->line, 1);
	assert_int_equal(nth(&p, "alias", 1)->line, 2);
	assert_int_equal(nth(&p, "alias", 1)->col, 6);
	assert_int_equal(nth(&p, "alias", 2)->line, 3);
	assert_int_equal(nth(&p, "alias", 3)->line, 3);
	assert_int_equal(nth(&p, "alias", 4)->line, 4);
	assert_non_null(strstr(nth(&p, "alias", 1)->message, "*b"));
	done(&p);

	/* an alias bomb is never expanded */
	PARSE(&p, "a: &a [x, x, x, x, x, x, x, x, x]\n"
	          "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	          "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	          "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	          "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n");
	assert_int_equal(p.rc, -1);
	assert_int_equal(count(&p, "alias"), 4 + 36);
	done(&p);
}

static void
test_tags(void **state)
{
	(void)state;
	struct parsed p;
	PARSE(&p, "a: !!str 12\n"
	          "b: !local {c: 1}\n"
	          "c: !!binary aGk=\n"
	          "d: [!x y]\n");
	assert_int_equal(p.rc, 0); /* a tag is bad-type, and the file still loads */
	assert_int_equal(count(&p, "bad-type"), 4);
	const struct diag *g = nth(&p, "bad-type", 1);
	assert_int_equal(g->line, 2);
	assert_int_equal(g->col, 4);
	assert_non_null(strstr(nth(&p, "bad-type", 0)->message, "!!str"));
	assert_non_null(strstr(nth(&p, "bad-type", 2)->message, "!!binary"));
	assert_string_equal(ynode_get(p.doc.root, "a")->str, "12");
	done(&p);
}

static void
test_documents(void **state)
{
	(void)state;
	struct parsed p;
	PARSE(&p, "a: 1\n---\nb: 2\n");
	assert_int_equal(p.rc, -1);
	assert_int_equal(count(&p, "yaml-syntax"), 1);
	assert_int_equal(nth(&p, "yaml-syntax", 0)->line, 2);
	assert_null(p.doc.root);
	done(&p);

	/* an explicit start and end of the one document are fine */
	PARSE(&p, "---\na: 1\n...\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.d.n, 0);
	at(ynode_get(p.doc.root, "a"), 2, 4);
	done(&p);

	/* an empty file, or only comments: no root, no problem here */
	PARSE(&p, "");
	assert_int_equal(p.rc, 0);
	assert_null(p.doc.root);
	done(&p);
	PARSE(&p, "# nothing\n\n");
	assert_int_equal(p.rc, 0);
	assert_null(p.doc.root);
	done(&p);
}

/* nested: a document of depth collections, as flow sequences or block maps. */
static char *
nested(int depth, int block)
{
	struct buf b = {0};
	for (int i = 0; i < depth; i++) {
		if (block) {
			for (int k = 0; k < i; k++)
				buf_puts(&b, "  ");
			buf_printf(&b, "k%d:%s", i, i + 1 < depth ? "\n" : " v\n");
		} else
			buf_putc(&b, '[');
	}
	if (!block)
		for (int i = 0; i < depth; i++)
			buf_putc(&b, ']');
	return buf_detach(&b);
}

static void
test_depth(void **state)
{
	(void)state;
	struct parsed p;
	for (int block = 0; block <= 1; block++) {
		/* block: 64 maps, the innermost holding a scalar */
		char *s = nested(64, block);
		parse(&p, s, strlen(s), 0);
		assert_int_equal(p.rc, 0);
		assert_int_equal(p.d.n, 0);
		const struct ynode *n = p.doc.root;
		int depth = 0;
		while (n->type != YN_SCALAR) {
			depth++;
			if (n->n == 0)
				break;
			n = n->kids[n->type == YN_MAP ? 1 : 0];
		}
		assert_int_equal(depth, 64);
		done(&p);
		free(s);

		s = nested(65, block);
		parse(&p, s, strlen(s), 0);
		assert_int_equal(p.rc, -1);
		assert_int_equal(count(&p, "too-deep"), 1);
		const struct diag *g = nth(&p, "too-deep", 0);
		if (block) {
			assert_int_equal(g->line, 65); /* the 65th map starts at key k64 */
			assert_int_equal(g->col, 129);
		} else {
			assert_int_equal(g->line, 1);
			assert_int_equal(g->col, 65);
		}
		assert_null(p.doc.root);
		done(&p);
		free(s);
	}
	/* very deep input stops at the limit, quickly */
	char *s = nested(200000, 0);
	parse(&p, s, strlen(s), 0);
	assert_int_equal(p.rc, -1);
	assert_int_equal(count(&p, "too-deep"), 1);
	done(&p);
	free(s);
}

static void
test_nulls(void **state)
{
	(void)state;
	struct parsed p;
	PARSE(&p, "a:\n"
	          "b: ~\n"
	          "c: null\n"
	          "d: Null\n"
	          "e: NULL\n"
	          "f: \"\"\n"
	          "g: 'null'\n"
	          "h: nil\n"
	          "i: [~, x]\n");
	assert_int_equal(p.rc, 0);
	const struct ynode *r = p.doc.root;
	for (const char *k = "abcde"; *k; k++) {
		char key[2] = {*k, '\0'};
		assert_null(ynode_get(r, key));         /* absent */
		assert_non_null(ynode_get_key(r, key)); /* but the key is there */
	}
	assert_non_null(ynode_get(r, "f")); /* quoted: a string, if empty */
	assert_string_equal(ynode_get(r, "g")->str, "null");
	assert_string_equal(ynode_get(r, "h")->str, "nil");
	assert_true(ynode_is_null(ynode_get(r, "i")->kids[0]));
	assert_false(ynode_is_null(ynode_get(r, "i")->kids[1]));
	assert_true(ynode_is_null(NULL));
	assert_null(ynode_get(NULL, "a"));
	assert_null(ynode_get(ynode_get(r, "i"), "a")); /* not a map */
	assert_null(ynode_get(r, "zz"));
	done(&p);
}

static void
test_keys(void **state)
{
	(void)state;
	struct parsed p;
	PARSE(&p, "[a, b]: 1\n{c: d}: 2\nok: 3\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(count(&p, "bad-type"), 2);
	assert_int_equal(nth(&p, "bad-type", 1)->line, 2);
	assert_int_equal(p.doc.root->n, 1); /* only 'ok' is kept */
	done(&p);

	/* a scalar that is not a string is still its text */
	PARSE(&p, "1: one\ntrue: yes\n2026-01-01: d\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(ynode_get(p.doc.root, "1")->str, "one");
	assert_string_equal(ynode_get(p.doc.root, "2026-01-01")->str, "d");
	done(&p);
}

static void
test_syntax(void **state)
{
	(void)state;
	struct parsed p;
	PARSE(&p, "a: 1\nb: [1, 2\nc: 3\n");
	assert_int_equal(p.rc, -1);
	assert_int_equal(count(&p, "yaml-syntax"), 1);
	assert_true(nth(&p, "yaml-syntax", 0)->line >= 2);
	done(&p);
	PARSE(&p, "a: 1\n  b: 2\n");
	assert_int_equal(p.rc, -1);
	assert_int_equal(nth(&p, "yaml-syntax", 0)->line, 2);
	done(&p);
	PARSE(&p, "\ta: 1\n");
	assert_int_equal(p.rc, -1);
	assert_int_equal(nth(&p, "yaml-syntax", 0)->line, 1);
	done(&p);
}

static void
test_text_check(void **state)
{
	(void)state;
	struct parsed p;
	PARSE(&p, "\xFF\xFE"
	          "a\0:\0");
	assert_int_equal(p.rc, -2);
	assert_int_equal(count(&p, "encoding"), 1);
	assert_int_equal(p.d.v[0].line, 0);
	assert_non_null(strstr(p.d.v[0].message, "UTF-16"));
	done(&p);
	PARSE(&p, "\xFE\xFF\0a\0:");
	assert_non_null(strstr(p.d.v[0].message, "UTF-16"));
	done(&p);
	PARSE(&p, "\xFF\xFE\0\0a\0\0\0");
	assert_non_null(strstr(p.d.v[0].message, "UTF-32"));
	done(&p);
	PARSE(&p, "\0\0\xFE\xFF\0\0\0a");
	assert_non_null(strstr(p.d.v[0].message, "UTF-32"));
	done(&p);
	/* invalid UTF-8: line and column (in code points) of the bad byte */
	PARSE(&p, "a: b\nname: Mar\xC3\xAD"
	          "a \xE9t\xE9\n");
	assert_int_equal(p.rc, -2);
	assert_int_equal(p.d.v[0].line, 2);
	assert_int_equal(p.d.v[0].col, 13);
	assert_non_null(strstr(p.d.v[0].message, "0xE9"));
	done(&p);
	/* after a BOM, columns start after it */
	PARSE(&p, "\xEF\xBB\xBFx: \x80\n");
	assert_int_equal(p.d.v[0].line, 1);
	assert_int_equal(p.d.v[0].col, 4);
	done(&p);
	/* a NUL byte */
	PARSE(&p, "a: 1\r\nb: x\0y\n");
	assert_int_equal(p.rc, -2);
	assert_int_equal(p.d.v[0].line, 2);
	assert_int_equal(p.d.v[0].col, 5);
	assert_non_null(strstr(p.d.v[0].message, "NUL"));
	done(&p);
	/* a BOM alone is an empty file */
	PARSE(&p, "\xEF\xBB\xBF");
	assert_int_equal(p.rc, 0);
	assert_null(p.doc.root);
	done(&p);
}

/* ---- through the loader, from a temporary folder ---- */

static void
put(const char *root, const char *rel, const char *text)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *s = path + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(path, 0755);
		*s = '/';
	}
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char config[] = "organization: O\n"
			     "instrument: {name: I, scale: [1, 5], domains: {home: Home}}\n"
			     "workers: {amina: {name: Amina}}\n"
			     "programs: {p: {reassess_every: 90d}}\n";

static const struct diag *
find(const struct caseload *cl, const char *file, const char *code)
{
	for (size_t i = 0; i < cl->diags.n; i++)
		if (strcmp(cl->diags.v[i].file, file) == 0 && strcmp(cl->diags.v[i].code, code) == 0)
			return &cl->diags.v[i];
	return NULL;
}

static void
test_note_positions(void **state)
{
	(void)state;
	char root[] = "/tmp/caseload-test-yaml-XXXXXX";
	assert_non_null(mkdtemp(root));
	put(root, "caseload.yaml", config);
	put(root, "cases/c1/case.yaml",
	    "client: {name: X}\nprogram: p\nworker: amina\nopened: 2026-01-10\nstatus: open\n");
	put(root, "cases/c1/notes/2026-02-01-visit.md",
	    "---\ndate: 2026-02-01\nby: bob\nkind: visti\n---\nBody line 6.\n");
	put(root, "cases/c1/notes/2026-02-02-visit.md",
	    "\xEF\xBB\xBF---\r\ndate: 2026-02-31\r\nby: amina\r\nkind: visit\r\n---\r\n\r\nBody\r\n");
	put(root, "cases/c1/notes/2026-02-03-visit.md",
	    "---\ndate: 2026-02-03\nby: amina\nkind: visit\nby: amina\n---\n");
	struct source src;
	struct caseload cl;
	assert_int_equal(source_fs_open(&src, root), SRC_OK);
	assert_int_equal(caseload_load(&cl, &src, 20588, NULL, 0), 0);
	check_caseload(&cl);

	const struct diag *g = find(&cl, "cases/c1/notes/2026-02-01-visit.md", "unknown-ref");
	assert_non_null(g);
	assert_int_equal(g->line, 3);
	assert_int_equal(g->col, 5);
	g = find(&cl, "cases/c1/notes/2026-02-01-visit.md", "bad-value");
	assert_non_null(g);
	assert_int_equal(g->line, 4);
	assert_int_equal(g->col, 7);
	g = find(&cl, "cases/c1/notes/2026-02-02-visit.md", "bad-date");
	assert_non_null(g);
	assert_int_equal(g->line, 2);
	assert_int_equal(g->col, 7);
	g = find(&cl, "cases/c1/notes/2026-02-03-visit.md", "duplicate-key");
	assert_non_null(g);
	assert_int_equal(g->line, 5);
	assert_non_null(strstr(g->message, "(first at line 3)"));

	const struct case_record *c = cl_case(&cl, "c1");
	assert_non_null(c);
	assert_int_equal(c->nnotes, 3);
	for (size_t i = 0; i < c->nnotes; i++) {
		const struct note *n = &c->notes[i];
		if (strstr(n->file, "02-01")) {
			assert_int_equal(n->body_line, 6);
			assert_string_equal(n->body, "Body line 6.\n");
		} else if (strstr(n->file, "02-02")) {
			assert_int_equal(n->body_line, 6);
			assert_string_equal(n->body, "\r\nBody\r\n");
		} else {
			assert_string_equal(n->body, "");
		}
	}
	caseload_free(&cl);
	source_close(&src);
	char *cmd = xasprintf("rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_front_matter_offset),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_many_duplicates),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_nulls),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_text_check),
		cmocka_unit_test(test_note_positions),
	};
	return cmocka_run_group_tests_name("yaml", tests, NULL, NULL);
}
