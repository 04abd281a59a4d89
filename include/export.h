/* export.h: the records as rows for spreadsheets and funders' reports
 * (`caseload export KIND`). Each kind is a fixed list of columns and a
 * function that appends one JSON object per row, holding exactly those
 * keys in that order; out.c writes the rows as JSON or CSV. A new column
 * is its name in the kind's list (export.c) and one value set in the kind's
 * row function; a new kind is a list, a function and a line in
 * export_kinds. */
#ifndef CASELOAD_EXPORT_H
#define CASELOAD_EXPORT_H

#include <jansson.h>
#include <stddef.h>

#include "records.h"

/* A column: its name, and whether redact leaves it out (personal details
 * beyond the client's name, which becomes the case id). */
struct export_column {
	const char *name;
	int personal;
};

struct export;

struct export_kind {
	const char *name;
	const struct export_column *cols; /* ends with a NULL name */
	/* one of rows (the rows of one case) and all (the rows of every
	 * selected case at once, for kinds computed across the caseload) */
	void (*rows)(struct export *x, const struct case_record *c);
	void (*all)(struct export *x);
};

/* The kinds, in the order `export --help` lists them; ends with a NULL name. */
extern const struct export_kind export_kinds[];

/* What to export: an empty id list lets every id through. */
struct export_opts {
	int redact; /* client names become case ids; personal columns left out */
	char *const *workers, *const *programs;
	size_t nworkers, nprograms;
};

/* export_rows: a new JSON array (the caller decrefs it) of the rows of kind
 * k for the cases of cl that o selects, in case order. */
json_t *export_rows(const struct caseload *cl, const struct export_kind *k, const struct export_opts *o);
/* export_columns: the names of k's columns that redact keeps,
 * NULL-terminated, their number in *n. The caller frees the array. */
const char **export_columns(const struct export_kind *k, int redact, size_t *n);

#endif
