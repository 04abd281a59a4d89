/* ydoc.h: a YAML document as a tree of nodes that keep their line and column.
 * Built from libyaml's event stream, so anchors and aliases are refused
 * before anything is expanded, and nesting and size are bounded. */
#ifndef CASELOAD_YDOC_H
#define CASELOAD_YDOC_H

#include <stddef.h>

#include "diag.h"
#include "util.h"

#define YDOC_MAX_SIZE (1024 * 1024)
#define YDOC_MAX_DEPTH 64

enum ynode_type { YN_SCALAR, YN_MAP, YN_SEQ };

struct ynode {
	enum ynode_type type;
	int line, col;       /* 1-based, columns in code points */
	unsigned plain : 1;  /* a plain (unquoted) scalar */
	unsigned tagged : 1; /* carried an explicit tag: bad-type */
	const char *str;     /* scalar text, NUL-terminated */
	size_t len;
	/* For a sequence, kids[0..n) are the items; for a mapping,
	 * kids[2i] is a key and kids[2i+1] its value, n pairs. */
	struct ynode **kids;
	size_t n;
};

struct ydoc {
	struct ynode *root; /* NULL for an empty document */
	struct arena arena; /* owns every node and string */
};

/* ydoc_text_check: checks that data is UTF-8 (a BOM is skipped, UTF-16 and
 * UTF-32 refused) and returns the offset where the text starts, or -1 after
 * adding an `encoding` problem for file. */
long ydoc_text_check(const char *file, const char *data, size_t len, struct diags *d);

/* ydoc_parse: parses data[0..len) (already text-checked, no BOM) into doc.
 * line_offset is added to every line (front matter starts after line 1).
 * Duplicate keys are reported and dropped (the first stays); tags are kept as
 * `tagged` for the caller to report. Returns 0 when the document loaded, or
 * -1 after reporting yaml-syntax, alias or too-deep (doc is then empty).
 * Free doc with ydoc_free. */
int ydoc_parse(const char *file, const char *data, size_t len, int line_offset, struct diags *d,
               struct ydoc *doc);
void ydoc_free(struct ydoc *doc);

/* A note's front matter: the YAML between a first line '---' and the next
 * line '---' or '...', then the Markdown body. */
struct yfront {
	size_t ystart, yend; /* the YAML: t[ystart..yend) */
	size_t body;         /* where the body starts */
	int body_line;       /* the line it starts on */
};
enum { YFM_OK = 0, YFM_NONE = -1, YFM_FIRST_LINE = -2, YFM_UNCLOSED = -3 };
/* ydoc_front_matter: the front matter of the note t[0..len) (no BOM) into
 * fm. Returns YFM_OK, or why there is none: YFM_NONE (no '---' first),
 * YFM_FIRST_LINE (more than '---' on the first line), YFM_UNCLOSED. The one
 * splitter: the loader and the audit's reading of old notes both use it. */
int ydoc_front_matter(const char *t, size_t len, struct yfront *fm);

/* ynode_is_null: an absent value: no node, or a plain "", "~" or "null". */
int ynode_is_null(const struct ynode *n);
/* ynode_get: the value of key in map (NULL when absent or null). */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* ynode_get_key: the key node of key in map, or NULL. */
const struct ynode *ynode_get_key(const struct ynode *map, const char *key);

#endif
