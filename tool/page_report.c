/* page_report.c: the report's figures (outcomes.c's report_compute) in the
 * site's words: the table of figures per program, each program's targets
 * as bars against their mark, and each target's trend over four quarters.
 * The outcomes page shows them for the last twelve months; `caseload
 * report --format html` as one self-contained page (site_report_html). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outcomes.h"
#include "page.h"
#include "sha256.h"
#include "write.h"

/* The rows of the table of figures, in order, by label. */
static const char *const row_labels[] = {
	"rp_served",
	"rp_new",
	"rp_exited",
	"rp_exits_permanent",
	"rp_exits_temporary",
	"rp_exits_institutional",
	"rp_exits_other",
	"rp_exits_unknown",
	"rp_goals_due",
	"rp_goals_achieved",
	"rp_fa_cases",
	"rp_fa_on_time",
	"rp_fu_due",
	"rp_fu_reached",
	"rp_fb_count",
	"rp_fb_mean",
	NULL,
};
enum { ROW_FB_MEAN = 15, NROWS = 16 };

/* row_value: row k of f into b; "—" for null. */
static void
row_value(struct buf *b, const struct report_figures *f, size_t k)
{
	size_t v[] = {f->served,
	              f->new_cases,
	              f->exited,
	              f->exits[DEST_PERMANENT],
	              f->exits[DEST_TEMPORARY],
	              f->exits[DEST_INSTITUTIONAL],
	              f->exits[DEST_OTHER],
	              f->exits[DEST_UNKNOWN],
	              f->goals_due,
	              f->goals_achieved,
	              f->fa_cases,
	              f->fa_on_time,
	              f->fu_due,
	              f->fu_reached,
	              f->fb_count};
	if (k < ROW_FB_MEAN)
		buf_printf(b, "%zu", v[k]);
	else if (f->fb_rated)
		pg_put_tenths(b, report_tenths(f->fb_sum, (long)f->fb_rated), 0);
	else
		buf_puts(b, "\xe2\x80\x94");
}

/* figures_rows: the table: a column per program, then the total. */
static void
figures_rows(const struct site *s, struct tv *m, const struct report *r)
{
	const struct config *cf = &s->cl->config;
	struct tv *cols = tv_set_list(m, "columns");
	for (size_t i = 0; i < r->nprograms; i++)
		tv_set_str(tv_push_map(cols), "name", r->programs[i].p->name);
	tv_set_str(tv_push_map(cols), "name", lab(s, "total"));
	struct tv *rows = tv_set_list(m, "rows");
	struct buf b = {0};
	for (size_t k = 0; k < NROWS + r->ndomains; k++) {
		size_t d = k - NROWS;
		if (k >= NROWS && r->total.score_n[d] == 0)
			continue; /* no case could show a change in this domain */
		struct tv *x = tv_push_map(rows);
		buf_reset(&b);
		if (k < NROWS)
			buf_puts(&b, lab(s, row_labels[k]));
		else
			lab_put(s, &b, "rp_score_change", 0, cf->domains[d].label);
		tv_set_str(x, "label", b.s);
		/* sub-rows: a part of the row above it */
		tv_set_bool(x, "sub", (k >= 3 && k <= 7) || k == 9 || k == 11 || k == 13 || k == 15);
		struct tv *cells = tv_set_list(x, "cells");
		for (size_t i = 0; i <= r->nprograms; i++) {
			const struct report_figures *f = i < r->nprograms ? &r->programs[i].f : &r->total;
			buf_reset(&b);
			if (k < NROWS)
				row_value(&b, f, k);
			else if (f->score_n[d])
				pg_put_change(&b, report_tenths(f->score_sum[d], (long)f->score_n[d]), 1);
			else
				buf_puts(&b, "\xe2\x80\x94");
			struct tv *cell = tv_push_map(cells);
			tv_set_str(cell, "v", b.s);
			/* its column, which a card on a phone puts before it */
			tv_set_str(cell, "col",
			           i < r->nprograms ? r->programs[i].p->name : lab(s, "total"));
		}
	}
	buf_free(&b);
}

/* quarter_label: "2026 Q1" in the site's words into b. */
static void
quarter_label(const struct site *s, struct buf *b, int from)
{
	int y, mo, d;
	char year[16];
	date_to_ymd(from, &y, &mo, &d);
	snprintf(year, sizeof(year), "%d", y);
	lab_put(s, b, "rp_quarter", (mo - 1) / 3 + 1, year);
}

/* program_targets: program i's targets: a row each, their chart and,
 * with quarters, their trend. */
