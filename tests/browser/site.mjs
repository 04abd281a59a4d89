// site.mjs: the built site in a real browser. Debian's chromium, driven by
// playwright-core over file:// URLs, opens the dashboard and follows links
// to a case and a worker, checks that the fa site lays out right to left,
// runs axe-core on every page type in both languages, and saves screenshots
// (desktop and phone width) for a person to look at. The XSS fixture's site,
// if given, is opened with the CSP off: no script from the records may run.
// Four groups of tests run side by side, each in its own browser context.
//
// usage: node site.mjs --en DIR --fa DIR --shots DIR [--xss DIR] [--chromium PATH]
// Prints 'ok NAME' or 'FAIL NAME -- why' per test; exits 1 if any failed.
// Nothing is timed: every wait is for an event (load), never for a clock.
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const axeSource = require("axe-core").source;

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
	args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
}
for (const k of ["en", "fa", "shots"]) {
	if (!args[k]) {
		console.error("usage: node site.mjs --en DIR --fa DIR --shots DIR [--xss DIR] [--chromium PATH]");
		process.exit(2);
	}
}
const executablePath = args.chromium || "/usr/bin/chromium";
mkdirSync(args.shots, { recursive: true });

// Each group of tests collects its results, so that groups can run side by
// side and still print in one order.
class Results {
	constructor() {
		this.list = [];
	}
	record(good, name, why) {
		this.list.push([good, name, why]);
	}
	async test(name, fn) {
		try {
			await fn();
			this.record(true, name);
		} catch (e) {
			this.record(false, name, e && e.message ? e.message : e);
		}
	}
}

function assert(cond, why) {
	if (!cond) {
		throw new Error(why);
	}
}

// One page of each type; the case is the one with every section, the worker
// the one who holds it.
const PAGES = [
	["dashboard", "index.html"],
	["cases", "cases/index.html"],
	["case", "cases/hl-2026-001/index.html"],
	["workers", "workers.html"],
	["worker", "workers/shirin.html"],
	["due", "due.html"],
	["resources", "resources.html"],
	["outcomes", "outcomes.html"],
	["audit", "audit.html"],
	["problems", "problems.html"],
	// `caseload report --format html`, which browser.sh puts beside the site
	["report", "report.html"],
];
const SIZES = {
	desktop: { viewport: { width: 1280, height: 900 } },
	phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};

const url = (site, rel) => pathToFileURL(path.join(site, rel)).href;

// A context that lets only file:// requests through and records the rest,
// with every console error, failed request and script error on its pages.
// With withAxe, axe-core is in every page before its own scripts: the
// driver puts it there, past the pages' CSP, and chromium compiles it once.
async function openContext(browser, opts, withAxe) {
	const ctx = await browser.newContext({ deviceScaleFactor: 1, reducedMotion: "reduce", ...opts });
	if (withAxe) {
		await ctx.addInitScript(axeSource);
	}
	// a failing look-up fails sooner than the default half minute
	ctx.setDefaultTimeout(20000);
	ctx.leaks = [];
	ctx.errors = [];
	await ctx.route("**/*", (route) => {
		const u = route.request().url();
		if (u.startsWith("file://") || u.startsWith("data:")) {
			return route.continue();
		}
		ctx.leaks.push(u);
		return route.abort();
	});
	ctx.on("page", (page) => {
		page.on("console", (m) => {
			if (m.type() === "error") {
				ctx.errors.push(`${page.url()}: ${m.text()}`);
			}
		});
		page.on("pageerror", (e) => ctx.errors.push(`${page.url()}: ${e.message}`));
		page.on("requestfailed", (r) => {
			if (r.url().startsWith("file://")) {
				ctx.errors.push(`${page.url()}: cannot load ${r.url()}`);
			}
		});
	});
	return ctx;
}

async function goto(page, site, rel) {
	const res = await page.goto(url(site, rel), { waitUntil: "load" });
	assert(res === null || res.ok(), `${rel}: cannot open`);
}

// The rules whose outcome can change with the width of the screen; at phone
// width only these run, the rest having run on the same page at desktop width.
const LAYOUT_RULES = ["scrollable-region-focusable", "target-size", "meta-viewport", "meta-viewport-large", "region", "landmark-unique"];

