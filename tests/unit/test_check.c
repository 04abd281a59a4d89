/* test_check.c: check's rules (check.h) on caseloads written to a temporary
 * folder, each problem asserted with its file, line and column; and the
 * order of a plan's goals, against the simple algorithm it replaced. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "check.h"
#include "records.h"
#include "util.h"
#include "write.h"

/* ---- the order of goals ---- */

/* plan_of: a plan of goals "id:after1,after2 id2: ..." (no steps); "-" is
 * a goal without an id. The caller frees it with free_plan. */
static struct plan
plan_of(const char *spec)
{
	struct plan pl = {0};
	char *s = xstrdup(spec);
	size_t cap = 0;
	for (char *save = NULL, *g = strtok_r(s, " ", &save); g; g = strtok_r(NULL, " ", &save)) {
		VEC_GROW(pl.goals, pl.ngoals, cap);
		struct goal *gl = &pl.goals[pl.ngoals++];
		memset(gl, 0, sizeof(*gl));
		char *colon = strchr(g, ':');
		if (colon)
			*colon = '\0';
		gl->id = strcmp(g, "-") == 0 ? NULL : xstrdup(g);
		if (colon && colon[1]) {
			for (char *sv = NULL, *a = strtok_r(colon + 1, ",", &sv); a;
			     a = strtok_r(NULL, ",", &sv)) {
				gl->after = xreallocarray(gl->after, gl->nafter + 1, sizeof(char *));
				gl->after[gl->nafter++] = xstrdup(a);
			}
		}
	}
	free(s);
	return pl;
}

static void
free_plan(struct plan *pl)
{
	for (size_t i = 0; i < pl->ngoals; i++) {
		for (size_t a = 0; a < pl->goals[i].nafter; a++)
			free(pl->goals[i].after[a]);
		free(pl->goals[i].after);
		free(pl->goals[i].id);
	}
	free(pl->goals);
}

/* old_order: the order as the site computed it before (quadratic passes of
 * a scan): repeatedly the first goal in plan order whose goals to build on
 * are all placed; in a cycle, the first not placed. The reference. */
static void
old_order(const struct plan *pl, size_t *order)
{
	size_t n = pl->ngoals, k = 0;
	unsigned char *placed = xcalloc(n ? n : 1, 1);
	while (k < n) {
		size_t pick = n;
		for (size_t i = 0; i < n && pick == n; i++) {
			if (placed[i])
				continue;
			const struct goal *g = &pl->goals[i];
			int ready = 1;
			for (size_t a = 0; a < g->nafter && ready; a++)
				for (size_t j = 0; j < n; j++)
					if (!placed[j] && j != i && pl->goals[j].id &&
					    strcmp(pl->goals[j].id, g->after[a]) == 0) {
						ready = 0;
						break;
					}
			if (ready)
				pick = i;
		}
		if (pick == n)
			for (size_t i = 0; i < n; i++)
				if (!placed[i]) {
					pick = i;
					break;
				}
		placed[pick] = 1;
		order[k++] = pick;
	}
	free(placed);
}

static void
new_order(const struct plan *pl, size_t *order)
{
	struct goal_index ix;
	goal_index_make(&ix, pl);
	goal_order(pl, &ix, order);
	goal_index_free(&ix);
}

/* order_str: the goal ids in goal_order's order, space-separated. */
static char *
order_str(const char *spec)
{
	struct plan pl = plan_of(spec);
	size_t order[32];
	new_order(&pl, order);
	struct buf b = {0};
	for (size_t i = 0; i < pl.ngoals; i++) {
		if (i)
			buf_putc(&b, ' ');
		buf_puts(&b, pl.goals[order[i]].id ? pl.goals[order[i]].id : "-");
	}
	free_plan(&pl);
	return buf_detach(&b);
}

#define assert_order(spec, want)                   \
	do {                                       \
		char *got_ = order_str(spec);      \
		assert_string_equal(got_, (want)); \
		free(got_);                        \
	} while (0)

static void
test_goal_order(void **state)
{
	(void)state;
	assert_order("a b c", "a b c");
	/* a goal comes after the goals it builds on */
	assert_order("home:income,work income work", "income work home");
	assert_order("c:b b:a a", "a b c");
	/* ties keep plan order */
	assert_order("x:z y z", "y z x");
	/* unknown goals named in after are ignored */
	assert_order("a:nope b", "a b");
	/* a cycle: the rest in plan order, after what can be placed */
	assert_order("a:b b:a c", "c a b");
	assert_order("", "");
	/* a goal that names itself waits for nothing */
	assert_order("a:a b", "a b");
	/* two goals with one id: a goal after it waits for both */
	assert_order("c:x x:b x b", "x b x c");
	/* a goal of a shared id after that id waits for the other one */
	assert_order("x:x x", "x x");
	assert_order("x:x y:x x:b b", "b x x y");
	/* goals without ids are placed in plan order */
	assert_order("-:a - a", "- a -");
}

/* test_goal_order_long_chain: 4,000 goals, each building on the next: the
 * last comes first. (The old order took cubic time here: 37 s to build.) */
static void
test_goal_order_long_chain(void **state)
{
	(void)state;
	size_t n = 4000;
	struct plan pl = {0};
	pl.goals = xcalloc(n, sizeof(*pl.goals));
	pl.ngoals = n;
	for (size_t i = 0; i < n; i++) {
		pl.goals[i].id = xasprintf("g%zu", i);
		if (i + 1 < n) {
			pl.goals[i].after = xmalloc(sizeof(char *));
			pl.goals[i].after[0] = xasprintf("g%zu", i + 1);
			pl.goals[i].nafter = 1;
		}
	}
	size_t *order = xmalloc(n * sizeof(*order));
	new_order(&pl, order);
	for (size_t k = 0; k < n; k++)
		assert_int_equal(order[k], n - 1 - k);
	free(order);
	free_plan(&pl);
}

/* test_goal_order_random: random small plans (shared ids, cycles, goals
 * naming themselves or nothing) in the order of the old algorithm. */
static void
test_goal_order_random(void **state)
{
	(void)state;
	static const char *const ids[] = {"a", "b", "c", "d", "e", "-"};
	unsigned seed = 12345;
	for (int round = 0; round < 5000; round++) {
		struct buf spec = {0};
		seed = seed * 1103515245u + 12345u;
		size_t n = (seed >> 16) % 9;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			buf_printf(&spec, "%s%s", i ? " " : "", ids[(seed >> 16) % 6]);
			seed = seed * 1103515245u + 12345u;
			size_t na = (seed >> 16) % 4;
			for (size_t a = 0; a < na; a++) {
				seed = seed * 1103515245u + 12345u;
				buf_printf(&spec, "%s%s", a ? "," : ":", ids[(seed >> 16) % 5]);
			}
		}
		struct plan pl = plan_of(spec.s ? spec.s : "");
		size_t want[16], got[16];
		old_order(&pl, want);
		new_order(&pl, got);
		for (size_t i = 0; i < pl.ngoals; i++)
			if (want[i] != got[i])
				fail_msg("plan '%s': position %zu is goal %zu, not %zu", spec.s, i,
				         got[i], want[i]);
		free_plan(&pl);
		buf_free(&spec);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_goal_order),
		cmocka_unit_test(test_goal_order_long_chain),
		cmocka_unit_test(test_goal_order_random),
	};
	return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
