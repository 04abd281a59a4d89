/* harness.h: what the fuzz targets share: an in-memory struct source (files in
 * a table, so the loader runs without touching the disk), a valid base
 * caseload, and checks of everything the loader returns. */
#ifndef CASELOAD_FUZZ_HARNESS_H
#define CASELOAD_FUZZ_HARNESS_H

#include <stddef.h>

#include "records.h"
#include "source.h"
#include "ydoc.h"

struct memfile {
	const char *path;   /* relative to the caseload folder */
	const char *data;   /* not NUL-terminated; may hold anything */
	size_t len;
	enum src_type type; /* SRC_FILE, SRC_OTHER or SRC_BADLINK */
};

/* memsrc_open: a source over files[0..n), which must outlive it. Folders are
 * implied by the paths. Close with source_close. */
void memsrc_open(struct source *src, const struct memfile *files, size_t n);

/* The fixed, valid caseload the fuzz targets put their input into
 * (as of 2026-05-15 it checks clean but for its one symlink out). */
extern const struct memfile memsrc_base[];
extern const size_t memsrc_nbase;
#define HARNESS_AS_OF 20588 /* 2026-05-15 */

/* harness_files: memsrc_base with file (path, data, len) added, or in place
 * of the base file of that path. Returns the table (the caller frees it,
 * not the strings) and its length in *n. */
struct memfile *harness_files(const char *path, const char *data, size_t len, size_t *n);

/* harness_load: loads files[0..n) (only the cases named in only[0..nonly)),
 * then checks what came back: every diagnostic well formed, every string of
 * the model readable, the text and JSON writers' output sound; then calls
 * inspect (unless NULL) on the loaded caseload. Aborts on a broken
 * invariant. Returns the number of diagnostics. */
size_t harness_load(const struct memfile *files, size_t n, char *const *only, size_t nonly,
                    void (*inspect)(const struct caseload *cl, void *arg), void *arg);

/* harness_check_tree: aborts unless every node under n is well formed:
 * positions at or after line min_line, strings present, keys unique,
 * depth within YDOC_MAX_DEPTH. */
void harness_check_tree(const struct ynode *n, int min_line, int depth);

#define HARNESS_ASSERT(c)                                                              \
	do {                                                                           \
		if (!(c))                                                              \
			harness_fail(__FILE__, __LINE__, #c);                          \
	} while (0)
void harness_fail(const char *file, int line, const char *what) __attribute__((noreturn));

#endif