// runAxe: axe-core's violations on the page, all rules or only those given.
async function runAxe(page, only) {
	if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) {
		// evaluated by the driver, so the pages' CSP (no inline script) stays on
		await page.evaluate(axeSource);
	}
	return page.evaluate(async (only) => {
		const opts = { resultTypes: ["violations"], preload: false };
		if (only) {
			opts.runOnly = { type: "rule", values: only };
		}
		const r = await window.axe.run(document, opts);
		return r.violations.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + (n.failureSummary ? ` (${n.failureSummary.split("\n").slice(1, 2).join("").trim()})` : "")),
			count: v.nodes.length,
		}));
	}, only || null);
}

function describeViolations(vs) {
	return vs.map((v) => `${v.id} [${v.impact}] ${v.help}: ${v.count} node(s), e.g. ${v.nodes.join("; ")}`).join(" | ");
}

// sweep: every page type of one language at each size: axe-core (at phone
// width all rules on pages whose due tables turn into cards, else the rules
// that depend on the width), nothing wider than a phone and every due-table
// cell on the screen at phone width, chart text 12 px or larger at both, no
// request leaving, no console error, the print style sheet; on the fa site
// at desktop width, that each page lays out right to left and its charts
// are mirrored. A screenshot of each page.
async function sweep(browser, lang) {
	const R = new Results();
	for (const [size, opts] of Object.entries(SIZES)) {
		const c = await openContext(browser, opts, true);
		const p = await c.newPage();
		const bad = [];
		const wide = [];
		const ltr = [];
		const offscreen = [];
		const small = [];
		const unmirrored = [];
		const reversed = [];
		let signed = 0;
		let scrollers = 0;
		let cells = 0;
		let texts = 0;
		for (const [name, rel] of PAGES) {
			await goto(p, args[lang], rel);
			if (lang === "fa" && size === "desktop") {
				const why = await rightToLeft(p);
				if (why) {
					ltr.push(`${name}: ${why}`);
				}
				const m = await mirrored(p);
				if (m) {
					unmirrored.push(`${name}: ${m}`);
				}
				const sn = await signedNumbers(p);
				signed += sn.n;
				if (sn.bad.length) {
					reversed.push(`${name}: ${sn.bad.join(", ")}`);
				}
			}
			const cards = (await p.locator("table.cards").count()) > 0;
			const vs = await runAxe(p, size === "phone" && !cards ? LAYOUT_RULES : null);
			if (vs.length) {
				bad.push(`${name}: ${describeViolations(vs)}`);
			}
			const t = await chartText(p);
			texts += t.n;
			if (t.small.length) {
				small.push(`${name}: ${t.small.join(", ")}`);
			}
			if (size === "phone") {
				const over = await overflow(p);
				if (over.length) {
					wide.push(`${name}: ${over.join(", ")}`);
				}
				const off = await dueCells(p);
				cells += off.n;
				if (off.out.length) {
					offscreen.push(`${name}: ${off.out.join(", ")}`);
				}
				scrollers += await p.locator('.scroll[tabindex="0"][role="group"]:is([aria-label], [aria-labelledby])').count();
			}
			await p.screenshot({ path: path.join(args.shots, `${lang}-${size}-${name}.png`), fullPage: true, animations: "disabled", caret: "hide", timeout: 90000 }); // a full page on a busy shared machine
		}
		const kinds = PAGES.map((x) => x[0]).join(", ");
		const which = size === "phone" ? "all rules where due tables are cards, elsewhere the rules that depend on the width" : "all rules";
		if (lang === "fa" && size === "desktop") {
			R.record(ltr.length === 0, `browser: the fa site is right to left on every page type (${kinds})`, ltr.join(" || "));
			R.record(unmirrored.length === 0, "charts: fa: every chart is mirrored (time runs leftwards, bars grow to the left)", unmirrored.join(" || "));
			R.record(signed > 0 && reversed.length === 0, `rtl: fa: every signed number in a table reads sign first, +0.5 not 0.5+ (${signed} numbers)`, reversed.join(" || ") || "no signed number");
		}
		R.record(bad.length === 0, `axe: ${lang} ${size}: ${which}, no violations on any page type (${kinds})`, bad.join(" || "));
		R.record(texts > 0 && small.length === 0, `charts: ${lang} ${size}: chart text is 12 px or larger (${texts} texts)`, small.join(" || ") || "no chart text");
		if (size === "phone") {
			R.record(wide.length === 0, `phone: ${lang}: nothing but a table's scroll box is wider than the screen (${kinds})`, wide.join(" || "));
			R.record(cells > 0 && offscreen.length === 0, `phone: ${lang}: every due-table cell is on the screen, one card per item (${cells} cells)`, offscreen.join(" || ") || "no due table");
			// the keyboard reaches a table that scrolls sideways
			R.record(scrollers > 0, `phone: ${lang}: a table wider than the screen scrolls in a box that takes the focus`, `${scrollers} such boxes`);
		}
		R.record(c.leaks.length === 0, `browser: ${lang} ${size}: no request leaves the site`, [...new Set(c.leaks)].join(" "));
		R.record(c.errors.length === 0, `browser: ${lang} ${size}: no console, CSP or script errors`, [...new Set(c.errors)].join(" | "));
		if (size === "desktop") {
			// the print style sheet: no navigation, and a picture to look at
			await R.test(`print: ${lang}: the case page prints without the navigation`, async () => {
				await goto(p, args[lang], "cases/hl-2026-001/index.html");
				await p.emulateMedia({ media: "print" });
				const hidden = await p.evaluate(() =>
					["header nav", ".toc", ".skip"].every((s) => {
						const e = document.querySelector(s);
						return !e || getComputedStyle(e).display === "none";
					}),
				);
				assert(hidden, "the navigation is printed");
				await p.screenshot({ path: path.join(args.shots, `${lang}-print-case.png`), fullPage: true, timeout: 90000 });
			});
		}
		await c.close();
	}
	return R.list;
}

