/* session.c: what every command that reads records shares: loading them
 * once and saying when they have problems. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static int
has_caseload_yaml(const char *dir)
{
	char *p = xasprintf("%s/caseload.yaml", dir);
	struct stat st;
	int ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return ok;
}

char *
session_find_root(const char *dir)
{
	char *cur;
	if (dir) {
		cur = realpath(dir, NULL);
		if (!cur) {
			fprintf(stderr, "caseload: %s: %s\n", dir, strerror(errno));
			return NULL;
		}
		if (!has_caseload_yaml(cur)) {
			fprintf(stderr, "caseload: %s: no caseload.yaml here\n", dir);
			free(cur);
			return NULL;
		}
		return cur;
	}
	cur = getcwd(NULL, 0);
	if (!cur) {
		fprintf(stderr, "caseload: cannot read the current folder: %s\n", strerror(errno));
		return NULL;
	}
	for (;;) {
		if (has_caseload_yaml(cur))
			return cur;
		char *slash = strrchr(cur, '/');
		if (!slash || slash == cur) {
			if (slash && cur[1] != '\0') {
				cur[1] = '\0';
				continue;
			}
			break;
		}
		*slash = '\0';
	}
	free(cur);
	fprintf(stderr, "caseload: no caseload.yaml in this folder or any above it "
	                "(use -C DIR, or 'caseload init DIR' to start one)\n");
	return NULL;
}

char *
session_known_ids(const char *const *ids, size_t n)
{
	struct buf b = {0};
	for (size_t i = 0; i < n; i++) {
		if (i == 20) {
			buf_printf(&b, " and %zu more", n - i);
			break;
		}
		buf_puts(&b, i ? ", " : "");
		buf_puts(&b, ids[i]);
	}
	if (!n)
		buf_puts(&b, "none yet");
	return buf_detach(&b);
}

void
session_unknown_id(const char *cmd, const char *what, const char *id, const char *const *ids,
                   size_t n)
{
	const char **cands = xcalloc(n + 1, sizeof(*cands));
	for (size_t i = 0; i < n; i++)
		cands[i] = ids[i];
	const char *near = nearest(id, cands);
	char *known = session_known_ids(ids, n);
	if (near)
		fprintf(stderr, "caseload %s: no %s '%s'; did you mean '%s'? Known: %s\n", cmd, what,
		        id, near, known);
	else
		fprintf(stderr, "caseload %s: no %s '%s'; known: %s\n", cmd, what, id, known);
	free(known);
	free(cands);
}
