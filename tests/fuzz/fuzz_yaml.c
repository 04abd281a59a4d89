/* fuzz_yaml.c: the YAML loader on any bytes. Each input is parsed on its own
 * (ydoc_text_check, ydoc_parse, then the tree is checked), and then loaded as
 * one file of a valid caseload through the whole schema path (records.c,
 * check.c, the writers). The first byte picks the file:
 *   0 caseload.yaml          4 cases/fz/assessments/2026-04-01.yaml
 *   1 resources/fz.yaml      5 cases/fz/notes/2026-04-02-phone.md
 *   2 cases/fz/case.yaml     6 cases/rb-001/plan.yaml (in place of the base plan)
 *   3 cases/fz/plan.yaml     7 several: the rest split at lines '%%' into
 *                              caseload.yaml, case.yaml, plan.yaml, an assessment
 *                              and a note, all in place of the base files
 * Bit 3 of the first byte loads only the case in question (check CASE). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const char *const slots[] = {
	"caseload.yaml",
	"resources/fz.yaml",
	"cases/fz/case.yaml",
	"cases/fz/plan.yaml",
	"cases/fz/assessments/2026-04-01.yaml",
	"cases/fz/notes/2026-04-02-phone.md",
	"cases/rb-001/plan.yaml",
};

static const char fz_case[] = "client:\n  name: Fuzz\nprogram: outreach\nworker: noor\n"
                              "opened: 2026-03-01\nstatus: open\n";

static void
parse_alone(const uint8_t *data, size_t size, int line_offset)
{
	struct diags d = {0};
	struct ydoc doc;
	long start = ydoc_text_check("x.yaml", (const char *)data, size, &d);
	if (start >= 0) {
		/* ydoc_parse wants text without a BOM; give it its own copy so that
		 * reads past the end are caught */
		size_t n = size - (size_t)start;
		char *text = malloc(n ? n : 1);
		memcpy(text, data + start, n);
		if (ydoc_parse("x.yaml", text, n, line_offset, &d, &doc) == 0) {
			harness_check_tree(doc.root, 1 + line_offset, 1);
			ydoc_free(&doc);
		} else {
			HARNESS_ASSERT(doc.root == NULL && d.n > 0);
		}
		free(text);
	} else {
		HARNESS_ASSERT(d.n == 1 && strcmp(d.v[0].code, "encoding") == 0);
	}
	/* the parser's positions are shifted by line_offset (text_check's are not) */
	for (size_t i = 0; start >= 0 && i < d.n; i++)
		HARNESS_ASSERT(d.v[i].line == 0 || d.v[i].line >= 1 + line_offset);
	diag_free(&d);
}

/* load_several: splits text at lines "%%" into the files of the case fz. */
static void
load_several(const char *text, size_t len, int only)
{
	static const char *const paths[] = {"caseload.yaml", "cases/fz/case.yaml",
	                                    "cases/fz/plan.yaml",
	                                    "cases/fz/assessments/2026-04-01.yaml",
	                                    "cases/fz/notes/2026-04-02-phone.md"};
	const size_t np = sizeof(paths) / sizeof(paths[0]);
	struct memfile *v = malloc((memsrc_nbase + np) * sizeof(*v));
	size_t n = 0, part = 0, start = 0;
	for (size_t i = 0; i < memsrc_nbase; i++)
		if (strcmp(memsrc_base[i].path, "caseload.yaml") != 0)
			v[n++] = memsrc_base[i];
	for (size_t i = 0; i <= len && part < np; i++) {
		int end = i == len;
		if (!end && !(text[i] == '%' && i + 2 < len && text[i + 1] == '%' &&
		              text[i + 2] == '\n' && (i == 0 || text[i - 1] == '\n')))
			continue;
		v[n++] = (struct memfile){paths[part++], text + start, i - start, SRC_FILE};
		start = i + 3;
		i += 2;
	}
	if (part < 2)
		v[n++] = (struct memfile){"cases/fz/case.yaml", fz_case, sizeof(fz_case) - 1,
		                          SRC_FILE};
	char *one[] = {"fz"};
	harness_load(v, n, one, only ? 1 : 0, NULL, NULL);
	free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned sel = data[0];
	const char *text = (const char *)data + 1;
	size_t len = size - 1;

	parse_alone(data + 1, len, (sel >> 4) & 1);

	if ((sel & 7) == 7) {
		load_several(text, len, sel & 8);
		return 0;
	}
	const char *path = slots[sel & 7];
	size_t n;
	struct memfile *v = harness_files(path, text, len, &n);
	if ((sel & 7) >= 3 && (sel & 7) <= 5) {
		v = realloc(v, (n + 1) * sizeof(*v));
		v[n++] = (struct memfile){"cases/fz/case.yaml", fz_case, sizeof(fz_case) - 1,
		                          SRC_FILE};
	}
	char *one[] = {(sel & 7) == 6 ? "rb-001" : "fz"};
	harness_load(v, n, one, (sel & 8) && (sel & 7) >= 2 ? 1 : 0, NULL, NULL);
	free(v);
	return 0;
}