static void
program_targets(const struct site *s, struct tv *x, const struct report *r, size_t i,
                const struct report *quarters, size_t nq, const char *idp)
{
	const struct report_program *rp = &r->programs[i];
	struct svg_target bars[METRIC_N];
	struct buf text[METRIC_N], detail[METRIC_N], b = {0};
	size_t nb = 0;
	struct tv *rows = tv_set_list(x, "targets");
	memset(text, 0, sizeof(text));
	memset(detail, 0, sizeof(detail));
	for (int m = 0; m < METRIC_N; m++) {
		if (!rp->p->has_target[m])
			continue;
		long actual = 0;
		int has = report_actual(&rp->f, (enum metric)m, &actual);
		int met = has && actual >= rp->p->target[m];
		struct tv *y = tv_push_map(rows);
		buf_reset(&b);
		buf_puts(&b, "metric_");
		buf_puts(&b, metric_names[m]);
		const char *name = lab(s, b.s);
		tv_set_str(y, "metric", name);
		buf_reset(&b);
		pg_put_tenths(&b, rp->p->target[m], 1);
		buf_putc(&b, '%');
		tv_set_str(y, "target", b.s);
		struct buf *t = &text[nb];
		if (has) {
			pg_put_tenths(t, actual, 0);
			buf_putc(t, '%');
			tv_set_str(y, "actual", t->s);
		} else
			tv_set_str(y, "actual", "\xe2\x80\x94");
		const char *word = !has ? "rp_no_data" : met ? "rp_met" : "rp_missed";
		tv_set_str(y, "result", lab(s, word));
		tv_set_str(y, "class", !has ? "none" : met ? "met" : "missed");
		tv_set_str(y, "mark",
		           !has  ? "\xe2\x80\x94"
		           : met ? "\xe2\x9c\x93"
		                 : "\xe2\x9c\x97");
		/* the bar's words: "66.7% (target 70%): met" */
		struct buf *dt = &detail[nb];
		buf_printf(dt, "%s%s(%s %s): %s", has ? t->s : "", has ? " " : "",
		           lab(s, "rp_target"), b.s, lab(s, word));
		bars[nb] = (struct svg_target){name,
		                               has ? (double)actual / 10.0 : NAN,
		                               (double)rp->p->target[m] / 10.0,
		                               met,
		                               t->s,
		                               dt->s};
		nb++;
	}
	tv_set_bool(x, "has_targets", nb > 0);
	if (nb) {
		char *id = xasprintf("%s-targets-%s", idp, rp->p->id);
		buf_reset(&b);
		lab_put(s, &b, "rp_targets_of", 0, rp->p->name);
		struct buf chart = {0};
		svg_target_chart(&chart, id, b.s, bars, nb, &s->words);
		tv_set_rawn(x, "chart", chart.s, chart.len);
		buf_free(&chart);
		free(id);
	}
	for (size_t k = 0; k < METRIC_N; k++) {
		buf_free(&text[k]);
		buf_free(&detail[k]);
	}
	if (!nq || !nb) {
		buf_free(&b);
		return;
	}

	/* the trend: a series per target over the quarters, oldest first */
	struct tv *tr = tv_set_map(x, "trend");
	struct tv *qs = tv_set_list(tr, "quarters");
	char **xl = xcalloc(nq, sizeof(*xl));
	for (size_t q = 0; q < nq; q++) {
		const struct report *qr = &quarters[q];
		buf_reset(&b);
		quarter_label(s, &b, qr->from);
		xl[q] = xstrdup(b.s);
		struct tv *y = tv_push_map(qs);
		tv_set_str(y, "name", b.s);
		char d[11];
		int y0, m0, d0, y1, m1, d1;
		date_to_ymd(qr->to, &y1, &m1, &d1);
		date_to_ymd(qr->from, &y0, &m0, &d0);
		/* the quarter of as-of: so far */
		if (m1 != m0 + 2 || d1 != date_days_in_month(y1, m1))
			tv_set_str(y, "so_far", site_date(qr->to, d));
	}
	struct svg_series ser[METRIC_N];
	int vals[METRIC_N][8];
	unsigned char present[METRIC_N][8];
	size_t ns = 0;
	struct tv *trows = tv_set_list(tr, "rows");
	for (int m = 0; m < METRIC_N; m++) {
		if (!rp->p->has_target[m])
			continue;
		buf_reset(&b);
		buf_puts(&b, "metric_");
		buf_puts(&b, metric_names[m]);
		struct tv *y = tv_push_map(trows);
		tv_set_str(y, "metric", lab(s, b.s));
		struct tv *cells = tv_set_list(y, "cells");
		for (size_t q = 0; q < nq && q < 8; q++) {
			long actual = 0;
			int has = report_actual(&quarters[q].programs[i].f, (enum metric)m, &actual);
			vals[ns][q] = (int)((actual + 5) / 10); /* whole percents on the chart */
			present[ns][q] = (unsigned char)has;
			struct buf c = {0};
			if (has) {
				pg_put_tenths(&c, actual, 0);
				buf_putc(&c, '%');
			} else
				buf_puts(&c, "\xe2\x80\x94");
			struct tv *cell = tv_push_map(cells);
			tv_set_str(cell, "v", c.s);
			tv_set_str(cell, "col", xl[q]);
			buf_free(&c);
		}
		ser[ns] = (struct svg_series){lab(s, b.s), vals[ns], present[ns]};
		ns++;
	}
	char *id = xasprintf("%s-trend-%s", idp, rp->p->id);
	buf_reset(&b);
	lab_put(s, &b, "rp_trend_of", 0, rp->p->name);
	struct buf chart = {0};
	svg_line_chart(&chart, id, b.s, 0, 100, nq < 8 ? nq : 8, NULL, (const char *const *)xl, ser,
	               ns, &s->words);
	tv_set_rawn(tr, "chart", chart.s, chart.len);
	buf_free(&chart);
	free(id);
	for (size_t q = 0; q < nq; q++)
		free(xl[q]);
	free(xl);
	buf_free(&b);
}

