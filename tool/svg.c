/* svg.c: inline SVG charts (line chart of scores over time, horizontal bar
 * chart) written into a struct buf. No library, no floating-point printf:
 * coordinates are rounded to tenths and printed with integer arithmetic so
 * that output never depends on the locale and never shows nan or inf.
 * Text widths are estimates (no font metrics): labels are cut to fit an
 * estimated width, and layout leaves a margin for the error. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svg.h"

/* A chart's width: 1 unit is 1 px at its natural size and text is 12
 * units high, so a chart drawn no smaller than its natural size (site.css
 * sees to it) keeps its text 12 px or larger; 300 fits a 360 px phone. */
#define VIEW_W 300.0
#define NSTYLES 8

/* Okabe-Ito colours (yellow swapped for olive, black for grey so both read
 * on white and on dark backgrounds); dash patterns and markers per series. */
/* in rows of the palette: */
/* clang-format off */
static const char *const series_colour[NSTYLES] = {
	"#0072B2", "#D55E00", "#009E73", "#CC79A7",
	"#E69F00", "#56B4E9", "#666666", "#999933",
};
static const char *const series_dash[NSTYLES] = {
	NULL, "6 3", "2 2", "8 3 2 3", "12 3", "4 2 1 2", "1 3", "8 2 2 2 2 2",
};
#define BAR_FILL "#0072B2"
#define BAR_NEG_FILL "#D55E00"
#define ELLIPSIS "\xE2\x80\xA6"  /* U+2026 */
/* clang-format on */

/* Where a chart is drawn: its width, and whether it is mirrored for a
 * right-to-left language (every x measured from the right, text anchors
 * swapped); layout is worked out left to right and mirrored as written. */
struct frame {
	double w;
	int rtl;
};

static struct frame
frame_of(const struct svg_words *w, double width)
{
	return (struct frame){width, w && w->rtl};
}

/* mx: x as drawn. */
static double
mx(const struct frame *f, double x)
{
	return f->rtl ? f->w - x : x;
}

static const char *
word_to(const struct svg_words *w)
{
	return w && w->to ? w->to : "to";
}

static const char *
word_scale(const struct svg_words *w)
{
	return w && w->scale ? w->scale : "Scale";
}

static const char *
word_no_data(const struct svg_words *w)
{
	return w && w->no_data ? w->no_data : "no data";
}

/* put_tenths: appends t/10 as "12", "12.5" or "-0.5". */
static void
put_tenths(struct buf *b, long long t)
{
	unsigned long long u = t < 0 ? 0ULL - (unsigned long long)t : (unsigned long long)t;
	buf_printf(b, "%s%llu", t < 0 ? "-" : "", u / 10);
	if (u % 10)
		buf_printf(b, ".%llu", u % 10);
}

/* to_tenths: v rounded to tenths; not-finite or absurd values become 0 or
 * a clamp, so no caller can print nan or inf. */
static long long
to_tenths(double v)
{
	if (!isfinite(v))
		return 0;
	if (v > 1e15)
		return 10000000000000000LL;
	if (v < -1e15)
		return -10000000000000000LL;
	return llround(v * 10.0);
}

/* put_num: appends a coordinate, rounded to tenths. */
static void
put_num(struct buf *b, double v)
{
	put_tenths(b, to_tenths(v));
}

/* put_attr: appends ` name="v"`, v rounded to tenths. */
static void
put_attr(struct buf *b, const char *name, double v)
{
	buf_printf(b, " %s=\"", name);
	put_num(b, v);
	buf_putc(b, '"');
}

/* put_x: ` name="x"` with x as drawn (mirrored in a right-to-left chart). */
static void
put_x(struct buf *b, const struct frame *f, const char *name, double x)
{
	put_attr(b, name, mx(f, x));
}

/* put_anchor: ` text-anchor="a"` for a ("start", "middle" or "end") as
 * drawn: start and end swapped in a right-to-left chart. */
static void
put_anchor(struct buf *b, const struct frame *f, const char *a)
{
	if (f->rtl && strcmp(a, "middle") != 0)
		a = strcmp(a, "start") == 0 ? "end" : "start";
	buf_printf(b, " text-anchor=\"%s\"", a);
}

/* put_text: appends s[0..n) escaped for HTML and XML; control characters,
 * which XML forbids and which mean nothing in a label, become spaces. */
static void
put_text(struct buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7F)
			continue;
		buf_html(b, s + start, i - start);
		buf_putc(b, ' ');
		start = i + 1;
	}
	buf_html(b, s + start, n - start);
}

static void
put_str(struct buf *b, const char *s)
{
	put_text(b, s, strlen(s));
}

/* cp_width: the estimated advance of one code point at font size 12. East
 * Asian wide characters take a full em; everything else about 0.58 em. */
static double
cp_width(const unsigned char *p)
{
	unsigned cp;
	if (p[0] < 0x80)
		return p[0] == ' ' ? 3.5 : 7.0;
	if ((p[0] & 0xF0) == 0xE0 && p[1] && p[2])
		cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
	else if ((p[0] & 0xF8) == 0xF0)
		return 12.0;
	else
		return 7.0;
	if (cp >= 0x1100 && cp <= 0x115F)
		return 12.0;
	if (cp >= 0x2E80 && cp <= 0xA4CF)
		return 12.0;
	if ((cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFF00 && cp <= 0xFF60))
		return 12.0;
	return 7.0;
}

/* fit: how many bytes of s fit in maxw units, cut at a code point boundary.
 * Sets *cut when s is longer (the caller then adds an ellipsis, for which
 * room is left) and *width to the estimated width of what is printed. */
