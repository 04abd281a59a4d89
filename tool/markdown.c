/* markdown.c: CommonMark to HTML through cmark, with the tree cleaned
 * before rendering: raw HTML becomes text, and links and images that would
 * leave the site or run script lose their address (markdown.h says which). */
#include <cmark.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "markdown.h"
#include "util.h"

/* skip_blank: s past leading blanks and control characters, the ones a
 * browser ignores in front of a scheme. */
static const char *
skip_blank(const char *s)
{
	while (*s && (unsigned char)*s <= 0x20)
		s++;
	return s;
}

/* scheme_len: the length of s's scheme (without the colon), or 0 when s
 * does not start with one. Tabs and newlines inside a scheme are skipped by
 * browsers, so they are skipped here too and counted in the length. */
static size_t
scheme_len(const char *s)
{
	size_t i = 0, letters = 0;
	for (;; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':')
			return letters ? i : 0;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (letters && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))
			letters++;
		else
			return 0;
	}
}

/* scheme_is: the scheme of s (scheme_len n) is name, ignoring case and the
 * tabs and newlines inside it. */
static int
scheme_is(const char *s, size_t n, const char *name)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (!name[k] || (c | 0x20) != name[k])
			return 0;
		k++;
	}
	return name[k] == '\0';
}

int
md_url_dangerous(const char *url)
{
	static const char *const bad[] = {"javascript", "vbscript", "file", "data"};
	if (!url)
		return 0;
	const char *s = skip_blank(url);
	size_t n = scheme_len(s);
	for (size_t i = 0; n && i < sizeof(bad) / sizeof(bad[0]); i++)
		if (scheme_is(s, n, bad[i]))
			return 1;
	return 0;
}

int
md_url_is_http(const char *url)
{
	if (!url)
		return 0;
	size_t n;
	if (strncasecmp(url, "https://", 8) == 0)
		n = 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		n = 7;
	else
		return 0;
	if (!url[n])
		return 0;
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\')
			return 0;
	return 1;
}

void
md_path_url(struct buf *out, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
			buf_putc(out, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_add(out, e, 3);
		}
	}
}

void
md_relative(struct buf *out, const char *from_dir, const char *to)
{
	/* skip the folders both share */
	const char *f = from_dir, *t = to;
	for (;;) {
		const char *fs = strchr(f, '/'), *ts = strchr(t, '/');
		size_t fl = fs ? (size_t)(fs - f) : strlen(f);
		if (!*f || !ts || fl != (size_t)(ts - t) || strncmp(f, t, fl) != 0)
			break;
		f += fl + (fs ? 1 : 0);
		t = ts + 1;
	}
	/* one ../ for each folder of from_dir left */
	for (const char *p = f; *p;) {
		buf_puts(out, "../");
		const char *s = strchr(p, '/');
		if (!s)
			break;
		p = s + 1;
	}
	md_path_url(out, t);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* resolve_path: the record path that the relative reference ref (no
 * scheme, not starting with '/') names from folder dir, percent-decoded and
 * with . and .. applied; NULL when it climbs above the caseload folder or is
 * empty. The caller frees it. */
static char *
resolve_path(const char *dir, const char *ref)
{
	struct buf dec = {0};
	size_t n = strcspn(ref, "?#");
	for (size_t i = 0; i < n; i++) {
		int h, l;
		if (ref[i] == '%' && i + 2 < n && (h = hexval(ref[i + 1])) >= 0 &&
		    (l = hexval(ref[i + 2])) >= 0) {
			buf_putc(&dec, (char)(h * 16 + l));
			i += 2;
		} else {
			buf_putc(&dec, ref[i]);
		}
	}
	size_t dlen = dec.len;
	char *rel = buf_detach(&dec);
	if (!*rel || strlen(rel) != dlen || strchr(rel, '\\')) {
		free(rel);
		return NULL;
	}
	/* a stack of segments, dir's first */
	size_t cap = 16, len = 0;
	char **seg = xmalloc(cap * sizeof(*seg));
	char *all = xasprintf("%s/%s", dir ? dir : "", rel);
	free(rel);
	int ok = 1;
	for (char *save = NULL, *s = strtok_r(all, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
		if (strcmp(s, ".") == 0)
			continue;
		if (strcmp(s, "..") == 0) {
			if (len == 0) {
				ok = 0;
				break;
			}
			len--;
			continue;
		}
		VEC_GROW(seg, len, cap);
		seg[len++] = s;
	}
	char *res = NULL;
	if (ok && len) {
		struct buf b = {0};
		for (size_t i = 0; i < len; i++) {
			if (i)
				buf_putc(&b, '/');
			buf_puts(&b, seg[i]);
		}
		res = buf_detach(&b);
	}
	free(seg);
	free(all);
	return res;
}

/* unwrap: replaces node by its children (and, when tail is given, a text
 * node with it after them), then frees node. */
static void
unwrap(cmark_node *node, const char *tail)
{
	cmark_node *k;
	while ((k = cmark_node_first_child(node)))
		cmark_node_insert_before(node, k);
	if (tail) {
		cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node_set_literal(t, tail);
		cmark_node_insert_before(node, t);
	}
	cmark_node_free(node);
}

/* text_of: the plain text of node's children, for comparing a link's text
 * with its address. The caller frees it. */
static char *
text_of(cmark_node *node)
{
	struct buf b = {0};
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && (cmark_node_get_type(n) == CMARK_NODE_TEXT ||
		                                cmark_node_get_type(n) == CMARK_NODE_CODE)) {
			const char *l = cmark_node_get_literal(n);
			if (l)
				buf_puts(&b, l);
		}
	}
	cmark_iter_free(it);
	return buf_detach(&b);
}