// rightToLeft: why the page is not laid out right to left, or "" if it is.
async function rightToLeft(page) {
	const r = await page.evaluate(() => {
		const rect = (el) => el.getBoundingClientRect();
		const lis = document.querySelectorAll("header nav li");
		const h1 = document.querySelector("main h1");
		const main = document.querySelector("main");
		const pad = parseFloat(getComputedStyle(main).paddingInlineEnd) || 0;
		return {
			lang: document.documentElement.lang,
			dir: document.documentElement.dir,
			body: getComputedStyle(document.body).direction,
			// a page without a navigation (the report) has no order to check
			navOrder: lis.length > 1 ? rect(lis[0]).right > rect(lis[1]).right : !document.querySelector("header nav"),
			h1Right: Math.abs(rect(h1).right - (rect(main).right - pad)) < 2,
		};
	});
	if (r.lang !== "fa" || r.dir !== "rtl") {
		return `<html lang=${r.lang} dir=${r.dir}>`;
	}
	if (r.body !== "rtl") {
		return `body direction ${r.body}`;
	}
	if (!r.navOrder) {
		return "the first nav item is not on the right";
	}
	if (!r.h1Right) {
		return "the h1 does not start at the right edge";
	}
	return "";
}

// dueCells: the cells of the due tables (table.items) that are not wholly
// on the screen, up to four, described; and how many cells there are. At
// phone width each row must be a card of its own.
function dueCells(page) {
	return page.evaluate(() => {
		const w = document.documentElement.clientWidth;
		const out = [];
		let n = 0;
		for (const row of document.querySelectorAll("table.items tbody tr")) {
			if (getComputedStyle(row).display !== "grid") {
				out.push(`a row is ${getComputedStyle(row).display}, not a card`);
			}
			for (const cell of row.cells) {
				const r = cell.getBoundingClientRect();
				n++;
				if (r.left < -0.5 || r.right > w + 0.5 || r.width === 0) {
					out.push(`${cell.textContent.trim().slice(0, 24)} ${Math.round(r.left)}..${Math.round(r.right)}`);
				}
			}
		}
		return { n, out: [...new Set(out)].slice(0, 4) };
	});
}

// chartText: the chart texts drawn smaller than 12 px (font size times the
// chart's scale on the screen), up to four, described; and how many.
function chartText(page) {
	return page.evaluate(() => {
		const small = [];
		let n = 0;
		for (const t of document.querySelectorAll("svg.chart text")) {
			const m = t.getScreenCTM();
			if (!m || !t.textContent.trim()) {
				continue;
			}
			n++;
			const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
			if (px < 11.99) {
				small.push(`"${t.textContent.trim().slice(0, 20)}" ${px.toFixed(1)}px`);
			}
		}
		return { n, small: small.slice(0, 4) };
	});
}