void
pg_report_figures(const struct site *s, struct tv *m, const struct report *r,
                  const struct report *quarters, size_t nq, const char *idp)
{
	char d[11];
	tv_set_str(m, "from", site_date(r->from, d));
	tv_set_str(m, "to", site_date(r->to, d));
	tv_set_str(m, "idp", idp);
	tv_set_bool(m, "has_programs", r->nprograms > 0);
	figures_rows(s, m, r);
	struct tv *progs = tv_set_list(m, "programs");
	for (size_t i = 0; i < r->nprograms; i++) {
		struct tv *x = tv_push_map(progs);
		tv_set_str(x, "id", r->programs[i].p->id);
		tv_set_str(x, "name", r->programs[i].p->name);
		program_targets(s, x, r, i, quarters, nq, idp);
	}
}

int
site_report_html(const struct caseload *cl, const struct report *r, int redact, struct buf *out,
                 struct buf *err)
{
	struct site s;
	struct site_opts o;
	memset(&s, 0, sizeof(s));
	memset(&o, 0, sizeof(o));
	o.redact = redact;
	s.cl = cl;
	s.o = &o;
	s.lang = cl->config.language ? cl->config.language : "en";
	s.dir = strcmp(s.lang, "fa") == 0 ? "rtl" : "ltr";
	int rc = -1;
	char *tdir = site_find_templates(NULL, err), *path = NULL;
	struct buf css = {0}, hash = {0};
	if (!tdir)
		goto done;
	s.tdir = tdir;
	if (site_load_labels(&s, err) < 0 || site_load_templates(&s, err) < 0)
		goto done;
	if (!tpl_has(s.tpl, "report")) {
		buf_printf(err, "%s/report.html: missing template", tdir);
		goto done;
	}
	path = xasprintf("%s/site.css", tdir);
	if (read_file(path, 0, &css) < 0) {
		buf_printf(err, "%s: cannot read it", path);
		goto done;
	}
	s.words.to = lab(&s, "chart_to");
	s.words.scale = lab(&s, "chart_scale");
	s.words.no_data = lab(&s, "chart_no_data");
	/* the style sheet goes inline; the policy allows it by its hash */
	unsigned char digest[32];
	sha256(css.s ? css.s : "", css.len, digest);
	buf_puts(&hash, "'sha256-");
	buf_base64(&hash, digest, sizeof(digest));
	buf_puts(&hash, "'");
	struct tv *m = site_ctx(&s, "report.html", lab(&s, "rp_report"), NULL);
	tv_set_rawn(m, "css", css.s ? css.s : "", css.len);
	tv_set_str(m, "style_hash", hash.s);
	/* no script: each table's box takes the focus, to be scrolled by keyboard */
	tv_set_bool(m, "static_scroll", 1);
	pg_report_figures(&s, m, r, NULL, 0, "report");
	buf_reset(out);
	rc = tpl_render(s.tpl, "report", m, out);
	tv_free(m);
	if (rc < 0)
		buf_printf(err, "%s/report.html: cannot render the report (a limit was reached)", tdir);
done:
	free(s.labels);
	tpl_set_free(s.tpl);
	arena_free(&s.arena);
	buf_free(&css);
	buf_free(&hash);
	free(path);
	free(tdir);
	return rc;
}
