/* cmd.h: what main.c hands to each command. A command returns its exit code
 * (0, 1 or 2, as SPEC says); only main calls exit. */
#ifndef CASELOAD_CMD_H
#define CASELOAD_CMD_H

#include "records.h"
#include "source.h"

/* The global options, set once in main. */
struct globals {
	const char *dir;   /* -C DIR, or NULL */
	const char *at;    /* --at REV, or NULL */
	int as_of;         /* --as-of, or today */
};

/* A command's view of the caseload it runs on. */
struct session {
	const struct globals *g;
	char *root;        /* absolute path of the caseload folder */
	struct source src; /* the working tree, or the git tree of --at */
};

/* session_find_root: the caseload folder, absolute: dir itself (-C), which
 * must hold caseload.yaml, or with dir NULL the nearest folder upward from the
 * current one that does. NULL after a message on stderr. The caller frees it. */
char *session_find_root(const char *dir);
/* session_load: loads the records (only the cases named, when nonly > 0).
 * Returns 0, or 2 after a message on stderr (unknown case, unreadable). */
int session_load(struct session *s, struct caseload *cl, char *const *only, size_t nonly);
/* session_known_ids: ids[0..n) joined by ", " for a message, the first 20
 * and then "and N more" ("none yet" for none). The caller frees it. */
char *session_known_ids(const char *const *ids, size_t n);
/* session_unknown_id: says on stderr that id is no `what` among ids[0..n):
 * "caseload CMD: no WHAT 'ID'; did you mean 'X'? Known: a, b". */
void session_unknown_id(const char *cmd, const char *what, const char *id,
                        const char *const *ids, size_t n);
/* records_warn: for due and export, one line on stderr when the records have
 * problems, pointing to `caseload check`. */
void records_warn(const struct caseload *cl);

int cmd_check(struct session *s, int argc, char **argv);
int cmd_due(struct session *s, int argc, char **argv);
int cmd_build(struct session *s, int argc, char **argv);
int cmd_audit(struct session *s, int argc, char **argv);
int cmd_export(struct session *s, int argc, char **argv);
/* init and new take no session: init makes one, new finds its own. */
int cmd_init(const struct globals *g, int argc, char **argv);
int cmd_new(const struct globals *g, int argc, char **argv);

#endif
