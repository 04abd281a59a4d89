/* svg.h: inline SVG charts for the site, made by the program: a line chart
 * of assessment scores over time, the same as small multiples (one small
 * chart per series, on one scale), and a horizontal bar chart.
 *
 * Every chart is an <svg> with role="img", aria-labelledby naming its <title>
 * and a <desc> that states the data in words. Its viewBox is its natural
 * size in px (width and height say so too): 300 wide, text 12 high. Drawn
 * no smaller than that, its text is 12 px or larger, so CSS may widen a
 * chart but should not narrow it (site.css: svg.chart's min-inline-size,
 * the box around it scrolling on a screen narrower still). The root has
 * direction="ltr", so that numbers and signs keep their order; a chart for
 * a right-to-left language is mirrored instead (svg_words.rtl). Every label is
 * HTML-escaped and long labels are cut with an ellipsis, the full text in a
 * <title> tooltip. No style attributes and no <style> element, so a strict
 * Content-Security-Policy holds. Numbers are written without printf's
 * locale-dependent %f: the same input gives byte-identical output.
 *
 * Colours are presentation attributes (Okabe-Ito palette, safe for the common
 * colour-blindness types), so the SVG reads without CSS; the site's stylesheet
 * overrides them through classes:
 *   svg.chart                 root; text uses fill="currentColor"
 *   .title                    the visible title
 *   .axis, .grid, .zero       axis lines, grid lines, the bar chart's zero line
 *   .tick                     tick labels
 *   .series.s1 .. .series.s8  a line series: set `color` (lines and markers
 *                             use currentColor), e.g. .chart .s1{color:var(--c1)}
 *   .line, .mark              a series' polyline and its point markers
 *   .legend                   the legend (its swatches carry .s1 .. .s8 too)
 *   .bar, .bar.neg            bars (set `fill`); .value: a bar's value label
 * Series differ by dash pattern and marker shape as well as by colour, so
 * they stay apart in greyscale print. */
#ifndef CASELOAD_SVG_H
#define CASELOAD_SVG_H

#include <stddef.h>

#include "util.h"

/* Words of the text alternatives, in the site's language. A NULL pointer, or
 * a NULL field, means the English word. */
struct svg_words {
	const char *to;      /* "to": "Housing: 1 to 4 (+3)" */
	const char *scale;   /* "Scale": "Scale 1 to 5." */
	const char *no_data; /* "No data": a chart or series with nothing to draw */
	int rtl;             /* the language reads right to left: the chart is
	                      * mirrored (time runs leftwards, bars grow to the
	                      * left, labels on the right), its text unchanged */
};

/* One line of the line chart: a domain's scores at the chart's dates. */
struct svg_series {
	const char *label;            /* "Housing"; NULL or "" shows as "#n" */
	const int *values;            /* npoints values; NULL: none present */
	const unsigned char *present; /* present[i] != 0 when values[i] exists;
	                               * NULL: every value exists */
};

/* svg_line_chart: appends to out an SVG line chart of integer scores over
 * time. id is a prefix for the chart's element ids, unique within the page
 * and a valid id token (e.g. "scores-2026-007"). The y axis spans ymin..ymax
 * (the instrument's scale; widened to hold any value outside it). days[i] is
 * the day number of date i, placing it in time (NULL: evenly spaced);
 * xlabels[i] its label, e.g. "2026-01-12" (NULL array or entries: none).
 * Dates are expected in ascending order; "first" and "latest" in the text
 * alternative mean the first and last present values in that order. Points of
 * a series are joined across dates where it has no value. npoints or nseries
 * 0 draws an empty chart saying so. words may be NULL. Nothing to free. */
void svg_line_chart(struct buf *out, const char *id, const char *title, int ymin, int ymax,
                    size_t npoints, const int *days, const char *const *xlabels,
                    const struct svg_series *series, size_t nseries, const struct svg_words *words);

/* svg_small_multiples: appends to out one small line chart per series,
 * each an <svg> of its own titled with the series' label, one after the
 * other (lay them out side by side in a box, e.g. site.css's .multiples).
 * All share one scale: the y axis spans ymin..ymax widened to hold every
 * series' values, and every chart has every date at the same place, its
 * first and latest labelled. Arguments as for svg_line_chart; chart k's
 * element ids start "<id>-<k+1>-". A series without values says so; no
 * series writes nothing. Nothing to free. */
void svg_small_multiples(struct buf *out, const char *id, int ymin, int ymax, size_t npoints,
                         const int *days, const char *const *xlabels, const struct svg_series *series,
                         size_t nseries, const struct svg_words *words);

/* One bar of the bar chart. */
struct svg_bar {
	const char *label;      /* NULL or "" shows as "#n" */
	double value;           /* may be negative; a NaN or infinity draws no bar */
	const char *value_text; /* optional, e.g. "+3"; NULL: value with at most
	                         * one decimal ("-1.5", "12") */
};

/* svg_bar_chart: appends to out a horizontal bar chart, one row per bar in
 * the order given, with a zero line, negative bars left of it, and each
 * value printed at its bar's end. id and words as for svg_line_chart.
 * nbars 0 draws an empty chart saying so. Nothing to free. */
void svg_bar_chart(struct buf *out, const char *id, const char *title, const struct svg_bar *bars,
                   size_t nbars, const struct svg_words *words);

/* One bar of the target chart: a percentage against its target. */
struct svg_target {
	const char *label;      /* "Exits to a permanent home"; NULL or "" shows as "#n" */
	double value;           /* the actual, 0 to 100; NaN: none (no bar) */
	double target;          /* the target, 0 to 100, drawn as a mark across the bar */
	int met;                /* the bar is .bar.met (blue) or .bar.missed (vermilion) */
	const char *value_text; /* shown at the bar's end, e.g. "66.7%"; NULL or "":
	                         * the words' no_data */
	const char *detail;     /* the row in words for the text alternative, e.g.
	                         * "66.7% (target 70%): met"; NULL: value_text */
};

/* svg_target_chart: appends to out a chart of horizontal bars on a 0-100%
 * scale, one row per target in the order given, each with a mark at its
 * target and its value_text at the right. id and words as for
 * svg_line_chart. nbars 0 draws an empty chart saying so. */
void svg_target_chart(struct buf *out, const char *id, const char *title,
                      const struct svg_target *bars, size_t nbars, const struct svg_words *words);

#endif
