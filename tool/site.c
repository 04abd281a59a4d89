/* site.c: `caseload build`: finds and loads the templates and the labels of
 * the site's language, indexes the records once, has site_pages.c render
 * every page into a temporary folder beside the output (case pages on
 * several threads), and swaps that folder in whole. Nothing here reads the
 * clock or depends on the order of a directory listing, so the same records,
 * templates and as-of give the same bytes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "markdown.h"
#include "site.h"
#include "write.h"
#include "ydoc.h"

#ifndef CASELOAD_DATADIR
#define CASELOAD_DATADIR "/usr/local/share/caseload"
#endif

/* The templates every site needs; a folder given with --templates must have
 * them all. */
static const char *const page_templates[] = {
	"audit", "case", "cases", "dashboard", "due", "outcomes", "problems",
	"resources", "worker", "workers", NULL,
};
/* Files copied as they are from the templates folder into the site. */
static const char *const assets[] = {"site.css", "site.js", NULL};

/* The marker that says a folder is a site this program wrote, so that a
 * build never replaces a folder of something else. */
#define SITE_MARKER ".caseload-site"

/* ---- small helpers ---- */

void
site_fail(struct site *s, const char *fmt, ...)
{
	va_list ap;
	pthread_mutex_lock(s->lock);
	if (!s->failed) {
		va_start(ap, fmt);
		buf_vprintf(&s->err, fmt, ap);
		va_end(ap);
	}
	s->failed = 1;
	pthread_mutex_unlock(s->lock);
}

const char *
site_date(int d, char out[11])
{
	if (d == DATE_NONE)
		out[0] = '\0';
	else
		date_format(d, out);
	return out;
}

void
site_case_href(struct buf *b, const char *from, const char *id)
{
	struct buf p = {0};
	buf_printf(&p, "cases/%s/index.html", id);
	md_relative(b, from, p.s);
	buf_free(&p);
}

static int
is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- templates folder ---- */

char *
site_find_templates(const char *opt, struct buf *err)
{
	if (opt) {
		if (!is_dir(opt)) {
			buf_printf(err, "--templates %s: not a folder", opt);
			return NULL;
		}
		return xstrdup(opt);
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			char *t = xasprintf("%s/../templates", exe);
			char *probe = xasprintf("%s/case.html", t);
			struct stat st;
			int ok = stat(probe, &st) == 0;
			free(probe);
			if (ok)
				return t;
			free(t);
		}
	}
	if (is_dir(CASELOAD_DATADIR))
		return xstrdup(CASELOAD_DATADIR);
	buf_printf(err, "no templates: neither templates/ beside the program nor %s; "
	                "give --templates DIR",
	           CASELOAD_DATADIR);
	return NULL;
}

/* ---- labels ---- */

static int
label_cmp(const void *a, const void *b)
{
	return strcmp(((const struct label *)a)->key, ((const struct label *)b)->key);
}

static const struct label *
label_find(const struct label *v, size_t n, const char *key)
{
	struct label k = {key, NULL};
	return n ? bsearch(&k, v, n, sizeof(*v), label_cmp) : NULL;
}

const char *
lab(const struct site *s, const char *key)
{
	const struct label *l = label_find(s->labels, s->nlabels, key);
	return l ? l->text : key;
}

const char *
lab_enum(const struct site *s, const char *prefix, const char *name)
{
	char key[96];
	if (!name)
		return "";
	snprintf(key, sizeof(key), "%s%s", prefix, name);
	const struct label *l = label_find(s->labels, s->nlabels, key);
	return l ? l->text : name;
}

const char *
lab_put(const struct site *s, struct buf *b, const char *key, long n, const char *x)
{
	const char *t = lab(s, key);
	while (*t) {
		if (strncmp(t, "{n}", 3) == 0) {
			buf_printf(b, "%ld", n);
			t += 3;
		} else if (strncmp(t, "{x}", 3) == 0) {
			buf_puts(b, x ? x : "");
			t += 3;
		} else {
			buf_putc(b, *t++);
		}
	}
	if (!b->s)
		buf_add(b, "", 0);
	return b->s;
}

/* load_labels_file: adds the labels of path to *v, replacing those already
 * there. Returns 0, or -1 with a message. */
