/* diff.h: a line diff of two texts: for the audit, the lines an amended
 * note or assessment lost and gained; for a case page, what changed. A
 * line is compared with its line end, so that any change of bytes (white
 * space and line ends included, SPEC §5) is a change. */
#ifndef CASELOAD_DIFF_H
#define CASELOAD_DIFF_H

#include <stddef.h>

enum diff_op { DIFF_SAME, DIFF_DEL, DIFF_ADD };

struct diff_line {
	enum diff_op op;
	const char *s; /* into the text it came from */
	size_t len;    /* with its '\n' when it has one */
};

struct diff {
	struct diff_line *v; /* in order: each text's lines in their order */
	size_t n;
	size_t removed, added;
};

/* diff_lines: the lines of a[0..alen) and b[0..blen) as kept, removed and
 * added, a longest common subsequence where the part that differs is small
 * enough (a few thousand lines each), else all of it removed and added.
 * The lines point into a and b: keep them alive while d is used. Free d
 * with diff_free. */
void diff_lines(struct diff *d, const char *a, size_t alen, const char *b, size_t blen);
void diff_free(struct diff *d);

#endif