static size_t
fit(const char *s, double maxw, int *cut, double *width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, keep = 0;
	double w = 0, wkeep = 0, ell = 7.0;
	*cut = 0;
	while (i < n) {
		double cw = cp_width(p + i);
		size_t j = i + 1;
		while (j < n && (p[j] & 0xC0) == 0x80)
			j++;
		if (w + ell <= maxw) {
			keep = i;
			wkeep = w;
		}
		if (w + cw > maxw) {
			/* too long: cut at the last boundary leaving room for "…" */
			*cut = 1;
			*width = wkeep + ell;
			return keep;
		}
		w += cw;
		i = j;
	}
	*width = w;
	return n;
}

/* text_width: the estimated width of s as put_fitted would print it. */
static double
text_width(const char *s, double maxw)
{
	int cut;
	double w;
	fit(s, maxw, &cut, &w);
	return w;
}

/* put_fitted: appends s escaped, cut to maxw with an ellipsis; when cut and
 * with_title, a <title> with the whole text comes first (a tooltip; call it
 * right after a <text ...> open tag). */
static void
put_fitted(struct buf *b, const char *s, double maxw, int with_title)
{
	int cut;
	double w;
	size_t n = fit(s, maxw, &cut, &w);
	if (cut && with_title) {
		buf_puts(b, "<title>");
		put_str(b, s);
		buf_puts(b, "</title>");
	}
	put_text(b, s, n);
	if (cut)
		buf_puts(b, ELLIPSIS);
}

/* label_or: s, or "#n" (into tmp) when s is NULL or empty. */
static const char *
label_or(const char *s, size_t idx, char tmp[32])
{
	if (s && *s)
		return s;
	snprintf(tmp, 32, "#%zu", idx + 1);
	return tmp;
}

/* put_open: the <svg> open tag with its <title> and <desc>, and the visible
 * title; desc is the text alternative, already escaped. The chart's natural
 * size is its viewBox in px. */
static void
put_open(struct buf *b, const struct frame *f, const char *kind, const char *id, const char *title,
         double height, const char *desc)
{
	buf_printf(b,
	           "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart %s\" "
	           "role=\"img\" aria-labelledby=\"",
	           kind);
	put_str(b, id);
	buf_puts(b, "-title ");
	put_str(b, id);
	buf_puts(b, "-desc\" viewBox=\"0 0 ");
	put_num(b, f->w);
	buf_putc(b, ' ');
	put_num(b, height);
	buf_putc(b, '"');
	put_attr(b, "width", f->w);
	put_attr(b, "height", height);
	buf_puts(b, " direction=\"ltr\" font-size=\"12\" "
	            "fill=\"currentColor\">\n<title id=\"");
	put_str(b, id);
	buf_puts(b, "-title\">");
	put_str(b, title);
	buf_puts(b, "</title>\n<desc id=\"");
	put_str(b, id);
	buf_puts(b, "-desc\">");
	buf_puts(b, desc);
	buf_puts(b, "</desc>\n<text class=\"title\"");
	put_x(b, f, "x", 8);
	buf_puts(b, " y=\"18\"");
	put_anchor(b, f, "start");
	buf_puts(b, " font-size=\"14\" font-weight=\"bold\">");
	put_fitted(b, title, f->w - 16, 1);
	buf_puts(b, "</text>\n");
}

/* put_empty: a chart with a title and "no data", for no input. */
static void
put_empty(struct buf *b, const struct frame *f, const char *kind, const char *id, const char *title,
          const struct svg_words *words)
{
	struct buf desc = {0};
	put_str(&desc, word_no_data(words));
	put_open(b, f, kind, id, title, 56, desc.s);
	buf_puts(b, "<text class=\"tick\"");
	put_x(b, f, "x", 8);
	buf_puts(b, " y=\"44\"");
	put_anchor(b, f, "start");
	buf_putc(b, '>');
	put_fitted(b, word_no_data(words), f->w - 16, 0);
	buf_puts(b, "</text>\n</svg>\n");
	buf_free(&desc);
}

/* put_marker: the point marker of style k centred on (x, y). */
static void
put_marker(struct buf *b, size_t k, double x, double y)
{
	/* clang-format off */
	static const char *const path[] = {
		NULL, NULL,
		"l4 7h-8z",                                  /* triangle */
		"l4.5 4.5l-4.5 4.5l-4.5-4.5z",               /* diamond */
		"l4-7h-8z",                                  /* triangle down */
		"m-1.2 0h2.4v3.3h3.3v2.4h-3.3v3.3h-2.4v-3.3h-3.3v-2.4h3.3z", /* plus */
		"m-3.2 1.3l6.4 6.4m0-6.4l-6.4 6.4",          /* x, stroked */
		NULL,
	};
	/* clang-format on */
	switch (k % NSTYLES) {
	case 0:
		buf_puts(b, "<circle");
		put_attr(b, "cx", x);
		put_attr(b, "cy", y);
		buf_puts(b, " r=\"3.5\" fill=\"currentColor\"/>");
		return;
	case 1:
	case 7:
		buf_puts(b, "<rect");
		put_attr(b, "x", x - 3.2);
		put_attr(b, "y", y - 3.2);
		buf_puts(b, " width=\"6.4\" height=\"6.4\" ");
		buf_puts(b, k % NSTYLES == 1 ? "fill=\"currentColor\"/>"
		                             : "fill=\"none\" stroke=\"currentColor\" "
		                               "stroke-width=\"1.5\" pointer-events=\"all\"/>");
		return;
	default:
		/* the paths start at the top, the downward triangle at the bottom */
		buf_puts(b, "<path d=\"M");
		put_num(b, x);
		buf_putc(b, ' ');
		put_num(b, k % NSTYLES == 4 ? y + 4.5 : y - 4.5);
		buf_puts(b, path[k % NSTYLES]);
		buf_puts(b, k % NSTYLES == 6 ? "\" fill=\"none\" stroke=\"currentColor\" "
		                               "stroke-width=\"2\" pointer-events=\"all\"/>"
		                             : "\" fill=\"currentColor\"/>");
		return;
	}
}