static int
load_labels_file(struct site *s, const char *path, struct label **v, size_t *n, size_t *cap,
                 struct buf *err)
{
	struct buf text = {0};
	if (read_file(path, 0, &text) < 0) {
		buf_printf(err, "%s: %s", path, strerror(errno ? errno : EIO));
		buf_free(&text);
		return -1;
	}
	struct diags d = {0};
	struct ydoc doc = {0};
	long start = ydoc_text_check(path, text.s, text.len, &d);
	int rc = -1;
	if (start >= 0 &&
	    ydoc_parse(path, text.s + start, text.len - (size_t)start, 0, &d, &doc) == 0) {
		const struct ynode *root = doc.root;
		if (!root || root->type != YN_MAP) {
			buf_printf(err, "%s:1: the labels must be a mapping of key: text", path);
		} else {
			rc = 0;
			for (size_t i = 0; i < root->n && rc == 0; i++) {
				const struct ynode *k = root->kids[2 * i], *val = root->kids[2 * i + 1];
				if (k->type != YN_SCALAR || val->type != YN_SCALAR) {
					buf_printf(err, "%s:%d: a label is one line of text", path,
					           val->line);
					rc = -1;
					break;
				}
				/* one line: a label must not break the template's lines */
				char *t = arena_strndup(&s->arena, val->str, val->len);
				for (char *p = t; *p; p++)
					if (*p == '\n' || *p == '\r')
						*p = ' ';
				size_t j;
				for (j = 0; j < *n && strcmp((*v)[j].key, k->str) != 0; j++)
					;
				if (j == *n) {
					VEC_GROW(*v, *n, *cap);
					(*v)[(*n)++].key = arena_strdup(&s->arena, k->str);
				}
				(*v)[j].text = t;
			}
		}
	}
	if (rc < 0 && !err->len && d.n) {
		diag_sort(&d);
		buf_printf(err, "%s:%d:%d: %s (%s)", d.v[0].file, d.v[0].line, d.v[0].col,
		           d.v[0].message, d.v[0].code);
	} else if (rc < 0 && !err->len) {
		buf_printf(err, "%s: cannot read the labels", path);
	}
	ydoc_free(&doc);
	diag_free(&d);
	buf_free(&text);
	return rc;
}

/* load_labels: English, then the site's language over it. 0 or -1. */
static int
load_labels(struct site *s, struct buf *err)
{
	struct label *v = NULL;
	size_t n = 0, cap = 0;
	char *en = xasprintf("%s/labels/en.yaml", s->tdir);
	int rc = load_labels_file(s, en, &v, &n, &cap, err);
	free(en);
	if (rc == 0 && strcmp(s->lang, "en") != 0) {
		char *p = xasprintf("%s/labels/%s.yaml", s->tdir, s->lang);
		rc = load_labels_file(s, p, &v, &n, &cap, err);
		free(p);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), label_cmp);
	s->labels = v;
	s->nlabels = n;
	return rc;
}

/* ---- templates ---- */

/* subst_labels: text with every {{l.key}} replaced by the label, escaped
 * for HTML (and '{' so that it cannot open a tag), into out. Labels are the
 * same on every page, so they are put in once here rather than into each
 * page's context. Returns 0, or -1 with "path:line: unknown label" in err. */
static int
subst_labels(const struct site *s, const char *path, const char *text, size_t len,
             struct buf *out, struct buf *err)
{
	size_t i = 0, line = 1, from = 0;
	while (i < len) {
		if (text[i] == '\n') {
			line++;
			i++;
			continue;
		}
		if (text[i] != '{' || i + 1 >= len || text[i + 1] != '{' ||
		    (i + 2 < len && text[i + 2] == '{')) {
			i++;
			continue;
		}
		size_t j = i + 2;
		while (j < len && text[j] == ' ')
			j++;
		if (j + 2 > len || text[j] != 'l' || text[j + 1] != '.') {
			i++;
			continue;
		}
		size_t k0 = j + 2, k = k0;
		while (k < len && (text[k] == '_' || text[k] == '-' || (text[k] >= '0' && text[k] <= '9') ||
		                   ((text[k] | 0x20) >= 'a' && (text[k] | 0x20) <= 'z')))
			k++;
		size_t e = k;
		while (e < len && text[e] == ' ')
			e++;
		if (k == k0 || e + 2 > len || text[e] != '}' || text[e + 1] != '}') {
			i++;
			continue;
		}
		char *key = xstrndup(text + k0, k - k0);
		const struct label *l = label_find(s->labels, s->nlabels, key);
		if (!l) {
			buf_printf(err, "%s:%zu: unknown label '%s'", path, line, key);
			free(key);
			return -1;
		}
		free(key);
		buf_add(out, text + from, i - from);
		for (const char *p = l->text; *p; p++) {
			if (*p == '{')
				buf_puts(out, "&#123;");
			else
				buf_html(out, p, 1);
		}
		i = from = e + 2;
	}
	buf_add(out, text + from, len - from);
	return 0;
}

static int
cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* name_messages: err's messages "name:line: what" from the engine, with
 * each template's name made its path. */
static void
name_messages(const char *dir, const char *msgs, struct buf *err)
{
	const char *p = msgs;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		size_t c = strcspn(p, ":\n");
		if (c < n && c > 0) {
			if (err->len)
				buf_putc(err, '\n');
			buf_printf(err, "%s/%.*s.html%.*s", dir, (int)c, p, (int)(n - c), p + c);
		} else if (n) {
			if (err->len)
				buf_putc(err, '\n');
			buf_add(err, p, n);
		}
		p += n + (nl ? 1 : 0);
	}
}

/* load_templates: every *.html of the templates folder, labels put in,
 * parsed and linked, and the pages all there. 0 or -1 with messages. */