// signedNumbers: the table cells holding a signed number ("+0.5", "-2",
// "−1.3") whose sign is drawn to the right of its digits, as a right-to-left
// paragraph draws a number that is not isolated left to right; up to four,
// described, and how many such cells there are.
function signedNumbers(page) {
	return page.evaluate(() => {
		const bad = [];
		let n = 0;
		for (const td of document.querySelectorAll("td")) {
			const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
			for (let t = walker.nextNode(); t; t = walker.nextNode()) {
				const m = /^\s*([+\-\u2212])[0-9]/.exec(t.data);
				if (!m || !/[0-9]\s*$/.test(t.data)) {
					continue;
				}
				n++;
				const at = (i) => {
					const r = document.createRange();
					r.setStart(t, i);
					r.setEnd(t, i + 1);
					return r.getBoundingClientRect();
				};
				const sign = at(t.data.indexOf(m[1]));
				const last = at(t.data.trimEnd().length - 1);
				if (sign.left > last.left) {
					bad.push(`"${t.data.trim()}" reads ${t.data.trim().slice(1)}${m[1]}`);
				}
			}
		}
		return { n, bad: [...new Set(bad)].slice(0, 4) };
	});
}

// mirrored: why a chart of a right-to-left page is not mirrored, or "": a
// bar chart's labels are right of its bars, a line chart's first date is
// right of its latest.
function mirrored(page) {
	return page.evaluate(() => {
		for (const svg of document.querySelectorAll("svg.bar-chart")) {
			const bar = svg.querySelector("rect.bar");
			const label = svg.querySelector("text.label");
			if (bar && label && label.getBoundingClientRect().left < bar.getBoundingClientRect().right) {
				return `${svg.id || svg.getAttribute("aria-labelledby")}: a label left of its bar`;
			}
		}
		for (const svg of document.querySelectorAll("svg.line-chart, svg.small-multiple")) {
			const marks = svg.querySelectorAll(".series .mark");
			if (marks.length > 1 && marks[0].getBoundingClientRect().left < marks[marks.length - 1].getBoundingClientRect().left) {
				return `${svg.getAttribute("aria-labelledby")}: time runs rightwards`;
			}
		}
		return "";
	});
}

// xssSweep: every page of the site built from the XSS fixture, with the
// CSP switched off so that only the escaping stands between a record and a
// running script: no dialog opens, no script error, and axe-core finds
// nothing on pages full of problems and odd values.
async function xssSweep(browser, site) {
	const R = new Results();
	const pages = [];
	const walk = (dir) => {
		for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
			const f = path.join(dir, e.name);
			if (e.isDirectory()) {
				walk(f);
			} else if (e.name.endsWith(".html")) {
				pages.push(path.relative(site, f));
			}
		}
	};
	walk(site);
	const c = await openContext(browser, { ...SIZES.desktop, bypassCSP: true }, true);
	const p = await c.newPage();
	const dialogs = [];
	p.on("dialog", (d) => {
		dialogs.push(`${p.url()}: ${d.type()} ${d.message()}`);
		return d.dismiss();
	});
	const bad = [];
	for (const rel of pages) {
		await goto(p, site, rel);
		const vs = await runAxe(p);
		if (vs.length) {
			bad.push(`${rel}: ${describeViolations(vs)}`);
		}
	}
	await c.close();
	const n = pages.length;
	R.record(dialogs.length + c.errors.length === 0, `xss: no script from the records runs, even without the CSP (${n} pages)`, [...dialogs, ...c.errors].join(" | "));
	R.record(bad.length === 0, `axe: the XSS fixture's pages (problems, odd values): no violations (${n} pages)`, bad.join(" || "));
	R.record(c.leaks.length === 0, "xss: no request leaves the site", [...new Set(c.leaks)].join(" "));
	return R.list;
}

// overflow: what sticks out of a phone's screen, tables' own scroll boxes
// and charts aside; up to four, described.
function overflow(page) {
	return page.evaluate(() => {
		const w = document.documentElement.clientWidth;
		const out = [];
		if (document.documentElement.scrollWidth > w) {
			out.push(`page ${document.documentElement.scrollWidth}px`);
		}
		for (const el of document.querySelectorAll("main *, header *")) {
			if (el.closest(".scroll") || el.closest("svg")) {
				continue;
			}
			const r = el.getBoundingClientRect();
			if (r.width > 0 && (r.right > w + 1 || r.left < -1)) {
				const cls = typeof el.className === "string" && el.className ? "." + el.className.split(" ")[0] : "";
				out.push(`${el.tagName.toLowerCase()}${cls} ${Math.round(r.left)}..${Math.round(r.right)}`);
			}
		}
		return out.slice(0, 4);
	});
}

