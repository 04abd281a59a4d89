/* yaml.c: loads YAML into a tree of positioned nodes (ydoc.h), with libyaml's
 * event parser. Aliases, anchors, tags, duplicate keys, extra documents and
 * deep nesting are reported here, once, at their position. */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "ydoc.h"
#include "yaml_error.h"

long
ydoc_text_check(const char *file, const char *data, size_t len, struct diags *d)
{
	const unsigned char *u = (const unsigned char *)data;
	if ((len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF) ||
	    (len >= 4 && u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0)) {
		diag_add(d, file, 0, 0, "encoding", "save the file as UTF-8",
		         "the file is UTF-32, not UTF-8");
		return -1;
	}
	if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) {
		diag_add(d, file, 0, 0, "encoding", "save the file as UTF-8",
		         "the file is UTF-16, not UTF-8");
		return -1;
	}
	size_t start = 0;
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		start = 3;
	size_t bad = utf8_valid(data + start, len - start);
	const char *nul = memchr(data + start, '\0', len - start);
	if (nul && (bad == (size_t)-1 || (size_t)(nul - data) - start < bad))
		bad = (size_t)(nul - data) - start;
	if (bad == (size_t)-1)
		return (long)start;
	/* the position of the offending byte: lines and code points before it */
	size_t off = start + bad, line = 1, ls = start;
	for (size_t i = start; i < off; i++)
		if (data[i] == '\n') {
			line++;
			ls = i + 1;
		}
	int col = (int)utf8_len(data + ls, off - ls) + 1;
	if (data[off] == '\0')
		diag_add(d, file, (int)line, col, "encoding",
		         "remove the NUL byte; is this a binary file?", "the file contains a NUL byte");
	else
		diag_add(d, file, (int)line, col, "encoding", "save the file as UTF-8",
		         "invalid UTF-8 (byte 0x%02X)", (unsigned char)data[off]);
	return -1;
}

struct frame {
	struct ynode *node;
	struct ynode **kids;
	size_t n, cap;
};

struct loader {
	const char *file;
	int line_offset;
	struct diags *d;
	struct ydoc *doc;
	struct frame stack[YDOC_MAX_DEPTH + 1];
	size_t depth;
	int failed;
};