static int
load_templates(struct site *s, struct buf *err)
{
	DIR *d = opendir(s->tdir);
	if (!d) {
		buf_printf(err, "%s: %s", s->tdir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (de->d_name[0] == '.' || l <= 5 || strcmp(de->d_name + l - 5, ".html") != 0)
			continue;
		VEC_GROW(names, n, cap);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_strp);
	s->tpl = tpl_set_new();
	struct buf text = {0}, sub = {0}, msg = {0};
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *path = xasprintf("%s/%s", s->tdir, names[i]);
		buf_reset(&text);
		buf_reset(&sub);
		if (read_file(path, 0, &text) < 0) {
			buf_printf(err, "%s: %s", path, strerror(errno ? errno : EIO));
			rc = -1;
		} else if (subst_labels(s, path, text.s, text.len, &sub, err) < 0) {
			rc = -1;
		} else {
			char *name = xstrndup(names[i], strlen(names[i]) - 5);
			if (tpl_add(s->tpl, name, sub.s ? sub.s : "", sub.len, &msg) < 0) {
				name_messages(s->tdir, msg.s, err);
				rc = -1;
			}
			free(name);
		}
		free(path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc == 0 && tpl_link(s->tpl, &msg) < 0) {
		name_messages(s->tdir, msg.s, err);
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && page_templates[i]; i++)
		if (!tpl_has(s->tpl, page_templates[i])) {
			buf_printf(err, "%s/%s.html: missing template", s->tdir, page_templates[i]);
			rc = -1;
		}
	buf_free(&text);
	buf_free(&sub);
	buf_free(&msg);
	return rc;
}

/* ---- writing ---- */

/* mkdir_parent: makes the missing folders that path (a file's, relative to
 * dirfd) lies in. 0 or -1. */
static int
mkdir_parent(int dirfd, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return 0;
	char *dir = xstrndup(path, (size_t)(slash - path));
	int r = mkdir_p(dirfd, dir, 0755, NULL);
	free(dir);
	return r;
}

/* same_as_old: 1 when the previous site has a file at path holding exactly
 * data[0..len), written by a build (mode 0644) and linked nowhere else. */
static int
same_as_old(const struct site *s, const char *path, const char *data, size_t len)
{
	if (s->olddirfd < 0)
		return 0;
	int fd = openat(s->olddirfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	struct stat st;
	int same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0644 &&
	           st.st_nlink == 1 && (size_t)st.st_size == len;
	char chunk[65536];
	size_t off = 0;
	while (same && off < len) {
		ssize_t r = read(fd, chunk, len - off < sizeof(chunk) ? len - off : sizeof(chunk));
		if (r <= 0 || memcmp(chunk, data + off, (size_t)r) != 0)
			same = 0;
		else
			off += (size_t)r;
	}
	close(fd);
	return same;
}

int
site_write(struct site *s, const char *path, const char *data, size_t len)
{
	/* a file the previous site already has, byte for byte, is linked from
	 * there instead of written again: the result is the same folder */
	if (same_as_old(s, path, data, len)) {
		if (linkat(s->olddirfd, path, s->dirfd, path, 0) == 0)
			return 0;
		if (errno == ENOENT && mkdir_parent(s->dirfd, path) == 0 &&
		    linkat(s->olddirfd, path, s->dirfd, path, 0) == 0)
			return 0;
	}
	int fd = openat(s->dirfd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 && errno == ENOENT && mkdir_parent(s->dirfd, path) == 0)
		fd = openat(s->dirfd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
		            0644);
	if (fd < 0) {
		site_fail(s, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			site_fail(s, "cannot write %s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	if (close(fd) < 0) {
		site_fail(s, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

struct tv *
site_ctx(const struct site *s, const char *path, const char *title, const char *nav)
{
	struct tv *c = tv_map();
	struct buf root = {0};
	for (const char *p = strchr(path, '/'); p; p = strchr(p + 1, '/'))
		buf_puts(&root, "../");
	tv_set_str(c, "root", root.s ? root.s : "");
	buf_free(&root);
	tv_set_str(c, "lang", s->lang);
	tv_set_str(c, "dir", s->dir);
	tv_set_bool(c, "rtl", strcmp(s->dir, "rtl") == 0);
	/* the page, then the organization; cut to 70 characters as written
	 * in the page (escapes count), as long as a tab or a bookmark shows */
	const char *org = s->cl->config.organization ? s->cl->config.organization : "";
	struct buf t = {0};
	buf_puts(&t, title);
	if (*org) {
		buf_puts(&t, " · ");
		buf_puts(&t, org);
	}
	size_t cut = 0, width = 0, keep = 0;
	while (cut < t.len) {
		char ch = t.s[cut];
		size_t w = ch == '&' || ch == '\'' ? 5 : ch == '<' || ch == '>' ? 4 : ch == '"' ? 6 : 1;
		if (width + w > 69 && keep == 0)
			keep = cut;
		if (width + w > 70)
			break;
		width += w;
		cut++;
		while (cut < t.len && (t.s[cut] & 0xC0) == 0x80)
			cut++;
	}
	if (cut < t.len) {
		t.len = keep;
		buf_puts(&t, "…");
	}
	tv_set_str(c, "title", t.s);
	buf_free(&t);
	tv_set_str(c, "org", org);
	char d[11];
	tv_set_str(c, "as_of", site_date(s->cl->as_of, d));
	tv_set_str(c, "version", CASELOAD_VERSION);
	tv_set_bool(c, "redacted", s->o->redact);
	if (nav) {
		char key[64];
		snprintf(key, sizeof(key), "nav_%s", nav);
		tv_set_bool(c, key, 1);
	}
	return c;
}

int
site_render(struct site *s, struct buf *b, const char *tpl, struct tv *ctx, const char *path)
{
	buf_reset(b);
	int rc = tpl_render(s->tpl, tpl, ctx, b);
	tv_free(ctx);
	if (rc < 0) {
		site_fail(s, "%s/%s.html: cannot render %s (a limit was reached)", s->tdir, tpl,
		          path);
		return -1;
	}
	return site_write(s, path, b->s ? b->s : "", b->len);
}

/* copy_assets: the style sheet and script, as they are. */
static int
copy_assets(struct site *s, struct buf *b)
{
	for (size_t i = 0; assets[i]; i++) {
		char *p = xasprintf("%s/%s", s->tdir, assets[i]);
		buf_reset(b);
		int rc = read_file(p, 0, b);
		if (rc < 0)
			site_fail(s, "%s: %s", p, strerror(errno ? errno : EIO));
		free(p);
		if (rc < 0 || site_write(s, assets[i], b->s, b->len) < 0)
			return -1;
	}
	static const char marker[] =
		"This folder is a site written by `caseload build`; the next build replaces it whole.\n";
	return site_write(s, SITE_MARKER, marker, sizeof(marker) - 1);
}

/* ---- indexes ---- */

static int
diag_idx_cmp(const void *pa, const void *pb, void *arg)
{
	const struct caseload *cl = arg;
	return diag_order(&cl->diags.v[*(const size_t *)pa], &cl->diags.v[*(const size_t *)pb]);
}

/* case_of_path: the index of the case a record path belongs to
 * (cases/<id>/...), or (size_t)-1. */
static size_t
case_of_path(const struct caseload *cl, const char *path)
{
	if (strncmp(path, "cases/", 6) != 0)
		return (size_t)-1;
	const char *id = path + 6;
	size_t n = strcspn(id, "/");
	char tmp[80];
	if (n == 0 || n >= sizeof(tmp))
		return (size_t)-1;
	memcpy(tmp, id, n);
	tmp[n] = '\0';
	const struct case_record *c = cl_case(cl, tmp);
	return c ? (size_t)(c - cl->cases) : (size_t)-1;
}

/* id_pos: the position of id in a sorted array of (id, index) pairs. */
struct idpos {
	const char *id;
	size_t i;
};

static int
idpos_cmp(const void *a, const void *b)
{
	return strcmp(((const struct idpos *)a)->id, ((const struct idpos *)b)->id);
}

static size_t
idpos_find(const struct idpos *v, size_t n, const char *id)
{
	if (!id || !n)
		return (size_t)-1;
	struct idpos k = {id, 0};
	const struct idpos *r = bsearch(&k, v, n, sizeof(*v), idpos_cmp);
	return r ? r->i : (size_t)-1;
}

/* build_indexes: problems by case, cases by worker, open cases by the
 * resources they are referred to; each list in case order. One pass each. */
static void
build_indexes(struct site *s)
{
	const struct caseload *cl = s->cl;
	s->ci = xcalloc(cl->ncases ? cl->ncases : 1, sizeof(*s->ci));
	for (size_t i = 0; i < cl->ncases; i++)
		s->ci[i].next_due = DATE_NONE;

	size_t nd = cl->diags.n;
	s->diag_order = xmalloc((nd ? nd : 1) * sizeof(size_t));
	for (size_t i = 0; i < nd; i++)
		s->diag_order[i] = i;
	if (nd > 1)
		qsort_r(s->diag_order, nd, sizeof(size_t), diag_idx_cmp, (void *)cl);
	/* sorted by path, so each case's problems are one run */
	for (size_t k = 0; k < nd;) {
		size_t c = case_of_path(cl, cl->diags.v[s->diag_order[k]].file);
		size_t e = k + 1;
		while (e < nd && case_of_path(cl, cl->diags.v[s->diag_order[e]].file) == c)
			e++;
		if (c != (size_t)-1 && s->ci[c].diag_hi == 0) {
			s->ci[c].diag_lo = k;
			s->ci[c].diag_hi = e;
		}
		k = e;
	}

	size_t nw = cl->config.nworkers, nr = cl->nresources;
	struct idpos *w = xmalloc((nw ? nw : 1) * sizeof(*w));
	for (size_t i = 0; i < nw; i++)
		w[i] = (struct idpos){cl->config.workers[i].id, i};
	qsort(w, nw, sizeof(*w), idpos_cmp);
	struct idpos *r = xmalloc((nr ? nr : 1) * sizeof(*r));
	for (size_t i = 0; i < nr; i++)
		r[i] = (struct idpos){cl->resources[i].id, i};
	qsort(r, nr, sizeof(*r), idpos_cmp);

	s->worker_cases = xcalloc(nw ? nw : 1, sizeof(size_t *));
	s->nworker_cases = xcalloc(nw ? nw : 1, sizeof(size_t));
	size_t *wcap = xcalloc(nw ? nw : 1, sizeof(size_t));
	s->resource_cases = xcalloc(nr ? nr : 1, sizeof(size_t *));
	s->nresource_cases = xcalloc(nr ? nr : 1, sizeof(size_t));
	size_t *rcap = xcalloc(nr ? nr : 1, sizeof(size_t));
	for (size_t i = 0; i < cl->ncases; i++) {
		const struct case_record *c = &cl->cases[i];
		size_t wi = idpos_find(w, nw, c->worker);
		if (wi != (size_t)-1) {
			VEC_GROW(s->worker_cases[wi], s->nworker_cases[wi], wcap[wi]);
			s->worker_cases[wi][s->nworker_cases[wi]++] = i;
		}
		if (c->status != CASE_OPEN || !c->loaded)
			continue;
		for (size_t g = 0; g < c->plan.ngoals; g++)
			for (size_t t = 0; t < c->plan.goals[g].nsteps; t++) {
				size_t ri = idpos_find(r, nr, c->plan.goals[g].steps[t].who);
				if (ri == (size_t)-1)
					continue;
				size_t m = s->nresource_cases[ri];
				if (m && s->resource_cases[ri][m - 1] == i)
					continue; /* cases come in order: a repeat is the last one */
				VEC_GROW(s->resource_cases[ri], s->nresource_cases[ri], rcap[ri]);
				s->resource_cases[ri][s->nresource_cases[ri]++] = i;
			}
	}
	free(wcap);
	free(rcap);
	free(w);
	free(r);
}

/* item_what: what item it is due, in the site's words, into b. */
static void
item_what(const struct site *s, const struct due_item *it, struct buf *b)
{
	const struct case_record *c = it->c;
	switch (it->kind) {
	case DUE_ASSESSMENT:
		buf_puts(b, lab(s, c->nassessments ? "due_assessment" : "due_first_assessment"));
		break;
	case DUE_PLAN:
		buf_puts(b, lab(s, "due_plan"));
		break;
	case DUE_REVIEW:
		buf_puts(b, lab(s, "due_review"));
		break;
	case DUE_CONTACT:
		buf_puts(b, lab(s, "due_contact"));
		break;
	case DUE_FOLLOWUP:
		lab_put(s, b, "due_followup", 0, it->ref);
		break;
	case DUE_GOAL: {
		const struct goal *g = &c->plan.goals[it->goal];
		buf_printf(b, "%s: %s", lab(s, "due_goal"), g->statement ? g->statement : g->id);
		break;
	}
	case DUE_STEP: {
		const struct step *st = &c->plan.goals[it->goal].steps[it->step];
		buf_printf(b, "%s: %s", lab(s, "due_step"), st->action ? st->action : it->ref);
		break;
	}
	}
	if (!b->s)
		buf_add(b, "", 0);
}

/* due_items: what falls due (due.h), every item ahead included, in the
 * site's words, and each case's slice of it. */
static void
due_items(struct site *s)
{
	const struct caseload *cl = s->cl;
	due_compute(cl, cl->as_of, cl->config.policy.due_window, &s->due);
	s->have_due = 1;
	s->window_end = s->due.window_end;
	s->nitems = s->due.n;
	s->items = xcalloc(s->nitems ? s->nitems : 1, sizeof(*s->items));
	size_t *cap = xcalloc(cl->ncases ? cl->ncases : 1, sizeof(size_t));
	struct buf b = {0};
	for (size_t k = 0; k < s->due.n; k++) {
		const struct due_item *it = &s->due.v[k];
		struct site_item *x = &s->items[k];
		x->c = it->c;
		x->kind = due_kind_names[it->kind];
		x->ref = it->ref;
		x->goal = it->goal;
		x->step = it->step;
		x->due = it->due;
		x->days = it->days;
		x->status = it->status == DUE_OVERDUE ? 0 : it->status == DUE_DUE ? 1 : 2;
		buf_reset(&b);
		item_what(s, it, &b);
		x->what = xstrdup(b.s);
		size_t i = (size_t)(it->c - cl->cases);
		struct case_index *ci = &s->ci[i];
		VEC_GROW(ci->items, ci->nitems, cap[i]);
		ci->items[ci->nitems++] = k;
		ci->noverdue += x->status == 0;
		ci->ndue += x->status <= 1;
		if (ci->next_due == DATE_NONE)
			ci->next_due = x->due; /* in due order: the first is the next */
	}
	buf_free(&b);
	free(cap);
}

static void
free_site(struct site *s)
{
	const struct caseload *cl = s->cl;
	if (s->ci)
		for (size_t i = 0; i < cl->ncases; i++)
			free(s->ci[i].items);
	free(s->ci);
	free(s->diag_order);
	for (size_t i = 0; s->worker_cases && i < cl->config.nworkers; i++)
		free(s->worker_cases[i]);
	free(s->worker_cases);
	free(s->nworker_cases);
	for (size_t i = 0; s->resource_cases && i < cl->nresources; i++)
		free(s->resource_cases[i]);
	free(s->resource_cases);
	free(s->nresource_cases);
	for (size_t i = 0; i < s->nitems; i++)
		free(s->items[i].what);
	free(s->items);
	due_list_free(&s->due);
	findings_free(&s->findings);
	free(s->note_findings);
	free(s->labels);
	tpl_set_free(s->tpl);
	arena_free(&s->arena);
	buf_free(&s->err);
}

/* ---- the history ---- */

/* read_cache: the file at path (a regular file of a sane size) into *data. */
static size_t
read_cache(const char *path, char **data)
{
	*data = NULL;
	int fd = path ? open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) : -1;
	struct stat st;
	if (fd < 0)
		return 0;
	size_t n = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    st.st_size < (off_t)1 << 31) {
		*data = xmalloc((size_t)st.st_size);
		while (n < (size_t)st.st_size) {
			ssize_t r = read(fd, *data + n, (size_t)st.st_size - n);
			if (r <= 0)
				break;
			n += (size_t)r;
		}
		if (n != (size_t)st.st_size)
			n = 0;
	}
	close(fd);
	return n;
}

static void
read_history(struct site_history *sh)
{
	char *data;
	size_t len = read_cache(sh->cache, &data);
	sh->rc = hist_load_cached(&sh->h, sh->root, sh->at, HIST_LINES, data, len, &sh->hit);
	free(data);
	/* with --at the records are those of the revision: nothing is uncommitted */
	if (sh->rc == 0 && !sh->at && !sh->h.unborn)
		sh->rc = hist_uncommitted(&sh->h, &sh->wt, &sh->nwt);
}

static void *
history_job(void *arg)
{
	read_history(arg);
	return NULL;
}

void
site_history_start(struct site_history *sh, const char *root, const char *at, const char *cache)
{
	memset(sh, 0, sizeof(*sh));
	sh->root = xstrdup(root);
	sh->cache = cache ? xstrdup(cache) : NULL;
	sh->at = at;
	sh->rc = -1;
	/* libgit2 was started once by the command's setup (cmd.c); this
	 * thread works on a repository object of its own */
	sh->started = pthread_create(&sh->th, NULL, history_job, sh) == 0;
}

int
site_history_wait(struct site_history *sh)
{
	if (!sh->joined) {
		if (sh->started)
			pthread_join(sh->th, NULL);
		else
			read_history(sh);
		sh->joined = 1;
	}
	return sh->rc;
}

void
site_history_free(struct site_history *sh)
{
	if (!sh->root)
		return;
	site_history_wait(sh);
	hist_wt_free(sh->wt, sh->nwt);
	hist_free(&sh->h);
	free(sh->root);
	free(sh->cache);
	memset(sh, 0, sizeof(*sh));
}

static int
finding_file_cmp(const void *a, const void *b)
{
	const struct finding *x = *(const struct finding *const *)a;
	const struct finding *y = *(const struct finding *const *)b;
	int c = strcmp(x->file, y->file);
	return c ? c : (int)x->kind - (int)y->kind;
}

/* attach_history: waits for the history, then gives each case its commits
 * and collects the audit's findings (the same function `audit` uses), the
 * late and future notes indexed by file. Without a history the pages say
 * why. */
static void
attach_history(struct site *s)
{
	const struct caseload *cl = s->cl;
	if (!s->sh) {
		s->history_why = lab(s, "history_none");
		return;
	}
	struct site_history *sh = s->sh;
	if (site_history_wait(sh) != 0) {
		if (sh->h.norepo) {
			s->history_why = lab(s, "history_none");
		} else {
			struct buf b = {0};
			lab_put(s, &b, "history_error", 0, sh->h.err);
			s->history_why = arena_strdup(&s->arena, b.s);
			buf_free(&b);
		}
		return;
	}
	/* the audit reads old case.yaml blobs from the same repository */
	if (audit_collect(&s->findings, cl, &sh->h, sh->wt, sh->nwt, NULL, 0) != 0) {
		struct buf b = {0};
		lab_put(s, &b, "history_error", 0, sh->h.err);
		s->history_why = arena_strdup(&s->arena, b.s);
		buf_free(&b);
		findings_free(&s->findings);
		sh->rc = -1;
		return;
	}
	s->hist = &sh->h;
	s->have_history = 1;
	for (size_t i = 0; i < cl->ncases; i++)
		s->ci[i].hist = hist_case(&sh->h, cl->cases[i].id);
	/* the files that differ from HEAD are sorted by path: a run per case */
	for (size_t k = 0; k < sh->nwt;) {
		size_t c = case_of_path(cl, sh->wt[k].path), e = k + 1;
		while (e < sh->nwt && case_of_path(cl, sh->wt[e].path) == c)
			e++;
		if (c != (size_t)-1 && s->ci[c].wt_hi == 0) {
			s->ci[c].wt_lo = k;
			s->ci[c].wt_hi = e;
		}
		k = e;
	}
	size_t n = 0;
	s->note_findings = xmalloc((s->findings.n ? s->findings.n : 1) * sizeof(*s->note_findings));
	for (size_t k = 0; k < s->findings.n; k++) {
		const struct finding *f = &s->findings.v[k];
		if ((f->kind == FIND_LATE_NOTE || f->kind == FIND_FUTURE_NOTE) && f->file && f->commit)
			s->note_findings[n++] = f;
	}
	if (n > 1)
		qsort(s->note_findings, n, sizeof(*s->note_findings), finding_file_cmp);
	s->nnote_findings = n;
}

/* save_history: keeps the history in the site for the next build (not in
 * a redacted copy: the cache holds what redaction leaves out). */
static void
save_history(struct site *s, struct buf *b)
{
	if (!s->have_history || s->o->redact || s->hist->unborn || !s->hist->tip[0])
		return;
	buf_reset(b);
	hist_serialize(s->hist, b);
	site_write(s, SITE_HISTORY_CACHE, b->s, b->len);
}

const struct finding *
site_note_finding(const struct site *s, const char *file)
{
	size_t lo = 0, hi = s->nnote_findings;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->note_findings[mid]->file, file);
		if (c == 0)
			return s->note_findings[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- case pages on threads ---- */

struct job {
	struct site *s;
	size_t from, step;
};

static void *
case_job(void *arg)
{
	struct job *j = arg;
	struct buf b = {0};
	for (size_t i = j->from; i < j->s->cl->ncases && !j->s->failed; i += j->step)
		page_case(j->s, i, &b);
	buf_free(&b);
	return NULL;
}

/* render_cases: every case page, spread over jobs threads (each writes
 * whole files of its own, so the output does not depend on timing). */
static void
render_cases(struct site *s, int jobs)
{
	if (jobs < 1)
		jobs = 1;
	if ((size_t)jobs > s->cl->ncases / 64 + 1)
		jobs = (int)(s->cl->ncases / 64 + 1);
	pthread_t th[8];
	struct job jb[8];
	int started = 0;
	for (int k = 1; k < jobs && k < 8; k++) {
		jb[k] = (struct job){s, (size_t)k, (size_t)jobs};
		if (pthread_create(&th[k], NULL, case_job, &jb[k]) != 0)
			break;
		started = k;
	}
	/* this thread takes the rest: its own share and any a thread could
	 * not start for */
	struct buf b = {0};
	for (size_t i = 0; i < s->cl->ncases && !s->failed; i++) {
		int k = (int)(i % (size_t)jobs);
		if (k == 0 || k > started)
			page_case(s, i, &b);
	}
	buf_free(&b);
	for (int k = 1; k <= started; k++)
		pthread_join(th[k], NULL);
}

static int
default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}

/* ---- the output folder ---- */

/* check_out: out may be replaced: it is missing, a link, an empty folder or
 * a site this program wrote, and it is not the caseload folder or above it.
 * Returns 0, or -1 with a message. */
static int
check_out(const char *out, const char *root, struct buf *err)
{
	struct stat st;
	if (lstat(out, &st) < 0)
		return errno == ENOENT ? 0 : (buf_printf(err, "%s: %s", out, strerror(errno)), -1);
	if (S_ISLNK(st.st_mode))
		return 0;
	if (!S_ISDIR(st.st_mode)) {
		buf_printf(err, "%s exists and is not a folder", out);
		return -1;
	}
	char *real = realpath(out, NULL);
	if (real) {
		size_t n = strlen(real);
		int above = strncmp(root, real, n) == 0 && (root[n] == '\0' || root[n] == '/' ||
		                                             (n == 1 && real[0] == '/'));
		free(real);
		if (above) {
			buf_printf(err, "%s holds the records; write the site to a folder of its own",
			           out);
			return -1;
		}
	}
	char *marker = xasprintf("%s/" SITE_MARKER, out);
	int ok = lstat(marker, &st) == 0 && S_ISREG(st.st_mode);
	free(marker);
	if (ok)
		return 0;
	DIR *d = opendir(out);
	if (!d) {
		buf_printf(err, "%s: %s", out, strerror(errno));
		return -1;
	}
	struct dirent *de;
	int empty = 1;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	if (!empty) {
		buf_printf(err,
		           "%s is a folder that caseload did not write; not replacing it "
		           "(remove it, or choose another folder with -o)",
		           out);
		return -1;
	}
	return 0;
}

/* redact: a copy of cl's cases with the client's name made the case id and
 * contact details, birth date, note bodies, assessment summaries and
 * attachments left out; everything else shared with cl. */
static struct case_record *
redact(const struct caseload *cl, struct caseload *red)
{
	*red = *cl;
	struct case_record *cs = xmalloc((cl->ncases ? cl->ncases : 1) * sizeof(*cs));
	for (size_t i = 0; i < cl->ncases; i++) {
		struct case_record *c = &cs[i];
		*c = cl->cases[i];
		c->client_name = c->id;
		c->phone = c->email = c->address = NULL;
		c->born = DATE_NONE;
		c->nattachments = 0;
		c->attachments = NULL;
		c->notes = NULL;
		c->assessments = NULL;
	}
	/* notes and assessments: copies without their free text */
	size_t nn = 0, na = 0;
	for (size_t i = 0; i < cl->ncases; i++) {
		nn += cl->cases[i].nnotes;
		na += cl->cases[i].nassessments;
	}
	struct note *notes = xmalloc((nn ? nn : 1) * sizeof(*notes) +
	                             (na ? na : 1) * sizeof(struct assessment));
	struct assessment *as = (struct assessment *)(void *)(notes + (nn ? nn : 1));
	for (size_t i = 0; i < cl->ncases; i++) {
		cs[i].notes = notes;
		for (size_t k = 0; k < cl->cases[i].nnotes; k++) {
			*notes = cl->cases[i].notes[k];
			notes->body = NULL;
			notes++;
		}
		cs[i].assessments = as;
		for (size_t k = 0; k < cl->cases[i].nassessments; k++) {
			*as = cl->cases[i].assessments[k];
			as->summary = NULL;
			as++;
		}
	}
	red->cases = cs;
	return cs;
}

/* split_out: the parent folder and the name of out. -1 when out names no
 * folder of its own ("", ".", ".."). The caller frees both. */
static int
split_out(const char *out, char **parent, char **name)
{
	char *p = xstrdup(out);
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	char *slash = strrchr(p, '/');
	const char *base = slash ? slash + 1 : p;
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		free(p);
		return -1;
	}
	*name = xstrdup(base);
	if (!slash)
		*parent = xstrdup(".");
	else if (slash == p)
		*parent = xstrdup("/");
	else
		*parent = xstrndup(p, (size_t)(slash - p));
	free(p);
	return 0;
}

int
site_build(const struct caseload *cl0, struct source *src, const struct site_opts *o,
           struct site_history *sh, struct buf *err)
{
	struct caseload red;
	struct case_record *red_cases = NULL;
	const struct caseload *cl = cl0;
	if (o->redact) {
		red_cases = redact(cl0, &red);
		cl = &red;
	}
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct site s;
	memset(&s, 0, sizeof(s));
	s.cl = cl;
	s.src = src;
	s.o = o;
	s.lock = &lock;
	s.sh = sh;
	s.dirfd = -1;
	s.olddirfd = -1;
	s.lang = cl->config.language ? cl->config.language : "en";
	s.dir = strcmp(s.lang, "fa") == 0 ? "rtl" : "ltr";

	char *out = o->out ? xstrdup(o->out) : xasprintf("%s/_site", o->root);
	char *parent = NULL, *name = NULL, *tmp = NULL, *tdir = NULL;
	int rc = -1;
	if (split_out(out, &parent, &name) < 0) {
		buf_printf(err, "-o %s: name a folder for the site", out);
		goto done;
	}
	if (!is_dir(parent)) {
		buf_printf(err, "%s: no such folder", parent);
		goto done;
	}
	if (check_out(out, o->root, err) < 0)
		goto done;
	if (!(tdir = site_find_templates(o->templates, err)))
		goto done;
	s.tdir = tdir;
	if (load_labels(&s, err) < 0 || load_templates(&s, err) < 0)
		goto done;
	s.words.to = lab(&s, "chart_to");
	s.words.scale = lab(&s, "chart_scale");
	s.words.no_data = lab(&s, "chart_no_data");

	tmp = xasprintf("%s/.%s.tmp-XXXXXX", parent, name);
	if (!mkdtemp(tmp)) {
		buf_printf(err, "cannot make a folder beside %s: %s", out, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto done;
	}
	chmod(tmp, 0755);
	s.dirfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s.dirfd < 0) {
		buf_printf(err, "%s: %s", tmp, strerror(errno));
		goto done;
	}

	/* the previous site, if it is one (check_out said so), to link from */
	{
		char *marker = xasprintf("%s/" SITE_MARKER, out);
		struct stat st;
		if (lstat(marker, &st) == 0 && S_ISREG(st.st_mode))
			s.olddirfd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		free(marker);
	}
	build_indexes(&s);
	due_items(&s);
	mkdirat(s.dirfd, "cases", 0755);
	mkdirat(s.dirfd, "workers", 0755);

	/* first the pages that need no history, while it is still being read */
	struct buf b = {0};
	if (copy_assets(&s, &b) == 0 && copy_attachments(&s, &b) == 0) {
		if (!s.failed)
			page_dashboard(&s, &b);
		if (!s.failed)
			page_cases(&s, &b);
		if (!s.failed)
			page_workers(&s, &b);
		if (!s.failed)
			page_due(&s, &b);
		if (!s.failed)
			page_resources(&s, &b);
		if (!s.failed)
			page_problems(&s, &b);
		if (!s.failed) {
			attach_history(&s);
			render_cases(&s, o->jobs ? o->jobs : default_jobs());
		}
		if (!s.failed)
			page_outcomes(&s, &b);
		if (!s.failed)
			page_audit(&s, &b);
		if (!s.failed)
			save_history(&s, &b);
	}
	buf_free(&b);
	if (s.failed) {
		buf_puts(err, s.err.s ? s.err.s : "the site could not be written");
		goto done;
	}
	close(s.dirfd);
	s.dirfd = -1;
	if (s.olddirfd >= 0)
		close(s.olddirfd);
	s.olddirfd = -1;
	if (dir_swap(tmp, out, err) < 0)
		goto done;
	free(tmp);
	tmp = NULL;
	rc = 0;
done:
	if (s.dirfd >= 0)
		close(s.dirfd);
	if (s.olddirfd >= 0)
		close(s.olddirfd);
	if (tmp) {
		rmtree(tmp);
		free(tmp);
	}
	free_site(&s);
	if (red_cases) {
		free(red_cases[0].notes);
		free(red_cases);
	}
	free(tdir);
	free(parent);
	free(name);
	free(out);
	return rc;
}
