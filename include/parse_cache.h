/* parse_cache.h: a record file as the loader sees it, read and parsed once
 * per version of the file (SPEC §8 "Caches are not the site").
 *
 * The loader (records.c) asks for each record file through src_record:
 * the file read (within the size limit), its text checked, a note split at
 * its front matter, the YAML parsed into a tree (ydoc.h), and the problems
 * found on the way. That is a function of the file's bytes alone, so it is
 * kept under the cache folder (cache.h), keyed by the file's identity: in
 * the working tree its path, size, inode, and modification and change
 * times to the nanosecond; in git (--at, the index) its blob id. The next
 * run takes the tree from the cache for every file that is the same, and
 * reads none of it. What the loader makes of a tree (the records) is made
 * afresh each run, so a key added to the records needs nothing here.
 *
 * The cache is a set of shard files, each read whole and replaced whole
 * (write to a temporary file, then rename): a reader never sees half of
 * one. Each names the build of the program that wrote it and carries a
 * checksum; one from another build, damaged or cut short is not used and
 * is written again. Nothing here ever fails a command: a cache that cannot
 * be read is a cache that is empty, one that cannot be written is not
 * written. Deleting it changes no output. */
#ifndef CASELOAD_PARSE_CACHE_H
#define CASELOAD_PARSE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "source.h"
#include "ydoc.h"

/* What src_record made of one record file. */
struct precord {
	int r;               /* SRC_OK; or src_read's SRC_ETOOBIG (the size in len), SRC_ENOENT
	                      * or SRC_EIO (the reason in the source's err) */
	size_t len;          /* the file's size */
	int text;            /* the text passed ydoc_text_check */
	int fm;              /* a note: ydoc_front_matter's result (YFM_OK...) */
	struct yfront front; /* a note: where its front matter and body are */
	int parsed;          /* the YAML parsed: doc holds the tree (NULL root: empty) */
	struct ydoc doc;
	int body_blank;   /* a note: the body is empty or only white space */
	const char *body; /* a note, when bodies are read: the body, NUL-terminated */
	size_t body_len;
	char *text_buf; /* owns body (precord_free frees it) */
};

enum { PREC_YAML = 0, PREC_NOTE = 1 };

/* src_record: the record file rel (kind PREC_YAML or PREC_NOTE) of src into
 * *out, the problems of its text and YAML appended to d (file rel), from the
 * cache when src has one and it holds this version of the file. With
 * want_body a note's body is read too (from the file: it is not cached).
 * Free out with precord_free (the tree with it, unless taken). */
void src_record(struct source *src, const char *rel, int kind, int want_body, struct diags *d,
                struct precord *out);
void precord_free(struct precord *pr);
/* src_note_body: the body of note rel (what follows its front matter, after
 * a BOM), read from src now and never through the cache; NULL when it
 * cannot be read or has no front matter. The caller frees it. */
char *src_note_body(struct source *src, const char *rel);

/* src_cache_open: gives src (just opened) the parse cache of the caseload
 * at root, in the folder dir (cache.h's cache_dir; NULL: no cache). Files
 * changed in the last seconds before now are not put in the cache (their
 * times may not show a change that follows at once). */
void src_cache_open(struct source *src, const char *dir, const char *root);
/* src_cache_save: writes the shards that changed: new files, and with full
 * (every record of the caseload was asked for) without those no longer
 * there. Failing to write is not an error. */
void src_cache_save(struct source *src, int full);
/* src_cache_close: frees the cache (unsaved changes are dropped). */
void src_cache_close(struct source *src);

/* What src_record found in the cache, for tests and the benchmark. */
struct pcache_stats {
	size_t hits, misses, stored, shards_read, shards_bad, shards_written;
};
void src_cache_stats(const struct source *src, struct pcache_stats *st);

#endif