/* put_series_open: <g> carrying a series' class and colour. */
static void
put_series_open(struct buf *b, size_t k)
{
	buf_printf(b, "<g class=\"series s%zu\" color=\"%s\">", k % NSTYLES + 1,
	           series_colour[k % NSTYLES]);
}

/* put_line_attrs: stroke attributes of series k's line. */
static void
put_line_attrs(struct buf *b, size_t k)
{
	buf_puts(b, "fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" "
	            "stroke-linejoin=\"round\"");
	if (series_dash[k % NSTYLES])
		buf_printf(b, " stroke-dasharray=\"%s\"", series_dash[k % NSTYLES]);
}

static int
has_value(const struct svg_series *s, size_t i)
{
	return s->values && (!s->present || s->present[i]);
}

/* y_step: a step for y ticks: 1 when the range is at most 10, else 1, 2 or 5
 * times a power of ten giving at most 10 steps. */
static long long
y_step(long long range)
{
	if (range <= 10)
		return 1;
	for (long long p = 1;; p *= 10) {
		if (range / p <= 10)
			return p;
		if (range / (2 * p) <= 10)
			return 2 * p;
		if (range / (5 * p) <= 10)
			return 5 * p;
	}
}

/* put_line_desc: the line chart's text alternative, escaped, into d:
 * "2026-01-12 to 2026-07-01. Scale 1 to 5. Housing: 1 to 4 (+3); Income: 2." */
static void
put_line_desc(struct buf *d, int ymin, int ymax, size_t npoints, const char *const *xlabels,
              const struct svg_series *series, size_t nseries, const struct svg_words *words)
{
	const char *to = word_to(words);
	const char *first = xlabels && xlabels[0] ? xlabels[0] : "";
	const char *last = xlabels && xlabels[npoints - 1] ? xlabels[npoints - 1] : "";
	if (*first || *last) {
		put_str(d, *first ? first : last);
		if (npoints > 1 && *first && *last && strcmp(first, last) != 0) {
			buf_putc(d, ' ');
			put_str(d, to);
			buf_putc(d, ' ');
			put_str(d, last);
		}
		buf_puts(d, ". ");
	}
	put_str(d, word_scale(words));
	buf_printf(d, " %d ", ymin);
	put_str(d, to);
	buf_printf(d, " %d.", ymax);
	for (size_t k = 0; k < nseries; k++) {
		const struct svg_series *s = &series[k];
		char tmp[32];
		size_t a = npoints, z = npoints;
		for (size_t i = 0; i < npoints; i++) {
			if (!has_value(s, i))
				continue;
			if (a == npoints)
				a = i;
			z = i;
		}
		buf_puts(d, k ? "; " : " ");
		put_str(d, label_or(s->label, k, tmp));
		buf_puts(d, ": ");
		if (a == npoints) {
			put_str(d, word_no_data(words));
		} else if (a == z) {
			buf_printf(d, "%d", s->values[a]);
		} else {
			long long delta = (long long)s->values[z] - s->values[a];
			buf_printf(d, "%d ", s->values[a]);
			put_str(d, to);
			buf_printf(d, " %d (%s%lld)", s->values[z], delta > 0 ? "+" : "", delta);
		}
	}
	if (nseries)
		buf_putc(d, '.');
}

/* Where the line chart's parts go, worked out before anything is written. */
struct line_layout {
	struct frame f;
	long long lo, hi, step, t0; /* y range; grid lines at t0, t0 + step, ... <= hi */
	long long lstep;            /* labelled every lstep (a multiple of step) */
	double yscale;              /* units per score point */
	double plot_t, plot_b;      /* plot area: top and bottom */
	double plot_l, plot_r;      /* and left and right (before mirroring) */
	double *xs;                 /* x of each date */
	unsigned char *shown;       /* whether date i's label is printed */
	unsigned char *at_edge;     /* small multiples: the label is anchored at
	                             * the plot's edge (1 start, 2 end), else centred */
	int slanted;                /* date labels at -45 degrees */
	double dodge;               /* sideways nudge between series */
	double *legw;               /* width of each legend item */
	double leg_t, height;       /* legend top, chart height */
};

#define PLOT_T 30.0
#define PLOT_B 190.0
#define INSET 14.0    /* first and last dates this far inside the plot */
#define XLAB_MAX 80.0 /* date labels are cut to this width */
#define LEG_MAX 160.0 /* legend labels are cut to this width */
#define LEG_ROW 18.0
#define SMALL_PLOT_H 64.0 /* a small multiple's plot: 4 steps of 16 */
#define SMALL_INSET 8.0
#define GRID_GAP 8.0  /* y grid lines at least this far apart */
#define TICK_GAP 20.0 /* and their labels this far */

static double
y_of(const struct line_layout *l, long long v)
{
	return l->plot_t + (double)(l->hi - v) * l->yscale;
}

/* next_step: the step after step in 1, 2, 5, 10, 20, 50, ... */
static long long
next_step(long long step)
{
	long long p = 1;
	while (step >= p * 10)
		p *= 10;
	return step < 2 * p ? 2 * p : step < 5 * p ? 5 * p : 10 * p;
}

/* line_y_layout: the y range (the scale widened to hold every value, never
 * empty) and its grid lines and labels, over the plot from l->plot_t to
 * l->plot_b: lines at least GRID_GAP apart, labels TICK_GAP. Returns the
 * width of the widest tick label. */