static struct ynode *
new_node(struct loader *ld, enum ynode_type type, yaml_mark_t m)
{
	struct ynode *n = arena_alloc(&ld->doc->arena, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->line = (int)m.line + 1 + ld->line_offset;
	n->col = (int)m.column + 1;
	return n;
}

static void
add_child(struct loader *ld, struct ynode *n)
{
	if (ld->depth == 0) {
		ld->doc->root = n;
		return;
	}
	struct frame *f = &ld->stack[ld->depth - 1];
	VEC_GROW(f->kids, f->n, f->cap);
	f->kids[f->n++] = n;
}

static int
key_cmp(const void *pa, const void *pb)
{
	const struct ynode *const *a = pa, *const *b = pb;
	int c = strcmp((*a)->str, (*b)->str);
	if (c)
		return c;
	/* the same key: the earlier position first */
	if ((*a)->line != (*b)->line)
		return (*a)->line < (*b)->line ? -1 : 1;
	return (*a)->col < (*b)->col ? -1 : (*a)->col > (*b)->col;
}

/* reported: whether this file's problems already say msg of code at the
 * node's place: a mapping used as a key whose own first key is a mapping
 * starts where that one does, and is one problem. */
static int
reported(const struct loader *ld, const struct ynode *k, const char *code, const char *msg)
{
	for (size_t i = ld->d->n; i-- > 0;) {
		const struct diag *g = &ld->d->v[i];
		if (strcmp(g->file, ld->file) != 0)
			break;
		if (g->line == k->line && g->col == k->col && strcmp(g->code, code) == 0 &&
		    strcmp(g->message, msg) == 0)
			return 1;
	}
	return 0;
}

/* finish_map: reports non-scalar and duplicate keys and keeps the first of
 * each key. kids holds key, value, key, value... */
static void
finish_map(struct loader *ld, struct ynode *map, struct ynode **kids, size_t nkids)
{
	size_t npairs = nkids / 2, keep = 0;
	struct ynode **keys = xmalloc((npairs ? npairs : 1) * sizeof(*keys));
	size_t nkeys = 0;
	for (size_t i = 0; i < npairs; i++) {
		struct ynode *k = kids[2 * i];
		if (k->type != YN_SCALAR) {
			const char *msg = k->type == YN_MAP ? "a key must be a string, not a mapping"
			                                    : "a key must be a string, not a sequence";
			if (!reported(ld, k, "bad-type", msg))
				diag_add(ld->d, ld->file, k->line, k->col, "bad-type", NULL, "%s", msg);
			k->str = NULL;
			continue;
		}
		keys[nkeys++] = k;
	}
	qsort(keys, nkeys, sizeof(*keys), key_cmp);
	/* equal keys are neighbours now, the first occurrence leading its run;
	 * later ones are dropped (str = NULL), so compare with the run's first */
	for (size_t i = 1, first = 0; i < nkeys; i++) {
		if (strcmp(keys[first]->str, keys[i]->str) != 0) {
			first = i;
			continue;
		}
		diag_add(ld->d, ld->file, keys[i]->line, keys[i]->col, "duplicate-key",
		         "remove one of them or merge their values",
		         "duplicate key '%s' (first at line %d)", keys[i]->str, keys[first]->line);
		keys[i]->str = NULL;
	}
	free(keys);
	map->kids = arena_alloc(&ld->doc->arena, (nkids ? nkids : 1) * sizeof(*map->kids));
	for (size_t i = 0; i < npairs; i++) {
		if (!kids[2 * i]->str)
			continue;
		map->kids[2 * keep] = kids[2 * i];
		map->kids[2 * keep + 1] = kids[2 * i + 1];
		keep++;
	}
	map->n = keep;
}

static void
finish_seq(struct loader *ld, struct ynode *seq, struct ynode **kids, size_t n)
{
	seq->kids = arena_alloc(&ld->doc->arena, (n ? n : 1) * sizeof(*seq->kids));
	if (n)
		memcpy(seq->kids, kids, n * sizeof(*kids));
	seq->n = n;
}

static void
report_anchor(struct loader *ld, const yaml_char_t *anchor, yaml_mark_t m)
{
	if (!anchor)
		return;
	diag_add(ld->d, ld->file, (int)m.line + 1 + ld->line_offset, (int)m.column + 1, "alias",
	         "write the value out in full", "anchor '&%s' is not allowed", (const char *)anchor);
	ld->failed = 1;
}

static void
report_tag(struct loader *ld, const yaml_char_t *tag, yaml_mark_t m)
{
	static const char core[] = "tag:yaml.org,2002:";
	if (!tag)
		return;
	/* show the core schema's tags as written: !!str, not tag:yaml.org,2002:str */
	const char *t = (const char *)tag;
	int bang = strncmp(t, core, sizeof(core) - 1) == 0;
	diag_add(ld->d, ld->file, (int)m.line + 1 + ld->line_offset, (int)m.column + 1, "bad-type",
	         "remove the tag", "tag '%s%s' is not allowed", bang ? "!!" : "",
	         bang ? t + sizeof(core) - 1 : t);
}

int
ydoc_parse(const char *file, const char *data, size_t len, int line_offset, struct diags *d,
           struct ydoc *doc)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct loader ld = {.file = file, .line_offset = line_offset, .d = d, .doc = doc};
	int docs = 0, done = 0;

	memset(doc, 0, sizeof(*doc));
	if (!yaml_parser_initialize(&parser)) {
		diag_add(d, file, 0, 0, "yaml-syntax", NULL, "the YAML parser could not start");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			/* in words, with libyaml's after them (SPEC §8) */
			struct yaml_fail f = {parser.problem,
			                      parser.context,
			                      parser.problem_mark.line,
			                      parser.problem_mark.column,
			                      parser.context_mark.line,
			                      parser.context_mark.column,
			                      line_offset};
			struct buf w = {0};
			int line, col;
			yaml_error_words(data, len, &f, &w, &line, &col);
			diag_add(d, file, line, col, "yaml-syntax", NULL, "%s", w.s);
			buf_free(&w);
			ld.failed = 1;
			break;
		}
		yaml_mark_t m = ev.start_mark;
		struct ynode *n;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT: done = 1; break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diag_add(d, file, (int)m.line + 1 + line_offset, (int)m.column + 1,
				         "yaml-syntax", "keep one document per file",
				         "a second YAML document in the file");
				ld.failed = 1;
				done = 1;
			}
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (ld.depth >= YDOC_MAX_DEPTH) {
				diag_add(d, file, (int)m.line + 1 + line_offset, (int)m.column + 1,
				         "too-deep", NULL, "nested deeper than %d levels", YDOC_MAX_DEPTH);
				ld.failed = 1;
				done = 1;
				break;
			}
			if (ev.type == YAML_MAPPING_START_EVENT) {
				report_anchor(&ld, ev.data.mapping_start.anchor, m);
				report_tag(&ld, ev.data.mapping_start.tag, m);
			} else {
				report_anchor(&ld, ev.data.sequence_start.anchor, m);
				report_tag(&ld, ev.data.sequence_start.tag, m);
			}
			n = new_node(&ld, ev.type == YAML_MAPPING_START_EVENT ? YN_MAP : YN_SEQ, m);
			ld.stack[ld.depth].node = n;
			ld.stack[ld.depth].n = 0;
			ld.depth++;
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT: {
			struct frame *f = &ld.stack[--ld.depth];
			if (f->node->type == YN_MAP)
				finish_map(&ld, f->node, f->kids, f->n);
			else
				finish_seq(&ld, f->node, f->kids, f->n);
			add_child(&ld, f->node);
			break;
		}
		case YAML_SCALAR_EVENT:
			report_anchor(&ld, ev.data.scalar.anchor, m);
			report_tag(&ld, ev.data.scalar.tag, m);
			n = new_node(&ld, YN_SCALAR, m);
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			n->len = ev.data.scalar.length;
			n->str = arena_strndup(&doc->arena, (const char *)ev.data.scalar.value,
			                       ev.data.scalar.length);
			add_child(&ld, n);
			break;
		case YAML_ALIAS_EVENT:
			diag_add(d, file, (int)m.line + 1 + line_offset, (int)m.column + 1, "alias",
			         "write the value out in full", "alias '*%s' is not allowed",
			         (const char *)ev.data.alias.anchor);
			ld.failed = 1;
			n = new_node(&ld, YN_SCALAR, m);
			n->plain = 1;
			n->str = "";
			add_child(&ld, n);
			break;
		default: break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	for (size_t i = 0; i < YDOC_MAX_DEPTH + 1; i++)
		free(ld.stack[i].kids);
	if (ld.failed) {
		ydoc_free(doc);
		return -1;
	}
	return 0;
}

