/* site.js: makes the big tables of the caseload site sortable (a button in
 * each column head) and filterable (a search box above tables marked
 * data-filter). The site works without it; nothing here fetches anything. */
(function () {
	"use strict";

	function cellValue(row, i) {
		var cell = row.cells[i];
		if (!cell) {
			return "";
		}
		var v = cell.getAttribute("data-sort");
		if (v === null) {
			var t = cell.querySelector("time");
			v = t ? t.getAttribute("datetime") : cell.textContent;
		}
		return v.trim();
	}

	function compare(a, b) {
		var na = Number(a), nb = Number(b);
		if (a !== "" && b !== "" && !isNaN(na) && !isNaN(nb)) {
			return na - nb;
		}
		return a.localeCompare(b, undefined, {numeric: true, sensitivity: "base"});
	}

	function makeSortable(table) {
		var head = table.tHead;
		var body = table.tBodies[0];
		if (!head || !body || head.rows.length !== 1) {
			return;
		}
		var ths = head.rows[0].cells;
		Array.prototype.forEach.call(ths, function (th, i) {
			if (!th.textContent.trim()) {
				return;
			}
			var button = document.createElement("button");
			button.type = "button";
			button.className = "sort";
			while (th.firstChild) {
				button.appendChild(th.firstChild);
			}
			th.appendChild(button);
			button.addEventListener("click", function () {
				var asc = th.getAttribute("aria-sort") !== "ascending";
				Array.prototype.forEach.call(ths, function (o) {
					o.removeAttribute("aria-sort");
				});
				th.setAttribute("aria-sort", asc ? "ascending" : "descending");
				var rows = Array.prototype.slice.call(body.rows);
				rows.forEach(function (r, k) {
					r._order = k;
				});
				rows.sort(function (a, b) {
					var c = compare(cellValue(a, i), cellValue(b, i));
					return (asc ? c : -c) || a._order - b._order;
				});
				rows.forEach(function (r) {
					body.appendChild(r);
				});
			});
		});
	}

	function makeFilter(table) {
		var body = table.tBodies[0];
		if (!body || body.rows.length < 8) {
			return;
		}
		var box = document.createElement("div");
		box.className = "filter";
		var label = document.createElement("label");
		var input = document.createElement("input");
		input.type = "search";
		input.autocomplete = "off";
		label.textContent = table.getAttribute("data-filter");
		label.appendChild(document.createTextNode(" "));
		label.appendChild(input);
		box.appendChild(label);
		var at = table.parentNode.classList.contains("scroll") ? table.parentNode : table;
		at.parentNode.insertBefore(box, at);
		input.addEventListener("input", function () {
			var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
			Array.prototype.forEach.call(body.rows, function (r) {
				var text = r.textContent.toLowerCase();
				r.hidden = !words.every(function (w) {
					return text.indexOf(w) !== -1;
				});
			});
		});
	}

	/* A table wider than the screen scrolls in its box; the box takes the
	 * focus, so that the keyboard scrolls it too, and is named as the table
	 * is: by its caption, or by the heading it names in aria-labelledby.
	 * Boxes that fit stay out of the tab order. */
	function markScrollers() {
		document.querySelectorAll(".scroll").forEach(function (box) {
			if (box.scrollWidth > box.clientWidth + 1) {
				var caption = box.querySelector("caption");
				var table = box.querySelector("table[aria-labelledby]");
				box.tabIndex = 0;
				box.setAttribute("role", "group");
				if (caption || !table) {
					box.setAttribute("aria-label", caption ? caption.textContent.trim() : "");
				} else {
					box.setAttribute("aria-labelledby", table.getAttribute("aria-labelledby"));
				}
			} else if (box.hasAttribute("tabindex")) {
				box.removeAttribute("tabindex");
				box.removeAttribute("role");
				box.removeAttribute("aria-label");
				box.removeAttribute("aria-labelledby");
			}
		});
	}

	function start() {
		document.querySelectorAll("table[data-filter]").forEach(makeFilter);
		document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
		markScrollers();
		window.addEventListener("resize", markScrollers);
	}

	if (document.readyState === "loading") {
		document.addEventListener("DOMContentLoaded", start);
	} else {
		start();
	}
})();