static double
line_y_layout(struct line_layout *l, int ymin, int ymax, size_t npoints,
              const struct svg_series *series, size_t nseries)
{
	l->lo = ymin;
	l->hi = ymax;
	for (size_t k = 0; k < nseries; k++)
		for (size_t i = 0; i < npoints; i++) {
			if (!has_value(&series[k], i))
				continue;
			if (series[k].values[i] < l->lo)
				l->lo = series[k].values[i];
			if (series[k].values[i] > l->hi)
				l->hi = series[k].values[i];
		}
	if (l->lo == l->hi) {
		l->lo--;
		l->hi++;
	}
	l->yscale = (l->plot_b - l->plot_t) / (double)(l->hi - l->lo);
	l->step = y_step(l->hi - l->lo);
	while ((double)l->step * l->yscale < GRID_GAP && l->step < l->hi - l->lo)
		l->step = next_step(l->step);
	for (long long m = 1;; m = next_step(m)) {
		l->lstep = l->step * m;
		if ((double)l->lstep * l->yscale >= TICK_GAP || l->lstep >= l->hi - l->lo)
			break;
	}
	l->t0 = l->lo + (l->step - ((l->lo % l->step) + l->step) % l->step) % l->step;
	double w = 0;
	for (long long t = l->t0; t <= l->hi; t += l->lstep) {
		char num[24];
		snprintf(num, sizeof num, "%lld", t);
		w = fmax(w, text_width(num, 200));
	}
	return w;
}

/* place_dates: each date's x between the plot's edges, inset inside them:
 * in time when days is given, else evenly; one date (or one day) centred. */
static void
place_dates(struct line_layout *l, double inset, size_t npoints, const int *days)
{
	double dmin = 0, dmax = 0;
	if (days) {
		dmin = dmax = days[0];
		for (size_t i = 1; i < npoints; i++) {
			dmin = fmin(dmin, days[i]);
			dmax = fmax(dmax, days[i]);
		}
	}
	double span = l->plot_r - l->plot_l - 2 * inset;
	for (size_t i = 0; i < npoints; i++) {
		if (npoints == 1 || (days && dmax == dmin))
			l->xs[i] = (l->plot_l + l->plot_r) / 2;
		else if (days)
			l->xs[i] = l->plot_l + inset + (days[i] - dmin) / (dmax - dmin) * span;
		else
			l->xs[i] = l->plot_l + inset + (double)i / (double)(npoints - 1) * span;
	}
}

/* line_x_layout: the plot's left and right edges, each date's x, and which
 * date labels to print: all of them level when they fit, else slanted and
 * only those a line apart (always the latest). Returns the height of the
 * band under the plot that the labels take. */
static double
line_x_layout(struct line_layout *l, double ytick_w, size_t npoints, const int *days,
              const char *const *xlabels)
{
	double *lw = xmalloc(npoints * sizeof *lw);
	double maxlw = 0;
	for (size_t i = 0; i < npoints; i++) {
		lw[i] = text_width(xlabels && xlabels[i] ? xlabels[i] : "", XLAB_MAX);
		maxlw = fmax(maxlw, lw[i]);
	}
	for (l->slanted = 0; l->slanted < 2; l->slanted++) {
		if (!l->slanted) {
			double half = maxlw / 2 - INSET + 4;
			l->plot_l = fmax(8 + ytick_w + 6, half);
			l->plot_r = l->f.w - fmax(12, half);
		} else {
			l->plot_l = fmax(8 + ytick_w + 6, maxlw * 0.71 - INSET + 6);
			l->plot_r = l->f.w - 12;
		}
		place_dates(l, INSET, npoints, days);
		if (l->slanted)
			break;
		int fits = 1;
		size_t prev = npoints;
		for (size_t i = 0; i < npoints && fits; i++) {
			if (lw[i] == 0)
				continue;
			if (prev != npoints && fabs(l->xs[i] - l->xs[prev]) < (lw[i] + lw[prev]) / 2 + 8)
				fits = 0;
			prev = i;
		}
		if (fits)
			break;
	}
	/* slanted labels 19 units apart are a 13-unit line apart */
	double last_x = -1e9;
	for (size_t i = 0; i < npoints; i++) {
		l->shown[i] = lw[i] > 0;
		if (!l->slanted || !l->shown[i])
			continue;
		if (i + 1 < npoints && (l->xs[i] - last_x < 19 || fabs(l->xs[npoints - 1] - l->xs[i]) < 19))
			l->shown[i] = 0;
		else
			last_x = l->xs[i];
	}
	free(lw);
	return l->slanted ? 12 + maxlw * 0.71 + 6 : 22;
}

/* small_x_layout: a small multiple's dates, labels level: the first label
 * starts at the plot's left edge, the latest ends at its right edge, and a
 * date between them is labelled, centred, where it has room. */
static void
small_x_layout(struct line_layout *l, double ytick_w, size_t npoints, const int *days,
               const char *const *xlabels)
{
	l->plot_l = 8 + ytick_w + 6;
	l->plot_r = l->f.w - 8;
	place_dates(l, SMALL_INSET, npoints, days);
	double *lw = xmalloc(npoints * sizeof *lw);
	for (size_t i = 0; i < npoints; i++) {
		lw[i] = text_width(xlabels && xlabels[i] ? xlabels[i] : "", XLAB_MAX);
		l->shown[i] = 0;
		l->at_edge[i] = 0;
	}
	size_t z = npoints - 1;
	double left = l->plot_l, right = l->plot_r; /* room left between them */
	if (npoints == 1) {
		l->shown[0] = lw[0] > 0;
	} else {
		if (lw[z] > 0) {
			l->shown[z] = 1;
			l->at_edge[z] = 2;
			right -= lw[z] + 8;
		}
		if (lw[0] > 0 && l->plot_l + lw[0] <= right) {
			l->shown[0] = 1;
			l->at_edge[0] = 1;
			left += lw[0] + 8;
		}
		for (size_t i = 1; i < z; i++)
			if (lw[i] > 0 && l->xs[i] - lw[i] / 2 >= left && l->xs[i] + lw[i] / 2 <= right) {
				l->shown[i] = 1;
				left = l->xs[i] + lw[i] / 2 + 8;
			}
	}
	free(lw);
}

