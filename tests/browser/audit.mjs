// audit.mjs: the auditor's pages in a real browser (Debian's chromium,
// driven by playwright-core over file:// URLs). On the demo's site (the
// replayed history of example-cases, tests/demo/replay-history.sh): the
// audit page lists the unreviewed findings first, then the reviewed one
// with who reviewed it, when and why, and shows each finding's id, ready to
// copy; the case page of an amended note shows its earlier text and what
// changed, and the history marks the removed note. On the amended fixture
// of tests/audit-fixtures.sh: HTML in a note's earlier text stays text.
// axe-core finds nothing on either page.
//
// usage: node audit.mjs --demo DIR --amended DIR [--chromium PATH]
// Prints 'ok NAME' or 'FAIL NAME -- why' per test; exits 1 if any failed.
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
if (!args.demo || !args.amended) {
	console.error("usage: node audit.mjs --demo DIR --amended DIR [--chromium PATH]");
	process.exit(2);
}

const results = [];
async function test(name, fn) {
	try {
		await fn();
		results.push([true, name]);
	} catch (e) {
		results.push([false, name, e && e.message ? e.message : e]);
	}
}
function assert(cond, why) {
	if (!cond) {
		throw new Error(why);
	}
}
const url = (site, rel) => pathToFileURL(path.join(site, rel)).href;

async function axe(page) {
	await page.evaluate(axeSource);
	const vs = await page.evaluate(async () => {
		const r = await window.axe.run(document, { resultTypes: ["violations"] });
		return r.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join("; ")}`);
	});
	assert(vs.length === 0, vs.join(" | "));
}

const browser = await chromium.launch({ executablePath: args.chromium || "/usr/bin/chromium", args: ["--lang=en-US"] });
let failed = 0;
try {
	const ctx = await browser.newContext();
	ctx.setDefaultTimeout(20000);
	const dialogs = [];
	const errors = [];
	ctx.on("page", (p) => {
		p.on("dialog", (d) => {
			dialogs.push(d.message());
			d.dismiss();
		});
		p.on("pageerror", (e) => errors.push(e.message));
	});
	const page = await ctx.newPage();

	await page.goto(url(args.demo, "audit.html"), { waitUntil: "load" });
	await test("audit page: the unreviewed findings first, then the reviewed ones", async () => {
		const heads = await page.locator("main h2").allInnerTexts();
		assert(heads[0] === "Not reviewed" && heads[1] === "Reviewed", `headings: ${heads}`);
		const open = await page.locator("table.findings:not(.reviewed) tbody tr").count();
		const done = await page.locator("table.findings.reviewed tbody tr").count();
		assert(open === 7 && done === 1, `${open} unreviewed, ${done} reviewed`);
		const kinds = await page.locator("table.findings:not(.reviewed) tbody .badge").evaluateAll((es) => es.map((e) => e.className));
		assert(!kinds.some((k) => /late-note/.test(k)), `the reviewed late note is among the unreviewed: ${kinds}`);
	});
	await test("audit page: a reviewed finding says who reviewed it, when and why", async () => {
		const cell = await page.locator("table.findings.reviewed td.review").innerText();
		assert(/Ruth Adeyemi-Clarke/.test(cell) && /2026-11-20/.test(cell) && /paper notes after his leave/.test(cell), cell);
	});
	await test("audit page: each finding shows its id, selected whole with one click", async () => {
		const ids = await page.locator("code.fid").allInnerTexts();
		assert(ids.length === 7, `${ids.length} ids (the uncommitted finding has none)`);
		assert(ids.every((s) => /^[a-z-]+\/[0-9a-f]{12}(\/cases\/.+)?$/.test(s)), ids.join(" "));
		assert(ids.some((s) => s.startsWith("late-note/") && s.endsWith("/cases/hl-2026-002/notes/2026-09-10-meeting.md")), "no late-note id");
		const sel = await page.locator("code.fid").first().evaluate((e) => getComputedStyle(e).userSelect);
		assert(sel === "all", `user-select: ${sel}`);
		await page.locator("code.fid").first().click();
		const picked = await page.evaluate(() => String(window.getSelection()));
		assert(picked === ids[0], `selected '${picked}', not '${ids[0]}'`);
	});
	await test("audit page: axe-core finds nothing", async () => axe(page));

	await page.goto(url(args.demo, "cases/hl-2026-002/index.html"), { waitUntil: "load" });
	const note = page.locator("article.note", { has: page.locator('time[datetime="2026-05-15"]') }).first();
	await test("case page: an amended note is marked, with the day it changed", async () => {
		assert((await note.locator(".pill", { hasText: "amended" }).count()) === 1, "no amended pill");
		const meta = await note.locator(".change .meta").innerText();
		assert(/Changed on 2026-06-05, 21 days after its first commit/.test(meta), meta);
	});
	await test("case page: its earlier text opens on a click", async () => {
		const before = note.locator(".change details pre.before");
		assert(!(await before.isVisible()), "the earlier text shows before it is asked for");
		await note.locator(".change details summary").click();
		assert(await before.isVisible(), "the earlier text does not open");
		assert(/pays 75% of the rent/.test(await before.innerText()), "the earlier text is not the one first written");
	});
	await test("case page: the change as removed and added lines", async () => {
		const del = await note.locator("pre.diff del").allInnerTexts();
		const ins = await note.locator("pre.diff ins").allInnerTexts();
		assert(del.length === 1 && /75%/.test(del[0]) && ins.length === 1 && /80%/.test(ins[0]), `del ${del} ins ${ins}`);
	});
	await test("case page: the addendum under the note it corrects", async () => {
		const meeting = page.locator("article.note", { has: page.locator('h3 time[datetime="2026-09-10"]') }).first();
		const add = meeting.locator(".addenda article.addendum");
		assert((await add.count()) === 1, `${await add.count()} addenda`);
		assert(/Addendum/.test(await add.locator("h4").innerText()), "no Addendum heading");
	});
	await test("case page: axe-core finds nothing, the earlier text open", async () => axe(page));
	await page.goto(url(args.demo, "cases/hl-2026-004/index.html"), { waitUntil: "load" });
	await test("case page: the history marks the note removed", async () => {
		const li = page.locator("#history li.deleted", { hasText: "notes/2026-10-28-visit.md" });
		assert((await li.count()) === 1, "no removal in the history");
		assert((await li.locator(".pill", { hasText: "removed" }).count()) === 1, "the removal is not marked");
	});

	await page.goto(url(args.amended, "cases/c-1/index.html"), { waitUntil: "load" });
	await test("case page: HTML in an earlier text or a change stays text", async () => {
		const visit = page.locator("article.note", { has: page.locator('h3 time[datetime="2026-01-05"]') }).first();
		await visit.locator(".change details summary").click();
		const imgs = await page.locator(".change img").count();
		const text = await visit.locator(".change").innerText();
		assert(imgs === 0, `${imgs} img elements in a change`);
		assert(/<img src=x onerror=alert\(1\)> & "co"/.test(text), "the HTML is not shown as text");
		assert(dialogs.length === 0 && errors.length === 0, `dialogs ${dialogs}, errors ${errors}`);
	});
	await ctx.close();
} finally {
	await browser.close();
}
for (const [good, name, why] of results) {
	if (good) {
		console.log(`ok browser: ${name}`);
	} else {
		failed++;
		console.log(`FAIL browser: ${name} -- ${String(why).replace(/\s+/g, " ").slice(0, 600)}`);
	}
}
process.exit(failed ? 1 : 0);
