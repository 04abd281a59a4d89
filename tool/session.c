/* session.c: what every command that reads records shares: loading them
 * once and saying when they have problems. */
#include <stdio.h>

#include "cmd.h"

int
session_load(struct session *s, struct caseload *cl, char *const *only, size_t nonly)
{
	for (size_t i = 0; i < nonly; i++)
		if (!id_valid(only[i])) {
			fprintf(stderr, "caseload: '%s' is not a case id\n", only[i]);
			return 2;
		}
	int r = caseload_load(cl, &s->src, s->g->as_of, only, nonly);
	if (r != 0 || s->src.broken) {
		fprintf(stderr, "caseload: %s\n", s->src.err);
		caseload_free(cl);
		return 2;
	}
	return 0;
}

void
records_warn(const struct caseload *cl)
{
	size_t errors, warnings;
	diag_count(&cl->diags, &errors, &warnings);
	if (errors || warnings)
		fprintf(stderr,
		        "caseload: the records have %zu errors and %zu warnings; "
		        "run 'caseload check' to see them\n",
		        errors, warnings);
}