/* line_legend_layout: legend item widths and rows, and the chart height. */
static void
line_legend_layout(struct line_layout *l, double top, const struct svg_series *series, size_t nseries)
{
	double x = 8;
	size_t rows = 1;
	for (size_t k = 0; k < nseries; k++) {
		char tmp[32];
		l->legw[k] = 28 + text_width(label_or(series[k].label, k, tmp), LEG_MAX) + 16;
		if (x > 8 && x + l->legw[k] > l->f.w - 8) {
			rows++;
			x = 8;
		}
		x += l->legw[k];
	}
	l->leg_t = top;
	l->height = top + (double)rows * LEG_ROW + 4;
}

/* put_line_open: "<line" with its end points, left open for more
 * attributes. */
static void
put_line_open(struct buf *b, const struct frame *f, double x1, double x2, double y1, double y2)
{
	buf_puts(b, "<line");
	put_x(b, f, "x1", x1);
	put_x(b, f, "x2", x2);
	put_attr(b, "y1", y1);
	put_attr(b, "y2", y2);
}

/* put_y_axis: grid lines and labels at the y ticks. */
static void
put_y_axis(struct buf *out, const struct line_layout *l)
{
	buf_puts(out, "<g class=\"grid\" stroke=\"currentColor\" stroke-opacity=\"0.15\">");
	for (long long t = l->t0; t <= l->hi; t += l->step) {
		put_line_open(out, &l->f, l->plot_l, l->plot_r, y_of(l, t), y_of(l, t));
		buf_puts(out, "/>");
	}
	buf_puts(out, "</g>\n<g class=\"tick\"");
	put_anchor(out, &l->f, "end");
	buf_putc(out, '>');
	for (long long t = l->t0; t <= l->hi; t += l->lstep) {
		buf_puts(out, "<text");
		put_x(out, &l->f, "x", l->plot_l - 6);
		put_attr(out, "y", y_of(l, t) + 4);
		buf_printf(out, ">%lld</text>", t);
	}
	buf_puts(out, "</g>\n");
}

/* put_x_axis: the axis lines, a tick mark at each date, the date labels. */
static void
put_x_axis(struct buf *out, const struct line_layout *l, size_t npoints, const char *const *xlabels)
{
	buf_puts(out, "<g class=\"axis\" stroke=\"currentColor\" stroke-opacity=\"0.6\">"
	              "<path fill=\"none\" d=\"M");
	put_num(out, mx(&l->f, l->plot_l));
	buf_putc(out, ' ');
	put_num(out, l->plot_t);
	buf_puts(out, "V");
	put_num(out, l->plot_b);
	buf_puts(out, "H");
	put_num(out, mx(&l->f, l->plot_r));
	buf_puts(out, "\"/>");
	for (size_t i = 0; i < npoints; i++) {
		put_line_open(out, &l->f, l->xs[i], l->xs[i], l->plot_b, l->plot_b + 4);
		buf_puts(out, "/>");
	}
	buf_puts(out, "</g>\n<g class=\"tick\"");
	put_anchor(out, &l->f, l->slanted ? "end" : "middle");
	buf_putc(out, '>');
	for (size_t i = 0; i < npoints; i++) {
		if (!l->shown[i])
			continue;
		double x = l->slanted ? l->xs[i] + 3 : l->xs[i];
		double y = l->slanted ? l->plot_b + 12 : l->plot_b + 17;
		if (l->at_edge && l->at_edge[i])
			x = l->at_edge[i] == 1 ? l->plot_l : l->plot_r;
		buf_puts(out, "<text");
		put_x(out, &l->f, "x", x);
		put_attr(out, "y", y);
		if (l->at_edge && l->at_edge[i])
			put_anchor(out, &l->f, l->at_edge[i] == 1 ? "start" : "end");
		if (l->slanted) {
			buf_printf(out, " transform=\"rotate(%s ", l->f.rtl ? "45" : "-45");
			put_num(out, mx(&l->f, x));
			buf_putc(out, ' ');
			put_num(out, y);
			buf_puts(out, ")\"");
		}
		buf_putc(out, '>');
		put_fitted(out, xlabels[i], XLAB_MAX, 1);
		buf_puts(out, "</text>");
	}
	buf_puts(out, "</g>\n");
}

/* put_series: series k, drawn in style style: a polyline through its
 * values (across dates where it has none), and a marker with a tooltip at
 * each value. */
