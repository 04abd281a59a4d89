/* page_due.c: due.html, every item that falls due, and due.ics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "site_carry.h"

/* due_ics: the calendar of every item, ahead too. */
static int
due_ics(struct site *s)
{
	return pg_write_ics(s, "due.ics", NULL, 0, s->cl->config.organization);
}

int
page_due(struct site *s, struct buf *b)
{
	/* the same due list as the previous site's: its two files are */
	if (carry_due(s))
		return 0;
	struct tv *m = site_ctx(s, "due.html", lab(s, "due_list"), "due");
	pg_set_due_within(s, m);
	tv_set_bool(m, "have_due", s->have_due);
	struct buf t = {0};
	char d[11];
	tv_set_str(m, "intro", lab_put(s, &t, "due_intro", 0, site_date(s->window_end, d)));
	buf_free(&t);
	tv_set_bool(m, "hide_worker", 0);
	for (int st = 0; st <= 1; st++) {
		if (!pg_count_items(s, st))
			continue;
		struct tv *g = tv_set_map(m, st == 0 ? "overdue" : "due");
		/* named by its section's heading */
		tv_set_str(g, "items_labelledby", st == 0 ? "overdue" : "due");
		struct tv *items = tv_set_list(g, "items");
		for (size_t k = 0; k < s->nitems; k++)
			if (s->items[k].status == st)
				pg_push_item(s, items, k, "");
	}
	if (site_render(s, b, "due", m, "due.html") < 0)
		return -1;
	return due_ics(s);
}
