/* fuzz_note.c: a progress note, front matter and Markdown, loaded into a
 * valid caseload as cases/rb-001/notes/2026-05-03-visit.md. Besides the
 * harness's checks: a loaded note's body is exactly the text after the
 * closing '---' line, its body_line is the line that text starts on, and
 * cmark renders it (as the site will) without raw HTML or script links. */
#include <cmark.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "harness.h"

#define NOTE "cases/rb-001/notes/2026-05-03-visit.md"

struct input {
	const char *text;
	size_t len;
};

/* contains_ci: 1 when s holds needle, ignoring ASCII case. */
static int
contains_ci(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	for (; *s; s++)
		if (strncasecmp(s, needle, n) == 0)
			return 1;
	return 0;
}

static void
inspect(const struct caseload *cl, void *arg)
{
	const struct input *in = arg;
	const struct case_record *c = cl_case(cl, "rb-001");
	HARNESS_ASSERT(c != NULL);
	for (size_t i = 0; i < c->nnotes; i++) {
		const struct note *n = &c->notes[i];
		if (strcmp(n->file, NOTE) != 0)
			continue;
		size_t bl = strlen(n->body);
		size_t skip = in->len >= 3 && memcmp(in->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
		HARNESS_ASSERT(bl <= in->len - skip);
		HARNESS_ASSERT(memcmp(in->text + in->len - bl, n->body, bl) == 0);
		int line = 1;
		for (size_t k = skip; k < in->len - bl; k++)
			line += in->text[k] == '\n';
		/* a body that is empty at the very end may start on the line after */
		HARNESS_ASSERT(n->body_line == line || (bl == 0 && n->body_line == line + 1));
		char *html = cmark_markdown_to_html(n->body, bl, CMARK_OPT_DEFAULT);
		HARNESS_ASSERT(html != NULL);
		HARNESS_ASSERT(!contains_ci(html, "<script"));
		HARNESS_ASSERT(!contains_ci(html, "href=\"javascript:"));
		free(html);
		return;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {(const char *)data, size};
	size_t n;
	struct memfile *v = harness_files(NOTE, in.text, size, &n);
	harness_load(v, n, NULL, 0, inspect, &in);
	free(v);
	return 0;
}