static void
put_series(struct buf *out, const struct line_layout *l, size_t k, size_t style, size_t nseries,
           const struct svg_series *s, size_t npoints, const char *const *xlabels)
{
	char tmp[32];
	const char *label = label_or(s->label, k, tmp);
	double dx = l->dodge * ((double)k - (double)(nseries - 1) / 2);
	size_t count = 0;
	for (size_t i = 0; i < npoints; i++)
		count += has_value(s, i) != 0;
	put_series_open(out, style);
	if (count > 1) {
		buf_puts(out, "<polyline class=\"line\" ");
		put_line_attrs(out, style);
		buf_puts(out, " points=\"");
		const char *sep = "";
		for (size_t i = 0; i < npoints; i++) {
			if (!has_value(s, i))
				continue;
			buf_puts(out, sep);
			sep = " ";
			put_num(out, mx(&l->f, l->xs[i] + dx));
			buf_putc(out, ',');
			put_num(out, y_of(l, s->values[i]));
		}
		buf_puts(out, "\"/>");
	}
	for (size_t i = 0; i < npoints; i++) {
		if (!has_value(s, i))
			continue;
		const char *xl = xlabels && xlabels[i] ? xlabels[i] : "";
		buf_puts(out, "\n<g class=\"mark\"><title>");
		put_str(out, label);
		if (*xl) {
			buf_putc(out, ' ');
			put_str(out, xl);
		}
		buf_printf(out, ": %d</title>", s->values[i]);
		put_marker(out, style, mx(&l->f, l->xs[i] + dx), y_of(l, s->values[i]));
		buf_puts(out, "</g>");
	}
	buf_puts(out, "</g>\n");
}

/* put_legend: a swatch (line and marker) and the label of each series. */
static void
put_legend(struct buf *out, const struct line_layout *l, const struct svg_series *series, size_t nseries)
{
	double x = 8, y = l->leg_t + LEG_ROW / 2;
	buf_puts(out, "<g class=\"legend\">");
	for (size_t k = 0; k < nseries; k++) {
		char tmp[32];
		if (x > 8 && x + l->legw[k] > l->f.w - 8) {
			x = 8;
			y += LEG_ROW;
		}
		put_series_open(out, k);
		put_line_open(out, &l->f, x, x + 22, y, y);
		buf_putc(out, ' ');
		put_line_attrs(out, k);
		buf_puts(out, "/>");
		put_marker(out, k, mx(&l->f, x + 11), y);
		buf_puts(out, "</g><text");
		put_x(out, &l->f, "x", x + 28);
		put_attr(out, "y", y + 4);
		put_anchor(out, &l->f, "start");
		buf_putc(out, '>');
		put_fitted(out, label_or(series[k].label, k, tmp), LEG_MAX, 1);
		buf_puts(out, "</text>");
		x += l->legw[k];
	}
	buf_puts(out, "</g>\n");
}

void
svg_line_chart(struct buf *out, const char *id, const char *title, int ymin, int ymax,
               size_t npoints, const int *days, const char *const *xlabels,
               const struct svg_series *series, size_t nseries, const struct svg_words *words)
{
	struct frame f = frame_of(words, VIEW_W);
	if (!id)
		id = "chart";
	if (!title)
		title = "";
	if (npoints == 0 || nseries == 0 || !series) {
		put_empty(out, &f, "line-chart", id, title, words);
		return;
	}
	if (ymin > ymax) {
		int t = ymin;
		ymin = ymax;
		ymax = t;
	}

	struct line_layout l = {.f = f, .plot_t = PLOT_T, .plot_b = PLOT_B};
	l.xs = xmalloc(npoints * sizeof *l.xs);
	l.shown = xmalloc(npoints);
	l.legw = xmalloc(nseries * sizeof *l.legw);
	double ytick_w = line_y_layout(&l, ymin, ymax, npoints, series, nseries);
	double xband = line_x_layout(&l, ytick_w, npoints, days, xlabels);
	line_legend_layout(&l, PLOT_B + xband + 6, series, nseries);
	/* nudge series sideways so that equal scores at a date do not hide
	 * each other: at most 3 units, well under the closest dates' gap */
	double mingap = 1e9;
	for (size_t i = 1; i < npoints; i++) {
		double g = fabs(l.xs[i] - l.xs[i - 1]);
		if (g >= 1 && g < mingap)
			mingap = g;
	}
	l.dodge = nseries > 1 ? fmin(3.0, mingap / (2.0 * (double)nseries)) : 0;

	struct buf desc = {0};
	put_line_desc(&desc, ymin, ymax, npoints, xlabels, series, nseries, words);
	put_open(out, &f, "line-chart", id, title, l.height, desc.s);
	buf_free(&desc);
	put_y_axis(out, &l);
	put_x_axis(out, &l, npoints, xlabels);
	for (size_t k = 0; k < nseries; k++)
		put_series(out, &l, k, k, nseries, &series[k], npoints, xlabels);
	put_legend(out, &l, series, nseries);
	buf_puts(out, "</svg>\n");

	free(l.xs);
	free(l.shown);
	free(l.legw);
}