// links: following links, the script and its absence, and the direction of
// mixed text, in their own contexts.
async function links(browser) {
	const R = new Results();
	const ctx = await openContext(browser, SIZES.desktop);
	const page = await ctx.newPage();

	await R.test("browser: the dashboard opens and names itself", async () => {
		await goto(page, args.en, "index.html");
		assert((await page.locator("h1").count()) === 1, "not one h1");
		assert(/Dashboard/.test(await page.locator("h1").innerText()), "h1 is not Dashboard");
		assert(/Dashboard/.test(await page.title()), `title: ${await page.title()}`);
	});

	await R.test("browser: from the dashboard, links lead to the open cases and on to a case page", async () => {
		await goto(page, args.en, "index.html");
		const stat = page.locator('main .stats a[href="cases/index.html"]');
		await Promise.all([page.waitForEvent("load"), stat.click()]);
		assert(page.url().endsWith("/cases/index.html"), `the open cases lead to ${page.url()}`);
		const link = page.locator('main table a[href$="/index.html"]').first();
		const href = await link.getAttribute("href");
		assert(/^[^/]+\/index\.html$/.test(href || ""), `the first case link is ${href}`);
		await Promise.all([page.waitForEvent("load"), link.click()]);
		assert(page.url().endsWith(`/cases/${href}`), `landed on ${page.url()}, not ${href}`);
		const id = href.split("/")[0];
		assert((await page.locator("h1 .case-id").innerText()) === id, "the case page's h1 lacks its id");
		for (const s of ["#client", "#plan", "#notes", "#history"]) {
			assert((await page.locator(`main ${s}`).count()) === 1, `no ${s} section`);
		}
	});

	await R.test("browser: from the dashboard a link leads to a worker page", async () => {
		await goto(page, args.en, "index.html");
		const link = page.locator('main a[href^="workers/"][href$=".html"]').first();
		const name = (await link.innerText()).trim();
		await Promise.all([page.waitForEvent("load"), link.click()]);
		assert(/\/workers\/[^/]+\.html$/.test(page.url()), `landed on ${page.url()}`);
		assert((await page.locator("h1").innerText()).includes(name), `the worker page's h1 is not ${name}`);
		// and on to one of the worker's cases, then back to the dashboard by the header
		const c = page.locator('main a[href^="../cases/"]').first();
		await Promise.all([page.waitForEvent("load"), c.click()]);
		assert(/\/cases\/[^/]+\/index\.html$/.test(page.url()), `a worker's case link led to ${page.url()}`);
		await Promise.all([page.waitForEvent("load"), page.locator("header .org a").click()]);
		assert(page.url().endsWith("/index.html") && !page.url().includes("/cases/"), `the header leads to ${page.url()}`);
	});

	await R.test("browser: every link in the navigation opens a page that marks itself current", async () => {
		await goto(page, args.en, "index.html");
		const hrefs = await page.locator("header nav a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
		assert(hrefs.length >= 8, `only ${hrefs.length} links`);
		for (const h of hrefs) {
			await goto(page, args.en, h);
			const cur = await page.locator('header nav a[aria-current="page"]').evaluateAll((as) => as.map((a) => a.href));
			assert(cur.length === 1 && cur[0] === page.url(), `${h} marks ${cur} as current`);
		}
	});

	await R.test("browser: the skip link moves the focus to the main content", async () => {
		await goto(page, args.en, "cases/index.html");
		await page.keyboard.press("Tab");
		const skip = await page.evaluate(() => document.activeElement.className);
		assert(skip === "skip", `the first Tab stop is .${skip}`);
		assert(await page.locator(".skip").isVisible(), "the focused skip link is not visible");
		await page.keyboard.press("Enter");
		// the jump to #main may land after press() returns on a busy machine
		await page.waitForURL(/#main$/, { timeout: 10000 }).catch(() => {});
		assert(page.url().endsWith("#main"), `Enter led to ${page.url()}`);
	});

	await R.test("browser: the script makes tables sortable and filterable", async () => {
		await goto(page, args.en, "cases/index.html");
		const table = page.locator("main table.data").first();
		const first = () => table.locator("tbody tr").evaluateAll((rs) => rs.map((r) => r.cells[0].textContent.trim()));
		const before = await first();
		const sort = table.locator("thead th button.sort").first();
		await sort.click();
		assert((await table.locator("thead th").first().getAttribute("aria-sort")) === "ascending", "no aria-sort=ascending");
		const asc = await first();
		assert(JSON.stringify(asc) === JSON.stringify([...before].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" }))), `not sorted: ${asc}`);
		await sort.click();
		assert(JSON.stringify(await first()) === JSON.stringify([...asc].reverse()), "the second click does not reverse");
		const box = page.locator("main .filter input");
		if ((await box.count()) > 0) {
			await box.first().fill(before[0]);
			const shown = await table.locator("tbody tr:visible").count();
			assert(shown >= 1 && shown < before.length, `filtering by ${before[0]} shows ${shown} of ${before.length}`);
		}
	});

	const nojs = await openContext(browser, { ...SIZES.desktop, javaScriptEnabled: false });
	await R.test("browser: without JavaScript the pages still show everything", async () => {
		const p = await nojs.newPage();
		await goto(p, args.en, "cases/index.html");
		assert((await p.locator("main table.data tbody tr").count()) > 0, "no rows");
		assert((await p.locator("button.sort, .filter").count()) === 0, "script-made controls without the script");
		await goto(p, args.en, "cases/hl-2026-001/index.html");
		assert(await p.locator("main svg.chart").first().isVisible(), "the chart is not shown");
		await p.close();
	});
	await nojs.close();

	// ---- right to left ----
	await R.test("browser: in the fa site, Latin user text, dates and signed numbers still read left to right", async () => {
		const p = await ctx.newPage();
		await goto(p, args.fa, "cases/hl-2026-001/index.html");
		const r = await p.evaluate(() => ({
			name: getComputedStyle(document.querySelector('h1 [dir="auto"]')).direction,
			time: getComputedStyle(document.querySelector("main time")).direction,
			phone: getComputedStyle(document.querySelector('main [dir="ltr"]')).direction,
		}));
		assert(r.name === "ltr", `the client's name runs ${r.name}`);
		assert(r.time === "ltr", `dates run ${r.time}`);
		assert(r.phone === "ltr", `phone numbers run ${r.phone}`);
		const counts = await p.evaluate(() => Array.from(document.querySelectorAll("ul.changes span.added, ul.changes span.removed, .size")).map((e) => getComputedStyle(e).direction));
		assert(counts.every((d) => d === "ltr"), `line counts and sizes run ${counts}`);
		// a signed change keeps its sign in front: +1.3, not 1.3+
		await goto(p, args.fa, "outcomes.html");
		const signs = await p.evaluate(() => Array.from(document.querySelectorAll("main .change")).map((e) => getComputedStyle(e).direction));
		assert(signs.length > 0 && signs.every((d) => d === "ltr"), `signed changes run ${signs}`);
		await p.close();
	});

	await R.test("browser: in the en site, Persian user text runs right to left", async () => {
		const p = await ctx.newPage();
		await goto(p, args.en, "cases/hl-2025-002/index.html");
		const dirs = await p.evaluate(() =>
			Array.from(document.querySelectorAll('main [dir="auto"]'))
				.filter((e) => /[\u0600-\u06ff]/.test(e.textContent.trim().charAt(0)))
				.map((e) => getComputedStyle(e).direction),
		);
		assert(dirs.length > 0, "no Persian text on hl-2025-002");
		assert(dirs.every((d) => d === "rtl"), `directions: ${dirs}`);
		await p.close();
	});
	await ctx.close();
	return R.list;
}

const started = Date.now();
const browser = await chromium.launch({ executablePath, args: ["--lang=en-US", "--font-render-hinting=none"] });
let failed = 0;
try {
	// four groups side by side, each in its own pages; results print in order
	const groups = await Promise.all([
		links(browser),
		sweep(browser, "en"),
		sweep(browser, "fa"),
		args.xss ? xssSweep(browser, args.xss) : [],
	]);
	const R = new Results();
	await R.test("screenshots: en and fa, desktop and phone, of every page type", async () => {
		const missing = [];
		for (const lang of ["en", "fa"]) {
			for (const size of [...Object.keys(SIZES), "print"]) {
				for (const [name] of size === "print" ? [["case"]] : PAGES) {
					const f = path.join(args.shots, `${lang}-${size}-${name}.png`);
					const head = existsSync(f) ? readFileSync(f).subarray(0, 8) : Buffer.alloc(0);
					if (!head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
						missing.push(path.basename(f));
					}
				}
			}
		}
		assert(missing.length === 0, `missing: ${missing.join(" ")}`);
	});
	for (const [good, name, why] of [...groups.flat(), ...R.list]) {
		if (good) {
			console.log(`ok ${name}`);
		} else {
			failed++;
			console.log(`FAIL ${name}${why ? ` -- ${String(why).replace(/\s+/g, " ").slice(0, 600)}` : ""}`);
		}
	}
} finally {
	await browser.close();
}
console.error(`browser tests: ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
