/* page_cases.c: cases.html: every case, one row each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "site_carry.h"

int
page_cases(struct site *s, struct buf *b)
{
	if (carry_cases(s))
		return 0;
	struct tv *m = site_ctx(s, "cases/index.html", lab(s, "all_cases"), "cases");
	tv_set_bool(m, "has_cases", s->cl->ncases > 0);
	tv_set_str(m, "cases_labelledby", "h-all");
	tv_set_bool(m, "hide_worker", 0);
	struct tv *list = tv_set_list(m, "cases");
	for (size_t i = 0; i < s->cl->ncases; i++)
		pg_push_case_row(s, list, i, "cases");
	return site_render(s, b, "cases", m, "cases/index.html");
}