void
svg_small_multiples(struct buf *out, const char *id, int ymin, int ymax, size_t npoints,
                    const int *days, const char *const *xlabels, const struct svg_series *series,
                    size_t nseries, const struct svg_words *words)
{
	if (!id)
		id = "chart";
	if (nseries == 0 || !series)
		return;
	if (ymin > ymax) {
		int t = ymin;
		ymin = ymax;
		ymax = t;
	}
	struct buf cid = {0}, desc = {0};
	struct frame f = frame_of(words, VIEW_W);
	if (npoints == 0) {
		for (size_t k = 0; k < nseries; k++) {
			char tmp[32];
			buf_reset(&cid);
			buf_printf(&cid, "%s-%zu", id, k + 1);
			put_empty(out, &f, "small-multiple", cid.s,
			          label_or(series[k].label, k, tmp), words);
		}
		buf_free(&cid);
		return;
	}
	/* one layout for all: the same scale and the same dates */
	struct line_layout l = {.f = f, .plot_t = PLOT_T, .plot_b = PLOT_T + SMALL_PLOT_H};
	l.xs = xmalloc(npoints * sizeof *l.xs);
	l.shown = xmalloc(npoints);
	l.at_edge = xmalloc(npoints);
	double ytick_w = line_y_layout(&l, ymin, ymax, npoints, series, nseries);
	small_x_layout(&l, ytick_w, npoints, days, xlabels);
	l.height = l.plot_b + 24;
	for (size_t k = 0; k < nseries; k++) {
		char tmp[32];
		const struct svg_series *s = &series[k];
		buf_reset(&cid);
		buf_printf(&cid, "%s-%zu", id, k + 1);
		buf_reset(&desc);
		put_line_desc(&desc, ymin, ymax, npoints, xlabels, s, 1, words);
		put_open(out, &f, "small-multiple", cid.s, label_or(s->label, k, tmp), l.height, desc.s);
		put_y_axis(out, &l);
		put_x_axis(out, &l, npoints, xlabels);
		size_t count = 0;
		for (size_t i = 0; i < npoints; i++)
			count += has_value(s, i) != 0;
		if (count) {
			put_series(out, &l, k, 0, 1, s, npoints, xlabels);
		} else {
			buf_puts(out, "<text class=\"tick\"");
			put_x(out, &f, "x", (l.plot_l + l.plot_r) / 2);
			put_attr(out, "y", (l.plot_t + l.plot_b) / 2 + 4);
			buf_puts(out, " text-anchor=\"middle\">");
			put_fitted(out, word_no_data(words), l.plot_r - l.plot_l - 8, 0);
			buf_puts(out, "</text>\n");
		}
		buf_puts(out, "</svg>\n");
	}
	buf_free(&cid);
	buf_free(&desc);
	free(l.xs);
	free(l.shown);
	free(l.at_edge);
}

/* format_value: v with at most one decimal, into out. */
static void
format_value(char out[40], double v)
{
	if (!isfinite(v)) {
		out[0] = '\0';
		return;
	}
	if (fabs(v) >= 1e15) {
		snprintf(out, 40, "%.0f", v); /* %.0f prints no decimal point */
		return;
	}
	struct buf b = {0};
	put_tenths(&b, llround(v * 10.0));
	snprintf(out, 40, "%s", b.s);
	buf_free(&b);
}

void
svg_bar_chart(struct buf *out, const char *id, const char *title, const struct svg_bar *bars,
              size_t nbars, const struct svg_words *words)
{
	struct frame f = frame_of(words, VIEW_W);
	if (!id)
		id = "chart";
	if (!title)
		title = "";
	if (nbars == 0 || !bars) {
		put_empty(out, &f, "bar-chart", id, title, words);
		return;
	}

	const double lab_max = 136, val_max = 60, top = 30, row_h = 24, bar_h = 16;
	char(*vtext)[40] = xmalloc(nbars * sizeof *vtext);
	double labw = 0, negpad = 0, pospad = 0, negmax = 0, posmax = 0;
	struct buf desc = {0};
	for (size_t i = 0; i < nbars; i++) {
		char tmp[32];
		double v = bars[i].value;
		const char *label = label_or(bars[i].label, i, tmp);
		double w = text_width(label, lab_max);
		if (w > labw)
			labw = w;
		vtext[i][0] = '\0';
		if (!bars[i].value_text)
			format_value(vtext[i], v);
		const char *vt = bars[i].value_text ? bars[i].value_text : vtext[i];
		w = text_width(vt, val_max) + 6;
		if (isfinite(v) && v < 0) {
			negpad = fmax(negpad, w);
			negmax = fmax(negmax, -v);
		} else {
			pospad = fmax(pospad, w);
			if (isfinite(v))
				posmax = fmax(posmax, v);
		}
		buf_puts(&desc, i ? "; " : "");
		put_str(&desc, label);
		buf_puts(&desc, ": ");
		put_str(&desc, *vt ? vt : word_no_data(words));
	}
	buf_putc(&desc, '.');

	double height = top + (double)nbars * row_h + 10;
	put_open(out, &f, "bar-chart", id, title, height, desc.s);
	buf_free(&desc);

	/* halves, so that two huge magnitudes cannot add up to infinity */
	double span = negmax / 2 + posmax / 2;
	if (!(span > 0))
		span = 1;
	double a = 8 + labw + 8 + negpad, b = f.w - 8 - pospad;
	long long zx = to_tenths(a + (negmax / 2) / span * (b - a));

	for (size_t i = 0; i < nbars; i++) {
		char tmp[32];
		double v = bars[i].value;
		const char *label = label_or(bars[i].label, i, tmp);
		const char *vt = bars[i].value_text ? bars[i].value_text : vtext[i];
		double cy = top + (double)i * row_h + row_h / 2;
		int neg = isfinite(v) && v < 0;
		long long ex = zx;
		buf_puts(out, "<g><title>");
		put_str(out, label);
		buf_puts(out, ": ");
		put_str(out, *vt ? vt : word_no_data(words));
		buf_puts(out, "</title>");
		if (isfinite(v) && v != 0) {
			ex = to_tenths(a + (negmax / 2 + v / 2) / span * (b - a));
			if (ex - zx < 10 && ex - zx > -10) /* at least 1 unit: visible */
				ex = neg ? zx - 10 : zx + 10;
			long long lo = neg ? ex : zx, w = neg ? zx - ex : ex - zx;
			buf_printf(out, "<rect class=\"%s\"", neg ? "bar neg" : "bar");
			/* a mirrored bar starts where it ended */
			put_attr(out, "x", (double)(f.rtl ? to_tenths(f.w) - lo - w : lo) / 10);
			put_attr(out, "y", cy - bar_h / 2);
			put_attr(out, "width", (double)w / 10);
			put_attr(out, "height", bar_h);
			buf_printf(out, " fill=\"%s\"/>", neg ? BAR_NEG_FILL : BAR_FILL);
		}
		buf_puts(out, "<text class=\"label\"");
		put_x(out, &f, "x", 8 + labw);
		put_attr(out, "y", cy + 4);
		put_anchor(out, &f, "end");
		buf_putc(out, '>');
		put_fitted(out, label, lab_max, 0);
		buf_puts(out, "</text><text class=\"value\"");
		put_x(out, &f, "x", (double)(neg ? ex - 40 : ex + 40) / 10);
		put_attr(out, "y", cy + 4);
		put_anchor(out, &f, neg ? "end" : "start");
		buf_putc(out, '>');
		put_fitted(out, *vt ? vt : "\xE2\x80\x93", val_max, 0); /* "–" */
		buf_puts(out, "</text></g>\n");
	}
	buf_puts(out, "<line class=\"zero\"");
	put_x(out, &f, "x1", (double)zx / 10);
	put_x(out, &f, "x2", (double)zx / 10);
	put_attr(out, "y1", top - 4);
	put_attr(out, "y2", top + (double)nbars * row_h + 4);
	buf_puts(out, " stroke=\"currentColor\" stroke-width=\"1.5\"/>\n</svg>\n");
	free(vtext);
}

