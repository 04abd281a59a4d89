/* yaml_error.h: a YAML syntax error in words (SPEC §8). libyaml says where
 * it stopped and why in its own terms ("mapping values are not allowed in
 * this context"); this says what to do about it (indent with spaces, start
 * the keys of one mapping in the same column, close the quote, quote a
 * value holding ': '), from the text around the error, with libyaml's own
 * words after it. */
#ifndef CASELOAD_YAML_ERROR_H
#define CASELOAD_YAML_ERROR_H

#include <stddef.h>

#include "util.h"

/* What libyaml said: its problem and context (either may be NULL) and
 * their marks, 0-based lines and columns in code points. */
struct yaml_fail {
	const char *problem, *context;
	size_t line, col;         /* the problem mark */
	size_t ctx_line, ctx_col; /* the context mark (when context is set) */
	int line_offset;          /* added to each line number: a note's front
	                           * matter begins on the file's line 2 */
};

/* yaml_error_words: the message for f in the text t[0..len) that libyaml
 * read, appended to msg: the words, then "; the YAML parser says: " and
 * libyaml's. *line and *col (1-based, in the file) get where to report it: the
 * problem mark, or a better place (the key indented differently, the
 * quote that is never closed, the key without its colon). */
void yaml_error_words(const char *t, size_t len, const struct yaml_fail *f, struct buf *msg,
                      int *line, int *col);

#endif