/* inside_url: the relative URL from the page to what url names, when that
 * is inside the site; NULL otherwise. The caller frees it. */
static char *
inside_url(const char *url, const struct md_opts *o)
{
	if (!o || !o->resolve || !*url || url[0] == '/' || url[0] == '\\' ||
	    (unsigned char)url[0] <= 0x20 || scheme_len(url))
		return NULL;
	if (url[0] == '#' || url[0] == '?')
		return NULL;
	char *rp = resolve_path(o->src_dir, url);
	if (!rp)
		return NULL;
	const char *sp = o->resolve(o->arg, rp);
	free(rp);
	if (!sp)
		return NULL;
	struct buf b = {0};
	md_relative(&b, o->page_dir ? o->page_dir : "", sp);
	const char *frag = strchr(url, '#');
	if (frag) {
		buf_putc(&b, '#');
		md_path_url(&b, frag + 1);
	}
	return buf_detach(&b);
}

/* clean_link: keeps a fragment or a link inside the site (rewritten from
 * the page); unwraps every other link. */
static void
clean_link(cmark_node *node, const struct md_opts *o)
{
	const char *url = cmark_node_get_url(node);
	if (!url)
		url = "";
	if (url[0] == '#') {
		struct buf b = {0};
		buf_putc(&b, '#');
		md_path_url(&b, url + 1);
		cmark_node_set_url(node, b.s);
		buf_free(&b);
		return;
	}
	char *in = inside_url(url, o);
	if (in) {
		cmark_node_set_url(node, in);
		free(in);
		return;
	}
	const char *s = skip_blank(url);
	size_t n = scheme_len(s);
	char *tail = NULL;
	if (!md_url_dangerous(url) && n &&
	    (scheme_is(s, n, "http") || scheme_is(s, n, "https") || scheme_is(s, n, "mailto"))) {
		char *text = text_of(node);
		const char *shown = s;
		if (scheme_is(s, n, "mailto"))
			shown = s + n + 1;
		if (strcmp(text, s) != 0 && strcmp(text, shown) != 0)
			tail = xasprintf(" (%s)", shown);
		free(text);
	}
	unwrap(node, tail);
	free(tail);
}

/* clean_image: keeps an image inside the site (rewritten from the page);
 * any other image becomes its alt text. */
static void
clean_image(cmark_node *node, const struct md_opts *o)
{
	const char *url = cmark_node_get_url(node);
	char *in = url ? inside_url(url, o) : NULL;
	if (in) {
		cmark_node_set_url(node, in);
		free(in);
		return;
	}
	unwrap(node, NULL);
}

/* as_text: raw HTML becomes the text it is: an inline one a text node, a
 * block one a paragraph holding it. */
static void
as_text(cmark_node *node)
{
	const char *lit = cmark_node_get_literal(node);
	size_t n = lit ? strlen(lit) : 0;
	while (n && (lit[n - 1] == '\n' || lit[n - 1] == '\r'))
		n--;
	char *text = xstrndup(lit ? lit : "", n);
	cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_literal(t, text);
	free(text);
	if (cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK) {
		cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH);
		cmark_node_append_child(p, t);
		t = p;
	}
	cmark_node_insert_before(node, t);
	cmark_node_free(node);
}

int
md_render(struct buf *out, const char *text, size_t len, const struct md_opts *opts)
{
	cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_VALIDATE_UTF8);
	if (!doc)
		return -1;
	/* collect first: the tree is changed after the walk */
	cmark_node **todo = NULL;
	size_t n = 0, cap = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *node = cmark_iter_get_node(it);
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			VEC_GROW(todo, n, cap);
			todo[n++] = node;
			break;
		case CMARK_NODE_HEADING:
			if (opts && opts->heading_offset) {
				int l = cmark_node_get_heading_level(node) + opts->heading_offset;
				cmark_node_set_heading_level(node, l > 6 ? 6 : l < 1 ? 1 : l);
			}
			break;
		default: break;
		}
	}
	cmark_iter_free(it);
	/* innermost last in document order: handle from the end so that a
	 * node is changed before the one that holds it is unwrapped */
	for (size_t i = n; i-- > 0;) {
		cmark_node *node = todo[i];
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_LINK: clean_link(node, opts); break;
		case CMARK_NODE_IMAGE: clean_image(node, opts); break;
		default: as_text(node); break;
		}
	}
	free(todo);
	char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	cmark_node_free(doc);
	if (!html)
		return -1;
	/* cmark closes void elements XML-style (<br />, <img ... />); HTML
	 * does not. " />" can only be such an end: in text and attribute
	 * values cmark has escaped the '>' */
	const char *p = html, *q;
	while ((q = strstr(p, " />"))) {
		buf_add(out, p, (size_t)(q - p));
		buf_putc(out, '>');
		p = q + 3;
	}
	buf_puts(out, p);
	free(html);
	return 0;
}