void
ydoc_free(struct ydoc *doc)
{
	arena_free(&doc->arena);
	doc->root = NULL;
}

int
ynode_is_null(const struct ynode *n)
{
	if (!n)
		return 1;
	if (n->type != YN_SCALAR || !n->plain)
		return 0;
	const char *s = n->str;
	switch (s[0]) {
	case '\0': return 1;
	case '~': return s[1] == '\0';
	case 'n':
	case 'N': return strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
	default: return 0;
	}
}

const struct ynode *
ynode_get_key(const struct ynode *map, const char *key)
{
	if (!map || map->type != YN_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (map->kids[2 * i]->str[0] == key[0] && strcmp(map->kids[2 * i]->str, key) == 0)
			return map->kids[2 * i];
	return NULL;
}

const struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	if (!map || map->type != YN_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (map->kids[2 * i]->str[0] == key[0] && strcmp(map->kids[2 * i]->str, key) == 0) {
			const struct ynode *v = map->kids[2 * i + 1];
			return ynode_is_null(v) ? NULL : v;
		}
	return NULL;
}

int
ydoc_front_matter(const char *t, size_t len, struct yfront *fm)
{
	size_t i;
	if (len < 3 || memcmp(t, "---", 3) != 0)
		return YFM_NONE;
	for (i = 3; i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r'); i++)
		;
	if (i < len && t[i] != '\n')
		return YFM_FIRST_LINE;
	fm->ystart = i < len ? i + 1 : len;
	int line = 2;
	for (size_t ls = fm->ystart; ls < len; line++) {
		const char *nl = memchr(t + ls, '\n', len - ls);
		size_t le = nl ? (size_t)(nl - t) : len, e = le;
		while (e > ls && (t[e - 1] == '\r' || t[e - 1] == ' ' || t[e - 1] == '\t'))
			e--;
		if (e - ls == 3 && (memcmp(t + ls, "---", 3) == 0 || memcmp(t + ls, "...", 3) == 0)) {
			fm->yend = ls;
			fm->body = nl ? le + 1 : len;
			fm->body_line = line + 1;
			return YFM_OK;
		}
		if (!nl)
			break;
		ls = le + 1;
	}
	return YFM_UNCLOSED;
}
