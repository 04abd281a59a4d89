/* diag.h: problems as data. The loader and the checks append; writers print. */
#ifndef CASELOAD_DIAG_H
#define CASELOAD_DIAG_H

#include <stddef.h>

enum severity { SEV_ERROR, SEV_WARNING };

struct diag {
	char *file;    /* relative to the caseload folder */
	int line, col; /* 1-based; 0 for a problem with a whole file */
	enum severity sev;
	const char *code;
	char *message;
	char *hint; /* a fix, or NULL */
	size_t seq; /* insertion order, to keep the sort stable */
};

struct diags {
	struct diag *v;
	size_t n, cap;
};

/* diag_severity: warnings are unknown-key, unscored, date-order, no-consent,
 * file-name, empty-note, uncovered-need, language and worker-left; every
 * other code is an error. */
enum severity diag_severity(const char *code);
/* diag_add: appends a problem; file, hint and the message are copied.
 * code must be a string literal. hint may be NULL. */
void diag_add(struct diags *d, const char *file, int line, int col, const char *code,
              const char *hint, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* diag_move: appends from's problems to into, in their order, as if added
 * there; from is left empty. */
void diag_move(struct diags *into, struct diags *from);
/* diag_sort: by file (byte order), line, column, code, then insertion order. */
void diag_sort(struct diags *d);
/* diag_order: the order of diag_sort, as a comparison (<0, 0, >0). */
int diag_order(const struct diag *a, const struct diag *b);
/* diag_count: the number of errors and of warnings. */
void diag_count(const struct diags *d, size_t *errors, size_t *warnings);
/* diag_summary: "N errors, M warnings", in the singular for 1 ("1 error,
 * 1 warning"), as check's last line and the commands' stderr line say it.
 * The caller frees it. */
char *diag_summary(size_t errors, size_t warnings);
void diag_free(struct diags *d);

#endif
