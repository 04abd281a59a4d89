/* page_problems.c: problems.html, every problem check reports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "site_carry.h"

int
page_problems(struct site *s, struct buf *b)
{
	/* the same problems as the previous site's */
	if (carry_problems(s))
		return 0;
	struct tv *m = site_ctx(s, "problems.html", lab(s, "problems"), "problems");
	size_t errors, warnings;
	diag_count(&s->cl->diags, &errors, &warnings);
	struct buf t = {0};
	char x[32];
	snprintf(x, sizeof(x), "%zu", warnings);
	tv_set_str(m, "summary", lab_put(s, &t, "problems_count", (long)errors, x));
	buf_free(&t);
	tv_set(m, "problems", pg_problem_list(s, 0, s->cl->diags.n, "", 1, NULL));
	tv_set_str(m, "problems_labelledby", "h-problems");
	return site_render(s, b, "problems", m, "problems.html");
}