void
svg_target_chart(struct buf *out, const char *id, const char *title, const struct svg_target *bars,
                 size_t nbars, const struct svg_words *words)
{
	struct frame f = frame_of(words, VIEW_W);
	if (!id)
		id = "chart";
	if (!title)
		title = "";
	if (nbars == 0 || !bars) {
		put_empty(out, &f, "target-chart", id, title, words);
		return;
	}
	/* each row: its label on a line of its own, the bar under it */
	const double val_max = 48, top = 28, row_h = 38, bar_h = 12;
	double valw = 0;
	struct buf desc = {0};
	for (size_t i = 0; i < nbars; i++) {
		char tmp[32];
		const char *label = label_or(bars[i].label, i, tmp);
		const char *vt = bars[i].value_text ? bars[i].value_text : "";
		const char *dt = bars[i].detail ? bars[i].detail : *vt ? vt : word_no_data(words);
		valw = fmax(valw, text_width(*vt ? vt : word_no_data(words), val_max));
		buf_puts(&desc, i ? "; " : "");
		put_str(&desc, label);
		buf_puts(&desc, ": ");
		put_str(&desc, dt);
	}
	buf_putc(&desc, '.');
	double height = top + (double)nbars * row_h + 20;
	put_open(out, &f, "target-chart", id, title, height, desc.s);
	buf_free(&desc);

	/* 0% at a, 100% at b, as laid out left to right (put_x mirrors) */
	double a = 16, b = f.w - 8 - valw - 8; /* room for "0%" centred at a */
	double bottom = top + (double)nbars * row_h;
	for (int g = 0; g <= 100; g += 25) {
		double x = a + (b - a) * g / 100.0;
		buf_puts(out, "<line class=\"grid\"");
		put_x(out, &f, "x1", x);
		put_x(out, &f, "x2", x);
		put_attr(out, "y1", top + 16);
		put_attr(out, "y2", bottom);
		buf_puts(out, " stroke=\"currentColor\" stroke-opacity=\"0.2\"/>");
		buf_puts(out, "<text class=\"tick\"");
		put_x(out, &f, "x", x);
		put_attr(out, "y", bottom + 14);
		buf_printf(out, " text-anchor=\"middle\">%d%%</text>\n", g);
	}
	for (size_t i = 0; i < nbars; i++) {
		char tmp[32];
		const struct svg_target *t = &bars[i];
		const char *label = label_or(t->label, i, tmp);
		const char *vt = t->value_text && *t->value_text ? t->value_text : word_no_data(words);
		double ry = top + (double)i * row_h, cy = ry + 18 + bar_h / 2;
		buf_puts(out, "<g><title>");
		put_str(out, label);
		buf_puts(out, ": ");
		put_str(out, t->detail ? t->detail : vt);
		buf_puts(out, "</title>");
		if (isfinite(t->value)) {
			double v = fmin(fmax(t->value, 0), 100);
			double w = fmax((b - a) * v / 100.0, 1);
			buf_printf(out, "<rect class=\"%s\"", t->met ? "bar met" : "bar missed");
			/* a mirrored bar starts where it ends */
			put_attr(out, "x", f.rtl ? f.w - a - w : a);
			put_attr(out, "y", cy - bar_h / 2);
			put_attr(out, "width", w);
			put_attr(out, "height", bar_h);
			buf_printf(out, " fill=\"%s\"/>", t->met ? BAR_FILL : BAR_NEG_FILL);
		}
		if (isfinite(t->target)) {
			double x = a + (b - a) * fmin(fmax(t->target, 0), 100) / 100.0;
			buf_puts(out, "<line class=\"target\"");
			put_x(out, &f, "x1", x);
			put_x(out, &f, "x2", x);
			put_attr(out, "y1", cy - bar_h / 2 - 4);
			put_attr(out, "y2", cy + bar_h / 2 + 4);
			buf_puts(out, " stroke=\"currentColor\" stroke-width=\"2.5\"/>");
		}
		buf_puts(out, "<text class=\"label\"");
		put_x(out, &f, "x", a);
		put_attr(out, "y", ry + 12);
		put_anchor(out, &f, "start");
		buf_putc(out, '>');
		put_fitted(out, label, f.w - 16, 0);
		buf_puts(out, "</text><text class=\"value\"");
		put_x(out, &f, "x", b + 8);
		put_attr(out, "y", cy + 4);
		put_anchor(out, &f, "start");
		buf_putc(out, '>');
		put_fitted(out, vt, val_max, 0);
		buf_puts(out, "</text></g>\n");
	}
	buf_puts(out, "</svg>\n");
}
