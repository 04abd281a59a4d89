/* fuzz_reviews.c: reviews.yaml (SPEC §5) on any bytes, through the loader
 * (records.c's load_reviews), check (check_review) and the writers, in the
 * valid base caseload of harness.c (noor a caseworker, pierre a supervisor).
 * The first byte picks how:
 *   bit 0 clear: the rest is reviews.yaml
 *   bit 0 set:   the rest is split at the first line '%%' into reviews.yaml
 *                and, after it, caseload.yaml (in place of the base one), so
 *                that workers and roles vary too
 *   bit 1:       only the case rb-001 is loaded (check CASE)
 * Beside the harness's own checks, what came back must hold together: a
 * reviews.yaml that failed is reported and holds no reviews; a review that
 * counts (not bad) has its four keys, a date not after as-of, and a reviewer
 * who is a supervisor; a bad one was reported. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static size_t
diags_of(const struct diags *d, const char *file)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += strcmp(d->v[i].file, file) == 0;
	return n;
}

static void
inspect(const struct caseload *cl, void *arg)
{
	(void)arg;
	size_t nd = diags_of(&cl->diags, "reviews.yaml");
	/* the input always has a reviews.yaml (maybe empty) */
	HARNESS_ASSERT(cl->reviews_state != REVIEWS_ABSENT);
	if (cl->reviews_state == REVIEWS_FAILED) {
		HARNESS_ASSERT(cl->nreviews == 0 && nd > 0);
		return;
	}
	HARNESS_ASSERT(cl->nreviews == 0 || cl->reviews != NULL);
	int any_bad = 0;
	for (size_t i = 0; i < cl->nreviews; i++) {
		const struct review *r = &cl->reviews[i];
		HARNESS_ASSERT(r->line >= 1);
		if (i > 0) /* in file order */
			HARNESS_ASSERT(r->line >= cl->reviews[i - 1].line);
		if (r->bad) {
			any_bad = 1;
			continue;
		}
		HARNESS_ASSERT(r->finding && r->by && r->note);
		(void)strlen(r->finding);
		(void)strlen(r->note);
		HARNESS_ASSERT(r->date != DATE_NONE && r->date <= cl->as_of);
		HARNESS_ASSERT(cl->config.loaded);
		const struct worker *wk = cl_worker(cl, r->by);
		HARNESS_ASSERT(wk && wk->role == ROLE_SUPERVISOR);
		HARNESS_ASSERT(r->by_pos.line >= 1 && r->date_pos.line >= 1);
	}
	/* a review with a problem was reported, unless only caseload.yaml is
	 * missing (then no reviewer can be shown to be a supervisor) */
	if (any_bad && cl->config.loaded)
		HARNESS_ASSERT(nd > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned sel = data[0];
	const char *text = (const char *)data + 1;
	size_t len = size - 1, rlen = len;
	const char *conf = NULL;
	size_t clen = 0;
	if (sel & 1) {
		for (size_t i = 0; i + 2 < len; i++)
			if ((i == 0 || text[i - 1] == '\n') && text[i] == '%' && text[i + 1] == '%' &&
			    text[i + 2] == '\n') {
				rlen = i;
				conf = text + i + 3;
				clen = len - i - 3;
				break;
			}
	}
	size_t n;
	struct memfile *v = harness_files("reviews.yaml", text, rlen, &n);
	if (conf) {
		for (size_t i = 0; i < n; i++)
			if (strcmp(v[i].path, "caseload.yaml") == 0)
				v[i] = (struct memfile){"caseload.yaml", conf, clen, SRC_FILE};
	}
	char *one[] = {"rb-001"};
	harness_load(v, n, one, (sel & 2) ? 1 : 0, inspect, NULL);
	free(v);
	return 0;
}
