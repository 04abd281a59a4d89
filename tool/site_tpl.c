/* site_tpl.c: the site's templates and labels, and writing its pages:
 * finds the templates folder, loads the labels of the site's language (over
 * English) and puts them into the templates once, fills what every page
 * shows (site_ctx), renders a page and writes it into the new folder,
 * linking a file the previous site has byte for byte. */
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

#include "markdown.h"
#include "site_tpl.h"
#include "write.h"
#include "ydoc.h"

#ifndef CASELOAD_DATADIR
#define CASELOAD_DATADIR "/usr/local/share/caseload"
#endif

/* The templates every site needs; a folder given with --templates must have
 * them all. */
static const char *const page_templates[] = {
	"audit",    "case",      "cases",  "dashboard", "due", "outcomes",
	"problems", "resources", "worker", "workers",   NULL,
};
/* Files copied as they are from the templates folder into the site. */
static const char *const assets[] = {"site.css", "site.js", NULL};

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

char *
site_find_templates(const char *opt, struct buf *err)
{
	if (opt) {
		if (!path_is_dir(opt)) {
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
	if (path_is_dir(CASELOAD_DATADIR))
		return xstrdup(CASELOAD_DATADIR);
	buf_printf(err,
	           "no templates: neither templates/ beside the program nor %s; "
	           "give --templates DIR",
	           CASELOAD_DATADIR);
	return NULL;
}

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
	if (n == 1) { /* a language's singular, where it has one: KEY_one */
		char one[96];
		snprintf(one, sizeof(one), "%s_one", key);
		const struct label *l = label_find(s->labels, s->nlabels, one);
		if (l)
			t = l->text;
	}
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

const char *
lab_dur(const struct site *s, struct buf *b, struct dur d, int every)
{
	const char *unit = d.unit == 'w'   ? "week"
	                   : d.unit == 'm' ? "month"
	                   : d.unit == 'y' ? "year"
	                                   : "day";
	char key[24];
	snprintf(key, sizeof(key), "%s_%s%s", every ? "every" : "dur", unit, d.n == 1 ? "" : "s");
	return lab_put(s, b, key, d.n, NULL);
}

/* load_labels_file: adds the labels of path to *v, replacing those already
 * there. Returns 0, or -1 with a message. */
static int
load_labels_file(struct site *s, const char *path, struct label **v, size_t *n, size_t *cap, struct buf *err)
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
	if (start >= 0 && ydoc_parse(path, text.s + start, text.len - (size_t)start, 0, &d, &doc) == 0) {
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

int
site_load_labels(struct site *s, struct buf *err)
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

/* subst_labels: text with every {{l.key}} replaced by the label, escaped
 * for HTML (and '{' so that it cannot open a tag), into out. Labels are the
 * same on every page, so they are put in once here rather than into each
 * page's context. Returns 0, or -1 with "path:line: unknown label" in err. */
static int
subst_labels(const struct site *s, const char *path, const char *text, size_t len, struct buf *out,
             struct buf *err)
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

int
site_load_templates(struct site *s, struct buf *err)
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

void
site_mark_written(struct site *s, const char *path)
{
	if (!s->reused || (strncmp(path, "cases/", 6) == 0 && strchr(path + 6, '/')))
		return;
	pthread_mutex_lock(s->lock);
	VEC_GROW(s->written, s->nwritten, s->capwritten);
	s->written[s->nwritten++] = xstrdup(path);
	pthread_mutex_unlock(s->lock);
}

int
site_write(struct site *s, const char *path, const char *data, size_t len)
{
	if (s->reused) {
		/* what the spare has there may be the previous site's file too */
		unlinkat(s->dirfd, path, 0);
		site_mark_written(s, path);
	}
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
		fd = openat(s->dirfd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
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
		size_t w = ch == '&' || ch == '\''  ? 5
		           : ch == '<' || ch == '>' ? 4
		           : ch == '"'              ? 6
		                                    : 1;
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
		site_fail(s, "%s/%s.html: cannot render %s (a limit was reached)", s->tdir, tpl, path);
		return -1;
	}
	return site_write(s, path, b->s ? b->s : "", b->len);
}

int
site_copy_assets(struct site *s, struct buf *b)
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
	static const char marker[] = "This folder is a site written by `caseload build`; the next build replaces it whole.\n";
	return site_write(s, SITE_MARKER, marker, sizeof(marker) - 1);
}
